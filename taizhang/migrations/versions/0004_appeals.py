"""appeals: request categories, requests (诉求), their events, attachments, sensitive-data views

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 12:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "appeal_categories",
        sa.Column("id", ID, nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("limit_days", sa.Integer(), nullable=False),
        sa.Column("route", sa.String(length=30), nullable=False),
        sa.Column("route_unit_id", ID, nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["route_unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "appeals",
        sa.Column("id", ID, nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("requester_name", sa.String(length=60), nullable=False),
        sa.Column("requester_phone", sa.String(length=30), nullable=True),
        sa.Column("requester_id_number", sa.String(length=30), nullable=True),
        sa.Column("requester_address", sa.String(length=300), nullable=True),
        sa.Column("requester_kind", sa.String(length=20), nullable=False),
        sa.Column("requester_user_id", ID, nullable=True),
        sa.Column("proxy_user_id", ID, nullable=True),
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("enterprise_id", ID, nullable=True),
        sa.Column("project_id", ID, nullable=True),
        sa.Column("category_id", ID, nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("handler_id", ID, nullable=True),
        sa.Column("handler_unit_id", ID, nullable=True),
        sa.Column("reopen_count", sa.Integer(), nullable=False),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["appeal_categories.id"],
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
        ),
        sa.ForeignKeyConstraint(
            ["handler_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["handler_unit_id"],
            ["units.id"],
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
        ),
        sa.ForeignKeyConstraint(
            ["proxy_user_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["requester_user_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.create_index("ix_appeals_handler_status", ["handler_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_appeals_received_at"), ["received_at"], unique=False)
        batch_op.create_index("ix_appeals_status_due", ["status", "due_on"], unique=False)
        batch_op.create_index("ix_appeals_unit_status", ["unit_id", "status"], unique=False)
        batch_op.create_index("ix_appeals_unit_received", ["unit_id", "received_at"], unique=False)

    op.create_table(
        "appeal_attachments",
        sa.Column("id", ID, nullable=False),
        sa.Column("appeal_id", ID, nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_id", ID, nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appeal_id"],
            ["appeals.id"],
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("appeal_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appeal_attachments_appeal_id"), ["appeal_id"], unique=False
        )

    op.create_table(
        "appeal_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("appeal_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("actor_id", ID, nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["appeal_id"],
            ["appeals.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("appeal_events", schema=None) as batch_op:
        batch_op.create_index("ix_appeal_events_appeal_id_id", ["appeal_id", "id"], unique=False)

    op.create_table(
        "sensitive_views",
        sa.Column("id", ID, nullable=False),
        sa.Column("appeal_id", ID, nullable=False),
        sa.Column("viewer_id", ID, nullable=False),
        sa.Column("viewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appeal_id"],
            ["appeals.id"],
        ),
        sa.ForeignKeyConstraint(
            ["viewer_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sensitive_views", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sensitive_views_appeal_id"), ["appeal_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sensitive_views_viewer_id"), ["viewer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("sensitive_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sensitive_views_viewer_id"))
        batch_op.drop_index(batch_op.f("ix_sensitive_views_appeal_id"))

    op.drop_table("sensitive_views")
    with op.batch_alter_table("appeal_events", schema=None) as batch_op:
        batch_op.drop_index("ix_appeal_events_appeal_id_id")

    op.drop_table("appeal_events")
    with op.batch_alter_table("appeal_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appeal_attachments_appeal_id"))

    op.drop_table("appeal_attachments")
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.drop_index("ix_appeals_unit_received")
        batch_op.drop_index("ix_appeals_unit_status")
        batch_op.drop_index("ix_appeals_status_due")
        batch_op.drop_index(batch_op.f("ix_appeals_received_at"))
        batch_op.drop_index("ix_appeals_handler_status")

    op.drop_table("appeals")
    op.drop_table("appeal_categories")

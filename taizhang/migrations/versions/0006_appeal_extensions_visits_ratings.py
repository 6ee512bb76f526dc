"""appeal extensions (延期), weekly visits, 三方 ratings, evaluation basis, the inbox index

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    _create_extensions()
    _create_visits()
    _create_ratings()
    with op.batch_alter_table("instructor_evaluations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("basis", sa.JSON(), nullable=True))
    unclosed = sa.text("status <> 'closed'")
    op.create_index(
        "ix_appeals_unclosed_due",
        "appeals",
        ["due_on", "id", "status", "unit_id", "handler_id", "handler_unit_id"],
        sqlite_where=unclosed,
        postgresql_where=unclosed,
    )


def _create_extensions() -> None:
    op.create_table(
        "appeal_extensions",
        sa.Column("id", ID, nullable=False),
        sa.Column("appeal_id", ID, nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("due_before", sa.Date(), nullable=False),
        sa.Column("requested_by_id", ID, nullable=False),
        sa.Column("requested_at", WHEN, nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=True),
        sa.Column("decided_by_id", ID, nullable=True),
        sa.Column("decided_at", WHEN, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["appeal_id"], ["appeals.id"]),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_appeal_extensions_appeal_id", "appeal_extensions", ["appeal_id"])


def _create_visits() -> None:
    op.create_table(
        "compound_visits",
        sa.Column("id", ID, nullable=False),
        sa.Column("instructor_id", ID, nullable=False),
        sa.Column("compound_id", ID, nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["instructor_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["compound_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_compound_visits_instructor_id", "compound_visits", ["instructor_id"])
    op.create_index(
        "ix_compound_visits_compound_on", "compound_visits", ["compound_id", "visited_on"]
    )


def _create_ratings() -> None:
    op.create_table(
        "compound_ratings",
        sa.Column("id", ID, nullable=False),
        sa.Column("compound_id", ID, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("rater", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("rated_by_id", ID, nullable=True),
        sa.Column("rated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["compound_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["rated_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("compound_id", "month", "rater"),
    )
    op.create_index("ix_compound_ratings_month", "compound_ratings", ["month"])


def downgrade() -> None:
    op.drop_index("ix_appeals_unclosed_due", table_name="appeals")
    with op.batch_alter_table("instructor_evaluations", schema=None) as batch_op:
        batch_op.drop_column("basis")
    op.drop_index("ix_compound_ratings_month", table_name="compound_ratings")
    op.drop_table("compound_ratings")
    op.drop_index("ix_compound_visits_compound_on", table_name="compound_visits")
    op.drop_index("ix_compound_visits_instructor_id", table_name="compound_visits")
    op.drop_table("compound_visits")
    op.drop_index("ix_appeal_extensions_appeal_id", table_name="appeal_extensions")
    op.drop_table("appeal_extensions")

"""instructors: compound assignments, households (一户一表), monthly instructor evaluations

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "instructor_assignments",
        sa.Column("id", ID, nullable=False),
        sa.Column("instructor_id", ID, nullable=False),
        sa.Column("compound_id", ID, nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["compound_id"], ["units.id"]),
        sa.ForeignKeyConstraint(["instructor_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("compound_id"),
    )
    with op.batch_alter_table("instructor_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_instructor_assignments_instructor_id"), ["instructor_id"], unique=False
        )
    op.create_table(
        "households",
        sa.Column("id", ID, nullable=False),
        sa.Column("compound_id", ID, nullable=False),
        sa.Column("door_number", sa.String(length=40), nullable=False),
        sa.Column("head_name", sa.String(length=60), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["compound_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("compound_id", "door_number"),
    )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_households_compound_id"), ["compound_id"], unique=False
        )
    _create_evaluations()


def _create_evaluations() -> None:
    op.create_table(
        "instructor_evaluations",
        sa.Column("id", ID, nullable=False),
        sa.Column("instructor_id", ID, nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("duty", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("service", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("satisfaction", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("collaboration", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("total", sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["instructor_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instructor_id", "month"),
    )
    with op.batch_alter_table("instructor_evaluations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_instructor_evaluations_instructor_id"), ["instructor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_instructor_evaluations_month"), ["month"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("instructor_evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instructor_evaluations_month"))
        batch_op.drop_index(batch_op.f("ix_instructor_evaluations_instructor_id"))
    op.drop_table("instructor_evaluations")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_households_compound_id"))
    op.drop_table("households")
    with op.batch_alter_table("instructor_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instructor_assignments_instructor_id"))
    op.drop_table("instructor_assignments")

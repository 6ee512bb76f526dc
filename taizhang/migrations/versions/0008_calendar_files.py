"""calendar files: holiday notices entered at run time, and provisional due dates

- `calendar_files`: each holiday-arrangement file an administrator entered (its text, the years
  it added, who and when); the working calendar is the recorded notices plus these, in order;
- `appeals.due_provisional`: the due date was counted through a year whose notice was not
  entered yet (shown as 暂定, recomputed when the notice is entered).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 06:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_files",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("years", sa.JSON(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entered_by_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite")),
        sa.ForeignKeyConstraint(["entered_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    # ALTER TABLE … ADD COLUMN on both, as 0007 does for appeals.version.
    op.add_column(
        "appeals",
        sa.Column("due_provisional", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE appeals DROP COLUMN due_provisional")
    op.drop_table("calendar_files")

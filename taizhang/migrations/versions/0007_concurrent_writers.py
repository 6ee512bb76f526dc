"""concurrent writers: events numbered per project, appeal versions, counters for numbering

- `events.seq`: 1…n per project in the order the events were recorded (existing rows are
  numbered by id), unique with `project_id`, so two writers can never both append event n;
- `appeals.version`: raised by every change of the row (existing rows start at 1), so a
  step taken on a stale appeal is refused instead of taken twice;
- `counters`: the last project code and appeal number handed out, advanced under a row lock
  (created on first use from the highest number in use).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# One statement for PostgreSQL and SQLite (≥ 3.33 for UPDATE … FROM, window functions ≥ 3.25).
NUMBER_EVENTS = """
UPDATE events SET seq = numbered.n
FROM (
    SELECT id, row_number() OVER (PARTITION BY project_id ORDER BY id) AS n FROM events
) AS numbered
WHERE events.id = numbered.id
"""


def upgrade() -> None:
    op.create_table(
        "counters",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
    op.execute(NUMBER_EVENTS)
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint("uq_events_project_id_seq", ["project_id", "seq"])
    # ALTER TABLE … ADD COLUMN on both: a batch copy of `appeals` on SQLite would drop a table
    # its attachments, events and extensions still refer to.
    op.add_column(
        "appeals", sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
    )


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN on both (SQLite ≥ 3.35), for the same reason as in upgrade.
    op.execute("ALTER TABLE appeals DROP COLUMN version")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint("uq_events_project_id_seq", type_="unique")
        batch_op.drop_column("seq")
    op.drop_table("counters")

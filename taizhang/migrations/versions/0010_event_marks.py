"""the words of an event's quoted sentence that state its fact; the precision of plans

- `events.marks`: [[start, end], …] offsets into the document of the words (总投资110亿元)
  within the quoted sentence (`span_start`..`span_end`) that give the event's figure, stage
  or planned date; empty for events not read from a document and for those filed before;
- `project_milestones.planned_precision`, `projects.next_planned_precision`: month, quarter or
  year when a plan was said no more precisely (dated by the period's last day), else empty.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 10:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("marks", sa.JSON(), nullable=True))
    op.add_column(
        "project_milestones", sa.Column("planned_precision", sa.String(length=10), nullable=True)
    )
    op.add_column(
        "projects", sa.Column("next_planned_precision", sa.String(length=10), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("projects", "next_planned_precision")
    op.drop_column("project_milestones", "planned_precision")
    op.drop_column("events", "marks")

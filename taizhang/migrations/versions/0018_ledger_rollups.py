"""the dashboard's roll-ups kept per unit and stage

- `project_rollups`: count and CNY-equivalent investment of the counted projects (not
  withdrawn, not held for review) of each unit at each stage, and of those of 1亿元 or more;
  kept by `taizhang.projects.rollups` in the same flush as each project change, and built here
  from the projects already in the ledger;
- `project_plan_rollups`: count and investment of the counted projects by unit and the month of
  their next planned date (the dashboard's overdue count reads past months from here);
- covering indexes for the counts and sums of filtered project lists (overdue, 亿元以上,
  stage and chain) and the dashboard's overdue count: index-only range scans.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 17:40:00.000000
"""

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

YI_FEN = 100_000_000 * 100
COVERING = {
    "ix_projects_overdue": ["next_planned_on"],
    "ix_projects_big": [],
    "ix_projects_stage_chain": ["stage", "chain"],
}
COUNTED_SUM = ["investment_cny_fen", "withdrawn", "held_for_review", "unit_id"]
# a unit desk's dashboard: its overdue and its biggest projects, index-only
BY_UNIT = {
    "ix_projects_unit_plan": ["unit_id", "next_planned_on", *COUNTED_SUM[:-1]],
    "ix_projects_unit_big": ["unit_id", *COUNTED_SUM[:-1]],
}
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "project_rollups",
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("investment_fen", sa.BigInteger(), nullable=False),
        sa.Column("big_count", sa.Integer(), nullable=False),
        sa.Column("big_fen", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("unit_id", "stage"),
    )
    op.execute(
        sa.text(
            "INSERT INTO project_rollups"
            " (unit_id, stage, count, investment_fen, big_count, big_fen)"
            " SELECT unit_id, stage, COUNT(*), COALESCE(SUM(investment_cny_fen), 0),"
            " COALESCE(SUM(CASE WHEN investment_cny_fen >= :yi THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(CASE WHEN investment_cny_fen >= :yi THEN investment_cny_fen"
            " ELSE 0 END), 0)"
            " FROM projects WHERE withdrawn = :no AND held_for_review = :no"
            " GROUP BY unit_id, stage"
        ).bindparams(yi=YI_FEN, no=False)
    )

    op.create_table(
        "project_plan_rollups",
        sa.Column("unit_id", ID, nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("investment_fen", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"]),
        sa.PrimaryKeyConstraint("unit_id", "month"),
    )
    _fill_plans(op.get_bind())
    for name, columns in COVERING.items():
        op.create_index(name, "projects", [*columns, *COUNTED_SUM])
    for name, columns in BY_UNIT.items():
        op.create_index(name, "projects", columns)


def _fill_plans(connection: sa.Connection) -> None:
    """Counted projects with a next planned date, by unit and that date's month."""
    cells: defaultdict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = connection.execute(
        sa.text(
            "SELECT unit_id, next_planned_on, investment_cny_fen FROM projects"
            " WHERE withdrawn = :no AND held_for_review = :no AND next_planned_on IS NOT NULL"
        ).bindparams(no=False)
    )
    for unit_id, planned_on, fen in rows:
        day = planned_on if isinstance(planned_on, date) else date.fromisoformat(planned_on)
        cell = cells[unit_id, f"{day.year:04d}-{day.month:02d}"]
        cell[0] += 1
        cell[1] += fen or 0
    if cells:
        connection.execute(
            sa.text(
                "INSERT INTO project_plan_rollups (unit_id, month, count, investment_fen)"
                " VALUES (:unit_id, :month, :count, :fen)"
            ),
            [
                {"unit_id": unit_id, "month": month, "count": count, "fen": fen}
                for (unit_id, month), (count, fen) in cells.items()
            ],
        )


def downgrade() -> None:
    for name in [*COVERING, *BY_UNIT]:
        op.drop_index(name, table_name="projects")
    op.drop_table("project_plan_rollups")
    op.drop_table("project_rollups")

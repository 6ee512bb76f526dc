"""the dashboard's roll-ups kept per unit and stage

- `project_rollups`: count and CNY-equivalent investment of the counted projects (not
  withdrawn, not held for review) of each unit at each stage, and of those of 1亿元 or more;
  kept by `taizhang.projects.rollups` in the same flush as each project change, and built here
  from the projects already in the ledger;
- covering indexes for the counts and sums of filtered project lists (overdue, 亿元以上,
  stage and chain) and the dashboard's overdue count: index-only range scans.

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-04 17:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0015"
branch_labels = None
depends_on = None

YI_FEN = 100_000_000 * 100
COVERING = {
    "ix_projects_overdue": ["next_planned_on"],
    "ix_projects_big": [],
    "ix_projects_stage_chain": ["stage", "chain"],
}
COUNTED_SUM = ["investment_cny_fen", "withdrawn", "held_for_review", "unit_id"]
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

    for name, columns in COVERING.items():
        op.create_index(name, "projects", [*columns, *COUNTED_SUM])


def downgrade() -> None:
    for name in COVERING:
        op.drop_index(name, table_name="projects")
    op.drop_table("project_rollups")

"""亩均 evaluation runs: runs with their scheme, inputs and results, their events, objections

- `muju_runs`: one revision of a year's evaluation (试算 → 公示中 → 已定级), with the scheme's text,
  version and hash, the inputs snapshot and every enterprise's result as JSON;
- `muju_run_events`: every action on a run with the person who took it;
- `muju_objections`: objections raised during the 公示 and how each was settled.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 10:45:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC_DATETIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "muju_runs",
        sa.Column("id", ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("scheme_version", sa.String(length=100), nullable=False),
        sa.Column("scheme_title", sa.String(length=300), nullable=False),
        sa.Column("scheme_source", sa.String(length=300), nullable=False),
        sa.Column("scheme_text", sa.Text(), nullable=False),
        sa.Column("scheme_hash", sa.String(length=64), nullable=False),
        sa.Column("evaluated_on", sa.Date(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("created_by_id", ID),
        sa.Column("published_on", sa.Date()),
        sa.Column("window_days", sa.Integer()),
        sa.Column("window_working_days", sa.Boolean()),
        sa.Column("window_ends_on", sa.Date()),
        sa.Column("frozen_at", UTC_DATETIME),
        sa.Column("superseded_by_id", ID),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["superseded_by_id"], ["muju_runs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "revision", name="uq_muju_runs_year_revision"),
    )
    op.create_table(
        "muju_run_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("run_id", ID, nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("at", UTC_DATETIME, nullable=False),
        sa.Column("actor_id", ID),
        sa.Column("note", sa.Text()),
        sa.Column("detail", sa.JSON()),
        sa.ForeignKeyConstraint(["run_id"], ["muju_runs.id"]),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_muju_run_events_run_id", "muju_run_events", ["run_id"])
    op.create_table(
        "muju_objections",
        sa.Column("id", ID, nullable=False),
        sa.Column("run_id", ID, nullable=False),
        sa.Column("enterprise_id", ID, nullable=False),
        sa.Column("raised_by", sa.String(length=100), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", UTC_DATETIME, nullable=False),
        sa.Column("recorded_by_id", ID),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resolution", sa.Text()),
        sa.Column("resolved_at", UTC_DATETIME),
        sa.Column("resolved_by_id", ID),
        sa.Column("corrected_run_id", ID),
        sa.ForeignKeyConstraint(["run_id"], ["muju_runs.id"]),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["corrected_run_id"], ["muju_runs.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_muju_objections_run_id", "muju_objections", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_muju_objections_run_id", table_name="muju_objections")
    op.drop_table("muju_objections")
    op.drop_index("ix_muju_run_events_run_id", table_name="muju_run_events")
    op.drop_table("muju_run_events")
    op.drop_table("muju_runs")

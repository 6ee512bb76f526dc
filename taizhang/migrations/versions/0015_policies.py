"""policy library and match runs

- `policy_versions`: a policy file as registered (code, version, text, sha256);
- `policy_runs`: one match of a policy version over the ledger (试算 / 已发布), its counts, total
  and result hash; `policy_run_results`: each enterprise's status, amount and conditions (JSON);
- `policy_run_events`: each step of a run (matched, published) with its person.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-10 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "policy_versions",
        sa.Column("id", ID, nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("version", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("issuer", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code", "sha256"),
    )
    with op.batch_alter_table("policy_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_versions_code"), ["code"], unique=False)
    op.create_table(
        "policy_runs",
        sa.Column("id", ID, nullable=False),
        sa.Column("version_id", ID, nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("data_year", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("enterprises", sa.Integer(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("total", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("result_sha256", sa.String(length=64), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("computed_by_id", ID, nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by_id", ID, nullable=True),
        sa.ForeignKeyConstraint(["computed_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["version_id"], ["policy_versions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("policy_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_policy_runs_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_policy_runs_version_id"), ["version_id"], unique=False)
    op.create_table(
        "policy_run_results",
        sa.Column("id", ID, nullable=False),
        sa.Column("run_id", ID, nullable=False),
        sa.Column("enterprise_id", ID, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("nearly", sa.Boolean(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"]),
        sa.ForeignKeyConstraint(["run_id"], ["policy_runs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "enterprise_id"),
    )
    with op.batch_alter_table("policy_run_results", schema=None) as batch_op:
        batch_op.create_index(
            "ix_policy_run_results_enterprise_id", ["enterprise_id"], unique=False
        )
    op.create_table(
        "policy_run_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("run_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=12), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", ID, nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["run_id"], ["policy_runs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("policy_run_events")
    with op.batch_alter_table("policy_run_results", schema=None) as batch_op:
        batch_op.drop_index("ix_policy_run_results_enterprise_id")
    op.drop_table("policy_run_results")
    with op.batch_alter_table("policy_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_runs_version_id"))
        batch_op.drop_index(batch_op.f("ix_policy_runs_code"))
    op.drop_table("policy_runs")
    with op.batch_alter_table("policy_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_versions_code"))
    op.drop_table("policy_versions")

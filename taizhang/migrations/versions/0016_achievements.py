"""achievement library, technical needs and their 对接 trail

- `achievements`: the library of technical achievements (title, abstract, field, holder,
  maturity, IPC and industry codes, region);
- `tech_needs`: enterprises' technical needs (text, field, source 诉求/走访/表单, latest step);
- `tech_need_events`: each step of a need's 对接 (registered, candidates with their reasons,
  meeting, agreement) with its person, day and outcome;
- `achievement_library_stamps`: the token the search index on disk is checked against.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 17:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "achievements",
        sa.Column("id", ID, nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("abstract", sa.Text(), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("maturity", sa.String(length=10), nullable=False),
        sa.Column("ipc", sa.String(length=30), nullable=True),
        sa.Column("industry_code", sa.String(length=5), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=False),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("recorded_at", WHEN, nullable=False),
        sa.Column("recorded_by_id", ID, nullable=True),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("achievements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_achievements_field"), ["field"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_achievements_region_code"), ["region_code"], unique=False
        )
    op.create_table(
        "tech_needs",
        sa.Column("id", ID, nullable=False),
        sa.Column("enterprise_id", ID, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("step", sa.String(length=12), nullable=False),
        sa.Column("recorded_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tech_needs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tech_needs_enterprise_id"), ["enterprise_id"], unique=False
        )
    op.create_table(
        "tech_need_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("need_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=12), nullable=False),
        sa.Column("achievement_id", ID, nullable=True),
        sa.Column("person", sa.String(length=60), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("recorded_at", WHEN, nullable=False),
        sa.Column("actor_id", ID, nullable=True),
        sa.ForeignKeyConstraint(["achievement_id"], ["achievements.id"]),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["need_id"], ["tech_needs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("need_id", "seq"),
    )
    op.create_table(
        "achievement_library_stamps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("changed_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("achievement_library_stamps")
    op.drop_table("tech_need_events")
    with op.batch_alter_table("tech_needs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tech_needs_enterprise_id"))
    op.drop_table("tech_needs")
    with op.batch_alter_table("achievements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_achievements_region_code"))
        batch_op.drop_index(batch_op.f("ix_achievements_field"))
    op.drop_table("achievements")

"""chain leads

- `chain_leads`: a firm elsewhere entered by staff as a target for one link of one chain;
- `chain_lead_events`: each step taken with a lead (entered, contacted, visited, in talks,
  signed, dropped) with its person.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 18:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "chain_leads",
        sa.Column("id", ID, nullable=False),
        sa.Column("chain_key", sa.String(length=60), nullable=False),
        sa.Column("link_key", sa.String(length=60), nullable=False),
        sa.Column("firm", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", ID, nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_chain_leads_link", "chain_leads", ["chain_key", "link_key"])
    op.create_table(
        "chain_lead_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("lead_id", ID, nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["chain_leads.id"]),
        sa.ForeignKeyConstraint(["person_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_chain_lead_events_lead_id", "chain_lead_events", ["lead_id"])


def downgrade() -> None:
    op.drop_index("ix_chain_lead_events_lead_id", table_name="chain_lead_events")
    op.drop_table("chain_lead_events")
    op.drop_index("ix_chain_leads_link", table_name="chain_leads")
    op.drop_table("chain_leads")

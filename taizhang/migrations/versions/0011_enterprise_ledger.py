"""the enterprise ledger: yearly figures and standing facts as events, parcels, 户号, tenancies

- `enterprise_facts`: each figure (用地面积, 评价税收 …) or fact (规模, 行业, 注册日期, 企业类型)
  an enterprise has for a year (or standing), as a source stated it: the enterprise ledger's
  events, with their source like the projects' events;
- `land_parcels`, `utility_accounts`, `tenancies`: the parcels an enterprise holds (by
  certificate), its 户号 with the power and water companies, and firms producing on another
  firm's land;
- `sheet_imports.ledger`: which ledger an imported file went into (projects, or an enterprise
  figures import of a year), so the same file is recognised per ledger.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-04 10:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column(
        "sheet_imports",
        sa.Column("ledger", sa.String(length=40), server_default="projects", nullable=False),
    )
    op.create_table(
        "enterprise_facts",
        sa.Column("id", ID, nullable=False),
        sa.Column("enterprise_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer()),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("value", sa.Text()),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", ID),
        sa.Column("source_kind", sa.String(length=20), nullable=False),
        sa.Column("source_label", sa.String(length=300)),
        sa.Column("document_id", ID),
        sa.Column("span_start", sa.Integer()),
        sa.Column("span_end", sa.Integer()),
        sa.Column("quote", sa.Text()),
        sa.Column("reason", sa.Text()),
        sa.Column("source_rank", sa.Integer(), nullable=False),
        sa.Column("stated_on", sa.Date()),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"]),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("enterprise_id", "seq", name="uq_enterprise_facts_enterprise_id_seq"),
    )
    op.create_index(
        "ix_enterprise_facts_year_enterprise_id", "enterprise_facts", ["year", "enterprise_id"]
    )
    op.create_table(
        "land_parcels",
        sa.Column("id", ID, nullable=False),
        sa.Column("enterprise_id", ID, nullable=False),
        sa.Column("certificate_no", sa.String(length=60), nullable=False),
        sa.Column("area_mu", sa.Numeric(14, 4), nullable=False),
        sa.Column("location", sa.String(length=200)),
        sa.Column("supplied_on", sa.Date()),
        sa.Column("released_on", sa.Date()),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("certificate_no"),
    )
    op.create_index("ix_land_parcels_enterprise_id", "land_parcels", ["enterprise_id"])
    op.create_table(
        "utility_accounts",
        sa.Column("id", ID, nullable=False),
        sa.Column("enterprise_id", ID, nullable=False),
        sa.Column("utility", sa.String(length=12), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprises.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("utility", "number", name="uq_utility_accounts_number"),
    )
    op.create_index("ix_utility_accounts_enterprise_id", "utility_accounts", ["enterprise_id"])
    op.create_table(
        "tenancies",
        sa.Column("id", ID, nullable=False),
        sa.Column("tenant_id", ID, nullable=False),
        sa.Column("landlord_id", ID, nullable=False),
        sa.Column("parcel_id", ID),
        sa.Column("area_mu", sa.Numeric(14, 4), nullable=False),
        sa.Column("from_year", sa.Integer(), nullable=False),
        sa.Column("to_year", sa.Integer()),
        sa.ForeignKeyConstraint(["tenant_id"], ["enterprises.id"]),
        sa.ForeignKeyConstraint(["landlord_id"], ["enterprises.id"]),
        sa.ForeignKeyConstraint(["parcel_id"], ["land_parcels.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_tenancies_tenant_id", "tenancies", ["tenant_id"])
    op.create_index("ix_tenancies_landlord_id", "tenancies", ["landlord_id"])


def downgrade() -> None:
    op.drop_table("tenancies")
    op.drop_table("utility_accounts")
    op.drop_table("land_parcels")
    op.drop_index("ix_enterprise_facts_year_enterprise_id", table_name="enterprise_facts")
    op.drop_table("enterprise_facts")
    op.execute("ALTER TABLE sheet_imports DROP COLUMN ledger")

"""vouchers: the incentives' voucher ledger

- `vouchers`: each voucher issued out of a program's pool (amount, redeemed net of refunds,
  expired, valid until, why this amount), unique per program and number;
- `voucher_events`: every movement (issue, redeem at a merchant, refund, expire), seq 1…n per
  voucher.

Revision ID: 0013
Revises: 0009
Create Date: 2026-12-04 10:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "vouchers",
        sa.Column("id", ID, nullable=False),
        sa.Column("program", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("account", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=100), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        sa.Column("redeemed", sa.Numeric(14, 2), nullable=False),
        sa.Column("expired", sa.Numeric(14, 2), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("moves", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("program", "number"),
    )
    op.create_index("ix_vouchers_program_account", "vouchers", ["program", "account"])
    op.create_table(
        "voucher_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("voucher_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=False),
        sa.Column("merchant", sa.String(length=100), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["voucher_id"], ["vouchers.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("voucher_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("voucher_events")
    op.drop_index("ix_vouchers_program_account", table_name="vouchers")
    op.drop_table("vouchers")

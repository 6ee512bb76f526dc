"""incentive accounts, bills, programs and published runs; vouchers name their run and account

- `incentive_accounts` (户号) with `incentive_account_changes` (过户, 换表, 空置) and
  `incentive_bill_years` (an account's twelve monthly bills of a year as two JSON lists);
- `incentive_programs` (a program file's text and sha256), `incentive_runs` (a published,
  frozen result) and `incentive_run_accounts` (each account's reward and its explanation);
- the voucher ledger of 0013: `vouchers.run_id` and `vouchers.account_id` (a voucher issued from
  a stored run), `voucher_events.actor_id` (the person who recorded a movement) and `note`.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 10:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incentive_programs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("version", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version", "sha256"),
    )
    op.create_table(
        "incentive_accounts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("holder", sa.String(length=100), nullable=False),
        sa.Column("meter", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("town_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("vacant", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["town_id"],
            ["units.id"],
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("incentive_accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incentive_accounts_town_id"), ["town_id"], unique=False
        )

    op.create_table(
        "incentive_account_changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("before", sa.String(length=100), nullable=False),
        sa.Column("after", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["incentive_accounts.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incentive_account_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incentive_account_changes_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "incentive_bill_years",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kwh", sa.JSON(), nullable=False),
        sa.Column("fen", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["incentive_accounts.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "year"),
    )
    op.create_table(
        "incentive_runs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "program_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("months", sa.JSON(), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("sharing", sa.String(length=20), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("pool", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("claimed", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("awarded", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("exceeded", sa.Boolean(), nullable=False),
        sa.Column("accounts", sa.Integer(), nullable=False),
        sa.Column("rewarded", sa.Integer(), nullable=False),
        sa.Column("outcomes", sa.JSON(), nullable=False),
        sa.Column("data_sha256", sa.String(length=64), nullable=False),
        sa.Column("result_sha256", sa.String(length=64), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "published_by_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["incentive_programs.id"],
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incentive_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incentive_runs_program_id"), ["program_id"], unique=False
        )

    op.create_table(
        "incentive_run_accounts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("town_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("claim", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("award", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["incentive_accounts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["incentive_runs.id"],
        ),
        sa.ForeignKeyConstraint(
            ["town_id"],
            ["units.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "account_id"),
    )
    with op.batch_alter_table("incentive_run_accounts", schema=None) as batch_op:
        batch_op.create_index("ix_incentive_run_accounts_account_id", ["account_id"], unique=False)

    with op.batch_alter_table("voucher_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "actor_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))
        batch_op.create_foreign_key("fk_voucher_events_actor_id", "users", ["actor_id"], ["id"])

    with op.batch_alter_table("vouchers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.create_index(batch_op.f("ix_vouchers_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vouchers_run_id"), ["run_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_vouchers_account_id", "incentive_accounts", ["account_id"], ["id"]
        )
        batch_op.create_foreign_key("fk_vouchers_run_id", "incentive_runs", ["run_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("vouchers", schema=None) as batch_op:
        # WARNING: constraint name is None; this directive will fail as
        # rendered.  Add a name, or use a naming convention; see
        # https://alembic.sqlalchemy.org/en/latest/naming.html
        batch_op.drop_constraint("fk_vouchers_run_id", type_="foreignkey")
        # WARNING: constraint name is None; this directive will fail as
        # rendered.  Add a name, or use a naming convention; see
        # https://alembic.sqlalchemy.org/en/latest/naming.html
        batch_op.drop_constraint("fk_vouchers_account_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_vouchers_run_id"))
        batch_op.drop_index(batch_op.f("ix_vouchers_account_id"))
        batch_op.drop_column("account_id")
        batch_op.drop_column("run_id")

    with op.batch_alter_table("voucher_events", schema=None) as batch_op:
        # WARNING: constraint name is None; this directive will fail as
        # rendered.  Add a name, or use a naming convention; see
        # https://alembic.sqlalchemy.org/en/latest/naming.html
        batch_op.drop_constraint("fk_voucher_events_actor_id", type_="foreignkey")
        batch_op.drop_column("note")
        batch_op.drop_column("actor_id")

    with op.batch_alter_table("incentive_run_accounts", schema=None) as batch_op:
        batch_op.drop_index("ix_incentive_run_accounts_account_id")

    op.drop_table("incentive_run_accounts")
    with op.batch_alter_table("incentive_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incentive_runs_program_id"))

    op.drop_table("incentive_runs")
    op.drop_table("incentive_bill_years")
    with op.batch_alter_table("incentive_account_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incentive_account_changes_account_id"))

    op.drop_table("incentive_account_changes")
    with op.batch_alter_table("incentive_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incentive_accounts_town_id"))

    op.drop_table("incentive_accounts")
    op.drop_table("incentive_programs")

"""The incentives' tables.

- `IncentiveAccount`: a household's or an enterprise's electricity account (户号), placed in a
  compound (or village) and its town from the org units; `AccountChange` records a holder's
  change (过户), a meter's change (换表) and the 空置 mark, each from the month it took effect.
- `BillYear`: one account's twelve monthly bills of one year, stored compactly as two JSON lists
  of whole hundredths of a kWh and whole fen (null: no bill that month) — 20,000 households over
  two years are 40,000 rows, not 480,000.
- `IncentiveProgram`: a program file as registered (its text and sha256); `IncentiveRun`: one
  computation of it, published and never changed (`RunAccount`: each account's reward with its
  explanation as JSON).
- The voucher ledger: each voucher issued out of a program's pool (its projection: issued,
  redeemed net of refunds, expired) and every movement of it as an event — issue, redeem at a
  merchant, refund, expire — with the person who recorded it (none: the system's tick). The
  events are the truth; `vouchers.rebuilt` folds them again. A voucher issued from a stored run
  names the run and the account.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from taizhang.kernel.base import ID, Base, UTCDateTime
from taizhang.kernel.labels import LabelledEnum
from taizhang.org.models import Unit, User

MONEY = Numeric(14, 2)


class CompactJSON(TypeDecorator[Any]):
    """JSON kept as text without escaping Chinese (`ensure_ascii=False`) and without spaces: a
    run's 20,000 explanations take half the room of the default JSON column."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


class ChangeKind(LabelledEnum):
    HOLDER = "holder", "过户", "account holder changed"
    METER = "meter", "换表", "meter changed"
    VACANT = "vacant", "空置标注", "vacant mark"


class IncentiveAccount(Base):
    """One 户号: a household's or an enterprise's electricity account."""

    __tablename__ = "incentive_accounts"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # 户号
    kind: Mapped[str] = mapped_column(String(10))  # engine.model.AccountKind: 居民 / 企业
    holder: Mapped[str] = mapped_column(String(100), info={"label": "户名"})  # today's holder
    meter: Mapped[str] = mapped_column(String(40), default="")  # today's meter
    address: Mapped[str] = mapped_column(String(200), default="", info={"label": "地址"})
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # compound or village
    town_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    vacant: Mapped[bool] = mapped_column(Boolean, default=False)  # today's 空置 mark

    unit: Mapped[Unit | None] = relationship(foreign_keys=[unit_id])
    town: Mapped[Unit | None] = relationship(foreign_keys=[town_id])


class AccountChange(Base):
    """A change of an account from a month on: the holder (过户), the meter or the 空置 mark."""

    __tablename__ = "incentive_account_changes"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("incentive_accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # ChangeKind
    month: Mapped[date] = mapped_column(Date)  # the first billing month under the new value
    before: Mapped[str] = mapped_column(String(100))
    after: Mapped[str] = mapped_column(String(100))


class BillYear(Base):
    """One account's bills of one year: twelve months of kWh (hundredths) and 电费 (fen)."""

    __tablename__ = "incentive_bill_years"
    __table_args__ = (UniqueConstraint("account_id", "year"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("incentive_accounts.id"))
    year: Mapped[int] = mapped_column(Integer)
    kwh: Mapped[list[int | None]] = mapped_column(JSON)  # 12 × hundredths of a kWh, or null
    fen: Mapped[list[int | None]] = mapped_column(JSON)  # 12 × 电费 in fen, or null


class IncentiveProgram(Base):
    """A program file as registered: its version, its text and the text's sha256."""

    __tablename__ = "incentive_programs"
    __table_args__ = (UniqueConstraint("version", "sha256"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    version: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # engine.program.ProgramKind
    source: Mapped[str] = mapped_column(String(200))  # the file's name
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class IncentiveRun(Base):
    """One computation of a program over the stored bills, published: frozen from then on."""

    __tablename__ = "incentive_runs"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("incentive_programs.id"), index=True)
    months: Mapped[list[str]] = mapped_column(JSON)  # ["2025-07", …]
    period: Mapped[str] = mapped_column(String(40))  # 2025-07—2025-09
    sharing: Mapped[str] = mapped_column(String(20))  # engine.program.Sharing
    rule: Mapped[str] = mapped_column(Text)  # how the pool was shared, the remainder rule
    pool: Mapped[Decimal] = mapped_column(MONEY)
    claimed: Mapped[Decimal] = mapped_column(MONEY)
    awarded: Mapped[Decimal] = mapped_column(MONEY)
    exceeded: Mapped[bool] = mapped_column(Boolean)
    accounts: Mapped[int] = mapped_column(Integer)
    rewarded: Mapped[int] = mapped_column(Integer)  # accounts with an award
    outcomes: Mapped[dict[str, int]] = mapped_column(JSON)  # month outcomes counted
    data_sha256: Mapped[str] = mapped_column(String(64))  # the bills read
    result_sha256: Mapped[str] = mapped_column(String(64))  # every account's claim and award
    issued_on: Mapped[date] = mapped_column(Date)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    program: Mapped[IncentiveProgram] = relationship()
    published_by: Mapped[User | None] = relationship()


class RunAccount(Base):
    """One account's result in a run: its claim, its award and the explanation (JSON)."""

    __tablename__ = "incentive_run_accounts"
    __table_args__ = (
        UniqueConstraint("run_id", "account_id"),
        Index("ix_incentive_run_accounts_account_id", "account_id"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("incentive_runs.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("incentive_accounts.id"))
    town_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    outcome: Mapped[str] = mapped_column(String(20))  # engine.savings.Outcome
    claim: Mapped[Decimal] = mapped_column(MONEY)
    award: Mapped[Decimal] = mapped_column(MONEY)
    explanation: Mapped[dict[str, Any]] = mapped_column(CompactJSON())

    account: Mapped[IncentiveAccount] = relationship()


class Move(LabelledEnum):
    ISSUED = "ISSUED", "发放", "issued"
    REDEEMED = "REDEEMED", "核销", "redeemed"
    REFUNDED = "REFUNDED", "退回", "refunded"
    EXPIRED = "EXPIRED", "过期", "expired"


class Voucher(Base):
    """One account's voucher from one run of a program."""

    __tablename__ = "vouchers"
    __table_args__ = (
        UniqueConstraint("program", "number"),
        Index("ix_vouchers_program_account", "program", "account"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    program: Mapped[str] = mapped_column(String(64))  # the program's version
    number: Mapped[str] = mapped_column(String(40))  # 202507-3300001: months and account
    account: Mapped[str] = mapped_column(String(40))
    holder: Mapped[str] = mapped_column(String(100))
    amount: Mapped[Decimal] = mapped_column(MONEY)  # issued
    redeemed: Mapped[Decimal] = mapped_column(MONEY)  # net of refunds
    expired: Mapped[Decimal] = mapped_column(MONEY)
    valid_until: Mapped[date] = mapped_column(Date)  # the last district day it can be used
    reason: Mapped[str] = mapped_column(Text)  # why this amount: the claim and the pool share
    moves: Mapped[int] = mapped_column(Integer)  # events so far (the last event's seq)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("incentive_runs.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("incentive_accounts.id"), index=True)

    @property
    def balance(self) -> Decimal:
        return self.amount - self.redeemed - self.expired


class VoucherEvent(Base):
    __tablename__ = "voucher_events"
    __table_args__ = (UniqueConstraint("voucher_id", "seq"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("vouchers.id"))
    seq: Mapped[int] = mapped_column(Integer)  # 1 … n per voucher
    kind: Mapped[str] = mapped_column(String(10))  # a `Move`
    amount: Mapped[Decimal] = mapped_column(MONEY)
    merchant: Mapped[str | None] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the system
    note: Mapped[str | None] = mapped_column(Text)  # a refund's or an expiry's reason

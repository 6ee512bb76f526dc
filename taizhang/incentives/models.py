"""The voucher ledger's tables: each voucher issued out of a program's pool (its projection:
issued, redeemed net of refunds, expired) and every movement of it as an event — issue, redeem
at a merchant, refund, expire. The events are the truth; `vouchers.rebuilt` folds them again."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from taizhang.kernel.base import ID, Base, UTCDateTime
from taizhang.kernel.labels import LabelledEnum

MONEY = Numeric(14, 2)


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

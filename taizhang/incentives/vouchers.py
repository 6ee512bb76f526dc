"""The voucher ledger: vouchers issued from a published run, redeemed at merchants, expired
when their validity ends, refunded to the pool — every movement a `VoucherEvent` with its person
(None: the system's tick), and the totals reconcile to the pool:

    issued = redeemed + expired + refunded + outstanding      (per run, to the fen)
    issued ≤ awarded ≤ pool

A redemption never takes more than the voucher's balance, nor a voucher past its last day; an
expiry takes the whole balance left; a refund (退回: issued in error, the household moved away)
returns all or part of the balance to the pool, with its reason. Each change locks the voucher's
row first (`kernel.db.lock_row`) and re-reads it, so two cashiers cannot spend one balance twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from taizhang.incentives.models import (
    IncentiveAccount,
    IncentiveRun,
    MovementKind,
    RunAccount,
    Voucher,
    VoucherEvent,
    VoucherStatus,
)
from taizhang.incentives.runs import program_of
from taizhang.kernel.clock import district_date
from taizhang.kernel.db import lock_row
from taizhang.kernel.errors import Invalid, NotFound
from taizhang.kernel.numbers import format_number
from taizhang.org.access import require_district_admin
from taizhang.org.models import User

ZERO = Decimal(0)
FEN = Decimal("0.01")
DEFAULT_VALID_DAYS = 90


@dataclass(frozen=True)
class Totals:
    """A run's voucher ledger summed; `reconciles` checks the identity to the fen."""

    pool: Decimal
    awarded: Decimal
    issued: Decimal
    redeemed: Decimal
    expired: Decimal
    refunded: Decimal
    outstanding: Decimal  # Σ balances of vouchers still usable
    vouchers: int

    @property
    def not_issued(self) -> Decimal:
        return self.awarded - self.issued

    @property
    def reconciles(self) -> bool:
        moved = self.redeemed + self.expired + self.refunded + self.outstanding
        return self.issued == moved and self.issued <= self.awarded <= self.pool


def issue_vouchers(
    session: Session,
    run: IncentiveRun,
    *,
    on: date,
    actor: User | None,
    now: datetime,
    accounts: Iterable[int] | None = None,
) -> int:
    """One voucher of its award for each rewarded account of the run not yet given one (of
    `accounts` only, when given); valid from `on` for the program's days. Returns how many."""
    require_district_admin(actor, "发放消费券 (issue vouchers)")
    days = program_of(run.program).voucher_days or DEFAULT_VALID_DAYS
    until = on + timedelta(days=days - 1)
    have = select(Voucher.account_id).where(Voucher.run_id == run.id)
    query = (
        select(RunAccount.account_id, RunAccount.award, IncentiveAccount.number)
        .join(IncentiveAccount, IncentiveAccount.id == RunAccount.account_id)
        .where(
            RunAccount.run_id == run.id, RunAccount.award > 0, RunAccount.account_id.not_in(have)
        )
        .order_by(IncentiveAccount.number)
    )
    if accounts is not None:
        query = query.where(RunAccount.account_id.in_(list(accounts)))
    rows = session.execute(query).all()
    if not rows:
        return 0
    session.execute(
        insert(Voucher),
        [
            {"number": f"{run.id}-{number}", "run_id": run.id, "account_id": account_id,
             "amount": award, "balance": award, "status": VoucherStatus.OUTSTANDING.value,
             "issued_on": on, "valid_until": until, "version": 1}
            for account_id, award, number in rows
        ],
    )  # fmt: skip
    ids = dict(
        session.execute(
            select(Voucher.account_id, Voucher.id).where(
                Voucher.run_id == run.id, Voucher.issued_on == on
            )
        ).all()
    )
    note = (
        f"依据兑现结果 #{run.id}（{run.program.version}，{run.period}），"
        f"有效期至 {until.isoformat()}"
    )
    session.execute(
        insert(VoucherEvent),
        [
            {"voucher_id": ids[account_id], "run_id": run.id, "kind": MovementKind.ISSUE.value,
             "amount": award, "merchant": "", "note": note, "on": on, "at": now,
             "actor_id": actor.id if actor else None}
            for account_id, award, _ in rows
        ],
    )  # fmt: skip
    session.flush()
    return len(rows)


def get_voucher(session: Session, voucher_id: int) -> Voucher:
    voucher = session.get(Voucher, voucher_id)
    if voucher is None:
        raise NotFound(f"没有编号为 {voucher_id} 的消费券 (no such voucher)")
    return voucher


def redeem(
    session: Session,
    voucher: Voucher,
    amount: Decimal,
    *,
    merchant: str,
    actor: User | None,
    now: datetime,
    on: date | None = None,
) -> VoucherEvent:
    """The merchant's redemption of `amount` from the voucher: never more than its balance."""
    require_district_admin(actor, "登记消费券核销 (record a redemption)")
    merchant = merchant.strip()
    if not merchant:
        raise Invalid("请填写核销商户 (the merchant is required)")
    day = on or district_date(now)
    lock_row(session, voucher)
    _check_amount(amount)
    _usable(voucher, day)
    if amount > voucher.balance:
        raise Invalid(
            f"核销金额 {_yuan(amount)} 元超过消费券余额 {_yuan(voucher.balance)} 元"
            " (more than the voucher's balance)"
        )
    return _move(session, voucher, MovementKind.REDEEM, amount, day, now, actor, merchant=merchant)


def refund(
    session: Session,
    voucher: Voucher,
    *,
    reason: str,
    actor: User | None,
    now: datetime,
    amount: Decimal | None = None,
) -> VoucherEvent:
    """Return the balance (or `amount` of it) to the pool, with the reason."""
    require_district_admin(actor, "退回消费券 (refund a voucher)")
    reason = reason.strip()
    if not reason:
        raise Invalid("请填写退回原因 (the reason is required)")
    lock_row(session, voucher)
    if voucher.status != VoucherStatus.OUTSTANDING.value:
        raise Invalid(f"消费券 {voucher.number} {VoucherStatus(voucher.status).label}，不能退回")
    taken = voucher.balance if amount is None else amount
    _check_amount(taken)
    if taken > voucher.balance:
        raise Invalid(
            f"退回金额 {_yuan(taken)} 元超过消费券余额 {_yuan(voucher.balance)} 元"
            " (more than the voucher's balance)"
        )
    day = district_date(now)
    return _move(session, voucher, MovementKind.REFUND, taken, day, now, actor, note=reason)


def expire_due(session: Session, *, today: date, now: datetime) -> int:
    """The tick: every usable voucher whose last day is before `today` expires, its whole
    balance with it (an event by the system). Returns how many expired."""
    due = list(
        session.scalars(
            select(Voucher)
            .where(Voucher.status == VoucherStatus.OUTSTANDING.value, Voucher.valid_until < today)
            .order_by(Voucher.id)
        )
    )
    if not due:
        return 0
    session.execute(
        insert(VoucherEvent),
        [
            {"voucher_id": v.id, "run_id": v.run_id, "kind": MovementKind.EXPIRE.value,
             "amount": v.balance, "merchant": "", "on": today, "at": now, "actor_id": None,
             "note": f"有效期至 {v.valid_until.isoformat()}，到期未用完的余额作废"}
            for v in due
        ],
    )  # fmt: skip
    session.execute(
        update(Voucher)
        .where(
            Voucher.id.in_([v.id for v in due]), Voucher.status == VoucherStatus.OUTSTANDING.value
        )
        .values(balance=ZERO, status=VoucherStatus.EXPIRED.value, version=Voucher.version + 1),
        execution_options={"synchronize_session": False},
    )
    session.expire_all()
    return len(due)


def totals(session: Session, run: IncentiveRun) -> Totals:
    moved = dict(
        session.execute(
            select(VoucherEvent.kind, func.coalesce(func.sum(VoucherEvent.amount), 0))
            .where(VoucherEvent.run_id == run.id)
            .group_by(VoucherEvent.kind)
        ).all()
    )
    outstanding, count = session.execute(
        select(func.coalesce(func.sum(Voucher.balance), 0), func.count(Voucher.id)).where(
            Voucher.run_id == run.id
        )
    ).one()

    def of(kind: MovementKind) -> Decimal:
        return Decimal(moved.get(kind.value, 0)).quantize(FEN)

    return Totals(
        run.pool, run.awarded, of(MovementKind.ISSUE), of(MovementKind.REDEEM),
        of(MovementKind.EXPIRE), of(MovementKind.REFUND), Decimal(outstanding).quantize(FEN), count,
    )  # fmt: skip


def _check_amount(amount: Decimal) -> None:
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(FEN):
        raise Invalid(f"金额应为大于 0、最多两位小数的数：{amount} (amount to the fen)")


def _usable(voucher: Voucher, day: date) -> None:
    if voucher.status != VoucherStatus.OUTSTANDING.value:
        raise Invalid(f"消费券 {voucher.number} {VoucherStatus(voucher.status).label}，不能核销")
    if day > voucher.valid_until:
        raise Invalid(
            f"消费券 {voucher.number} 的有效期至 {voucher.valid_until.isoformat()}，已过期"
            " (the voucher has expired)"
        )
    if day < voucher.issued_on:
        raise Invalid(f"消费券 {voucher.number} 于 {voucher.issued_on.isoformat()} 才发放")


def _move(
    session: Session,
    voucher: Voucher,
    kind: MovementKind,
    amount: Decimal,
    day: date,
    now: datetime,
    actor: User | None,
    *,
    merchant: str = "",
    note: str = "",
) -> VoucherEvent:
    voucher.balance = voucher.balance - amount
    voucher.version += 1
    if voucher.balance == 0:
        used = kind is MovementKind.REDEEM
        voucher.status = (VoucherStatus.USED if used else VoucherStatus.REFUNDED).value
    event = VoucherEvent(
        voucher_id=voucher.id, run_id=voucher.run_id, kind=kind.value, amount=amount,
        merchant=merchant, note=note, on=day, at=now, actor_id=actor.id if actor else None,
    )  # fmt: skip
    session.add(event)
    session.flush()
    return event


def _yuan(amount: Decimal) -> str:
    return format_number(amount, places=2, trim=False)

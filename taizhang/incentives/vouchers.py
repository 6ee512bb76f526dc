"""The voucher ledger's commands and its reconciliation. Each command takes a session, records
an event, updates the voucher's projection and flushes (never commits); a redemption or a refund
first takes the voucher's row lock, so two tills cannot spend the same balance.

- `issue_vouchers`: one voucher per account a run awards, never more than the program's pool in
  all, never the same run twice;
- `redeem`: at a merchant, within the validity, at most the balance;
- `refund`: a merchant gives back at most what it redeemed on the voucher, within the validity;
- `expire_vouchers`: what is left on vouchers past their last day goes back to the pool;
- `reconcile`: the pool = not issued + redeemed + expired + outstanding, from the events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from taizhang.incentives.engine.savings import RunResult
from taizhang.incentives.models import Move, Voucher, VoucherEvent
from taizhang.kernel.clock import district_date
from taizhang.kernel.db import lock_row
from taizhang.kernel.errors import Invalid, NotFound
from taizhang.org.models import User

ZERO = Decimal("0.00")


def issue_vouchers(
    session: Session, run: RunResult, *, at: datetime, actor: User | None = None
) -> list[Voucher]:
    """A voucher for every account the run awards; `Invalid` when the run was issued already or
    the program's pool would be passed."""
    program = run.program.version
    months = f"{run.months[0]:%Y%m}" + (f"-{run.months[-1]:%Y%m}" if len(run.months) > 1 else "")
    awarded = [a for a in run.accounts if a.award > 0 and a.voucher_until is not None]
    numbers = [f"{months}-{a.account}" for a in awarded]
    taken = session.scalars(
        select(Voucher.number).where(Voucher.program == program, Voucher.number.in_(numbers))
    ).first()
    if taken:
        raise Invalid(f"{program} 的消费券 {taken} 已发放，同一次计算不能重复发放 (issued already)")
    issued = session.scalar(
        select(func.coalesce(func.sum(Voucher.amount), 0)).where(Voucher.program == program)
    )
    total = sum((a.award for a in awarded), ZERO)
    pool = run.program.pool.amount
    if Decimal(issued or 0) + total > pool:
        raise Invalid(
            f"{program} 已发放 {issued} 元，再发 {total} 元将超过资金池 {pool} 元"
            " (the pool would be exceeded)"
        )
    vouchers = []
    for number, account in zip(numbers, awarded, strict=True):
        voucher = Voucher(
            program=program, number=number, account=account.account, holder=account.holder,
            amount=account.award, redeemed=ZERO, expired=ZERO,
            valid_until=account.voucher_until, reason=account.share_note, moves=0,
        )  # fmt: skip
        session.add(voucher)
        session.flush()
        _record(session, voucher, Move.ISSUED, account.award, None, at, actor)
        vouchers.append(voucher)
    return vouchers


def get_voucher(session: Session, program: str, number: str) -> Voucher:
    voucher = session.scalar(
        select(Voucher).where(Voucher.program == program, Voucher.number == number)
    )
    if voucher is None:
        raise NotFound(f"没有消费券 {number} (no such voucher)")
    return voucher


def redeem(
    session: Session,
    voucher: Voucher,
    *,
    amount: Decimal,
    merchant: str,
    at: datetime,
    actor: User | None = None,
) -> Voucher:
    voucher = lock_row(session, voucher)
    _check_spendable(voucher, amount, merchant, at)
    if amount > voucher.balance:
        raise Invalid(
            f"消费券 {voucher.number} 余额 {voucher.balance} 元，不足 {amount} 元"
            " (more than the balance)"
        )
    voucher.redeemed += amount
    _record(session, voucher, Move.REDEEMED, amount, merchant, at, actor)
    return voucher


def refund(
    session: Session,
    voucher: Voucher,
    *,
    amount: Decimal,
    merchant: str,
    at: datetime,
    actor: User | None = None,
    note: str | None = None,
) -> Voucher:
    voucher = lock_row(session, voucher)
    _check_spendable(voucher, amount, merchant, at)
    spent = _net_by_merchant(session, voucher).get(merchant, ZERO)
    if amount > spent:
        raise Invalid(
            f"{merchant} 在消费券 {voucher.number} 上净核销 {spent} 元，不能退回 {amount} 元"
            " (more than the merchant redeemed)"
        )
    voucher.redeemed -= amount
    _record(session, voucher, Move.REFUNDED, amount, merchant, at, actor, note)
    return voucher


def expire_vouchers(session: Session, *, today: date, at: datetime) -> list[Voucher]:
    """Vouchers whose last day is before `today` with a balance: the balance expires. The due
    vouchers are read and locked in one statement (`FOR UPDATE` on PostgreSQL) and their
    events written in bulk, so a tick over thousands of vouchers stays quick."""
    due = session.scalars(
        select(Voucher)
        .where(
            Voucher.valid_until < today,
            Voucher.amount > Voucher.redeemed + Voucher.expired,
        )
        .order_by(Voucher.id)
        .with_for_update()
    ).all()
    events = []
    for voucher in due:
        amount = voucher.balance
        voucher.expired += amount
        voucher.moves += 1
        note = f"有效期至 {voucher.valid_until.isoformat()}，到期未用完的余额回到资金池"
        events.append(
            {"voucher_id": voucher.id, "seq": voucher.moves, "kind": Move.EXPIRED.value,
             "amount": amount, "merchant": None, "at": at, "actor_id": None, "note": note}
        )  # fmt: skip
    if events:
        session.execute(insert(VoucherEvent), events)
        session.flush()
    return list(due)


def _check_spendable(voucher: Voucher, amount: Decimal, merchant: str, at: datetime) -> None:
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise Invalid(f"金额 {amount} 应为大于 0、最多两位小数的元数 (a positive amount)")
    if not merchant.strip():
        raise Invalid("缺少商户 (missing merchant)")
    if district_date(at) > voucher.valid_until or voucher.expired > 0:
        raise Invalid(
            f"消费券 {voucher.number} 已于 {voucher.valid_until} 到期 (the voucher has expired)"
        )


def _net_by_merchant(session: Session, voucher: Voucher) -> dict[str, Decimal]:
    net: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    for event in _events(session, voucher.id):
        if event.merchant and event.kind == Move.REDEEMED:
            net[event.merchant] += event.amount
        elif event.merchant and event.kind == Move.REFUNDED:
            net[event.merchant] -= event.amount
    return dict(net)


def _events(session: Session, voucher_id: int) -> list[VoucherEvent]:
    query = select(VoucherEvent).where(VoucherEvent.voucher_id == voucher_id)
    return list(session.scalars(query.order_by(VoucherEvent.seq)))


def _record(
    session: Session,
    voucher: Voucher,
    move: Move,
    amount: Decimal,
    merchant: str | None,
    at: datetime,
    actor: User | None = None,
    note: str | None = None,
) -> None:
    """One movement, with the person who recorded it (None: the system)."""
    voucher.moves += 1
    session.add(
        VoucherEvent(
            voucher_id=voucher.id,
            seq=voucher.moves,
            kind=move.value,
            amount=amount,
            merchant=merchant,
            at=at,
            actor_id=actor.id if actor else None,
            note=note,
        )
    )
    session.flush()


# ── reading ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Reconciliation:
    program: str
    pool: Decimal
    issued: Decimal
    redeemed: Decimal  # net of refunds
    expired: Decimal
    outstanding: Decimal  # still on valid vouchers

    @property
    def not_issued(self) -> Decimal:
        return self.pool - self.issued

    @property
    def back_to_pool(self) -> Decimal:
        return self.not_issued + self.expired

    @property
    def balances(self) -> bool:
        """The pool = not issued + redeemed + expired + outstanding, to the fen."""
        parts = self.not_issued + self.redeemed + self.expired + self.outstanding
        return parts == self.pool and self.outstanding >= 0


def reconcile(session: Session, *, program: str, pool: Decimal) -> Reconciliation:
    """The program's pool from the events alone (not the vouchers' projection)."""
    query = (
        select(VoucherEvent.kind, func.coalesce(func.sum(VoucherEvent.amount), 0))
        .join(Voucher, Voucher.id == VoucherEvent.voucher_id)
        .where(Voucher.program == program)
        .group_by(VoucherEvent.kind)
    )
    sums = {kind: Decimal(total) for kind, total in session.execute(query)}
    issued, expired = sums.get(Move.ISSUED, ZERO), sums.get(Move.EXPIRED, ZERO)
    redeemed = sums.get(Move.REDEEMED, ZERO) - sums.get(Move.REFUNDED, ZERO)
    outstanding = issued - redeemed - expired
    return Reconciliation(program, pool, issued, redeemed, expired, outstanding)


def rebuilt(session: Session, voucher: Voucher) -> tuple[Decimal, Decimal, Decimal]:
    """(amount, redeemed, expired) folded from the voucher's events: equal to its projection."""
    amount = redeemed = expired = ZERO
    for event in _events(session, voucher.id):
        if event.kind == Move.ISSUED:
            amount += event.amount
        elif event.kind == Move.REDEEMED:
            redeemed += event.amount
        elif event.kind == Move.REFUNDED:
            redeemed -= event.amount
        else:
            expired += event.amount
    return amount, redeemed, expired

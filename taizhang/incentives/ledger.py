"""The voucher ledger (`vouchers`) for stored, published runs: vouchers issued from a run in the
database (`issue_from_run`, in bulk, each naming its run and account), a voucher's state in
words, and a run's totals reconciled to the fen:

    issued = (redeemed − refunded) + expired + outstanding        per run
    issued ≤ awarded ≤ pool

A refund is a merchant giving back what it redeemed (the amount returns to the voucher's
balance, `vouchers.refund`); what is left when a voucher's last day has passed expires back to
the pool (`vouchers.expire_vouchers`, the tick).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from taizhang.incentives.models import (
    IncentiveAccount,
    IncentiveRun,
    Move,
    RunAccount,
    Voucher,
    VoucherEvent,
)
from taizhang.incentives.runs import program_of
from taizhang.kernel.clock import district_date
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.labels import LabelledEnum
from taizhang.org.access import require_district_admin
from taizhang.org.models import User

FEN = Decimal("0.01")
DEFAULT_VALID_DAYS = 90


class VoucherState(LabelledEnum):
    OUTSTANDING = "outstanding", "可使用", "outstanding"
    USED = "used", "已用完", "used up"
    EXPIRED = "expired", "已过期", "expired"


def state_of(voucher: Voucher, today: date) -> VoucherState:
    if voucher.expired > 0 or (voucher.balance > 0 and today > voucher.valid_until):
        return VoucherState.EXPIRED
    if voucher.balance == 0:
        return VoucherState.USED
    return VoucherState.OUTSTANDING


def voucher_months(run: IncentiveRun) -> str:
    """202507 or 202507-202509: the months part of the run's voucher numbers."""
    first, last = run.months[0].replace("-", ""), run.months[-1].replace("-", "")
    return first if first == last else f"{first}-{last}"


def issue_from_run(
    session: Session,
    run: IncentiveRun,
    *,
    on: date,
    at: datetime,
    actor: User | None,
    accounts: Iterable[int] | None = None,
) -> int:
    """A voucher of its award for every rewarded account of the published run not given one
    yet (of `accounts` only, when given), valid from `on` for the program's days; never beyond
    the program's pool. Returns how many were issued."""
    require_district_admin(actor, "发放消费券 (issue vouchers)")
    program = program_of(run.program)
    until = on + timedelta(days=(program.voucher_days or DEFAULT_VALID_DAYS) - 1)
    have = select(Voucher.account_id).where(
        Voucher.run_id == run.id, Voucher.account_id.is_not(None)
    )
    query = (
        select(
            RunAccount.account_id, RunAccount.award, RunAccount.explanation, IncentiveAccount.number
        )
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
    version = run.program.version
    issued = session.scalar(
        select(func.coalesce(func.sum(Voucher.amount), 0)).where(Voucher.program == version)
    )
    total = sum((award for _, award, _, _ in rows), Decimal(0))
    if Decimal(issued or 0) + total > program.pool.amount:
        raise Invalid(
            f"{version} 已发放 {issued} 元，再发 {total} 元将超过资金池 {program.pool.amount} 元"
            " (the pool would be exceeded)"
        )
    months = voucher_months(run)
    session.execute(
        insert(Voucher),
        [
            {"program": version, "number": f"{months}-{number}", "account": number,
             "holder": explained.get("holder", ""), "amount": award, "redeemed": Decimal(0),
             "expired": Decimal(0), "valid_until": until, "reason": _reason(explained),
             "moves": 1, "run_id": run.id, "account_id": account_id}
            for account_id, award, explained, number in rows
        ],
    )  # fmt: skip
    ids = dict(
        session.execute(
            select(Voucher.account_id, Voucher.id).where(
                Voucher.run_id == run.id, Voucher.account_id.in_([r[0] for r in rows])
            )
        ).all()
    )
    note = f"依据兑现结果 #{run.id}（{run.period}），有效期至 {until.isoformat()}"
    session.execute(
        insert(VoucherEvent),
        [
            {"voucher_id": ids[account_id], "seq": 1, "kind": Move.ISSUED.value, "amount": award,
             "merchant": None, "at": at, "actor_id": actor.id if actor else None, "note": note}
            for account_id, award, _, _ in rows
        ],
    )  # fmt: skip
    session.flush()
    return len(rows)


def _reason(explained: dict[str, object]) -> str:
    share = str(explained.get("share") or "")
    return f"核定 {explained.get('claim')} 元，兑付 {explained.get('award')} 元；{share}".rstrip(
        "；"
    )


@dataclass(frozen=True)
class Totals:
    """A run's voucher ledger summed from the events; `reconciles` checks it to the fen."""

    pool: Decimal
    awarded: Decimal
    issued: Decimal
    redeemed: Decimal  # gross, at merchants
    refunded: Decimal  # given back by merchants
    expired: Decimal
    outstanding: Decimal  # Σ balances not expired
    vouchers: int

    @property
    def net_redeemed(self) -> Decimal:
        return self.redeemed - self.refunded

    @property
    def not_issued(self) -> Decimal:
        return self.awarded - self.issued

    @property
    def reconciles(self) -> bool:
        moved = self.net_redeemed + self.expired + self.outstanding
        return self.issued == moved and self.issued <= self.awarded <= self.pool


def run_totals(session: Session, run: IncentiveRun) -> Totals:
    sums = dict(
        session.execute(
            select(VoucherEvent.kind, func.coalesce(func.sum(VoucherEvent.amount), 0))
            .join(Voucher, Voucher.id == VoucherEvent.voucher_id)
            .where(Voucher.run_id == run.id)
            .group_by(VoucherEvent.kind)
        ).all()
    )
    left, count = session.execute(
        select(
            func.coalesce(func.sum(Voucher.amount - Voucher.redeemed - Voucher.expired), 0),
            func.count(Voucher.id),
        ).where(Voucher.run_id == run.id)
    ).one()

    def of(move: Move) -> Decimal:
        return Decimal(str(sums.get(move.value, 0))).quantize(FEN)

    return Totals(
        run.pool, run.awarded, of(Move.ISSUED), of(Move.REDEEMED), of(Move.REFUNDED),
        of(Move.EXPIRED), Decimal(str(left)).quantize(FEN), count,
    )  # fmt: skip


@dataclass(frozen=True)
class Redemption:
    """One line of a merchants' settlement file: a voucher, an amount, the merchant, when."""

    voucher_id: int
    amount: Decimal
    merchant: str
    at: datetime


def settle_redemptions(session: Session, lines: Sequence[Redemption], *, actor: User | None) -> int:
    """The merchants' settlement of many redemptions at once (their daily file), by the rules of
    `vouchers.redeem` — within the validity, to the fen, never beyond a voucher's balance — all
    or nothing: every line that breaks a rule is named. The vouchers' rows are locked first."""
    require_district_admin(actor, "登记消费券核销 (record redemptions)")
    wanted = sorted({line.voucher_id for line in lines})
    found = {
        v.id: v
        for start in range(0, len(wanted), 900)
        for v in session.scalars(
            select(Voucher).where(Voucher.id.in_(wanted[start : start + 900])).with_for_update()
        )
    }
    errors: list[FieldError] = []
    spent: dict[int, Decimal] = {}
    events = []
    for row, line in enumerate(lines, start=1):
        voucher = found.get(line.voucher_id)
        reason = _refusal(voucher, line, spent)
        if reason:
            errors.append(FieldError(reason, row, "消费券"))
            continue
        assert voucher is not None
        spent[voucher.id] = spent.get(voucher.id, Decimal(0)) + line.amount
        voucher.moves += 1
        events.append(
            {"voucher_id": voucher.id, "seq": voucher.moves, "kind": Move.REDEEMED.value,
             "amount": line.amount, "merchant": line.merchant.strip(), "at": line.at,
             "actor_id": actor.id if actor else None, "note": None}
        )  # fmt: skip
    if errors:
        for voucher in found.values():
            session.expire(voucher)
        raise Invalid(f"有 {len(errors)} 笔核销不符合规则，均未登记 (nothing recorded)", errors)
    for voucher_id, amount in spent.items():
        found[voucher_id].redeemed += amount
    for start in range(0, len(events), 10_000):
        session.execute(insert(VoucherEvent), events[start : start + 10_000])
    session.flush()
    return len(events)


def _refusal(voucher: Voucher | None, line: Redemption, spent: dict[int, Decimal]) -> str:
    if voucher is None:
        return f"没有编号为 {line.voucher_id} 的消费券"
    amount = line.amount
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(FEN):
        return f"消费券 {voucher.number}：金额 {amount} 应为大于 0、最多两位小数的元数"
    if not line.merchant.strip():
        return f"消费券 {voucher.number}：缺少商户"
    if voucher.expired > 0 or district_date(line.at) > voucher.valid_until:
        return f"消费券 {voucher.number} 已于 {voucher.valid_until} 到期"
    left = voucher.balance - spent.get(voucher.id, Decimal(0))
    if amount > left:
        return f"消费券 {voucher.number} 余额 {left} 元，不足 {amount} 元"
    return ""

"""The reads the incentives' pages and API need, as plain dataclasses: the programs, a program
with its rules in words, its runs and the pool's use by town and by month, a run's accounts
(searched by 户号), and one account with its bills, its results and its vouchers' movements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from taizhang.incentives.engine.model import AccountKind
from taizhang.incentives.engine.program import (
    REMAINDER_RULE,
    Program,
    ProgramKind,
    Sharing,
)
from taizhang.incentives.engine.savings import Outcome
from taizhang.incentives.ledger import Totals, VoucherState, state_of
from taizhang.incentives.ledger import run_totals as totals
from taizhang.incentives.models import (
    AccountChange,
    BillYear,
    ChangeKind,
    IncentiveAccount,
    IncentiveProgram,
    IncentiveRun,
    Move,
    RunAccount,
    Voucher,
    VoucherEvent,
)
from taizhang.incentives.runs import program_of
from taizhang.kernel.clock import district_date
from taizhang.kernel.numbers import format_number
from taizhang.org.models import Unit, User

ZERO = Decimal(0)
FEN = Decimal("0.01")
PAGE_SIZE = 50
NO_TOWN = ""  # an account without a town (the page says so in its language)


# ── programs ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ProgramItem:
    id: int
    version: str
    title: str
    kind: ProgramKind
    runs: int
    latest: IncentiveRun | None


def list_programs(session: Session) -> list[ProgramItem]:
    counts = dict(
        session.execute(
            select(IncentiveRun.program_id, func.count(IncentiveRun.id)).group_by(
                IncentiveRun.program_id
            )
        ).all()
    )
    items = []
    for row in session.scalars(select(IncentiveProgram).order_by(IncentiveProgram.id.desc())):
        latest = session.scalar(
            select(IncentiveRun)
            .where(IncentiveRun.program_id == row.id)
            .order_by(IncentiveRun.id.desc())
            .limit(1)
        )
        label = ProgramKind(row.kind)
        items.append(
            ProgramItem(row.id, row.version, row.title, label, counts.get(row.id, 0), latest)
        )
    return items


def rules_in_words(program: Program) -> list[str]:
    """The program file said as sentences, each figure as the file gives it."""
    said = [f"项目期间：{program.valid_from.isoformat()} 至 {program.valid_to.isoformat()}。"]
    rules = program.saving
    if rules is not None:
        who = "、".join(k.label for k in rules.who)
        months = "、".join(f"{m.year} 年 {m.month} 月" for m in rules.months)
        threshold = _percent(rules.min_drop)
        said += [
            f"对象：本区{who}用电户；申领月份：{months}。",
            f"比较：每月与{rules.comparison.label}比较{rules.basis.label}，"
            f"降幅达到 {threshold} 的月份达标（恰好 {threshold} 也算）。",
            f"奖励：节约的电费每 1 元奖 {_n(rules.rate)} 元消费券（节约部分全额计奖），"
            "向下取整到分。",
        ]
        for kind, cap in rules.caps.items():
            said.append(f"封顶：每户{kind.label}每月最多 {_n(cap)} 元。")
    if program.demand is not None:
        d = program.demand
        said.append(
            f"需求响应：日前削峰按出清价（上限 {_n(d.peak_price_cap)} 元/千瓦时），"
            f"日前填谷 {_n(d.valley_rate)} 元/千瓦时，实时响应 {_n(d.realtime_rate)} 元/千瓦时。"
        )
    pool = program.pool
    said.append(f"资金池：{_grouped(pool.amount)} 元；申领超过资金池时{pool.sharing.label}。")
    if pool.sharing is Sharing.PRO_RATA:
        said.append(f"尾差：{REMAINDER_RULE}。")
    if program.voucher_days:
        said.append(f"消费券自发放之日起 {program.voucher_days} 天内有效，到期未用完的余额作废。")
    excluded = program.exclusions
    out = []
    if excluded.vacant_flag:
        out.append("供电公司标注的空置房")
    if excluded.vacant_below_kwh is not None:
        out.append(f"任一月用电不足 {_n(excluded.vacant_below_kwh)} 千瓦时的（视为空置）")
    if excluded.meter_changed:
        out.append("两年间更换过电表的")
    if excluded.holder_changed:
        out.append("两年间过户的")
    if out:
        said.append(f"不参与：{'；'.join(out)}。")
    return said


@dataclass(frozen=True)
class TownUse:
    town: str
    rewarded: int
    awarded: Decimal
    redeemed: Decimal = ZERO
    expired: Decimal = ZERO
    refunded: Decimal = ZERO
    outstanding: Decimal = ZERO


@dataclass(frozen=True)
class MonthUse:
    month: str  # 2026-03
    issued: Decimal = ZERO
    redeemed: Decimal = ZERO
    expired: Decimal = ZERO
    refunded: Decimal = ZERO


@dataclass(frozen=True)
class RunItem:
    run: IncentiveRun
    totals: Totals
    published_by: str


@dataclass(frozen=True)
class ProgramView:
    row: IncentiveProgram
    program: Program
    rules: list[str]
    runs: list[RunItem]
    latest: RunItem | None
    by_town: list[TownUse] = field(default_factory=list)
    by_month: list[MonthUse] = field(default_factory=list)


def program_view(session: Session, row: IncentiveProgram) -> ProgramView:
    program = program_of(row)
    runs = [
        RunItem(
            run, totals(session, run), run.published_by.display_name if run.published_by else ""
        )
        for run in session.scalars(
            select(IncentiveRun)
            .where(IncentiveRun.program_id == row.id)
            .order_by(IncentiveRun.id.desc())
        )
    ]
    latest = runs[0] if runs else None
    view = ProgramView(row, program, rules_in_words(program), runs, latest)
    if latest is None:
        return view
    return ProgramView(
        row, program, view.rules, runs, latest,
        pool_by_town(session, latest.run), pool_by_month(session, latest.run),
    )  # fmt: skip


def pool_by_town(session: Session, run: IncentiveRun) -> list[TownUse]:
    """The run's awards and the vouchers' movements, by the accounts' towns."""
    names = dict(session.execute(select(Unit.id, Unit.name)).all())
    awarded = session.execute(
        select(RunAccount.town_id, func.count(RunAccount.id), func.sum(RunAccount.award))
        .where(RunAccount.run_id == run.id, RunAccount.award > 0)
        .group_by(RunAccount.town_id)
    ).all()
    moved: defaultdict[tuple[int | None, str], Decimal] = defaultdict(lambda: ZERO)
    for town, kind, amount in session.execute(
        select(IncentiveAccount.town_id, VoucherEvent.kind, func.sum(VoucherEvent.amount))
        .join(Voucher, Voucher.id == VoucherEvent.voucher_id)
        .join(IncentiveAccount, IncentiveAccount.id == Voucher.account_id)
        .where(Voucher.run_id == run.id)
        .group_by(IncentiveAccount.town_id, VoucherEvent.kind)
    ):
        moved[(town, kind)] = _money(amount)
    left = dict(
        session.execute(
            select(
                IncentiveAccount.town_id,
                func.sum(Voucher.amount - Voucher.redeemed - Voucher.expired),
            )
            .join(IncentiveAccount, IncentiveAccount.id == Voucher.account_id)
            .where(Voucher.run_id == run.id)
            .group_by(IncentiveAccount.town_id)
        ).all()
    )
    rows = [
        TownUse(
            names.get(town, NO_TOWN) if town else NO_TOWN, count, _money(total),
            moved[(town, Move.REDEEMED.value)], moved[(town, Move.EXPIRED.value)],
            moved[(town, Move.REFUNDED.value)], _money(left.get(town)),
        )
        for town, count, total in awarded
    ]  # fmt: skip
    return sorted(rows, key=lambda r: (-r.awarded, r.town))


def pool_by_month(session: Session, run: IncentiveRun) -> list[MonthUse]:
    """The vouchers' movements by the district month they happened in, oldest first."""
    sums: defaultdict[str, dict[str, Decimal]] = defaultdict(dict)
    for at, kind, amount in session.execute(
        select(VoucherEvent.at, VoucherEvent.kind, VoucherEvent.amount)
        .join(Voucher, Voucher.id == VoucherEvent.voucher_id)
        .where(Voucher.run_id == run.id)
    ):
        day = district_date(at)
        month = f"{day.year}-{day.month:02d}"
        sums[month][kind] = sums[month].get(kind, ZERO) + amount
    return [
        MonthUse(
            month,
            sums[month].get(Move.ISSUED.value, ZERO),
            sums[month].get(Move.REDEEMED.value, ZERO),
            sums[month].get(Move.EXPIRED.value, ZERO),
            sums[month].get(Move.REFUNDED.value, ZERO),
        )
        for month in sorted(sums)
    ]


# ── a run's accounts ────────────────────────────────────────────────────────


@dataclass(frozen=True)
class RunRow:
    number: str
    holder: str
    kind: AccountKind
    town: str
    outcome: Outcome
    claim: Decimal
    award: Decimal
    months: list[dict[str, Any]]
    share: str


@dataclass(frozen=True)
class RunPage:
    run: IncentiveRun
    totals: Totals
    outcomes: list[tuple[Outcome, int]]  # (outcome, count of account-months)
    rows: list[RunRow]
    query: str
    only_rewarded: bool
    count: int
    page: int
    pages: int


def run_page(
    session: Session,
    run: IncentiveRun,
    *,
    query: str = "",
    only_rewarded: bool = False,
    page: int = 1,
) -> RunPage:
    """The run's accounts, by 户号; `query` finds a 户号 (or its start) or a holder's name."""
    names = dict(session.execute(select(Unit.id, Unit.name)).all())
    chosen = (
        select(RunAccount, IncentiveAccount)
        .join(RunAccount.account)
        .where(RunAccount.run_id == run.id)
    )
    text = query.strip()
    if text:
        pattern = text.replace("\\", "").replace("%", "").replace("_", "")
        chosen = chosen.where(
            or_(
                IncentiveAccount.number.startswith(pattern),
                IncentiveAccount.holder.contains(pattern),
            )
        )
    if only_rewarded:
        chosen = chosen.where(RunAccount.award > 0)
    count = session.scalar(select(func.count()).select_from(chosen.subquery())) or 0
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(1, page), pages)
    found = session.execute(
        chosen.order_by(IncentiveAccount.number).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    rows = [
        RunRow(
            account.number, result.explanation.get("holder") or account.holder,
            _kind_label(account.kind), names.get(result.town_id, "") if result.town_id else "",
            Outcome(result.outcome), result.claim, result.award,
            result.explanation.get("months", []), result.explanation.get("share", ""),
        )
        for result, account in found
    ]  # fmt: skip
    outcomes = [(Outcome(k), n) for k, n in sorted(run.outcomes.items(), key=lambda i: -i[1])]
    return RunPage(
        run, totals(session, run), outcomes, rows, text, only_rewarded, count, page, pages
    )


def _kind_label(kind: str) -> AccountKind:
    return AccountKind(kind)


# ── one account ─────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class BillMonth:
    month: str
    kwh: Decimal | None
    yuan: Decimal | None


@dataclass(frozen=True)
class Movement:
    kind: str  # a Move
    move: Move
    amount: Decimal
    merchant: str
    note: str
    on: date
    at: datetime
    person: str  # "": the system (the tick)
    balance: Decimal  # the voucher's balance after it


@dataclass(frozen=True)
class VoucherItem:
    voucher: Voucher
    state: VoucherState
    issued_on: date | None
    program: str
    period: str
    why: str  # the account's result in the run, in words
    movements: list[Movement]


@dataclass(frozen=True)
class ResultItem:
    run: IncentiveRun
    program: str
    outcome: Outcome
    claim: Decimal
    award: Decimal
    months: list[dict[str, Any]]
    share: str
    sharing: str


@dataclass(frozen=True)
class ChangeItem:
    kind: ChangeKind
    month: str
    before: str
    after: str


@dataclass(frozen=True)
class AccountView:
    account: IncentiveAccount
    kind: AccountKind
    town: str
    place: str
    years: list[int]
    bills: dict[int, list[BillMonth]]  # year → its twelve months
    changes: list[ChangeItem]
    results: list[ResultItem]
    vouchers: list[VoucherItem]


def account_view(session: Session, account: IncentiveAccount, today: date) -> AccountView:
    years = {
        row.year: row
        for row in session.scalars(
            select(BillYear).where(BillYear.account_id == account.id).order_by(BillYear.year)
        )
    }
    shown = sorted(years)[-2:]
    bills = {year: _months(years[year]) for year in shown}
    changes = [
        ChangeItem(ChangeKind(c.kind), f"{c.month.year}-{c.month.month:02d}", c.before, c.after)
        for c in session.scalars(
            select(AccountChange)
            .where(AccountChange.account_id == account.id)
            .order_by(AccountChange.month)
        )
    ]
    results = [
        ResultItem(
            run, run.program.title, Outcome(result.outcome), result.claim, result.award,
            result.explanation.get("months", []), result.explanation.get("share", ""),
            run.rule if result.award != result.claim else "",
        )
        for result, run in session.execute(
            select(RunAccount, IncentiveRun)
            .join(IncentiveRun, IncentiveRun.id == RunAccount.run_id)
            .where(RunAccount.account_id == account.id)
            .order_by(IncentiveRun.id.desc())
        )
    ]  # fmt: skip
    by_run = {r.run.id: r for r in results}
    vouchers = []
    for voucher in session.scalars(
        select(Voucher).where(Voucher.account_id == account.id).order_by(Voucher.id.desc())
    ):
        result = by_run.get(voucher.run_id) if voucher.run_id else None
        moves = _movements(session, voucher)
        state = state_of(voucher, today)
        run = session.get(IncentiveRun, voucher.run_id) if voucher.run_id else None
        vouchers.append(
            VoucherItem(
                voucher, state, moves[0].on if moves else None,
                run.program.title if run else voucher.program, run.period if run else "",
                _why(result) if result else voucher.reason, moves,
            )
        )  # fmt: skip
    return AccountView(
        account, _kind_label(account.kind), account.town.name if account.town else "",
        account.unit.name if account.unit else "", shown, bills, changes, results, vouchers,
    )  # fmt: skip


def _months(row: BillYear) -> list[BillMonth]:
    return [
        BillMonth(
            f"{row.year}-{i + 1:02d}",
            None if row.kwh[i] is None else (Decimal(row.kwh[i] or 0) / 100).quantize(FEN),
            None if row.fen[i] is None else (Decimal(row.fen[i] or 0) / 100).quantize(FEN),
        )
        for i in range(12)
    ]


def _why(result: ResultItem | None) -> str:
    """The months that earned the voucher, as the run explained them, and the pool's share."""
    if result is None:
        return ""
    rewarded = [m for m in result.months if m.get("outcome") == Outcome.ELIGIBLE.value]
    said = [f"{m['month']} {m['detail']}" for m in rewarded]
    if result.share and result.award != result.claim:
        said.append(result.share)
    return "；".join(said)


def _movements(session: Session, voucher: Voucher) -> list[Movement]:
    rows = session.execute(
        select(VoucherEvent, User.display_name)
        .outerjoin(User, User.id == VoucherEvent.actor_id)
        .where(VoucherEvent.voucher_id == voucher.id)
        .order_by(VoucherEvent.seq)
    ).all()
    moves, balance = [], ZERO
    for event, name in rows:
        sign = {Move.ISSUED.value: 1, Move.REFUNDED.value: 1}.get(event.kind, -1)
        balance += sign * event.amount
        moves.append(
            Movement(
                event.kind, Move(event.kind), event.amount, event.merchant or "",
                event.note or "", district_date(event.at), event.at,
                name or "", balance,
            )
        )  # fmt: skip
    return moves


def _money(value: object) -> Decimal:
    return ZERO.quantize(FEN) if value is None else Decimal(str(value)).quantize(FEN)


def _n(value: Decimal) -> str:
    return format_number(value, places=2)


def _grouped(value: Decimal) -> str:
    return format_number(value, places=2, grouping=True)


def _percent(share: Decimal) -> str:
    return f"{format_number(share * 100, places=2)}%"

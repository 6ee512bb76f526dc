"""节能降耗消费券: each account's months judged against the same month last year, the reward
and its cap, the pool shared, and every figure kept for the explanation (DOMAIN §5.1).

For each account and claimed month, in this order (the first that applies is the reason):
outside the program's accounts (居民/企业) → no bill the same month last year → account
holder changed (户名 differs, both known) → meter changed (电表编号 differs, both known) →
vacant (marked, or either month under the program's kWh) → nothing last year to compare
with → a drop under the threshold → (measured on kWh) no yuan saved → eligible: reward = yuan
saved × rate, rounded down to the fen, at most the month's cap. An account's claim is the sum
of its months; the pool is then shared (`sharing`). The threshold is compared without
division: saved ≥ min_drop × last year's, so
exactly 5 % qualifies and 4.99 % does not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from taizhang.incentives.engine.checks import refuse_duplicates
from taizhang.incentives.engine.model import (
    AccountKind,
    Bill,
    floor_fen,
    month_label,
    same_month_last_year,
)
from taizhang.incentives.engine.program import (
    REMAINDER_RULE,
    Basis,
    Exclusions,
    Program,
    SavingRules,
    Sharing,
)
from taizhang.incentives.engine.sharing import Claim, PoolUse, share_pool
from taizhang.kernel.labels import LabelledEnum
from taizhang.kernel.numbers import format_number

ZERO = Decimal(0)


class Outcome(LabelledEnum):
    """What became of one account's month: the reason code, shown with its figures."""

    ELIGIBLE = "达标", "达标", "qualifies"
    OUT_OF_SCOPE = "非对象", "不在本项目对象范围", "not an account the program covers"
    NO_BASE = "无上年账单", "上年同月无账单", "no bill the same month last year"
    HOLDER_CHANGED = "过户", "户主已变更（过户）", "account holder changed"
    METER_CHANGED = "换表", "电表已更换", "meter changed"
    VACANT = "空置", "空置房", "vacant home"
    ZERO_BASE = "上年为零", "上年同月为零，无从比较", "nothing to compare with"
    BELOW = "未达标", "降幅未达标准", "drop below the threshold"
    NOT_SAVED = "电费未减少", "电费未减少", "no yuan saved"


@dataclass(frozen=True)
class MonthClaim:
    account: str
    month: date
    outcome: Outcome
    detail: str  # the figures and the rule, in Chinese
    this_kwh: Decimal
    this_yuan: Decimal
    last_kwh: Decimal | None = None
    last_yuan: Decimal | None = None
    saved_yuan: Decimal | None = None
    drop: Decimal | None = None  # last year's − this year's, ÷ last year's, on the basis
    reward: Decimal = ZERO  # after the cap
    capped: bool = False


@dataclass(frozen=True)
class AccountResult:
    account: str
    holder: str
    kind: AccountKind
    town: str
    months: tuple[MonthClaim, ...]
    claim: Decimal  # Σ months' rewards
    award: Decimal  # its share of the pool
    share_note: str
    voucher_until: date | None  # the last day the voucher can be used

    @property
    def outcome(self) -> Outcome:
        """The account's headline: eligible when any month is, else its first month's reason."""
        if any(m.outcome is Outcome.ELIGIBLE for m in self.months):
            return Outcome.ELIGIBLE
        return self.months[0].outcome


@dataclass(frozen=True)
class RunResult:
    program: Program
    months: tuple[date, ...]
    issued_on: date
    pool: Decimal  # what this run may pay
    use: PoolUse
    accounts: tuple[AccountResult, ...]  # by account number

    @property
    def outcomes(self) -> Counter[Outcome]:
        return Counter(m.outcome for a in self.accounts for m in a.months)

    @property
    def rule(self) -> str:
        if self.use.sharing is Sharing.PRO_RATA:
            return f"{self.use.sharing.label}；{REMAINDER_RULE}"
        return self.use.sharing.label


def run_program(
    program: Program,
    bills: Sequence[Bill],
    *,
    issued_on: date,
    months: Sequence[date] | None = None,
    pool: Decimal | None = None,
) -> RunResult:
    """The program's claims and rewards for `months` (default: all its months) out of `pool`
    (default: the program's whole pool; pass what is left when earlier months were paid)."""
    rules = _rules(program)
    refuse_duplicates(bills)
    chosen = tuple(sorted(set(rules.months if months is None else months)))
    by_key = {(b.account, b.month): b for b in bills}
    claimed: dict[str, list[MonthClaim]] = {}
    latest: dict[str, Bill] = {}
    for bill in sorted(bills, key=lambda b: (b.account, b.month)):
        if bill.month in chosen:
            last = by_key.get((bill.account, same_month_last_year(bill.month)))
            claimed.setdefault(bill.account, []).append(
                judge_month(rules, program.exclusions, bill, last)
            )
            latest[bill.account] = bill
    applied = _application_times(bills, chosen)
    claims = [
        Claim(a, sum((m.reward for m in ms), ZERO), applied.get(a)) for a, ms in claimed.items()
    ]
    available = program.pool.amount if pool is None else pool
    use = share_pool(claims, available, program.pool.sharing)
    accounts = tuple(
        _account(latest[a], tuple(ms), use, program, issued_on) for a, ms in sorted(claimed.items())
    )
    return RunResult(program, chosen, issued_on, available, use, accounts)


def _rules(program: Program) -> SavingRules:
    if program.saving is None:
        raise ValueError(f"{program.version} is not a saving program")
    return program.saving


def _application_times(bills: Sequence[Bill], months: Sequence[date]) -> dict[str, datetime]:
    """Each account's earliest application time among its bills of the claimed months."""
    times: dict[str, datetime] = {}
    for bill in bills:
        if bill.month in months and bill.applied_at is not None:
            known = times.get(bill.account)
            times[bill.account] = min(known, bill.applied_at) if known else bill.applied_at
    return times


def _account(
    bill: Bill, months: tuple[MonthClaim, ...], use: PoolUse, program: Program, issued_on: date
) -> AccountResult:
    share = use.shares[bill.account]
    until = None
    if share.awarded and program.voucher_days:
        until = issued_on + timedelta(days=program.voucher_days - 1)
    return AccountResult(
        bill.account, bill.holder, bill.kind, bill.town, months, share.claimed, share.awarded,
        share.note, until,
    )  # fmt: skip


def judge_month(
    rules: SavingRules, exclusions: Exclusions, this: Bill, last: Bill | None
) -> MonthClaim:
    """One account's month: its outcome, the figures and, when eligible, its reward."""
    base = MonthClaim(this.account, this.month, Outcome.ELIGIBLE, "", this.kwh, this.yuan)
    if this.kind not in rules.who:
        allowed = "、".join(k.label for k in rules.who)
        return _out(base, Outcome.OUT_OF_SCOPE, f"本项目只面向{allowed}，此户为{this.kind.label}")
    if last is None:
        return _out(
            base, Outcome.NO_BASE, f"{month_label(same_month_last_year(this.month))} 无账单"
        )
    base = _with_last(base, last)
    reason = _excluded(exclusions, this, last)
    if reason:
        return _out(base, *reason)
    return _compare(rules, base, this, last)


def _excluded(exclusions: Exclusions, this: Bill, last: Bill) -> tuple[Outcome, str] | None:
    if exclusions.holder_changed and this.holder and last.holder and this.holder != last.holder:
        return Outcome.HOLDER_CHANGED, f"上年户名 {last.holder}，本年户名 {this.holder}"
    if exclusions.meter_changed and this.meter and last.meter and this.meter != last.meter:
        return Outcome.METER_CHANGED, f"上年表号 {last.meter}，本年表号 {this.meter}"
    if exclusions.vacant_flag and (this.vacant or last.vacant):
        return Outcome.VACANT, "供电公司标注为空置"
    floor = exclusions.vacant_below_kwh
    if floor is not None and (this.kwh < floor or last.kwh < floor):
        low = min(this.kwh, last.kwh)
        return Outcome.VACANT, f"月用电量 {_n(low)} 千瓦时，低于 {_n(floor)} 千瓦时视为空置"
    return None


def _compare(rules: SavingRules, base: MonthClaim, this: Bill, last: Bill) -> MonthClaim:
    unit = "千瓦时" if rules.basis is Basis.ENERGY else "元"
    before, now = (last.kwh, this.kwh) if rules.basis is Basis.ENERGY else (last.yuan, this.yuan)
    if before <= 0:
        return _out(base, Outcome.ZERO_BASE, f"上年同月{rules.basis.value}为 0")
    drop = (before - now) / before
    figures = (
        f"上年同月{rules.basis.value} {_n(before)} {unit}，本月 {_n(now)} {unit}，"
        f"降幅 {_percent(drop)}"
    )
    threshold = _percent(rules.min_drop)
    base = _with(base, drop=drop, saved_yuan=last.yuan - this.yuan)
    if before - now < rules.min_drop * before:
        return _out(base, Outcome.BELOW, f"{figures}，未达 {threshold}")
    saved = last.yuan - this.yuan
    if saved <= 0:
        return _out(base, Outcome.NOT_SAVED, f"{figures}，但电费未减少（{_n(saved)} 元）")
    reward = floor_fen(saved * rules.rate)
    text = f"{figures} ≥ {threshold}；节约电费 {_n(saved)} 元 × {_n(rules.rate)} = {reward} 元"
    cap = rules.caps.get(this.kind)
    if cap is not None and reward > cap:
        return _with(base, detail=f"{text}，封顶 {cap} 元", reward=cap, capped=True)
    return _with(base, detail=text, reward=reward)


def _with_last(claim: MonthClaim, last: Bill) -> MonthClaim:
    return _with(claim, last_kwh=last.kwh, last_yuan=last.yuan)


def _with(claim: MonthClaim, **changes: object) -> MonthClaim:
    return replace(claim, **changes)  # type: ignore[arg-type]


def _out(claim: MonthClaim, outcome: Outcome, detail: str) -> MonthClaim:
    return _with(claim, outcome=outcome, detail=f"{outcome.label}：{detail}", reward=ZERO)


def _n(value: Decimal) -> str:
    return format_number(value, places=2, trim=False)


def _percent(share: Decimal) -> str:
    return f"{format_number(share * 100, places=2)}%"

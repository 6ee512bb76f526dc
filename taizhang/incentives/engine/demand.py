"""需求响应 and 移峰填谷 payments per response (DOMAIN §5.2).

有效响应电量 = (baseline kW − the event window's average kW) × hours (填谷: the other way round);
none when the load did not move the right way. The provincial payment is the response energy ×
the single-event clearing price (at most the cap) for 日前削峰, × the fixed rate for 日前填谷
and 实时响应; the local top-up brings the kinds it covers up to `topup_to` 元/kWh, out of the
program's pool (over it: pro rata, `sharing`); 移峰填谷 is paid `shifting_rate` 元/kWh.
Payments are rounded half up to the fen; the top-ups are shared in whole fen.

A response measured from the enterprise's own load (`engine.measure`) carries its response
energy (`measured_kwh`) and how it was found (`basis`: the baseline days, the energies), which
the payment's explanation begins with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from taizhang.incentives.engine.model import round_fen
from taizhang.incentives.engine.program import DemandRates, Program, ResponseKind
from taizhang.incentives.engine.sharing import Claim, PoolUse, share_pool
from taizhang.kernel.numbers import format_number

ZERO = Decimal(0)


@dataclass(frozen=True)
class Response:
    """One enterprise's response to one event, as the grid company publishes the results or as
    measured from its load: then `measured_kwh` is the response energy (moved the way the kind
    asks) and the kW are the window's averages (0 for a day's 移峰填谷, measured on energy)."""

    account: str  # 户号
    name: str  # the enterprise
    event: str  # the event (e.g. 2025-07-22 14:00–16:00)
    kind: ResponseKind
    baseline_kw: Decimal
    actual_kw: Decimal  # the average load in the event window
    hours: Decimal
    clearing_price: Decimal | None = None  # 日前削峰: the event's clearing price, 元/kWh
    day: date | None = None  # the event's day
    measured_kwh: Decimal | None = None
    basis: str = ""  # how the load data gave the figures

    @property
    def key(self) -> str:
        return f"{self.account}/{self.event}"


@dataclass(frozen=True)
class Payment:
    response: Response
    kwh: Decimal  # 有效响应电量
    provincial: Decimal
    topup_claimed: Decimal
    topup: Decimal  # after the pool's sharing
    shifting: Decimal
    detail: str

    @property
    def total(self) -> Decimal:
        return self.provincial + self.topup + self.shifting


@dataclass(frozen=True)
class DemandRun:
    program: Program
    payments: tuple[Payment, ...]
    topups: PoolUse


def pay_responses(program: Program, responses: Sequence[Response]) -> DemandRun:
    rates = program.demand
    if rates is None:
        raise ValueError(f"{program.version} is not a demand-response program")
    first = [_price(rates, r) for r in responses]
    claims = [Claim(r.key, topup) for r, (_, _, _, topup, _) in zip(responses, first, strict=True)]
    use = share_pool(claims, program.pool.amount, program.pool.sharing)
    payments = tuple(
        Payment(r, kwh, provincial, topup, use.shares[r.key].awarded, shifting, detail)
        for r, (kwh, provincial, shifting, topup, detail) in zip(responses, first, strict=True)
    )
    return DemandRun(program, payments, use)


def response_kwh(response: Response) -> Decimal:
    if response.measured_kwh is not None:
        return max(response.measured_kwh, ZERO)
    moved = response.baseline_kw - response.actual_kw
    if response.kind is ResponseKind.DAY_AHEAD_VALLEY:
        moved = -moved
    return max(moved, ZERO) * response.hours


def _price(
    rates: DemandRates, response: Response
) -> tuple[Decimal, Decimal, Decimal, Decimal, str]:
    """(response kWh, provincial payment, shifting payment, top-up claimed, explanation)."""
    kwh, provincial, shifting, topup, text = _priced(rates, response)
    return kwh, provincial, shifting, topup, "；".join(filter(None, (response.basis, text)))


def _priced(
    rates: DemandRates, response: Response
) -> tuple[Decimal, Decimal, Decimal, Decimal, str]:
    kwh = response_kwh(response)
    moved = f"有效响应电量 {_n(kwh)} 千瓦时"
    if kwh == 0:
        return kwh, ZERO, ZERO, ZERO, f"{response.kind.label}：负荷未按要求变化，无有效响应电量"
    if response.kind is ResponseKind.SHIFTING:
        rate = rates.shifting_rate or ZERO
        paid = round_fen(kwh * rate)
        return kwh, ZERO, paid, ZERO, f"移峰填谷：{moved} × {_n(rate)} 元 = {_n(paid)} 元"
    unit = _unit_price(rates, response)
    provincial = round_fen(kwh * unit)
    text = f"{response.kind.label}：{moved} × {_n(unit)} 元 = {_n(provincial)} 元"
    topup = ZERO
    if rates.topup_to is not None and response.kind in rates.topup_for and unit < rates.topup_to:
        topup = round_fen(kwh * (rates.topup_to - unit))
        text += f"；地方补足到 {_n(rates.topup_to)} 元：{_n(topup)} 元（资金池内核定）"
    return kwh, provincial, ZERO, topup, text


def _unit_price(rates: DemandRates, response: Response) -> Decimal:
    if response.kind is ResponseKind.DAY_AHEAD_PEAK:
        price = response.clearing_price if response.clearing_price is not None else ZERO
        return min(price, rates.peak_price_cap)
    if response.kind is ResponseKind.DAY_AHEAD_VALLEY:
        return rates.valley_rate
    return rates.realtime_rate


def _n(value: Decimal) -> str:
    return format_number(value, places=2)

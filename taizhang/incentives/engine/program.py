"""An incentive program as values: who may claim, what is compared, the threshold, the reward
and its caps, the pool and how it is shared when claims exceed it, vouchers' validity and the
exclusions — or, for demand response, the rates per kWh.

`programfile.load_program` reads one from its versioned TOML file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from taizhang.incentives.engine.model import AccountKind
from taizhang.kernel.labels import LabelledEnum

# Stated once, shown wherever a pro-rata share is explained (DOMAIN §5.1.3: NOT FOUND in any
# notice, so the program can only choose the sharing; the remainder rule is the engine's).
REMAINDER_RULE = (
    "按比例分配时每户先向下取整到分，剩余的分按舍去部分从大到小逐户补 1 分，"
    "舍去部分相同的按户号从小到大"
)
REMAINDER_RULE_EN = (
    "each share is first rounded down to the fen; the fen left over go one each to the largest "
    "remainders, ties by account number ascending (largest remainder method)"
)


class ProgramKind(LabelledEnum):
    SAVING = "节能券", "节能降耗消费券", "energy-saving vouchers"
    DEMAND = "需求响应", "需求响应与移峰填谷", "demand response and load shifting"


class Comparison(LabelledEnum):
    """What a month's bill is compared with."""

    SAME_MONTH_LAST_YEAR = "上年同月", "上年同月", "the same month last year"


class Basis(LabelledEnum):
    """What the drop is measured on; the reward is always on the yuan saved."""

    BILL = "电费", "电费（元）", "the bill in yuan"
    ENERGY = "电量", "电量（千瓦时）", "energy in kWh"


class Sharing(LabelledEnum):
    """How the pool is shared when the claims exceed it."""

    PRO_RATA = "按比例", "按比例分配（同比例下降）", "pro rata"
    FIRST_COME = "先到先得", "按申请时间先到先得（发完即止）", "first come by application time"
    RANKED = "按节约排名", "按节约金额从高到低（发完即止）", "by ranked saving"


class ResponseKind(LabelledEnum):
    """Kinds of demand response (DOMAIN §5.2)."""

    DAY_AHEAD_PEAK = "日前削峰", "日前削峰", "day-ahead peak shaving"
    DAY_AHEAD_VALLEY = "日前填谷", "日前填谷", "day-ahead valley filling"
    REAL_TIME = "实时响应", "实时响应", "real-time response"
    SHIFTING = "移峰填谷", "移峰填谷", "load shifting"


class ShiftMeasure(LabelledEnum):
    """How a day's 移峰填谷 energy is read from its peak and valley kWh against the baseline."""

    SMALLER = (
        "峰减谷增取小",
        "峰段减少与谷段增加取小",
        "the smaller of the peak drop and the valley rise",
    )
    PEAK_DROP = "峰段减少", "峰段减少的电量", "the peak drop"


@dataclass(frozen=True)
class Exclusions:
    vacant_flag: bool = True  # the power company's 空置 mark on either month's bill
    vacant_below_kwh: Decimal | None = None  # either month below this many kWh: a vacant home
    meter_changed: bool = True
    holder_changed: bool = True


@dataclass(frozen=True)
class SavingRules:
    who: tuple[AccountKind, ...]
    months: tuple[date, ...]  # the months claimed (first days)
    comparison: Comparison
    basis: Basis
    min_drop: Decimal  # 0.05: a drop of at least 5 % qualifies
    rate: Decimal  # 元 of voucher per 元 saved
    caps: Mapping[AccountKind, Decimal] = field(default_factory=dict)  # per account and month


@dataclass(frozen=True)
class Baselines:
    """How responses are measured from the enterprises' load (DOMAIN §5.2.5): the same window on
    the `days` most recent normal working days before the invitation (days the enterprise was
    itself called on are not normal); 实时响应 against the `realtime_minutes` before it starts;
    移峰填谷 from each day's peak and valley kWh against `shifting_days` such days."""

    days: int = 5
    realtime_minutes: int = 15
    shifting_days: int = 5
    shifting_measure: ShiftMeasure = ShiftMeasure.SMALLER


@dataclass(frozen=True)
class DemandRates:
    peak_price_cap: Decimal  # 日前削峰: the clearing price, at most this (元/kWh)
    valley_rate: Decimal  # 日前填谷: fixed 元/kWh
    realtime_rate: Decimal  # 实时响应: fixed 元/kWh
    topup_to: Decimal | None = None  # local top-up: provincial + local = this 元/kWh
    topup_for: tuple[ResponseKind, ...] = (ResponseKind.DAY_AHEAD_PEAK,)
    shifting_rate: Decimal | None = None  # 移峰填谷: 元/kWh of executed response energy
    baseline: Baselines = Baselines()


@dataclass(frozen=True)
class Pool:
    amount: Decimal  # 元
    sharing: Sharing


@dataclass(frozen=True)
class Program:
    version: str
    title: str
    valid_from: date
    valid_to: date
    kind: ProgramKind
    pool: Pool
    saving: SavingRules | None = None
    demand: DemandRates | None = None
    exclusions: Exclusions = Exclusions()
    voucher_days: int | None = None  # a voucher is valid this many days from its issue
    source: str = ""

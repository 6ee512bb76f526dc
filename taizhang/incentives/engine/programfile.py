"""激励项目 files: one versioned TOML file per program (`incentives/programs/*.toml`), read with
the kernel's `RuleReader`, so that every problem is reported at once with its line.

    version = "黄岩-节能券-2025"        # required
    title = "…"                        # optional
    valid_from = 2025-07-01            # required: when the program runs …
    valid_to = 2025-12-31              # … (inclusive)
    kind = "节能券"                     # 节能券 / 需求响应

    [eligibility]                      # 节能券 only
    who = ["居民"]                      # 居民 / 企业
    months = ["2025-07", "2025-08"]    # the months claimed
    compare = "上年同月"                 # the base: the same month last year
    basis = "电费"                      # the drop measured on 电费 (元) or 电量 (kWh)
    min_drop = 0.05                     # a drop of at least 5 % qualifies

    [reward]                           # 节能券 only
    rate = 1                            # 元 of voucher per 元 saved (rounded down to the fen)
    household_cap = 100                 # optional: at most this per household and month
    enterprise_cap = 2000               # optional: at most this per enterprise and month

    [demand_response]                  # 需求响应 only (DOMAIN §5.2)
    peak_price_cap = 4                  # 日前削峰: clearing price, at most 4 元/kWh
    valley_rate = 1.2                   # 日前填谷: 元/kWh
    realtime_rate = 4                   # 实时响应: 元/kWh
    topup_to = 4                        # optional: local top-up to 4 元/kWh in all
    topup_for = ["日前削峰"]             # optional: the kinds topped up
    shifting_rate = 0.2                 # optional: 移峰填谷 元/kWh

    [baseline]                         # 需求响应, optional: responses measured from load data
    days = 5                            # the same window on the 5 most recent normal working
                                        # days before the invitation, skipping days the
                                        # enterprise was itself called on (1–20)
    realtime_minutes = 15               # 实时响应: the average load of the 15 minutes before
                                        # it starts (a multiple of 15, at most 120)

    [shifting]                         # 需求响应, optional: 移峰填谷 from each day's 峰/谷 kWh
    baseline_days = 5                   # the mean peak and valley kWh of 5 such days (1–20)
    measure = "峰减谷增取小"              # moved = min(peak drop, valley rise); or 峰段减少

    [pool]
    amount = 3000000                    # 元 (for demand response: the local top-ups' cap)
    sharing = "按比例"                   # 按比例 / 先到先得 / 按节约排名

    [vouchers]
    valid_days = 90                     # optional: a voucher's validity from its issue

    [exclusions]                       # 节能券: who is left out, with the reason shown
    vacant = true                       # the power company's 空置 mark
    vacant_below_kwh = 10               # either month under 10 kWh counts as vacant
    meter_changed = true                # 电表编号 differs between the two months
    holder_changed = true               # 户名 differs between the two months (过户)
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from taizhang.incentives.engine.model import FEN, AccountKind
from taizhang.incentives.engine.program import (
    Baselines,
    Basis,
    Comparison,
    DemandRates,
    Exclusions,
    Pool,
    Program,
    ProgramKind,
    ResponseKind,
    SavingRules,
    Sharing,
    ShiftMeasure,
)
from taizhang.kernel.rulefiles import (
    VERSION_KEYS,
    RuleKind,
    RuleReader,
    RuleTable,
    read_rule_file,
)

PROGRAM = RuleKind("激励项目规则", "incentive program")
KEYS: dict[str, tuple[str, ...]] = {
    "": (*VERSION_KEYS, "kind", "eligibility", "reward", "demand_response", "baseline",
         "shifting", "pool", "vouchers", "exclusions"),
    "eligibility": ("who", "months", "compare", "basis", "min_drop"),
    "reward": ("rate", "household_cap", "enterprise_cap"),
    "demand_response": ("peak_price_cap", "valley_rate", "realtime_rate", "topup_to",
                        "topup_for", "shifting_rate"),
    "baseline": ("days", "realtime_minutes"),
    "shifting": ("baseline_days", "measure"),
    "pool": ("amount", "sharing"),
    "vouchers": ("valid_days",),
    "exclusions": ("vacant", "vacant_below_kwh", "meter_changed", "holder_changed"),
}  # fmt: skip
T = TypeVar("T")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def load_program(text: str, *, source: str = "program.toml") -> Program:
    """Parse and check a program file; `Invalid` listing every problem with its line."""
    return read_rule_file(text, kind=PROGRAM, source=source, keys=KEYS, reader=_Reader)


class _Reader(RuleReader):
    def read(self, data: dict[str, Any]) -> Program:
        top = self.top(data)
        header = self.version_header(top)
        kind = self.word(top, "kind", {k.value: k for k in ProgramKind}, ProgramKind.SAVING)
        saving = demand = None
        if kind is ProgramKind.SAVING:
            for key in ("demand_response", "baseline", "shifting"):
                self.absent(top, key, kind)
            saving = self.saving(top, header.valid_from, header.valid_to)
        else:
            self.absent(top, "eligibility", kind)
            self.absent(top, "reward", kind)
            demand = self.demand(self.table(top, "demand_response"), self.baselines(top))
        pool = self.pool(top)
        if demand is not None and pool.sharing is not Sharing.PRO_RATA:
            self.fail(
                RuleTable({}, "pool"),
                "sharing",
                "需求响应的地方补贴超出上限时按比例核减，sharing 应为“按比例” (pro rata only)",
            )
        vouchers = self.table(top, "vouchers")
        return Program(
            header.version, header.title, header.valid_from, header.valid_to, kind, pool,
            saving, demand, self.exclusions(self.table(top, "exclusions")),
            self.whole_number(vouchers, "valid_days"), self.source,
        )  # fmt: skip

    def absent(self, top: RuleTable, key: str, kind: ProgramKind) -> None:
        if key in top.data:
            self.fail(top, key, f"“{kind.value}”项目不写 [{key}] (not used by this kind)")

    # ── 节能券 ────────────────────────────────────────────────────────────
    def saving(self, top: RuleTable, valid_from: date, valid_to: date) -> SavingRules:
        rules = self.table(top, "eligibility")
        if not rules.data:
            self.fail(top, "eligibility", "节能券项目要写 [eligibility] (missing eligibility)")
        kinds = {k.value: k for k in AccountKind}
        who = tuple(self.one_word(rules, "who", w, kinds) for w in self.strings(rules, "who"))
        months = tuple(self.month(rules, text) for text in self.strings(rules, "months"))
        for month in months:
            if date.min not in (month, valid_from) and not valid_from <= month <= valid_to:
                self.fail(
                    rules,
                    "months",
                    f"月份 {month:%Y-%m} 不在有效期 {valid_from} 至 {valid_to} 内 (month outside)",
                )
        if len(set(months)) != len(months):
            self.fail(rules, "months", "months 中有重复的月份 (duplicate months)")
        comparison = self.word(
            rules, "compare", {c.value: c for c in Comparison}, Comparison.SAME_MONTH_LAST_YEAR
        )
        basis = self.word(rules, "basis", {b.value: b for b in Basis}, Basis.BILL)
        min_drop = self.share(rules, "min_drop")
        reward = self.table(top, "reward")
        rate = self.number(reward, "rate", negative=False) or Decimal(1)
        if rate == 0:
            self.fail(reward, "rate", "rate 不能为 0 (rate must not be 0)")
        caps = {
            kind: cap
            for kind, key in ((AccountKind.HOUSEHOLD, "household_cap"),
                              (AccountKind.ENTERPRISE, "enterprise_cap"))
            if (cap := self.yuan(reward, key, required=False)) is not None
        }  # fmt: skip
        return SavingRules(
            tuple(dict.fromkeys(who)), months, comparison, basis, min_drop, rate, caps
        )

    def month(self, table: RuleTable, text: str) -> date:
        found = _MONTH.match(text.strip())
        if found and 1 <= int(found.group(2)) <= 12:
            return date(int(found.group(1)), int(found.group(2)), 1)
        self.fail(table, "months", f"月份 {text} 应写成 2025-07 (expected YYYY-MM)")
        return date.min

    def share(self, table: RuleTable, key: str) -> Decimal:
        value = self.number(table, key, negative=False)
        if value is not None and not 0 < value < 1:
            self.fail(table, key, f"{key} 应为 0 到 1 之间的比例（5% 写 0.05），而不是 {value}")
        return value or Decimal("0.05")

    # ── 需求响应 ──────────────────────────────────────────────────────────
    def demand(self, table: RuleTable, baselines: Baselines) -> DemandRates:
        if not table.data:
            self.fail(table, "", "需求响应项目要写 [demand_response] (missing demand_response)")
        kinds = {k.value: k for k in ResponseKind}
        topup_for = tuple(
            self.one_word(table, "topup_for", w, kinds)
            for w in self.strings(table, "topup_for", required=False)
        ) or (ResponseKind.DAY_AHEAD_PEAK,)
        return DemandRates(
            self.number(table, "peak_price_cap", negative=False) or Decimal(0),
            self.number(table, "valley_rate", negative=False) or Decimal(0),
            self.number(table, "realtime_rate", negative=False) or Decimal(0),
            self.number(table, "topup_to", required=False, negative=False),
            topup_for,
            self.number(table, "shifting_rate", required=False, negative=False),
            baselines,
        )

    def baselines(self, top: RuleTable) -> Baselines:
        baseline, shifting = self.table(top, "baseline"), self.table(top, "shifting")
        default = Baselines()
        minutes = self.bounded(baseline, "realtime_minutes", default.realtime_minutes, 15, 120)
        if minutes % 15:
            self.fail(baseline, "realtime_minutes", f"realtime_minutes 应为 15 的倍数：{minutes}")
        measures = {m.value: m for m in ShiftMeasure}
        return Baselines(
            self.bounded(baseline, "days", default.days, 1, 20),
            minutes,
            self.bounded(shifting, "baseline_days", default.shifting_days, 1, 20),
            self.word(shifting, "measure", measures, default.shifting_measure)
            if "measure" in shifting.data
            else default.shifting_measure,
        )

    def bounded(self, table: RuleTable, key: str, default: int, low: int, high: int) -> int:
        """A whole number from `low` to `high`; `default` when left out or wrong."""
        value = self.whole_number(table, key)
        if value is None:
            return default
        if not low <= value <= high:
            self.fail(table, key, f"{key} 应在 {low} 到 {high} 之间：{value} (out of range)")
            return default
        return value

    # ── pool, exclusions, small readers ───────────────────────────────────
    def pool(self, top: RuleTable) -> Pool:
        table = self.table(top, "pool")
        amount = self.yuan(table, "amount", required=True)
        if amount == 0:
            self.fail(table, "amount", "资金池 amount 不能为 0 (the pool must not be empty)")
        sharing = self.word(table, "sharing", {s.value: s for s in Sharing}, Sharing.PRO_RATA)
        return Pool(amount or Decimal(0), sharing)

    def exclusions(self, table: RuleTable) -> Exclusions:
        return Exclusions(
            self.flag(table, "vacant", default=True),
            self.number(table, "vacant_below_kwh", required=False, negative=False),
            self.flag(table, "meter_changed", default=True),
            self.flag(table, "holder_changed", default=True),
        )

    def yuan(self, table: RuleTable, key: str, *, required: bool) -> Decimal | None:
        value = self.number(table, key, required=required, negative=False)
        if value is not None and value != value.quantize(FEN):
            self.fail(table, key, f"{key} 是金额（元），最多写到分：{value} (at most two places)")
        return value

"""Policy files: one versioned TOML file per policy (`policies/library/*.toml`), read with the
kernel's `read_rule_file`, so every problem is reported at once with its line.

    id = "KJ-2026-01"                  # the policy's code: issuer letters, year, number
    version = "2026.1"                 # a new version for every change of its rules
    title = "国家高新技术企业认定奖励"
    issuer = "区科技局"
    kind = "免申即享"                   # 免申即享 (paid from data) / 申报 (pushed, applied for)
    theme = "科技创新"                  # optional: for the library's filter
    basis = "《……若干政策》第三条"        # optional: the document it implements
    valid_from = 2026-01-01
    valid_to = 2026-12-31
    data_year = 2025                   # the year whose figures are judged
    as_of = 2025-12-31                 # optional: ages counted to this day (default: 12-31)

    [benefit]
    text = "……奖励 20 万元"
    amount = 200000                    # a fixed sum in 元, or a formula:
    # base = "R&D经费支出"              # a figure of the data year (万元)
    # rate = 0.1                        # its share
    # cap = 500000                      # at most, 元 (optional)
    # increase = true                   # the figure's growth over the year before

    [[conditions]]
    kind = "注册年限"                    # see `conditions` for every kind and its keys
    min_years = 1
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from taizhang.kernel.codes import INDUSTRY_SECTIONS, CodeError, parse_industry_code
from taizhang.kernel.rulefiles import (
    VERSION_KEYS,
    RuleKind,
    RuleReader,
    RuleTable,
    hint,
    read_rule_file,
)
from taizhang.policies.engine.conditions import (
    HIGH_TECH_BANDS,
    AboveScale,
    Band,
    Condition,
    FigureBound,
    HeldWords,
    Industry,
    Kind,
    MujuClass,
    NoIncident,
    Registered,
    RegistrationAge,
    RndRatio,
    RndStaffShare,
    SalesGrowth,
    Size,
    SizeClasses,
)
from taizhang.policies.engine.model import NUMBERS, Field
from taizhang.policies.engine.policy import FEN, Benefit, Policy, PolicyKind

POLICY = RuleKind("政策文件", "policy")
ID_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,9}-\d{4}-\d{2,3}$")
CONDITION_KEYS: dict[Kind, tuple[str, ...]] = {
    Kind.REGISTRATION_AGE: ("min_years", "max_years"),
    Kind.REGISTERED: ("units", "regions"),
    Kind.ABOVE_SCALE: ("above", "year"),
    Kind.SIZE_CLASSES: ("classes", "year"),
    Kind.INDUSTRY: ("prefixes",),
    Kind.MUJU_CLASS: ("classes", "year"),
    Kind.TAGS: ("any_of", "all_of", "none_of", "year"),
    Kind.QUALIFICATIONS: ("any_of", "all_of", "none_of", "year"),
    Kind.RND_RATIO: ("bands", "years"),
    Kind.RND_STAFF: ("share", "year"),
    Kind.SALES_GROWTH: ("growth",),
    Kind.NO_INCIDENT: ("year",),
    Kind.FIGURE: ("field", "at_least", "at_most", "year"),
}
KEYS: dict[str, tuple[str, ...]] = {
    "": (*VERSION_KEYS, "id", "issuer", "kind", "theme", "basis", "data_year", "as_of",
         "benefit", "conditions"),
    "benefit": ("text", "amount", "base", "rate", "cap", "increase"),
    "conditions": ("kind", *dict.fromkeys(k for keys in CONDITION_KEYS.values() for k in keys)),
}  # fmt: skip
FIGURE_NAMES = {f.label: f for f in NUMBERS} | {f.value: f for f in NUMBERS}
MIN_YEAR, MAX_YEAR = 2000, 2100
T = TypeVar("T")


def load_policy(text: str, *, source: str = "policy.toml") -> Policy:
    """Parse and check a policy file; `Invalid` listing every problem with its line."""
    return read_rule_file(text, kind=POLICY, source=source, keys=KEYS, reader=_Reader)


class _Reader(RuleReader):
    def read(self, data: dict[str, Any]) -> Policy:
        top = self.top(data)
        header = self.version_header(top)
        code = self.text(top, "id")
        if code and not ID_PATTERN.match(code):
            self.fail(top, "id", f"id “{code}”应写成 KJ-2026-01 的样子 (expected like KJ-2026-01)")
        kind = self.word(top, "kind", {k.value: k for k in PolicyKind}, PolicyKind.APPLICATION)
        data_year = self.year(top, "data_year", required=True) or header.valid_from.year - 1
        as_of = self.date(top, "as_of") if "as_of" in top.data else date(data_year, 12, 31)
        conditions = [self.condition(t) for t in self.tables(top, "conditions")]
        if "conditions" in top.data and not conditions:
            self.fail(top, "conditions", "至少要写一个 [[conditions]] (no conditions)")
        elif "conditions" not in top.data:
            self.fail(top, "conditions", "缺少 [[conditions]] (missing conditions)")
        return Policy(
            code, header.version, header.title or header.version, self.text(top, "issuer"),
            kind, self.text(top, "theme", required=False), self.text(top, "basis", required=False),
            header.valid_from, header.valid_to, data_year, as_of,
            self.benefit(self.table(top, "benefit"), top),
            tuple(c for c in conditions if c is not None), self.source,
        )  # fmt: skip

    # ── benefit ───────────────────────────────────────────────────────────
    def benefit(self, table: RuleTable, top: RuleTable) -> Benefit:
        if not table.data:
            self.fail(top, "benefit", "缺少 [benefit] (missing benefit)")
            return Benefit("")
        text = self.text(table, "text")
        amount = self.yuan(table, "amount")
        formula = [k for k in ("base", "rate", "cap", "increase") if k in table.data]
        if amount is not None:
            for key in formula:
                self.fail(table, key, f"写了定额 amount 就不写 {key} (a fixed amount has no {key})")
            return Benefit(text, amount=amount)
        if "base" not in table.data:
            self.fail(table, "amount", "[benefit] 要写定额 amount，或 base 与 rate (no amount)")
            return Benefit(text)
        base = self.one_word(table, "base", str(table.data["base"]), FIGURE_NAMES)
        rate = self.number(table, "rate", negative=False)
        if rate is not None and not 0 < rate <= 1:
            self.fail(table, "rate", f"rate 应在 0 到 1 之间（10% 写 0.1），而不是 {rate}")
        return Benefit(
            text, base=base, rate=rate or Decimal(0), cap=self.yuan(table, "cap"),
            increase=self.flag(table, "increase"),
        )  # fmt: skip

    def yuan(self, table: RuleTable, key: str) -> Decimal | None:
        value = self.number(table, key, required=False, negative=False)
        if value is not None and (value == 0 or value != value.quantize(FEN)):
            self.fail(
                table, key, f"{key} 是大于 0 的金额（元），最多写到分：{value} (amount in yuan)"
            )
        return value

    # ── conditions ────────────────────────────────────────────────────────
    def condition(self, table: RuleTable) -> Condition | None:
        value = table.data.get("kind")
        kinds = {k.value: k for k in Kind}
        if not isinstance(value, str) or value.strip() not in kinds:
            shown = "" if value is None else str(value)
            advice = hint(shown, list(kinds), f"应为 {'、'.join(kinds)}")
            self.fail(table, "kind", f"条件 kind 不认识“{shown}”，{advice} (unknown condition)")
            return None
        kind = kinds[value.strip()]
        allowed = CONDITION_KEYS[kind]
        for key in table.data:
            if key != "kind" and key not in allowed:
                self.fail(table, key, f"“{kind.value}”条件不用 {key}，可用：{'、'.join(allowed)}")
        return self.build(kind, table)

    def build(self, kind: Kind, table: RuleTable) -> Condition:
        year = self.year(table, "year")
        match kind:
            case Kind.REGISTRATION_AGE:
                least = self.whole(table, "min_years") or 0
                most = self.whole(table, "max_years")
                if not least and most is None:
                    self.fail(table, "min_years", "注册年限要写 min_years 或 max_years")
                if most is not None and most <= least:
                    self.fail(table, "max_years", "max_years 应大于 min_years")
                return RegistrationAge(least, most)
            case Kind.REGISTERED:
                units = tuple(self.strings(table, "units", required=False))
                regions = tuple(self.strings(table, "regions", required=False))
                for region in regions:
                    if not re.fullmatch(r"\d{2,6}", region):
                        self.fail(table, "regions", f"区划代码 {region} 应为 2–6 位数字")
                if not units and not regions:
                    self.fail(table, "units", "注册地要写 units（单位代码）或 regions（区划代码）")
                return Registered(units, regions)
            case Kind.ABOVE_SCALE:
                return AboveScale(self.flag(table, "above", default=True), year)
            case Kind.SIZE_CLASSES:
                sizes = {s.value: s for s in Size}
                words = self.strings(table, "classes")
                return SizeClasses(tuple(self.one_word(table, "classes", w, sizes) for w in words),
                                   year)  # fmt: skip
            case Kind.INDUSTRY:
                prefixes = tuple(self.strings(table, "prefixes"))
                for prefix in prefixes:
                    self.industry(table, prefix)
                return Industry(prefixes)
            case Kind.MUJU_CLASS:
                grades = {g: g for g in "ABCD"}
                words = self.strings(table, "classes")
                return MujuClass(tuple(self.one_word(table, "classes", w, grades) for w in words),
                                 year)  # fmt: skip
            case Kind.TAGS | Kind.QUALIFICATIONS:
                field = Field.TAGS if kind is Kind.TAGS else Field.QUALIFICATIONS
                lists = [tuple(self.strings(table, k, required=False))
                         for k in ("any_of", "all_of", "none_of")]  # fmt: skip
                if not any(lists):
                    self.fail(table, "any_of", f"“{kind.value}”要写 any_of、all_of 或 none_of")
                return HeldWords(field, lists[0], lists[1], lists[2], year)
            case Kind.RND_RATIO:
                return RndRatio(self.bands(table), self.whole(table, "years") or 3)
            case Kind.RND_STAFF:
                return RndStaffShare(self.share(table, "share"), year)
            case Kind.SALES_GROWTH:
                growth = self.number(table, "growth") or Decimal(0)
                if growth <= -1:
                    self.fail(table, "growth", f"growth 应大于 -1（10% 写 0.1），而不是 {growth}")
                return SalesGrowth(growth)
            case Kind.NO_INCIDENT:
                return NoIncident(year)
            case Kind.FIGURE:
                field = self.one_word(
                    table, "field", str(table.data.get("field", "")), FIGURE_NAMES
                )
                low = self.number(table, "at_least", required=False)
                high = self.number(table, "at_most", required=False)
                if low is None and high is None:
                    self.fail(table, "at_least", "指标条件要写 at_least 或 at_most")
                return FigureBound(field, low, high, year)
        raise AssertionError(kind)  # pragma: no cover

    def industry(self, table: RuleTable, prefix: str) -> None:
        text = prefix.strip().upper()
        if len(text) == 1 and text in {s.letter for s in INDUSTRY_SECTIONS}:
            return
        try:
            parse_industry_code(text)
        except CodeError as exc:
            self.fail(table, "prefixes", f"行业代码 {prefix}：{exc}")

    def bands(self, table: RuleTable) -> tuple[Band, ...]:
        value = table.data.get("bands")
        if value is None:
            return HIGH_TECH_BANDS
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value) or not value:
            self.fail(table, "bands", "bands 应写成 [{up_to = 5000, share = 0.05}, {share = 0.03}]")
            return HIGH_TECH_BANDS
        bands = []
        for item in value:
            unknown = set(item) - {"up_to", "share"}
            if unknown:
                self.fail(
                    table,
                    "bands",
                    f"bands 中不认识 {'、'.join(sorted(unknown))}（可用 up_to、share）",
                )
            limit = item.get("up_to")
            bands.append(
                Band(
                    None
                    if limit is None
                    else self.to_number(table, "bands", limit, negative=False, what="up_to"),
                    self.to_share(table, "bands", item.get("share")),
                )
            )
        limits = [b.limit for b in bands]
        if limits[-1] is not None or None in limits[:-1]:
            self.fail(
                table, "bands", "bands 的最后一档不写 up_to，其余各档都要写 (the last band is open)"
            )
        elif limits[:-1] != sorted(limits[:-1]):  # type: ignore[type-var]
            self.fail(table, "bands", "bands 的 up_to 应从小到大 (ascending)")
        return tuple(bands)

    # ── small readers ─────────────────────────────────────────────────────
    def share(self, table: RuleTable, key: str) -> Decimal:
        return self.to_share(table, key, table.data.get(key))

    def to_share(self, table: RuleTable, key: str, value: Any) -> Decimal:
        if value is None:
            self.fail(table, key, f"缺少 {key} (missing {key})")
            return Decimal("0.1")
        number = self.to_number(table, key, value, negative=False, what=key)
        if not 0 < number < 1:
            self.fail(table, key, f"{key} 应为 0 到 1 之间的比例（5% 写 0.05），而不是 {number}")
        return number

    def whole(self, table: RuleTable, key: str) -> int | None:
        return self.whole_number(table, key)

    def year(self, table: RuleTable, key: str, *, required: bool = False) -> int | None:
        if key not in table.data and not required:
            return None
        value = self.whole_number(table, key) if key in table.data else None
        if value is None and required and key not in table.data:
            self.fail(table, key, f"缺少 {key} (missing {key})")
        if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
            self.fail(table, key, f"{key} 应为 {MIN_YEAR}–{MAX_YEAR} 间的年份，而不是 {value}")
            return None
        return value

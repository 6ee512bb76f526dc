"""亩均评价方案 files: one versioned TOML file per scheme and year (`muju/schemes/*.toml`),
read with the kernel's `RuleReader`, so that every problem is reported at once with its line.

    version = "黄岩-2022"              # required
    title = "…"                        # optional
    title_en = "…"                     # optional: the title in English
    valid_from = 2023-01-01            # required: the evaluation this file is used for …
    valid_to = 2023-12-31              # … (inclusive)

    [[categories]]                     # 评价类别, first match wins
    name = "规上"
    name_en = "above designated size"   # optional, as every `*_en` key: the English that
                                        # English pages show (no Chinese in it); grades too
    size = "规上"                       # optional: 规上 / 规下
    min_mu = 3                          # optional: 用地面积 ≥ min_mu (亩) …
    max_mu = 3                          # optional: … < max_mu

    [[indicators]]                     # one table per category and indicator
    category = "规上"
    name = "亩均税收"
    name_en = "tax per mu"              # optional
    formula = "评价税收 / 用地面积"      # a figure / a figure (see scheme.FIGURES)
    scale = 1                           # optional: multiplies the value (元/度 = 10000)
    unit = "万元/亩"                     # optional, for explanations
    unit_en = "CNY 10k/mu"              # optional
    weight = 30                         # the weights of a category add up to 100
    normalise = "对标"                   # 对标 / 最小最大 / 最优对标 / 逆向
    benchmark = 24.097                  # 对标 and 逆向: a given benchmark, or
    benchmark_times = 2                 # … times the average (Σ numerator / Σ denominator)
    benchmark_of = "上年"                # … of 本年 or 上年 category
    floor = 0.2                         # 最小最大: the lowest earns this share of the weight
    cap_times_weight = 1.5              # optional: at most 1.5 × weight
    missing = "平均分"                   # optional: 零分 (default) or the category's 平均分

    [[adjustments]]                    # 加分 (points > 0) / 减分 (points < 0), per occurrence
    name = "出租给规下企业"
    name_en = "land let to small firms"  # optional
    points = -5
    first = -10                         # optional: the first occurrence's points
    free = 1                            # optional: this many occurrences count 0
    cap = 20                            # optional: at most this much in absolute value
    category = "规下"                    # optional: only this category

    [exclusions]                       # who is not ranked
    label = "T"                         # the grade shown (default 不定等级)
    label_en = "T"                      # optional (not graded, when label is left out)
    treat_as = "B"                      # optional: managed as this grade
    kinds = ["公用事业"]                 # enterprises marked with these kinds
    kinds_en = ["public utility"]       # optional: one for each kind, in the same order
    registered_years_under = 2          # registered fewer than 2 years before the evaluation
    land_supplied_years_under = 3       # on land supplied fewer than 3 years before it

    [[grades]]                         # in order, best first; rank ≤ boundary(up_to × N)
    name = "A"
    up_to = 0.20                        # leave out on the last grade (everyone left)
    category = "规上"                    # optional: cut-offs of one category

    [ranking]
    boundary = "向下取整"                 # required: 向下取整 / 向上取整 / 四舍五入
    within_industry_groups = false      # rank within [[industry_groups]] (Wenling)

    [[industry_groups]]
    name = "机械"
    name_en = "machinery"               # optional
    codes = ["C33", "C34"]              # GB/T 4754 code prefixes

    [scoring]
    item_places = 2                     # optional: round each item's points
    total_places = 2                    # the total's places (default 2)

    [publication]                      # optional: the 公示 (objection window) of a run
    days = 7                            # days the results are published for objections
    working_days = false                # count working days (the district's calendar)
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

from taizhang.kernel.rulefiles import (
    VERSION_KEYS,
    RuleKind,
    RuleReader,
    RuleTable,
    hint,
    read_rule_file,
)
from taizhang.muju.engine.model import SizeClass
from taizhang.muju.engine.scheme import (
    BOUNDARY_WORDS,
    FIGURES,
    NORMALISATION_WORDS,
    NOT_GRADED,
    Adjustment,
    BenchmarkBase,
    Boundary,
    Category,
    Exclusions,
    Grade,
    Indicator,
    IndustryGroup,
    Missing,
    Normalisation,
    Scheme,
)

SCHEME = RuleKind("亩均评价方案", "per-mu evaluation scheme")
KEYS: dict[str, tuple[str, ...]] = {
    "": (*VERSION_KEYS, "title_en", "categories", "indicators", "adjustments", "exclusions",
         "grades", "ranking", "industry_groups", "scoring", "publication"),
    "categories": ("name", "name_en", "size", "min_mu", "max_mu"),
    "indicators": ("category", "name", "name_en", "formula", "scale", "unit", "unit_en",
                   "weight", "normalise", "benchmark", "benchmark_times", "benchmark_of", "floor",
                   "cap_times_weight", "missing"),
    "adjustments": ("name", "name_en", "points", "first", "free", "cap", "category"),
    "exclusions": ("label", "label_en", "treat_as", "kinds", "kinds_en",
                   "registered_years_under", "land_supplied_years_under"),
    "grades": ("name", "name_en", "up_to", "category"),
    "ranking": ("boundary", "within_industry_groups"),
    "industry_groups": ("name", "name_en", "codes"),
    "scoring": ("item_places", "total_places"),
    "publication": ("days", "working_days"),
}  # fmt: skip
HUNDRED = Decimal(100)
T = TypeVar("T")
_FORMULA = re.compile(r"^\s*([^/\s]+)\s*/\s*([^/\s]+)\s*$")
_BENCHMARKED = (Normalisation.RATIO, Normalisation.INVERSE)


def load_scheme(text: str, *, source: str = "scheme.toml") -> Scheme:
    """Parse and check a scheme file; `Invalid` listing every problem with its line."""
    return read_rule_file(text, kind=SCHEME, source=source, keys=KEYS, reader=_Reader)


class _Reader(RuleReader):
    def read(self, data: dict[str, Any]) -> Scheme:
        top = self.top(data)
        header = self.version_header(top)
        categories = self.categories(top)
        indicators = self.indicators(top, categories)
        adjustments = [self.adjustment(t, categories) for t in self.tables(top, "adjustments")]
        grades = self.grades(top, categories)
        exclusions = self.exclusions(self.table(top, "exclusions"), grades)
        ranking = self.table(top, "ranking")
        boundary = self.word(ranking, "boundary", BOUNDARY_WORDS, Boundary.FLOOR)
        groups = [self.industry_group(t) for t in self.tables(top, "industry_groups")]
        within = self.flag(ranking, "within_industry_groups")
        if within and not groups:
            self.fail(
                ranking,
                "within_industry_groups",
                "按行业分组排名，但没有 [[industry_groups]] 表 (no industry groups)",
            )
        scoring = self.table(top, "scoring")
        item_places = self.whole_number(scoring, "item_places")
        total_places = self.whole_number(scoring, "total_places")
        publication = self.table(top, "publication")
        days = self.whole_number(publication, "days")
        if days == 0:
            self.fail(publication, "days", "公示天数至少为 1 天 (at least one day)")
        working_days = self.flag(publication, "working_days")
        return Scheme(
            header.version, header.title, header.valid_from, header.valid_to,
            tuple(categories.values()), tuple(indicators), tuple(adjustments), exclusions,
            tuple(grades), boundary, tuple(groups), within, item_places,
            2 if total_places is None else total_places, self.source,
            days or None, working_days, self.english(top, "title"),
        )  # fmt: skip

    # ── categories and indicators ─────────────────────────────────────────
    def categories(self, top: RuleTable) -> dict[str, Category]:
        found: dict[str, Category] = {}
        tables = self.tables(top, "categories")
        if not tables:
            self.fail(top, "categories", "至少要有一个 [[categories]] 评价类别 (no categories)")
        for table in tables:
            name = self.text(table, "name")
            if name in found:
                self.fail(table, "name", f"评价类别 {name} 重复 (duplicate category)")
            size: SizeClass | None = None
            if "size" in table.data:
                words: dict[str, SizeClass | None] = {s.label: s for s in SizeClass}
                size = self.word(table, "size", words, None)
            low = self.number(table, "min_mu", required=False, negative=False)
            high = self.number(table, "max_mu", required=False, negative=False)
            if low is not None and high is not None and high <= low:
                self.fail(table, "max_mu", f"max_mu {high} 不大于 min_mu {low} (max ≤ min)")
            found[name] = Category(name, size, low, high, self.english(table, "name"))
        return found

    def indicators(self, top: RuleTable, categories: dict[str, Category]) -> list[Indicator]:
        read = [(t, self.indicator(t, categories)) for t in self.tables(top, "indicators")]
        indicators = [indicator for _, indicator in read if indicator]
        seen: set[tuple[str, str]] = set()
        for table, indicator in read:
            if indicator and (indicator.category, indicator.name) in seen:
                reason = f"{indicator.category} 的指标 {indicator.name} 重复 (duplicate indicator)"
                self.fail(table, "name", reason)
            if indicator:
                seen.add((indicator.category, indicator.name))
        self.check_weights(top, categories, indicators)
        return indicators

    def check_weights(
        self, top: RuleTable, categories: dict[str, Category], indicators: list[Indicator]
    ) -> None:
        """Each category has indicators, and their weights add up to 100."""
        weights: defaultdict[str, Decimal] = defaultdict(Decimal)
        for indicator in indicators:
            weights[indicator.category] += indicator.weight
        for index, name in enumerate(categories):
            where = RuleTable({}, "categories", index)
            if name not in weights:
                self.fail(where, "name", f"评价类别 {name} 没有任何指标 (no indicators)")
            elif weights[name] != HUNDRED:
                total = f"{weights[name].normalize():f}"
                self.fail(
                    where,
                    "name",
                    (
                        f"评价类别 {name} 的指标权重合计 {total}，应为 100"
                        f" (weights must add up to 100)"
                    ),
                )

    def indicator(self, table: RuleTable, categories: dict[str, Category]) -> Indicator | None:
        category = self.category_name(table, categories, required=True)
        name = self.text(table, "name")
        formula = self.formula(table)
        weight = self.number(table, "weight", negative=False) or Decimal(0)
        kind = self.word(table, "normalise", NORMALISATION_WORDS, Normalisation.RATIO)
        benchmark, times, base = self.benchmark(table, kind)
        floor = self.number(table, "floor", required=False, negative=False)
        if floor is not None and (floor >= 1 or kind is not Normalisation.MIN_MAX):
            self.fail(
                table, "floor", "floor 只用于“最小最大”，且应小于 1 (floor: min–max only, below 1)"
            )
        scale = self.number(table, "scale", required=False, negative=False)
        if scale == 0:
            self.fail(table, "scale", "scale 不能为 0 (scale must not be 0)")
        cap = self.number(table, "cap_times_weight", required=False, negative=False)
        missing = Missing.ZERO
        if "missing" in table.data:
            missing = self.word(table, "missing", {m.value: m for m in Missing}, Missing.ZERO)
        # a wrong formula is reported; the indicator still counts towards its category's weights
        (top, top_label), (bottom, bottom_label) = formula or (("", ""), ("", ""))
        return Indicator(
            category, name, top, bottom, top_label, bottom_label, weight, kind,
            scale or Decimal(1), self.text(table, "unit", required=False), benchmark, times, base,
            Decimal("0.2") if floor is None else floor, cap, missing, self.english(table, "name"),
            self.english(table, "unit"),
        )  # fmt: skip

    def formula(self, table: RuleTable) -> tuple[tuple[str, str], tuple[str, str]] | None:
        text = self.text(table, "formula")
        found = _FORMULA.match(text)
        if text and not found:
            self.fail(
                table,
                "formula",
                (f"公式 {text} 应写成“指标 / 指标”，如“评价税收 / 用地面积” (expected a / b)"),
            )
        if not found:
            return None
        parts = [self.figure(table, word) for word in found.groups()]
        if parts[0] is None or parts[1] is None:
            return None
        return (parts[0], found.group(1)), (parts[1], found.group(2))

    def figure(self, table: RuleTable, word: str) -> str | None:
        if word in FIGURES or word in FIGURES.values():
            return FIGURES.get(word, word)
        advice = hint(word, list(FIGURES), f"可用的数据：{'、'.join(FIGURES)}")
        self.fail(table, "formula", f"公式里的 {word} 不是已知的数据项，{advice} (unknown figure)")
        return None

    def benchmark(
        self, table: RuleTable, kind: Normalisation
    ) -> tuple[Decimal | None, Decimal | None, BenchmarkBase | None]:
        given = self.number(table, "benchmark", required=False, negative=False)
        times = self.number(table, "benchmark_times", required=False, negative=False)
        base = None
        if "benchmark_of" in table.data or times is not None:
            words = {b.value: b for b in BenchmarkBase}
            base = self.word(table, "benchmark_of", words, BenchmarkBase.LAST_YEAR)
        if kind in _BENCHMARKED and (given is None) == (times is None):
            self.fail(
                table,
                "benchmark",
                (
                    f"“{kind.label}”要写 benchmark（给定基准值）"
                    "或 benchmark_times（平均值的倍数），二者选一"
                    f" (one benchmark)"
                ),
            )
        if kind not in _BENCHMARKED and (given is not None or times is not None):
            self.fail(
                table,
                "benchmark",
                (
                    f"“{kind.label}”由参评企业算出基准，不写 benchmark"
                    f" (no benchmark for {kind.english})"
                ),
            )
        if given == 0 or times == 0:
            self.fail(table, "benchmark", "基准值不能为 0 (benchmark must not be 0)")
        return given, times, base

    # ── adjustments, grades, exclusions, groups ──────────────────────────
    def adjustment(self, table: RuleTable, categories: dict[str, Category]) -> Adjustment:
        first = self.number(table, "first", required=False)
        free = self.whole_number(table, "free") or 0
        if first is not None and free:
            self.fail(table, "free", "first 与 free 不能同时写 (first and free exclude each other)")
        return Adjustment(
            self.text(table, "name"), self.number(table, "points") or Decimal(0), first, free,
            self.number(table, "cap", required=False, negative=False),
            self.category_name(table, categories, required=False), self.english(table, "name"),
        )  # fmt: skip

    def grades(self, top: RuleTable, categories: dict[str, Category]) -> list[Grade]:
        tables = self.tables(top, "grades")
        if not tables:
            self.fail(top, "grades", "至少要有一个 [[grades]] 等级 (no grades)")
        grades = [(t, self.grade(t, categories)) for t in tables]
        by_scope: defaultdict[str, list[tuple[RuleTable, Grade]]] = defaultdict(list)
        for table, grade in grades:
            by_scope[grade.category].append((table, grade))
        for scoped in by_scope.values():
            self.check_cut_offs(scoped)
        return [grade for _, grade in grades]

    def grade(self, table: RuleTable, categories: dict[str, Category]) -> Grade:
        up_to = self.number(table, "up_to", required=False, negative=False)
        if up_to is not None and not 0 < up_to <= 1:
            self.fail(
                table,
                "up_to",
                (f"up_to 应为 0 到 1 之间的比例（20% 写 0.20），而不是 {up_to} (a share)"),
            )
        category = self.category_name(table, categories, required=False)
        return Grade(self.text(table, "name"), up_to, category, self.english(table, "name"))

    def check_cut_offs(self, scoped: list[tuple[RuleTable, Grade]]) -> None:
        """Within one scope: names unique, up_to rising, only the last one open."""
        for (table, grade), (_, after) in itertools.pairwise(scoped):
            if grade.up_to is None:
                self.fail(
                    table, "up_to", (f"等级 {grade.name} 不是最后一个，要写 up_to (missing up_to)")
                )
            elif after.up_to is not None and after.up_to <= grade.up_to:
                self.fail(
                    table,
                    "up_to",
                    (
                        f"等级 {after.name} 的 up_to 应大于 {grade.name} 的 {grade.up_to}"
                        f" (cut-offs must rise)"
                    ),
                )
        last_table, last = scoped[-1]
        if last.up_to is not None and last.up_to != 1:
            self.fail(
                last_table,
                "up_to",
                (
                    f"最后一个等级 {last.name} 不写 up_to（其余企业都归入该等级）"
                    f" (last grade is open)"
                ),
            )
        names = [grade.name for _, grade in scoped]
        for table, grade in scoped:
            if names.count(grade.name) > 1:
                self.fail(table, "name", f"等级 {grade.name} 重复 (duplicate grade)")

    def exclusions(self, table: RuleTable, grades: list[Grade]) -> Exclusions:
        treat_as = self.text(table, "treat_as", required=False)
        names = [grade.name for grade in grades]
        if treat_as and treat_as not in names:
            advice = hint(treat_as, names, f"已定义的等级：{'、'.join(names)}")
            self.fail(table, "treat_as", f"未知的等级 {treat_as}，{advice} (unknown grade)")
        label = self.text(table, "label", required=False)
        label_en = self.english(table, "label") or ("" if label else NOT_GRADED[1])
        return Exclusions(
            label or NOT_GRADED[0], treat_as,
            tuple(self.strings(table, "kinds", required=False)),
            self.whole_number(table, "registered_years_under"),
            self.whole_number(table, "land_supplied_years_under"),
            label_en, tuple(self.english_list(table, "kinds")),
        )  # fmt: skip

    def industry_group(self, table: RuleTable) -> IndustryGroup:
        return IndustryGroup(
            self.text(table, "name"),
            tuple(self.strings(table, "codes")),
            self.english(table, "name"),
        )

    # ── small readers ─────────────────────────────────────────────────────
    def category_name(
        self, table: RuleTable, categories: dict[str, Category], *, required: bool
    ) -> str:
        name = self.text(table, "category", required=required)
        if name and name not in categories:
            advice = hint(name, list(categories), f"已定义的类别：{'、'.join(categories) or '无'}")
            self.fail(table, "category", f"未知的评价类别 {name}，{advice} (unknown category)")
        return name

    def word(self, table: RuleTable, key: str, words: Mapping[str, T], default: T) -> T:
        value = table.data.get(key)
        if isinstance(value, str) and value.strip() in words:
            return words[value.strip()]
        options = [word for word in words if not word.isascii()] or list(words)
        if value is None:
            self.fail(table, key, f"缺少 {key}，应为 {'、'.join(options)} (missing {key})")
        else:
            advice = hint(str(value), list(words), f"应为 {'、'.join(options)}")
            self.fail(table, key, f"{key} 不认识“{value}”，{advice} (unknown word)")
        return default

"""A 亩均 evaluation scheme (评价办法) as values: categories, indicators with their formulas,
weights, normalisations and benchmarks, bonuses and deductions, exclusions and the grade cut-offs.

`schemefile.load_scheme` reads one from its versioned TOML file; `evaluate` applies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from taizhang.kernel.labels import LabelledEnum
from taizhang.muju.engine.model import EnterpriseYear, SizeClass

# The figures a formula may name: Chinese names (as notices write them) and the field names.
FIGURES: dict[str, str] = {
    "评价税收": "tax", "税收": "tax", "税收实际贡献": "tax",
    "用地面积": "land_mu",
    "主营业务收入": "revenue", "营业收入": "revenue", "销售收入": "revenue",
    "工业增加值": "value_added", "增加值": "value_added",
    "综合能耗": "energy_tce", "用电量": "electricity_kwh",
    "主要污染物排放量": "emissions_t", "排放量": "emissions_t",
    "用水量": "water_t", "年平均职工人数": "employees", "职工人数": "employees",
    "研发经费": "rnd", "R&D经费": "rnd", "R&D经费支出": "rnd",
}  # fmt: skip
FIELD_NAMES = frozenset(FIGURES.values())
FIGURES_EN: dict[str, str] = {
    "tax": "evaluated tax", "land_mu": "land area", "revenue": "revenue",
    "value_added": "value added", "energy_tce": "energy use", "electricity_kwh": "electricity use",
    "emissions_t": "main pollutant emissions", "water_t": "water use",
    "employees": "average employees", "rnd": "R&D spending",
}  # fmt: skip
OTHER_INDUSTRIES = "其他行业", "other industries"  # the group of a firm in no industry group
NOT_GRADED = "不定等级", "not graded"  # the label of an excluded firm unless the scheme names one


class Normalisation(LabelledEnum):
    """How an indicator's value becomes points (DOMAIN.md §1.4)."""

    RATIO = "对标", "对标", "ratio to benchmark"  # value / benchmark × weight
    MIN_MAX = "最小最大", "最小最大", "min–max"  # weight × [floor + (1−floor)·(x−min)/(max−min)]
    MAX = "最优对标", "最优对标", "best as benchmark"  # value / best × weight
    INVERSE = "逆向", "逆向", "lower is better"  # (2 − value/benchmark) × weight, ≥ 0


NORMALISATION_WORDS = {
    **{n.value: n for n in Normalisation},
    "ratio": Normalisation.RATIO, "minmax": Normalisation.MIN_MAX,
    "max": Normalisation.MAX, "inverse": Normalisation.INVERSE,
}  # fmt: skip


class Missing(LabelledEnum):
    """What an enterprise scores on an indicator whose figure it did not report."""

    ZERO = "零分", "零分", "zero"
    AVERAGE = "平均分", "平均分", "the category's average score"  # Huangyan: 单位排放增加值


class Boundary(LabelledEnum):
    """How `up_to × N` becomes the last rank of a grade (no source states it: say it)."""

    FLOOR = "向下取整", "向下取整", "floor"
    CEIL = "向上取整", "向上取整", "ceiling"
    ROUND = "四舍五入", "四舍五入", "round half up"

    @property
    def rounding(self) -> str:
        return {"FLOOR": ROUND_FLOOR, "CEIL": ROUND_CEILING, "ROUND": ROUND_HALF_UP}[self.name]


BOUNDARY_WORDS = {
    **{b.value: b for b in Boundary},
    "floor": Boundary.FLOOR, "ceil": Boundary.CEIL, "round": Boundary.ROUND,
}  # fmt: skip


class BenchmarkBase(LabelledEnum):
    """Whose figures a computed benchmark averages."""

    THIS_YEAR = "本年", "本年", "this year's evaluated enterprises"
    LAST_YEAR = "上年", "上年", "last year's evaluated enterprises"


@dataclass(frozen=True)
class Category:
    """评价类别: who is scored on which indicators (规上; 规下; ≥3亩 …). First match wins."""

    name: str
    size: SizeClass | None = None
    min_mu: Decimal | None = None  # inclusive
    max_mu: Decimal | None = None  # exclusive
    name_en: str = ""

    def holds(self, firm: EnterpriseYear) -> bool:
        if self.size is not None and firm.size != self.size:
            return False
        land = firm.land_mu if firm.land_mu is not None else Decimal(0)
        if self.min_mu is not None and land < self.min_mu:
            return False
        return self.max_mu is None or land < self.max_mu


@dataclass(frozen=True)
class Indicator:
    """One indicator of one category: value = numerator / denominator × scale."""

    category: str
    name: str
    numerator: str  # a field of EnterpriseYear
    denominator: str
    numerator_label: str  # as the scheme wrote it: 评价税收
    denominator_label: str
    weight: Decimal
    normalisation: Normalisation
    scale: Decimal = Decimal(1)
    unit: str = ""
    benchmark: Decimal | None = None  # given
    benchmark_times: Decimal | None = None  # computed: times the average …
    benchmark_of: BenchmarkBase | None = None  # … of this or last year's category
    floor: Decimal = Decimal("0.2")  # min–max: share of the weight the lowest earns
    cap_times_weight: Decimal | None = None  # at most this × weight (default: no cap)
    missing: Missing = Missing.ZERO
    name_en: str = ""
    unit_en: str = ""

    def value_of(self, firm: EnterpriseYear) -> Decimal | None:
        top, bottom = getattr(firm, self.numerator), getattr(firm, self.denominator)
        if top is None or bottom is None or bottom == 0:
            return None
        return Decimal(top) / Decimal(bottom) * self.scale


@dataclass(frozen=True)
class Adjustment:
    """加分/减分: points per occurrence; `first` for the first one, `free` occurrences at 0."""

    name: str
    points: Decimal
    first: Decimal | None = None
    free: int = 0
    cap: Decimal | None = None  # at most this much in absolute value
    category: str = ""  # only for this category ("" = all)
    name_en: str = ""


@dataclass(frozen=True)
class Exclusions:
    """Who is not ranked, and what they are labelled and managed as."""

    label: str = NOT_GRADED[0]
    treat_as: str = ""  # a grade name, e.g. "B" (gu456: 不定等级 managed as B)
    kinds: tuple[str, ...] = ()  # 公用事业, 政策性搬迁 …
    registered_years_under: int | None = None  # registered fewer than this many years
    land_supplied_years_under: int | None = None  # on land supplied fewer than … years ago
    label_en: str = ""
    kinds_en: tuple[str, ...] = ()  # the kinds in English, in the same order


@dataclass(frozen=True)
class Grade:
    """A grade: ranks with rank ≤ boundary(up_to × N); up_to None = everyone left."""

    name: str
    up_to: Decimal | None
    category: str = ""  # cut-offs of one category only ("" = all)
    name_en: str = ""


@dataclass(frozen=True)
class IndustryGroup:
    name: str
    codes: tuple[str, ...]  # prefixes of GB/T 4754 codes
    name_en: str = ""

    def holds(self, industry_code: str) -> bool:
        code = industry_code.strip().upper()
        return any(code.startswith(prefix.upper()) for prefix in self.codes)


@dataclass(frozen=True)
class Scheme:
    version: str
    title: str
    valid_from: date
    valid_to: date
    categories: tuple[Category, ...]
    indicators: tuple[Indicator, ...]
    adjustments: tuple[Adjustment, ...]
    exclusions: Exclusions
    grades: tuple[Grade, ...]
    boundary: Boundary
    industry_groups: tuple[IndustryGroup, ...] = ()
    rank_within_industry_groups: bool = False
    item_places: int | None = None  # round each item's points (None = keep full precision)
    total_places: int = 2
    source: str = "scheme.toml"
    publication_days: int | None = None  # 公示 days the scheme states (None: the caller's default)
    publication_working_days: bool = False  # counted on the working-day calendar
    title_en: str = ""

    def indicators_of(self, category: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.category == category)

    def grades_of(self, category: str) -> tuple[Grade, ...]:
        own = tuple(g for g in self.grades if g.category == category)
        return own or tuple(g for g in self.grades if not g.category)

    def category_of(self, firm: EnterpriseYear) -> Category | None:
        return next((c for c in self.categories if c.holds(firm)), None)

    def industry_group_of(self, firm: EnterpriseYear) -> str:
        return self.industry_group_names(firm)[0]

    def industry_group_names(self, firm: EnterpriseYear) -> tuple[str, str]:
        """The firm's industry group, in Chinese and English ("" when the file gives none)."""
        group = next((g for g in self.industry_groups if g.holds(firm.industry_code)), None)
        return (group.name, group.name_en) if group else OTHER_INDUSTRIES

    def category_en(self, name: str) -> str:
        return next((c.name_en for c in self.categories if c.name == name), "")

    def grade_en(self, name: str) -> str:
        """A grade's English name, or the exclusion label's ("" when the file gives none)."""
        if name == self.exclusions.label:
            return self.exclusions.label_en
        return next((g.name_en for g in self.grades if g.name == name and g.name_en), "")

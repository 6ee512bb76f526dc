"""The condition kinds a policy may state, each a small pure judge: an enterprise's `Profile`
and the match's `Context` in, an `Outcome` out — met, not met, or unknown (a figure missing,
named in `missing`) — with the figure found, the threshold and the figures used with their
sources. Comparisons are exact (Decimal, and ratios compared without dividing).

| kind (in a policy file) | class | reads |
|---|---|---|
| 注册年限 | `RegistrationAge` | 注册日期 at the reference date |
| 注册地 | `Registered` | the unit's code and its ancestors', the credit code's region |
| 规模 | `AboveScale` | 规上 / 规下 of the year |
| 企业划型 | `SizeClasses` | 大型/中型/小型/微型 from staff and revenue (DOMAIN §2.3.7) |
| 行业 | `Industry` | the GB/T 4754 code by prefix (C, C38, C3841, 38) |
| 亩均等级 | `MujuClass` | the 亩均 class of a year |
| 称号 / 资质 | `HeldWords` | titles (高新技术企业, 专精特新 …) or qualifications of the year |
| 研发投入比例 | `RndRatio` | R&D ÷ sales over three years, the band by the latest sales |
| 研发人员占比 | `RndStaffShare` | R&D staff ÷ employees |
| 销售增长 | `SalesGrowth` | ½(S2/S1 + S3/S2) − 1 over three years |
| 无重大事故 | `NoIncident` | serious incidents in the year |
| 指标 | `FigureBound` | one figure of the year at least / at most a bound |
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from typing import ClassVar, Protocol

from taizhang.kernel.labels import LabelledEnum
from taizhang.kernel.numbers import format_number
from taizhang.policies.engine.model import (
    UNITS,
    Field,
    Missing,
    Outcome,
    Profile,
    Status,
    Used,
    Words,
)

WAN = Decimal(10000)
ABOVE = "ABOVE"


class Kind(LabelledEnum):
    REGISTRATION_AGE = "注册年限", "注册年限", "years registered"
    REGISTERED = "注册地", "注册地", "registered in"
    ABOVE_SCALE = "规模", "规模", "above designated size"
    SIZE_CLASSES = "企业划型", "企业划型", "size class"
    INDUSTRY = "行业", "行业", "industry"
    MUJU_CLASS = "亩均等级", "亩均等级", "per-mu class"
    TAGS = "称号", "称号", "titles"
    QUALIFICATIONS = "资质", "资质", "qualifications"
    RND_RATIO = "研发投入比例", "研发投入比例", "R&D to sales"
    RND_STAFF = "研发人员占比", "研发人员占比", "R&D staff share"
    SALES_GROWTH = "销售增长", "销售增长", "sales growth"
    NO_INCIDENT = "无重大事故", "无重大事故", "no serious incident"
    FIGURE = "指标", "指标", "figure"


@dataclass(frozen=True)
class Context:
    """What every condition of one match shares: the year whose figures are judged (the last of
    three for ratios over three years) and the day ages are counted to."""

    year: int
    as_of: date


class Condition(Protocol):
    @property
    def kind(self) -> Kind: ...

    def describe(self) -> Words: ...

    def judge(self, profile: Profile, context: Context) -> Outcome: ...


# ── helpers ──────────────────────────────────────────────────────────────────


def num(value: Decimal, places: int | None = None) -> str:
    return format_number(value, places=places)


def pct(share: Decimal, places: int = 2) -> str:
    """A share as a percentage with its places kept: 0.05 → 5.00%."""
    return f"{format_number(share * 100, places=places, trim=False)}%"


def amount_words(value: Decimal, field: Field) -> Words:
    zh, en = UNITS.get(field, ("", ""))
    return Words(f"{num(value)} {zh}".strip(), f"{num(value)} {en}".strip())


def unknown(condition: Words, threshold: Words, missing: Sequence[Missing],
            used: Sequence[Used] = ()) -> Outcome:  # fmt: skip
    return Outcome(
        condition, Status.UNKNOWN, Words("缺数据", "data missing"), threshold, tuple(used),
        tuple(missing),
    )  # fmt: skip


def verdict(met: bool) -> Status:
    return Status.MET if met else Status.NOT_MET


def _figures(
    profile: Profile, fields: Sequence[Field], years: Sequence[int]
) -> tuple[dict[tuple[Field, int], Decimal], list[Used], list[Missing]]:
    """The numbers asked for, the figures used (with their sources) and what is missing."""
    found: dict[tuple[Field, int], Decimal] = {}
    used: list[Used] = []
    missing: list[Missing] = []
    for year in years:
        for name in fields:
            figure = profile.fact(name, year)
            number = figure.number if figure is not None else None
            if figure is None or number is None:
                missing.append(Missing(name, year))
                continue
            found[name, year] = number
            used.append(Used.of(name, figure, num(number)))
    return found, used, missing


# ── the kinds ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class RegistrationAge:
    """Registered at least `min_years` (and less than `max_years`) before the reference date."""

    kind: ClassVar[Kind] = Kind.REGISTRATION_AGE
    min_years: int = 0
    max_years: int | None = None

    def describe(self) -> Words:
        if self.max_years is not None and self.min_years:
            return Words(
                f"注册满 {self.min_years} 年、不满 {self.max_years} 年",
                f"registered {self.min_years} to under {self.max_years} years",
            )
        if self.max_years is not None:
            return Words(
                f"注册不满 {self.max_years} 年", f"registered under {self.max_years} years"
            )
        return Words(f"注册满 {self.min_years} 年", f"registered at least {self.min_years} years")

    def judge(self, profile: Profile, context: Context) -> Outcome:
        threshold = self.describe()
        figure = profile.fact(Field.REGISTERED_ON)
        if figure is None or not isinstance(figure.value, date):
            return unknown(self.describe(), threshold, [Missing(Field.REGISTERED_ON)])
        on = figure.value
        months = (context.as_of.year - on.year) * 12 + context.as_of.month - on.month
        months -= 1 if context.as_of.day < on.day else 0
        met = months >= 12 * self.min_years and (
            self.max_years is None or months < 12 * self.max_years
        )
        years, rest = divmod(max(months, 0), 12)
        shown = Words(
            f"注册 {years} 年 {rest} 个月（{on.isoformat()} 至 {context.as_of.isoformat()}）",
            f"{years} y {rest} m registered ({on.isoformat()} to {context.as_of.isoformat()})",
        )
        used = (Used.of(Field.REGISTERED_ON, figure, on.isoformat()),)
        return Outcome(self.describe(), verdict(met), shown, threshold, used)


@dataclass(frozen=True)
class Registered:
    """Registered in one of the units (by code, a unit's subtree included) or regions (the
    credit code's 登记机关行政区划码 by prefix)."""

    kind: ClassVar[Kind] = Kind.REGISTERED
    units: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    def describe(self) -> Words:
        places = "、".join((*self.units, *self.regions))
        return Words(f"注册地在 {places}", f"registered in {places}")

    def judge(self, profile: Profile, context: Context) -> Outcome:
        place = profile.place
        missing = []
        if self.units and not place.unit_codes:
            missing.append(Missing(Field.PLACE))
        if self.regions and not place.region:
            missing.append(Missing(Field.PLACE))
        in_unit = (
            any(code.startswith(self.units) for code in place.unit_codes) if self.units else False
        )
        in_region = bool(self.regions) and place.region.startswith(self.regions)
        if not (in_unit or in_region) and len(missing) == bool(self.units) + bool(self.regions):
            return unknown(self.describe(), self.describe(), missing[:1])
        shown = " · ".join(p for p in (place.unit_name, place.region) if p)
        used = (Used(Field.PLACE, None, shown),)
        figure = Words(shown or "—", shown or "—")
        return Outcome(
            self.describe(), verdict(in_unit or in_region), figure, self.describe(), used
        )


@dataclass(frozen=True)
class AboveScale:
    """规上 (or 规下) in the year, as the statistics bureau's list states it."""

    kind: ClassVar[Kind] = Kind.ABOVE_SCALE
    above: bool = True
    year: int | None = None

    def describe(self) -> Words:
        return (
            Words("规上企业", "above designated size")
            if self.above
            else Words("规下企业", "below designated size")
        )

    def judge(self, profile: Profile, context: Context) -> Outcome:
        year = self.year or context.year
        figure = profile.fact(Field.SIZE, year)
        if figure is None or not isinstance(figure.value, str):
            return unknown(self.describe(), self.describe(), [Missing(Field.SIZE, year)])
        above = figure.value == ABOVE
        shown = Words(f"{year} 年{'规上' if above else '规下'}",
                      f"{'above' if above else 'below'} designated size in {year}")  # fmt: skip
        used = (Used.of(Field.SIZE, figure, figure.value),)
        return Outcome(self.describe(), verdict(above == self.above), shown, self.describe(), used)


class Size(LabelledEnum):
    """统计上大中小微型企业划分 (industry, 2017; DOMAIN §2.3.7)."""

    LARGE = "大型", "大型", "large"
    MEDIUM = "中型", "中型", "medium"
    SMALL = "小型", "小型", "small"
    MICRO = "微型", "微型", "micro"


# (class, at least this many people, and at least this revenue in 万元): both lower bounds.
SIZE_BOUNDS: tuple[tuple[Size, Decimal, Decimal], ...] = (
    (Size.LARGE, Decimal(1000), Decimal(40000)),
    (Size.MEDIUM, Decimal(300), Decimal(2000)),
    (Size.SMALL, Decimal(20), Decimal(300)),
)


def size_class(employees: Decimal | None, revenue: Decimal | None) -> Size | None:
    """大型/中型/小型 need both lower bounds, else one class down; 微型 needs only one figure
    below the small bounds (< 20 人 or < 300 万元). None when the figures do not decide."""
    if (employees is not None and employees < 20) or (revenue is not None and revenue < 300):
        return Size.MICRO
    if employees is None or revenue is None:
        return None
    for size, people, money in SIZE_BOUNDS:
        if employees >= people and revenue >= money:
            return size
    return Size.MICRO


@dataclass(frozen=True)
class SizeClasses:
    """The enterprise's size class in the year is one of `classes`."""

    kind: ClassVar[Kind] = Kind.SIZE_CLASSES
    classes: tuple[Size, ...] = ()
    year: int | None = None

    def describe(self) -> Words:
        return Words(
            "划型为" + "、".join(s.label for s in self.classes) + "企业",
            "size class " + " or ".join(s.english for s in self.classes),
        )

    def judge(self, profile: Profile, context: Context) -> Outcome:
        year = self.year or context.year
        found, used, missing = _figures(profile, (Field.EMPLOYEES, Field.REVENUE), (year,))
        size = size_class(found.get((Field.EMPLOYEES, year)), found.get((Field.REVENUE, year)))
        if size is None:
            return unknown(self.describe(), self.describe(), missing, used)
        shown = Words(f"{year} 年为{size.label}企业", f"{size.english} in {year}")
        return Outcome(self.describe(), verdict(size in self.classes), shown, self.describe(),
                       tuple(used))  # fmt: skip


def industry_matches(code: str, prefix: str) -> bool:
    """C3841 matches C, C38, C384, C3841 and 38, 384 (a prefix of the digits)."""
    code, prefix = code.strip().upper(), prefix.strip().upper()
    if prefix[:1].isalpha():
        return code.startswith(prefix)
    digits = code[1:] if code[:1].isalpha() else code
    return digits.startswith(prefix)


@dataclass(frozen=True)
class Industry:
    """The industry code (GB/T 4754) starts with one of `prefixes`."""

    kind: ClassVar[Kind] = Kind.INDUSTRY
    prefixes: tuple[str, ...] = ()

    def describe(self) -> Words:
        listed = "、".join(self.prefixes)
        return Words(f"行业代码属 {listed}", f"industry code in {listed}")

    def judge(self, profile: Profile, context: Context) -> Outcome:
        figure = profile.fact(Field.INDUSTRY, context.year) or profile.fact(Field.INDUSTRY)
        if figure is None or not isinstance(figure.value, str) or not figure.value:
            return unknown(self.describe(), self.describe(), [Missing(Field.INDUSTRY)])
        code = figure.value
        met = any(industry_matches(code, prefix) for prefix in self.prefixes)
        used = (Used.of(Field.INDUSTRY, figure, code),)
        return Outcome(self.describe(), verdict(met), Words(code, code), self.describe(), used)


@dataclass(frozen=True)
class MujuClass:
    """The 亩均 class of the year is one of `classes`."""

    kind: ClassVar[Kind] = Kind.MUJU_CLASS
    classes: tuple[str, ...] = ()
    year: int | None = None

    def describe(self) -> Words:
        listed = "、".join(self.classes)
        year = f"{self.year} 年度" if self.year else ""
        year_en = f" of {self.year}" if self.year else ""
        return Words(f"{year}亩均评价为 {listed} 类", f"per-mu class{year_en} {listed}")

    def judge(self, profile: Profile, context: Context) -> Outcome:
        year = self.year or context.year
        figure = profile.fact(Field.MUJU_CLASS, year)
        if figure is None or not isinstance(figure.value, str):
            return unknown(self.describe(), self.describe(), [Missing(Field.MUJU_CLASS, year)])
        grade = figure.value
        shown = Words(f"{year} 年度 {grade} 类", f"class {grade} in {year}")
        used = (Used.of(Field.MUJU_CLASS, figure, grade),)
        return Outcome(self.describe(), verdict(grade in self.classes), shown, self.describe(),
                       used)  # fmt: skip


@dataclass(frozen=True)
class HeldWords:
    """Titles (称号) or qualifications (资质) held in the year: any of, all of, none of."""

    field: Field = Field.TAGS
    any_of: tuple[str, ...] = ()
    all_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    year: int | None = None

    @property
    def kind(self) -> Kind:
        return Kind.TAGS if self.field is Field.TAGS else Kind.QUALIFICATIONS

    def describe(self) -> Words:
        parts_zh, parts_en = [], []
        if self.any_of:
            parts_zh.append("具有" + "或".join(self.any_of))
            parts_en.append("holds " + " or ".join(self.any_of))
        if self.all_of:
            parts_zh.append("同时具有" + "、".join(self.all_of))
            parts_en.append("holds all of " + ", ".join(self.all_of))
        if self.none_of:
            parts_zh.append("尚未获得" + "、".join(self.none_of))
            parts_en.append("does not yet hold " + ", ".join(self.none_of))
        return Words("，".join(parts_zh), "; ".join(parts_en))

    def judge(self, profile: Profile, context: Context) -> Outcome:
        year = self.year or context.year
        figure = profile.fact(self.field, year)
        if figure is None or not isinstance(figure.value, frozenset):
            return unknown(self.describe(), self.describe(), [Missing(self.field, year)])
        held = figure.value
        met = (
            (not self.any_of or bool(held & set(self.any_of)))
            and set(self.all_of) <= held
            and not held & set(self.none_of)
        )
        listed = "、".join(sorted(held))
        shown = Words(f"{year} 年：{listed or '无'}", f"{year}: {listed or 'none'}")
        used = (Used.of(self.field, figure, listed or "—"),)
        return Outcome(self.describe(), verdict(met), shown, self.describe(), used)


@dataclass(frozen=True)
class Band:
    """Up to `limit` 万元 of latest sales (None: any above), the R&D share asked."""

    limit: Decimal | None
    share: Decimal


# 高新技术企业认定 (DOMAIN §6.3): ≥5 % when the latest sales ≤ 5000万, ≥4 % up to 2亿, ≥3 % above.
HIGH_TECH_BANDS = (
    Band(Decimal(5000), Decimal("0.05")),
    Band(Decimal(20000), Decimal("0.04")),
    Band(None, Decimal("0.03")),
)


def band_for(bands: Sequence[Band], sales: Decimal) -> Band:
    return next(b for b in bands if b.limit is None or sales <= b.limit)


def _band_words(bands: Sequence[Band]) -> Words:
    zh, en, low = [], [], None
    for band in bands:
        share = pct(band.share, 0)
        if band.limit is None:
            zh.append(f"{num(low or Decimal(0))} 万元以上 ≥ {share}")
            en.append(f"≥ {share} above CNY {num((low or Decimal(0)) / 100)}m")
        else:
            zh.append(f"≤ {num(band.limit)} 万元 ≥ {share}")
            en.append(f"≥ {share} up to CNY {num(band.limit / 100)}m")
        low = band.limit
    return Words("；".join(zh), "; ".join(en))


@dataclass(frozen=True)
class RndRatio:
    """R&D spending over the last `years` years ÷ sales over the same years, at least the share
    of the band the latest year's sales fall in."""

    kind: ClassVar[Kind] = Kind.RND_RATIO
    bands: tuple[Band, ...] = HIGH_TECH_BANDS
    years: int = 3

    def describe(self) -> Words:
        bands = _band_words(self.bands)
        return Words(
            f"近 {self.years} 年研发费用占销售收入比例（按最近一年销售收入：{bands.zh}）",
            f"R&D over {self.years} years to sales ({bands.en}, by the latest year's sales)",
        )

    def judge(self, profile: Profile, context: Context) -> Outcome:
        years = list(range(context.year - self.years + 1, context.year + 1))
        found, used, missing = _figures(profile, (Field.RND, Field.REVENUE), years)
        if missing:
            return unknown(self.describe(), self.describe(), missing, used)
        rnd = sum((found[Field.RND, y] for y in years), Decimal(0))
        sales = sum((found[Field.REVENUE, y] for y in years), Decimal(0))
        band = band_for(self.bands, found[Field.REVENUE, context.year])
        threshold = Words(f"≥ {pct(band.share, 0)}", f"≥ {pct(band.share, 0)}")
        if sales <= 0:
            shown = Words("销售收入为 0，无法计算", "no sales")
            return Outcome(self.describe(), Status.NOT_MET, shown, threshold, tuple(used))
        ratio = rnd / sales
        shown = Words(
            f"{num(rnd)} ÷ {num(sales)} = {pct(ratio)}", f"{num(rnd)} / {num(sales)} = {pct(ratio)}"
        )
        met = rnd >= band.share * sales
        return Outcome(self.describe(), verdict(met), shown, threshold, tuple(used))


@dataclass(frozen=True)
class RndStaffShare:
    """R&D staff ÷ employees in the year, at least `share`."""

    kind: ClassVar[Kind] = Kind.RND_STAFF
    share: Decimal = Decimal("0.1")
    year: int | None = None

    def describe(self) -> Words:
        return Words(f"研发人员占职工总数 ≥ {pct(self.share, 0)}",
                     f"R&D staff ≥ {pct(self.share, 0)} of employees")  # fmt: skip

    def judge(self, profile: Profile, context: Context) -> Outcome:
        year = self.year or context.year
        found, used, missing = _figures(profile, (Field.RND_STAFF, Field.EMPLOYEES), (year,))
        threshold = Words(f"≥ {pct(self.share, 0)}", f"≥ {pct(self.share, 0)}")
        if missing:
            return unknown(self.describe(), threshold, missing, used)
        staff, employees = found[Field.RND_STAFF, year], found[Field.EMPLOYEES, year]
        if employees <= 0:
            shown = Words("职工人数为 0", "no employees")
            return Outcome(self.describe(), Status.NOT_MET, shown, threshold, tuple(used))
        shown_text = f"{num(staff)} / {num(employees)} = {pct(staff / employees)}"
        met = staff >= self.share * employees
        return Outcome(self.describe(), verdict(met), Words(shown_text, shown_text), threshold,
                       tuple(used))  # fmt: skip


def sales_growth(s1: Decimal, s2: Decimal, s3: Decimal) -> Decimal:
    """½ × (S2/S1 + S3/S2) − 1 (the old 高企 scoring's 销售收入增长率)."""
    with localcontext(prec=40):
        return (s2 / s1 + s3 / s2) / 2 - 1


def growth_at_least(s1: Decimal, s2: Decimal, s3: Decimal, growth: Decimal) -> bool:
    """½(S2/S1 + S3/S2) − 1 ≥ g, decided without dividing: S2² + S1·S3 ≥ 2(1 + g)·S1·S2."""
    with localcontext(prec=80):
        return s2 * s2 + s1 * s3 >= 2 * (1 + growth) * s1 * s2


@dataclass(frozen=True)
class SalesGrowth:
    """Sales growth over the last three years at least `growth`."""

    kind: ClassVar[Kind] = Kind.SALES_GROWTH
    growth: Decimal = Decimal(0)

    def describe(self) -> Words:
        return Words(f"近 3 年销售收入增长率 ≥ {pct(self.growth, 0)}",
                     f"sales growth over 3 years ≥ {pct(self.growth, 0)}")  # fmt: skip

    def judge(self, profile: Profile, context: Context) -> Outcome:
        years = [context.year - 2, context.year - 1, context.year]
        found, used, missing = _figures(profile, (Field.REVENUE,), years)
        threshold = Words(f"≥ {pct(self.growth, 0)}", f"≥ {pct(self.growth, 0)}")
        if missing:
            return unknown(self.describe(), threshold, missing, used)
        s1, s2, s3 = (found[Field.REVENUE, y] for y in years)
        if s1 <= 0 or s2 <= 0:
            shown = Words("前两年销售收入为 0，无法计算", "no sales in the first years")
            return Outcome(self.describe(), Status.NOT_MET, shown, threshold, tuple(used))
        text = pct(sales_growth(s1, s2, s3), 1)
        shown = Words(f"½×({num(s2)}/{num(s1)} + {num(s3)}/{num(s2)}) − 1 = {text}",
                      f"½×({num(s2)}/{num(s1)} + {num(s3)}/{num(s2)}) − 1 = {text}")  # fmt: skip
        met = growth_at_least(s1, s2, s3, self.growth)
        return Outcome(self.describe(), verdict(met), shown, threshold, tuple(used))


@dataclass(frozen=True)
class NoIncident:
    """No serious safety, quality or environmental incident in the year."""

    kind: ClassVar[Kind] = Kind.NO_INCIDENT
    year: int | None = None

    def describe(self) -> Words:
        year = f"{self.year} 年" if self.year else "上一年度"
        year_en = str(self.year) if self.year else "the year before"
        return Words(
            f"{year}未发生重大安全、质量、环境事故",
            f"no serious safety, quality or environmental incident in {year_en}",
        )

    def judge(self, profile: Profile, context: Context) -> Outcome:
        year = self.year or context.year
        threshold = Words("0 起", "none")
        found, used, missing = _figures(profile, (Field.INCIDENTS,), (year,))
        if missing:
            return unknown(self.describe(), threshold, missing, used)
        count = found[Field.INCIDENTS, year]
        shown = Words(f"{year} 年 {num(count)} 起", f"{num(count)} in {year}")
        return Outcome(self.describe(), verdict(count == 0), shown, threshold, tuple(used))


@dataclass(frozen=True)
class FigureBound:
    """One figure of the year at least `at_least` and/or at most `at_most` (in its ledger unit)."""

    kind: ClassVar[Kind] = Kind.FIGURE
    field: Field = Field.REVENUE
    at_least: Decimal | None = None
    at_most: Decimal | None = None
    year: int | None = None

    def describe(self) -> Words:
        zh, en = [], []
        if self.at_least is not None:
            shown = amount_words(self.at_least, self.field)
            zh.append(f"≥ {shown.zh}")
            en.append(f"≥ {shown.en}")
        if self.at_most is not None:
            shown = amount_words(self.at_most, self.field)
            zh.append(f"≤ {shown.zh}")
            en.append(f"≤ {shown.en}")
        year = f"{self.year} 年" if self.year else ""
        return Words(f"{year}{self.field.label} {'、'.join(zh)}",
                     f"{self.field.english} {' and '.join(en)}")  # fmt: skip

    def judge(self, profile: Profile, context: Context) -> Outcome:
        year = self.year or context.year
        found, used, missing = _figures(profile, (self.field,), (year,))
        if missing:
            return unknown(self.describe(), self.describe(), missing, used)
        value = found[self.field, year]
        met = (self.at_least is None or value >= self.at_least) and (
            self.at_most is None or value <= self.at_most
        )
        shown = amount_words(value, self.field)
        figure = Words(f"{year} 年 {shown.zh}", f"{shown.en} in {year}")
        return Outcome(self.describe(), verdict(met), figure, self.describe(), tuple(used))

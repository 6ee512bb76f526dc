"""The 亩均 scheme applied to a whole table of enterprise-years at once (Polars), for districts and
benchmarks with hundreds of thousands of enterprises. Same `Scheme`, same scores and grades as
`evaluate.evaluate`; no explanations (ask `evaluate` for one enterprise's).

    table = table_of(firms)                       # or a Polars frame built directly (see below)
    result = evaluate_table(table, scheme, as_of=date(2025, 3, 31), last_year=previous)

The table has one row per enterprise: `enterprise_id` (unique), `size` ("ABOVE"/"BELOW", the
`SizeClass` values), the figures of `EnterpriseYear` as Float64 columns named as its fields
(`tax`, `land_mu` …; null or NaN = not reported; a column the scheme does not read may be left out),
and, when the scheme looks at them, `industry_code`, `kinds` (list of str), `registered_on`,
`land_supplied_on` (dates) and one Int64 column `adjustment:<rule name>` per 加减分 rule (how
many times; absent = 0). A Float64 figure stands for the decimal `repr` prints for it (1.23
for 1.23): `table_of` refuses a Decimal of more than 15 significant digits, which no float holds.

The result has, in the table's order: enterprise_id, category, group, score (Float64, rounded to
the scheme's `total_places`), score_units (the score × 10^total_places, an exact Int64), grade,
rank, ranked, excluded (why not ranked) and treated_as; `scores_of` reads the exact Decimal
scores back. `last_year` is a table of the same shape (for benchmarks of 上年平均).

How the scores stay identical to the Decimal engine's
Points are computed in float64 with, per enterprise, a bound on the floating-point error. A total
that is farther than its bound from a rounding tie (…5 at the scheme's places), from a cap, and
whose items are as far from their own rounding ties (`item_places`), rounds exactly as the
Decimal engine's does. The few that are not are recomputed by the Decimal engine's own
functions (`scoring.score_item`, `adjustment_part`, `rounded`) with exactly computed references
(benchmarks summed in Decimal, min–max ends taken from Decimal values). Ranks and grades are then
computed on the exact integer scores, so ties and cut-offs fall as in `evaluate`. A scheme using
something this module does not know raises `Unsupported` instead of scoring differently.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl

from taizhang.kernel.errors import Invalid
from taizhang.muju.engine.evaluate import NO_CATEGORY
from taizhang.muju.engine.grading import last_rank, years_before
from taizhang.muju.engine.model import EnterpriseYear, ItemScore, SizeClass
from taizhang.muju.engine.scheme import (
    FIELD_NAMES,
    Adjustment,
    BenchmarkBase,
    Category,
    Exclusions,
    Grade,
    Indicator,
    IndustryGroup,
    Missing,
    Normalisation,
    Scheme,
)
from taizhang.muju.engine.scoring import (
    ZERO,
    Reference,
    adjustment_part,
    rounded,
    score_item,
)

ADJUSTMENT_PREFIX = "adjustment:"
# Relative error allowed per enterprise and item, far above float64's (2.2e-16 per operation
# over the dozen operations of an item): a margin, not an estimate.
EPSILON = 1e-12
HUGE_RANK = 2**62
FIGURE_ORDER = (
    "land_mu", "tax", "revenue", "value_added", "energy_tce", "electricity_kwh",
    "emissions_t", "water_t", "employees", "rnd",
)  # fmt: skip
# What this module computes, named one by one: a member or field added to the scheme later is
# refused (`Unsupported`) until it is taught here, never scored differently from `evaluate`.
KNOWN_NORMALISATIONS = frozenset(
    {Normalisation.RATIO, Normalisation.MIN_MAX, Normalisation.MAX, Normalisation.INVERSE}
)
KNOWN_MISSING = frozenset({Missing.ZERO, Missing.AVERAGE})
KNOWN_BASES = frozenset({BenchmarkBase.THIS_YEAR, BenchmarkBase.LAST_YEAR})
KNOWN_FIELDS: dict[type, frozenset[str]] = {
    Scheme: frozenset({
        "version", "title", "valid_from", "valid_to", "categories", "indicators", "adjustments",
        "exclusions", "grades", "boundary", "industry_groups", "rank_within_industry_groups",
        "item_places", "total_places", "source",
        "publication_days", "publication_working_days",  # the 公示 of a run: no score depends on it
        "title_en",  # English names (`*_en`): labels only
    }),
    Category: frozenset({"name", "size", "min_mu", "max_mu", "name_en"}),
    Indicator: frozenset({
        "category", "name", "numerator", "denominator", "numerator_label", "denominator_label",
        "weight", "normalisation", "scale", "unit", "benchmark", "benchmark_times",
        "benchmark_of", "floor", "cap_times_weight", "missing", "name_en", "unit_en",
    }),
    Adjustment: frozenset({"name", "points", "first", "free", "cap", "category", "name_en"}),
    Exclusions: frozenset({
        "label", "treat_as", "kinds", "registered_years_under", "land_supplied_years_under",
        "label_en", "kinds_en",
    }),
    Grade: frozenset({"name", "up_to", "category", "name_en"}),
    IndustryGroup: frozenset({"name", "codes", "name_en"}),
}  # fmt: skip
RESULT_COLUMNS = (
    "enterprise_id", "category", "group", "score", "score_units", "grade", "rank", "ranked",
    "excluded", "treated_as",
)  # fmt: skip


class Unsupported(Invalid):
    """The scheme uses something the columnar scorer cannot compute exactly: use `evaluate`."""


# ── the table ────────────────────────────────────────────────────────────────────────────────


def table_of(firms: Sequence[EnterpriseYear], scheme: Scheme | None = None) -> pl.DataFrame:
    """The columnar table of `EnterpriseYear` values (adjustment columns for the scheme's rules,
    or for every rule the firms name when no scheme is given)."""
    rules = (
        [rule.name for rule in scheme.adjustments]
        if scheme is not None
        else sorted({name for firm in firms for name in firm.adjustments})
    )
    columns: dict[str, list[Any]] = {
        "enterprise_id": [f.enterprise_id for f in firms],
        "size": [f.size.value for f in firms],
    }
    for name in FIGURE_ORDER:
        columns[name] = [_figure(getattr(f, name), f, name) for f in firms]
    columns["industry_code"] = [f.industry_code for f in firms]
    columns["kinds"] = [sorted(f.kinds) for f in firms]
    columns["registered_on"] = [f.registered_on for f in firms]
    columns["land_supplied_on"] = [f.land_supplied_on for f in firms]
    for rule in rules:
        columns[ADJUSTMENT_PREFIX + rule] = [f.adjustments.get(rule, 0) for f in firms]
    schema: dict[str, Any] = {
        "enterprise_id": pl.Int64,
        "size": pl.String,
        **{name: pl.Float64 for name in FIGURE_ORDER},
        "industry_code": pl.String,
        "kinds": pl.List(pl.String),
        "registered_on": pl.Date,
        "land_supplied_on": pl.Date,
        **{ADJUSTMENT_PREFIX + rule: pl.Int64 for rule in rules},
    }
    return pl.DataFrame(columns, schema=schema)


def _figure(value: Decimal | None, firm: EnterpriseYear, name: str) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number) or Decimal(repr(number)) != value:
        raise Unsupported(
            f"企业 {firm.enterprise_id} 的 {name} = {value} 超过 15 位有效数字，列式评价无法精确"
            "表示，请用逐户评价 (figure has more than 15 significant digits)"
        )
    return number


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value))


def _firm_of(row: dict[str, Any], rules: Sequence[Adjustment]) -> EnterpriseYear:
    """A row back as the engine's value (figures exactly the decimals they stand for)."""
    figures = {name: _decimal(row.get(name)) for name in FIGURE_ORDER}
    adjustments = {rule.name: int(row.get(ADJUSTMENT_PREFIX + rule.name) or 0) for rule in rules}
    return EnterpriseYear(
        int(row["enterprise_id"]), "", SizeClass(row["size"]),
        adjustments=adjustments, industry_code=row.get("industry_code") or "",
        **figures,  # type: ignore[arg-type]
    )  # fmt: skip


# ── checks ───────────────────────────────────────────────────────────────────────────────────


def check_supported(scheme: Scheme) -> None:
    """Raise `Unsupported` for anything of the scheme this module does not compute."""
    parts: list[Any] = [
        scheme, scheme.exclusions, *scheme.categories, *scheme.indicators,
        *scheme.adjustments, *scheme.grades, *scheme.industry_groups,
    ]  # fmt: skip
    for part in parts:
        _check_fields(part)
    for indicator in scheme.indicators:
        where = f"{indicator.category}·{indicator.name}"
        if indicator.normalisation not in KNOWN_NORMALISATIONS:
            raise Unsupported(f"{where}：列式评价不支持归一化方法 {indicator.normalisation}")
        if indicator.missing not in KNOWN_MISSING:
            raise Unsupported(f"{where}：列式评价不支持缺失处理 {indicator.missing}")
        if indicator.benchmark_of is not None and indicator.benchmark_of not in KNOWN_BASES:
            raise Unsupported(f"{where}：列式评价不支持基准 {indicator.benchmark_of}")
        for figure in (indicator.numerator, indicator.denominator):
            if figure not in FIELD_NAMES or figure not in FIGURE_ORDER:
                raise Unsupported(f"{where}：列式评价不认识数据项 {figure}")


def _check_fields(part: Any) -> None:
    """A field this module does not know, set away from its default, is refused."""
    known = next((names for kind, names in KNOWN_FIELDS.items() if isinstance(part, kind)), None)
    if known is None:
        raise Unsupported(f"列式评价不认识方案的组成部分 {type(part).__name__}")
    for item in dataclasses.fields(part):
        if item.name in known:
            continue
        default = item.default
        if item.default_factory is not dataclasses.MISSING:
            default = item.default_factory()
        if default is dataclasses.MISSING or getattr(part, item.name) != default:
            raise Unsupported(
                f"列式评价还不支持方案的 {type(part).__name__}.{item.name}，请用逐户评价 "
                f"(the columnar scorer does not know {item.name})"
            )


def _check_table(
    table: pl.DataFrame, scheme: Scheme, what: str, *, unique: bool = True
) -> pl.DataFrame:
    """The table with every column the scheme reads (absent optional ones added empty).
    This year's enterprises must be unique (the engine would silently keep one result of two);
    last year's only feed sums, as the engine's do."""
    for needed in ("enterprise_id", "size"):
        if needed not in table.columns:
            raise Invalid(f"{what}缺少列 {needed} (missing column {needed})")
    ids = table["enterprise_id"]
    if unique and (ids.null_count() or ids.n_unique() != table.height):
        raise Invalid(f"{what}的 enterprise_id 为空或重复 (enterprise ids must be unique)")
    sizes = set(table["size"].unique().to_list()) - {s.value for s in SizeClass}
    if sizes:
        raise Invalid(f"{what}的 size 只能是 ABOVE 或 BELOW，出现了 {sorted(map(str, sizes))}")
    missing: dict[str, Any] = {}
    for name in FIGURE_ORDER:
        if name not in table.columns:
            missing[name] = pl.lit(None, dtype=pl.Float64)
    defaults: dict[str, Any] = {
        "industry_code": pl.lit("", dtype=pl.String),
        "kinds": pl.lit([], dtype=pl.List(pl.String)),
        "registered_on": pl.lit(None, dtype=pl.Date),
        "land_supplied_on": pl.lit(None, dtype=pl.Date),
        **{ADJUSTMENT_PREFIX + r.name: pl.lit(0, dtype=pl.Int64) for r in scheme.adjustments},
    }
    missing.update({name: value for name, value in defaults.items() if name not in table.columns})
    table = table.with_columns(**missing) if missing else table
    casts = {name: pl.col(name).cast(pl.Float64).fill_nan(None) for name in FIGURE_ORDER}
    table = table.with_columns(**casts)  # NaN (pandas' "missing") is not reported, as null
    infinite = [name for name in FIGURE_ORDER if table[name].is_infinite().any()]
    if infinite:
        raise Invalid(f"{what}的 {', '.join(infinite)} 有无穷大的数 (infinite figures)")
    return table


# ── evaluation ───────────────────────────────────────────────────────────────────────────────


def evaluate_table(
    table: pl.DataFrame,
    scheme: Scheme,
    *,
    as_of: date,
    last_year: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Every enterprise's score, grade and rank, as `evaluate.evaluate` gives them."""
    check_supported(scheme)
    frame = _check_table(table, scheme, "本年数据表").with_row_index("_row")
    frame = frame.with_columns(
        _category_expr(scheme).alias("category"), _exclusion_expr(scheme, as_of).alias("excluded")
    ).with_columns(
        pl.when(pl.col("excluded") == "")
        .then(pl.when(pl.col("category") == "").then(pl.lit(NO_CATEGORY)).otherwise(pl.lit("")))
        .otherwise(pl.col("excluded"))
        .alias("excluded")
    )
    previous = None
    if last_year is not None:
        previous = _check_table(last_year, scheme, "上年数据表", unique=False)
        previous = previous.with_columns(_category_expr(scheme).alias("category"))
    members = frame.filter(pl.col("excluded") == "")
    scored = pl.concat(
        [
            _score_category(scheme, name, members.filter(pl.col("category") == name), previous)
            for name in members["category"].unique(maintain_order=True).to_list()
        ]
        or [_empty_scores()],
        how="vertical",
    )
    scored = _graded(scheme, scored.with_columns(_group_expr(scheme).alias("group")))
    excluded = frame.filter(pl.col("excluded") != "").select(
        "_row",
        "enterprise_id",
        "category",
        pl.lit("").alias("group"),
        pl.lit(None, dtype=pl.Float64).alias("score"),
        pl.lit(None, dtype=pl.Int64).alias("score_units"),
        pl.lit(scheme.exclusions.label).alias("grade"),
        pl.lit(None, dtype=pl.Int64).alias("rank"),
        pl.lit(None, dtype=pl.Int64).alias("ranked"),
        "excluded",
        pl.lit(scheme.exclusions.treat_as).alias("treated_as"),
    )
    chosen = scored.select("_row", *RESULT_COLUMNS)
    return pl.concat([chosen, excluded], how="vertical").sort("_row").drop("_row")


def _empty_scores() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "_row": pl.UInt32,
            "enterprise_id": pl.Int64,
            "category": pl.String,
            "industry_code": pl.String,
            "score_units": pl.Int64,
        }
    )


def _category_expr(scheme: Scheme) -> pl.Expr:
    """The first category holding the enterprise ("" = none)."""
    land = pl.col("land_mu").fill_null(0.0)
    expr: Any = pl
    for category in scheme.categories:
        holds = pl.lit(True)
        if category.size is not None:
            holds = holds & (pl.col("size") == category.size.value)
        if category.min_mu is not None:
            holds = holds & (land >= float(category.min_mu))
        if category.max_mu is not None:
            holds = holds & (land < float(category.max_mu))
        expr = expr.when(holds).then(pl.lit(category.name))
    if expr is pl:
        return pl.lit("")
    return expr.otherwise(pl.lit("")).cast(pl.String)  # type: ignore[no-any-return]


def _empty(expr: pl.Expr) -> pl.Expr:
    return expr.is_null() | (expr == "")


def _exclusion_expr(scheme: Scheme, as_of: date) -> pl.Expr:
    """Why the enterprise is not ranked ("" when it is), in `grading.exclusion_of`'s words:
    the kinds it has, else registered too recently, else on land supplied too recently."""
    rules = scheme.exclusions
    parts: list[pl.Expr] = []
    if rules.kinds:
        found = [
            pl.when(pl.col("kinds").list.contains(kind)).then(pl.lit(kind)) for kind in rules.kinds
        ]
        parts.append(pl.concat_str(found, separator="、", ignore_nulls=True))
    for column, years, words in (
        ("registered_on", rules.registered_years_under, "注册不满"),
        ("land_supplied_on", rules.land_supplied_years_under, "新供地出让不满"),
    ):
        if not years:
            continue
        since = years_before(as_of, years)
        text = pl.concat_str(
            pl.lit(f"{words} {years} 年（"),
            pl.col(column).dt.strftime("%Y-%m-%d"),
            pl.lit("）"),
        )
        parts.append(pl.when(pl.col(column) > since).then(text).otherwise(pl.lit("")))
    if not parts:
        return pl.lit("")
    reason: pl.Expr = parts[-1].fill_null("")
    for part in reversed(parts[:-1]):
        reason = pl.when(_empty(part)).then(reason).otherwise(part)
    return reason.fill_null("")


def _group_expr(scheme: Scheme) -> pl.Expr:
    if not scheme.rank_within_industry_groups:
        return pl.col("category")
    code = pl.col("industry_code").fill_null("").str.strip_chars().str.to_uppercase()
    expr: Any = pl
    for group in scheme.industry_groups:
        holds = pl.lit(False)
        for prefix in group.codes:
            holds = holds | code.str.starts_with(prefix.upper())
        expr = expr.when(holds).then(pl.lit(group.name))
    name = pl.lit("其他行业") if expr is pl else expr.otherwise(pl.lit("其他行业"))
    return pl.concat_str(pl.col("category"), pl.lit("·"), name)


# ── one category's points ────────────────────────────────────────────────────────────────────


def _value_expr(indicator: Indicator) -> pl.Expr:
    top, bottom = pl.col(indicator.numerator), pl.col(indicator.denominator)
    ok = top.is_not_null() & bottom.is_not_null() & (bottom != 0)
    return pl.when(ok).then(top / bottom * float(indicator.scale))


def _exact_values(indicator: Indicator, rows: pl.DataFrame) -> list[Decimal]:
    firms = [_firm_of(row, ()) for row in rows.to_dicts()]
    return [v for firm in firms if (v := indicator.value_of(firm)) is not None]


def _reference(
    indicator: Indicator, members: pl.DataFrame, previous: pl.DataFrame | None, category: str
) -> Reference:
    """The exact reference `scoring.reference_for` would find."""
    if indicator.benchmark is not None:
        return Reference(benchmark=indicator.benchmark)
    if indicator.benchmark_times is not None:
        base = indicator.benchmark_of or BenchmarkBase.LAST_YEAR
        if base is BenchmarkBase.LAST_YEAR:
            population = (
                previous.filter(pl.col("category") == category) if previous is not None else None
            )
        else:
            population = members
        return _computed_benchmark(indicator, population, base)
    value = _value_expr(indicator)
    ends = members.select(value.min().alias("low"), value.max().alias("high")).row(0)
    if ends[0] is None:
        return Reference()
    low = _exact_end(indicator, members, ends[0], lowest=True)
    high = _exact_end(indicator, members, ends[1], lowest=False)
    return Reference(low=low, high=high)


def _exact_end(indicator: Indicator, members: pl.DataFrame, end: float, *, lowest: bool) -> Decimal:
    """The exact lowest or highest value: among the rows whose float value is that end's."""
    margin = abs(end) * EPSILON + 1e-300
    value = _value_expr(indicator)
    near = members.filter((value - end).abs() <= margin)
    values = _exact_values(indicator, near)
    return min(values) if lowest else max(values)


def _computed_benchmark(
    indicator: Indicator, population: pl.DataFrame | None, base: BenchmarkBase
) -> Reference:
    counted = (
        population.filter(
            pl.col(indicator.numerator).is_not_null()
            & pl.col(indicator.denominator).is_not_null()
            & (pl.col(indicator.denominator) != 0)
        )
        if population is not None
        else None
    )
    if counted is None or counted.height == 0:
        where = f"{indicator.category}·{indicator.name}"
        raise Invalid(
            f"{where} 的基准按{base.label}平均值计算，但{base.label}没有可用数据 "
            "(no data for the benchmark)"
        )
    top = _exact_sum(counted[indicator.numerator])
    bottom = _exact_sum(counted[indicator.denominator])
    average = top / bottom * indicator.scale
    benchmark = (indicator.benchmark_times or Decimal(1)) * average
    if benchmark == 0:
        raise Invalid(f"{indicator.category}·{indicator.name} 的计算基准为 0 (benchmark is 0)")
    return Reference(benchmark=benchmark)


def _exact_sum(column: pl.Series) -> Decimal:
    """Σ of the decimals the floats stand for, as the engine's `sum` of Decimals finds it.

    When every value is k / 10^p with |k| < 10^15 (figures kept to p ≤ 6 places), that float
    stands for exactly that decimal (two decimals of ≤ 15 digits never share a float), so the
    sum is Σk / 10^p in integers; otherwise each value is summed as a Decimal."""
    values = column.to_numpy()  # numpy divides exactly rounded (Polars by a reciprocal)
    for places in (0, 2, 4, 6):
        scale = 10.0**places
        units = np.rint(values * scale)
        if np.all(np.abs(units) < 1e15) and np.array_equal(units / scale, values):
            return Decimal(sum(units.astype(np.int64).tolist())).scaleb(-places)
    total: Decimal | int = 0
    for value in column.to_list():
        total += Decimal(repr(value))
    return Decimal(total)


def _points(indicator: Indicator, ref: Reference) -> tuple[pl.Expr, pl.Expr]:
    """Float points of the item (before cap and rounding) and their error bound."""
    value = _value_expr(indicator)
    weight = float(indicator.weight)
    kind = indicator.normalisation
    zero = pl.lit(0.0)
    if kind is Normalisation.RATIO and ref.benchmark is not None:
        points = value / float(ref.benchmark) * weight
        return points, points.abs() * EPSILON
    if kind is Normalisation.INVERSE and ref.benchmark is not None:
        share = 2.0 - value / float(ref.benchmark)
        bound = (share.abs() + 4.0) * abs(weight) * EPSILON
        # a share within its bound of 0 is scored by the Decimal engine (flagged below)
        return pl.when(share < 0).then(zero).otherwise(share) * weight, bound
    if kind is Normalisation.MAX and ref.high is not None:
        if ref.high <= 0:
            return value * 0.0, value * 0.0
        points = value / float(ref.high) * weight
        return points, points.abs() * EPSILON
    if kind is Normalisation.MIN_MAX and ref.low is not None and ref.high is not None:
        if ref.high == ref.low:
            return value * 0.0 + weight, value * 0.0
        low, high, floor = float(ref.low), float(ref.high), float(indicator.floor)
        share = floor + (1.0 - floor) * (value - low) / (high - low)
        points = share * weight
        spread = (value.abs() + abs(low) + abs(high)) / (high - low)
        return points, (points.abs() + (spread + 1.0) * abs(weight)) * EPSILON
    return value * 0.0, value * 0.0


def _tie_distance(units: pl.Expr) -> pl.Expr:
    """How far a number (in units of the last place) is from a rounding tie x.5."""
    return (units - units.floor() - 0.5).abs()


def _near_tie(units: float, bound: float) -> bool:
    return abs(units - math.floor(units) - 0.5) <= bound


def _score_category(
    scheme: Scheme, category: str, members: pl.DataFrame, previous: pl.DataFrame | None
) -> pl.DataFrame:
    """Float points, their bounds and the rows to recompute exactly; then exact scores."""
    places = scheme.item_places
    item_scale = 10.0**places if places is not None else None
    items: list[tuple[Indicator, Reference, str]] = []
    columns: list[pl.Expr] = []
    flags: list[pl.Expr] = []
    for number, indicator in enumerate(scheme.indicators_of(category)):
        reference = _reference(indicator, members, previous, category)
        points, bound = _points(indicator, reference)
        if indicator.normalisation is Normalisation.INVERSE and reference.benchmark is not None:
            share = 2.0 - _value_expr(indicator) / float(reference.benchmark)
            flags.append(share.abs() * abs(float(indicator.weight)) <= bound)
        if indicator.cap_times_weight is not None:
            cap = float(indicator.cap_times_weight * indicator.weight)
            flags.append((points - cap).abs() <= bound + abs(cap) * EPSILON)
            points = pl.when(points > cap).then(pl.lit(cap)).otherwise(points)
        if item_scale is not None:
            flags.append(_tie_distance(points * item_scale) <= (bound * item_scale + EPSILON))
            points = (points * item_scale).round(0) / item_scale
            bound = points.abs() * EPSILON
        name = f"_p{number}"
        columns += [points.alias(name), bound.alias(f"_b{number}")]
        items.append((indicator, reference, name))
    frame = members.with_columns(columns) if columns else members
    frame = frame.with_columns(
        [pl.any_horizontal(flags).fill_null(False).alias("_flag")]
        if flags
        else [pl.lit(False).alias("_flag")]
    )
    if frame["_flag"].any():
        # an item recomputed exactly may change the category's average: recompute its users too
        users = [pl.col(name).is_null() for ind, _, name in items if ind.missing is Missing.AVERAGE]
        if users:
            frame = frame.with_columns((pl.col("_flag") | pl.any_horizontal(users)).alias("_flag"))
    totals: list[pl.Expr] = []
    bounds: list[pl.Expr] = []
    for number, (indicator, _, name) in enumerate(items):
        average, average_bound = 0.0, 0.0
        scored = frame[name].drop_nulls()
        if indicator.missing is Missing.AVERAGE and len(scored):
            average = float(scored.mean())  # type: ignore[arg-type]
            # the sum of n floats errs by n·ε·Σ|points| at worst: a looser bound than an item's
            average_bound = float(scored.abs().mean()) * EPSILON * 1e3  # type: ignore[arg-type]
            if item_scale is not None:
                if _near_tie(average * item_scale, average_bound * item_scale + EPSILON):
                    frame = frame.with_columns(
                        (pl.col("_flag") | pl.col(name).is_null()).alias("_flag")
                    )
                average = round(average * item_scale) / item_scale
                average_bound = abs(average) * EPSILON
        totals.append(pl.col(name).fill_null(average))
        bounds.append(pl.col(f"_b{number}").fill_null(average_bound))
    adjustment, adjustment_bound = _adjustments_expr(scheme, category)
    total = pl.sum_horizontal([*totals, adjustment]) if totals else adjustment
    bound = pl.sum_horizontal([*bounds, adjustment_bound]) if bounds else adjustment_bound
    scale = 10.0**scheme.total_places
    frame = frame.with_columns(total.alias("_total"), bound.alias("_bound"))
    frame = frame.with_columns(
        (
            pl.col("_flag")
            | (
                _tie_distance(pl.col("_total") * scale)
                <= (pl.col("_bound") + pl.col("_total").abs() * EPSILON) * scale
            )
        ).alias("_flag"),
        (pl.col("_total") * scale).round(0).cast(pl.Int64).alias("score_units"),
    )
    flagged = frame.filter(pl.col("_flag"))
    if flagged.height:
        frame = _exact_rows(scheme, category, frame, flagged, items)
    return frame.select("_row", "enterprise_id", "category", "industry_code", "score_units")


def _adjustments_expr(scheme: Scheme, category: str) -> tuple[pl.Expr, pl.Expr]:
    """Σ bonuses and deductions of `scoring.adjustment_part`, and an error bound."""
    parts: list[pl.Expr] = []
    for rule in scheme.adjustments:
        if rule.category not in ("", category):
            continue
        count = pl.col(ADJUSTMENT_PREFIX + rule.name).fill_null(0)
        if rule.first is not None:
            points = float(rule.first) + (count - 1) * float(rule.points)
        else:
            points = (count - rule.free).clip(lower_bound=0) * float(rule.points)
        if rule.cap is not None:
            cap = float(rule.cap)
            points = pl.when(points.abs() > cap).then(points.sign() * cap).otherwise(points)
        parts.append(pl.when(count > 0).then(points).otherwise(0.0))
    if not parts:
        return pl.lit(0.0), pl.lit(0.0)
    total = pl.sum_horizontal(parts)
    return total, pl.sum_horizontal([p.abs() for p in parts]) * EPSILON


def _exact_rows(
    scheme: Scheme,
    category: str,
    frame: pl.DataFrame,
    flagged: pl.DataFrame,
    items: list[tuple[Indicator, Reference, str]],
) -> pl.DataFrame:
    """Scores of the flagged rows from the Decimal engine's own functions."""
    exact_averages: dict[str, Decimal | None] = {}

    def average_of(indicator: Indicator, reference: Reference, name: str) -> Decimal | None:
        if name not in exact_averages:
            with_value = frame.filter(pl.col(name).is_not_null())
            firms = [_firm_of(row, scheme.adjustments) for row in with_value.to_dicts()]
            scored: list[ItemScore] = [
                item
                for firm in firms
                if (item := score_item(indicator, firm, reference, scheme.item_places))
            ]
            exact_averages[name] = (
                rounded(sum((i.points for i in scored), ZERO) / len(scored), scheme.item_places)
                if scored
                else None
            )
        return exact_averages[name]

    units: dict[int, int] = {}
    for row in flagged.to_dicts():
        firm = _firm_of(row, scheme.adjustments)
        points: list[Decimal] = []
        for indicator, reference, name in items:
            item = score_item(indicator, firm, reference, scheme.item_places)
            if item is not None:
                points.append(item.points)
            elif indicator.missing is Missing.AVERAGE:
                points.append(average_of(indicator, reference, name) or ZERO)
            else:
                points.append(ZERO)
        parts = [
            adjustment_part(rule, count)
            for rule in scheme.adjustments
            if (count := firm.adjustments.get(rule.name, 0)) > 0 and rule.category in ("", category)
        ]
        total = sum(points, sum((p.points for p in parts), ZERO))
        score = rounded(total, scheme.total_places)
        units[int(row["_row"])] = int(score.scaleb(scheme.total_places))
    fixed = pl.DataFrame(
        {"_row": list(units), "_exact": list(units.values())},
        schema={"_row": pl.UInt32, "_exact": pl.Int64},
    )
    return (
        frame.join(fixed, on="_row", how="left")
        .with_columns(pl.coalesce("_exact", "score_units").alias("score_units"))
        .drop("_exact")
    )


# ── ranks and grades ─────────────────────────────────────────────────────────────────────────


def _graded(scheme: Scheme, scored: pl.DataFrame) -> pl.DataFrame:
    """Competition ranks within each group on the exact scores, then the cut-offs."""
    frame = scored.with_columns(
        pl.col("score_units").rank(method="min", descending=True).over("group").cast(pl.Int64)
        .alias("rank"),
        pl.len().over("group").cast(pl.Int64).alias("ranked"),
    )  # fmt: skip
    sizes = frame.group_by("group", "category").agg(pl.len().alias("n")).rows()
    grade: Any = pl
    for group, category, count in sizes:
        grades = scheme.grades_of(category)
        in_group = pl.col("group") == group
        for g in grades:
            cut = HUGE_RANK if g.up_to is None else last_rank(g.up_to, count, scheme.boundary)
            grade = grade.when(in_group & (pl.col("rank") <= cut)).then(pl.lit(g.name))
            if g.up_to is None:
                break
        else:
            grade = grade.when(in_group).then(pl.lit(grades[-1].name))
    grade_expr = pl.lit("") if grade is pl else grade.otherwise(pl.lit(""))
    return frame.with_columns(
        grade_expr.cast(pl.String).alias("grade"),
        (pl.col("score_units").cast(pl.Float64) / 10.0**scheme.total_places)
        .round(scheme.total_places)
        .alias("score"),
        pl.lit("").alias("excluded"),
        pl.lit("").alias("treated_as"),
    )


def scores_of(result: pl.DataFrame, places: int) -> dict[int, Decimal | None]:
    """enterprise_id → the exact Decimal score (None when not scored), for comparisons."""
    return {
        int(eid): None if units is None else Decimal(units).scaleb(-places)
        for eid, units in result.select("enterprise_id", "score_units").iter_rows()
    }

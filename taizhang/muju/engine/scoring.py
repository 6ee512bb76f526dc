"""Points of one category's enterprises: each indicator normalised against its benchmark or its
category's spread (DOMAIN.md §1.4), then the scheme's bonuses and deductions.

What a benchmark or a spread is computed from
- a computed benchmark (`benchmark_times` × the average) takes the average as Σ numerator ÷
  Σ denominator over the category's enterprises that report both figures (the county's 亩均税收 is
  its tax over its land, not the mean of the firms' ratios), this year's or last year's;
- min–max and best-as-benchmark look at this year's enterprises of the category that have a value;
  when max = min everyone earns the full weight;
- an enterprise without a value scores 0, or the average of the points of those with one
  (`missing = "平均分"`, Huangyan's rule for 单位排放增加值).

Arithmetic is Decimal throughout; an item's points are rounded only when the scheme says
(`item_places`); an explanation (`explain`) says them to two places.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from taizhang.kernel.errors import Invalid
from taizhang.kernel.numbers import format_number
from taizhang.muju.engine.explain import Step, named, step
from taizhang.muju.engine.model import AdjustmentPart, EnterpriseYear, ItemScore
from taizhang.muju.engine.scheme import (
    FIGURES_EN,
    Adjustment,
    BenchmarkBase,
    Indicator,
    Missing,
    Normalisation,
)

ZERO, ONE, TWO = Decimal(0), Decimal(1), Decimal(2)
BASES_EN = {BenchmarkBase.THIS_YEAR: "this year's", BenchmarkBase.LAST_YEAR: "last year's"}


def show(value: Decimal, places: int = 4) -> str:
    return format_number(value, places=places)


def rounded(value: Decimal, places: int | None) -> Decimal:
    if places is None:
        return value
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Reference:
    """What the category gives an indicator: its benchmark, or its lowest and highest value."""

    benchmark: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    note: Step | None = None  # how a computed benchmark was found


def reference_for(
    indicator: Indicator, firms: Sequence[EnterpriseYear], last_year: Sequence[EnterpriseYear]
) -> Reference:
    if indicator.benchmark is not None:
        return Reference(benchmark=indicator.benchmark)
    if indicator.benchmark_times is not None:
        return _computed_benchmark(indicator, firms, last_year)
    values = [v for firm in firms if (v := indicator.value_of(firm)) is not None]
    return Reference(low=min(values), high=max(values)) if values else Reference()


def _computed_benchmark(
    indicator: Indicator, firms: Sequence[EnterpriseYear], last_year: Sequence[EnterpriseYear]
) -> Reference:
    base = indicator.benchmark_of or BenchmarkBase.LAST_YEAR
    population = last_year if base is BenchmarkBase.LAST_YEAR else firms
    pairs = [
        (getattr(f, indicator.numerator), getattr(f, indicator.denominator)) for f in population
    ]
    counted = [(top, bottom) for top, bottom in pairs if top is not None and bottom]
    if not counted:
        where = f"{indicator.category}·{indicator.name}"
        reason = (
            f"{where} 的基准按{base.label}平均值计算，但{base.label}没有可用数据 "
            "(no data for the benchmark)"
        )
        raise Invalid(reason)
    average = sum(t for t, _ in counted) / sum(b for _, b in counted) * indicator.scale
    times = indicator.benchmark_times or ONE
    benchmark = times * average
    note = step(
        "benchmark", times=times, **named("base", base.label, BASES_EN[base]), average=average,
        benchmark=benchmark,
    )  # fmt: skip
    return Reference(benchmark=benchmark, note=note)


def score_item(
    indicator: Indicator, firm: EnterpriseYear, reference: Reference, places: int | None
) -> ItemScore | None:
    """The item's points, or None when the enterprise has no value (scored afterwards)."""
    value = indicator.value_of(firm)
    if value is None:
        return None
    points, how = _normalised(indicator, value, reference)
    steps = [_value_step(indicator, firm, value), *how]
    if indicator.cap_times_weight is not None:
        cap = indicator.cap_times_weight * indicator.weight
        if points > cap:
            points = cap
            steps.append(
                step("cap", times=indicator.cap_times_weight, weight=indicator.weight, cap=cap)
            )
    points = rounded(points, places)
    steps.append(step("points", points=points))
    return _item(indicator, points, value, steps)


def _item(
    indicator: Indicator, points: Decimal, value: Decimal | None, steps: Sequence[Step]
) -> ItemScore:
    return ItemScore(
        indicator.name, indicator.weight, points, value, tuple(steps), indicator.name_en
    )


def _names(indicator: Indicator) -> dict[str, str]:
    """The indicator's and its figures' names, with their English."""
    return {
        **named("indicator", indicator.name, indicator.name_en),
        **named("numerator", indicator.numerator_label, FIGURES_EN.get(indicator.numerator, "")),
        **named(
            "denominator", indicator.denominator_label, FIGURES_EN.get(indicator.denominator, "")
        ),
    }


def _value_step(indicator: Indicator, firm: EnterpriseYear, value: Decimal) -> Step:
    top, bottom = getattr(firm, indicator.numerator), getattr(firm, indicator.denominator)
    return step(
        "value", **_names(indicator), top=top, bottom=bottom,
        scale=None if indicator.scale == ONE else indicator.scale, value=value,
        **named("unit", indicator.unit, indicator.unit_en),
    )  # fmt: skip


def _normalised(indicator: Indicator, value: Decimal, ref: Reference) -> tuple[Decimal, list[Step]]:
    weight, kind = indicator.weight, indicator.normalisation
    lead = [ref.note] if ref.note else []
    if kind is Normalisation.RATIO and ref.benchmark is not None:
        how = step("ratio", value=value, benchmark=ref.benchmark, weight=weight)
        return value / ref.benchmark * weight, [*lead, how]
    if kind is Normalisation.INVERSE and ref.benchmark is not None:
        share = TWO - value / ref.benchmark
        floored = "1" if share < 0 else None
        how = step("inverse", value=value, benchmark=ref.benchmark, weight=weight, floored=floored)
        return max(share, ZERO) * weight, [*lead, how]
    if kind is Normalisation.MAX and ref.high is not None:
        if ref.high <= 0:
            return ZERO, [step("best_not_positive")]
        how = step("best", value=value, high=ref.high, weight=weight)
        return value / ref.high * weight, [how]
    if kind is Normalisation.MIN_MAX and ref.low is not None and ref.high is not None:
        return _min_max(indicator, value, ref.low, ref.high)
    return ZERO, [step("no_reference")]


def _min_max(
    indicator: Indicator, value: Decimal, low: Decimal, high: Decimal
) -> tuple[Decimal, list[Step]]:
    weight, floor = indicator.weight, indicator.floor
    if high == low:
        return weight, [step("min_max_equal", low=low, weight=weight)]
    share = floor + (ONE - floor) * (value - low) / (high - low)
    how = step(
        "min_max", weight=weight, floor=floor, rest=ONE - floor, value=value, low=low, high=high
    )
    return share * weight, [how]


def score_missing(
    indicator: Indicator, firm: EnterpriseYear, scored: Sequence[ItemScore], places: int | None
) -> ItemScore:
    """The item of an enterprise without a value: 0, or the category's average points."""
    lacking = step("missing", **_names(indicator))
    if indicator.missing is Missing.AVERAGE and scored:
        average = rounded(sum((item.points for item in scored), ZERO) / len(scored), places)
        category = step("missing_average", category=indicator.category, points=average)
        return _item(indicator, average, None, [lacking, category])
    return _item(indicator, ZERO, None, [lacking, step("missing_zero")])


def adjustment_part(rule: Adjustment, count: int) -> AdjustmentPart:
    """A bonus or deduction applied `count` times, with its first/free/cap rules."""
    if rule.first is not None:
        points = rule.first + (count - 1) * rule.points
        rest = count - 1 if count > 1 else None
        how = [step("first", first=rule.first, rest=rest, each=rule.points)]
    else:
        charged = max(count - rule.free, 0)
        points = charged * rule.points
        how = [step("charged", free=rule.free or None, charged=charged, each=rule.points)]
    if rule.cap is not None and abs(points) > rule.cap:
        points = rule.cap if points > 0 else -rule.cap
        how.append(step("limit", cap=rule.cap))
    kind = "bonus" if rule.points > 0 else "deduction"
    lead = step("adjustment", kind=kind, **named("name", rule.name, rule.name_en), count=count)
    steps = (lead, *how, step("points", points=points))
    return AdjustmentPart(rule.name, count, points, steps, rule.name_en)

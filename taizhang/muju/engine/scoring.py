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
(`item_places`), the explanation shows them to two places.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from taizhang.kernel.errors import Invalid
from taizhang.kernel.numbers import format_number
from taizhang.muju.engine.model import AdjustmentPart, EnterpriseYear, ItemScore
from taizhang.muju.engine.scheme import Adjustment, BenchmarkBase, Indicator, Missing, Normalisation

ZERO, ONE, TWO = Decimal(0), Decimal(1), Decimal(2)


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
    note: str = ""  # how a computed benchmark was found


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
    note = f"基准 = {show(times)} × {base.label}平均 {show(average)} = {show(benchmark)}"
    return Reference(benchmark=benchmark, note=note)


def score_item(
    indicator: Indicator, firm: EnterpriseYear, reference: Reference, places: int | None
) -> ItemScore | None:
    """The item's points, or None when the enterprise has no value (scored afterwards)."""
    value = indicator.value_of(firm)
    if value is None:
        return None
    points, how = _normalised(indicator, value, reference)
    cap_note = ""
    if indicator.cap_times_weight is not None:
        cap = indicator.cap_times_weight * indicator.weight
        if points > cap:
            points, cap_note = (
                cap,
                (
                    f"，封顶 {show(indicator.cap_times_weight)} "
                    f"× {show(indicator.weight)} = {show(cap)}"
                ),
            )
    points = rounded(points, places)
    text = f"{_value_text(indicator, firm, value)}；{how}{cap_note} = {show(points, 2)} 分"
    return ItemScore(indicator.name, indicator.weight, points, value, text)


def _value_text(indicator: Indicator, firm: EnterpriseYear, value: Decimal) -> str:
    top, bottom = getattr(firm, indicator.numerator), getattr(firm, indicator.denominator)
    scale = "" if indicator.scale == ONE else f" × {show(indicator.scale)}"
    unit = f" {indicator.unit}" if indicator.unit else ""
    return (
        f"{indicator.name} = {indicator.numerator_label} {show(top)} ÷ "
        f"{indicator.denominator_label} {show(bottom)}{scale} = {show(value)}{unit}"
    )


def _normalised(indicator: Indicator, value: Decimal, ref: Reference) -> tuple[Decimal, str]:
    weight, kind = indicator.weight, indicator.normalisation
    lead = f"{ref.note}；" if ref.note else ""
    if kind is Normalisation.RATIO and ref.benchmark is not None:
        how = f"{lead}对标 {show(value)} ÷ {show(ref.benchmark)} × {show(weight)}"
        return value / ref.benchmark * weight, how
    if kind is Normalisation.INVERSE and ref.benchmark is not None:
        share = TWO - value / ref.benchmark
        how = f"{lead}逆向 (2 − {show(value)} ÷ {show(ref.benchmark)}) × {show(weight)}"
        return (max(share, ZERO) * weight), how + ("，不低于 0" if share < 0 else "")
    if kind is Normalisation.MAX and ref.high is not None:
        if ref.high <= 0:
            return ZERO, "最优值不大于 0，得 0"
        how = f"最优对标 {show(value)} ÷ 最优 {show(ref.high)} × {show(weight)}"
        return value / ref.high * weight, how
    if kind is Normalisation.MIN_MAX and ref.low is not None and ref.high is not None:
        return _min_max(indicator, value, ref.low, ref.high)
    return ZERO, "无基准，得 0"


def _min_max(
    indicator: Indicator, value: Decimal, low: Decimal, high: Decimal
) -> tuple[Decimal, str]:
    weight, floor = indicator.weight, indicator.floor
    if high == low:
        return weight, f"最小最大：参评企业的值都相同（{show(low)}），得满分 {show(weight)}"
    share = floor + (ONE - floor) * (value - low) / (high - low)
    how = (
        f"最小最大 {show(weight)} × [{show(floor)} + {show(ONE - floor)} × "
        f"({show(value)} − 最小 {show(low)}) ÷ (最大 {show(high)} − 最小 {show(low)})]"
    )
    return share * weight, how


def score_missing(
    indicator: Indicator, firm: EnterpriseYear, scored: Sequence[ItemScore], places: int | None
) -> ItemScore:
    """The item of an enterprise without a value: 0, or the category's average points."""
    lacking = f"{indicator.name}：缺少{indicator.numerator_label}或{indicator.denominator_label}"
    if indicator.missing is Missing.AVERAGE and scored:
        average = rounded(sum((item.points for item in scored), ZERO) / len(scored), places)
        text = f"{lacking}，按{indicator.category}企业该项平均分计 = {show(average, 2)} 分"
        return ItemScore(indicator.name, indicator.weight, average, None, text)
    return ItemScore(indicator.name, indicator.weight, ZERO, None, f"{lacking}，得 0 分")


def adjustment_part(rule: Adjustment, count: int) -> AdjustmentPart:
    """A bonus or deduction applied `count` times, with its first/free/cap rules."""
    if rule.first is not None:
        points = rule.first + (count - 1) * rule.points
        how = f"首次 {show(rule.first)}" + (
            f"，其余 {count - 1} × {show(rule.points)}" if count > 1 else ""
        )
    else:
        charged = max(count - rule.free, 0)
        points = charged * rule.points
        free = f"前 {rule.free} 次不计，" if rule.free else ""
        how = f"{free}{charged} × {show(rule.points)}"
    if rule.cap is not None and abs(points) > rule.cap:
        points = rule.cap if points > 0 else -rule.cap
        how += f"，以 {show(rule.cap)} 分为限"
    kind = "加分" if rule.points > 0 else "减分"
    text = f"{kind}·{rule.name} {count} 次：{how} = {show(points, 2)} 分"
    return AdjustmentPart(rule.name, count, points, text)

"""Completion of annual targets against time elapsed (序时进度), with a 红黄绿 status. Pure.

- rate = actual / target; a unit with a target of 0 has no rate and is green.
- time_share = 序时进度, counted to the day as `periods` defines it: whole months elapsed plus
  the elapsed share of the reference date's month, over 12. At a month's end it is the offices'
  months / 12 (any 30 September is 9/12 = 75%, DOMAIN §2.2.2, §2.4); on 4 December it is
  (11 + 4/31)/12 = 92.74%, not 100%: a month that has just begun is not counted as elapsed.
  Given a `Period`, the share at its last day.
- gap_pp = (rate − time_share) × 100, in percentage points (百分点): September at 68% is −7.
- status: green when the gap is ≥ 0 (at or ahead of 序时进度), yellow when behind by at most
  `yellow_margin_pp` (default 10, the boundary included: −10.00 is yellow), red beyond.
  The status is decided on the gap as shown (two decimals), so a page never shows −10.00 in red.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from taizhang.kernel.errors import Invalid
from taizhang.kernel.labels import LabelledEnum
from taizhang.kernel.numbers import format_number
from taizhang.kernel.periods import Period, share_of_year_on, year_elapsed_share

DEFAULT_YELLOW_MARGIN_PP = Decimal(10)
RATE_PLACES = Decimal("0.0001")  # 68.00%
GAP_PLACES = Decimal("0.01")  # −7.00 个百分点


class Status(LabelledEnum):
    GREEN = "green", "绿", "green"
    YELLOW = "yellow", "黄", "yellow"
    RED = "red", "红", "red"


@dataclass(frozen=True)
class Completion:
    unit_id: int
    metric: str
    target: Decimal
    actual: Decimal
    rate: Decimal | None  # 0.6800 = 68%; None when the target is 0
    time_share: Decimal  # 0.7500 = 75%
    gap_pp: Decimal | None  # −7.00 percentage points; None when the target is 0
    status: Status

    @property
    def gap_text(self) -> str:
        """How a bulletin says it: 超序时进度 12.7 个百分点 / 落后序时进度 7 个百分点."""
        if self.gap_pp is None:
            return "无任务"
        points = format_number(abs(self.gap_pp))
        if self.gap_pp > 0:
            return f"超序时进度 {points} 个百分点"
        if self.gap_pp < 0:
            return f"落后序时进度 {points} 个百分点"
        return "与序时进度持平"


def time_share(as_of: date | Period) -> Decimal:
    """序时进度 on a date (counted to the day) or at the end of a period."""
    return year_elapsed_share(as_of) if isinstance(as_of, Period) else share_of_year_on(as_of)


def status_of(gap_pp: Decimal, *, yellow_margin_pp: Decimal = DEFAULT_YELLOW_MARGIN_PP) -> Status:
    if gap_pp >= 0:
        return Status.GREEN
    return Status.YELLOW if -gap_pp <= yellow_margin_pp else Status.RED


def completion(
    *,
    unit_id: int,
    metric: str,
    target: Decimal,
    actual: Decimal,
    as_of: date | Period,
    yellow_margin_pp: Decimal = DEFAULT_YELLOW_MARGIN_PP,
) -> Completion:
    """One unit's completion of one target as of a date (or at the end of a period)."""
    _check(target, yellow_margin_pp)
    share = time_share(as_of)
    if target == 0:
        return Completion(
            unit_id, metric, target, actual, None, _rounded(share), None, Status.GREEN
        )
    rate = actual / target
    gap = ((rate - share) * 100).quantize(GAP_PLACES, rounding=ROUND_HALF_UP)
    status = status_of(gap, yellow_margin_pp=yellow_margin_pp)
    return Completion(unit_id, metric, target, actual, _rounded(rate), _rounded(share), gap, status)


def completions(
    targets: Mapping[tuple[int, str], Decimal],
    actuals: Mapping[tuple[int, str], Decimal],
    *,
    as_of: date | Period,
    yellow_margin_pp: Decimal = DEFAULT_YELLOW_MARGIN_PP,
) -> list[Completion]:
    """Completion of every target (keyed by unit id and metric code); no actual counts as 0."""
    return [
        completion(
            unit_id=unit_id,
            metric=metric,
            target=target,
            actual=actuals.get((unit_id, metric), Decimal(0)),
            as_of=as_of,
            yellow_margin_pp=yellow_margin_pp,
        )
        for (unit_id, metric), target in targets.items()
    ]


def _check(target: Decimal, yellow_margin_pp: Decimal) -> None:
    if target < 0:
        raise Invalid(f"目标值不能为负数，实为 {target} (a target cannot be negative)")
    if yellow_margin_pp < 0:
        raise Invalid(f"黄色预警区间不能为负，实为 {yellow_margin_pp} (negative yellow margin)")


def _rounded(share: Decimal) -> Decimal:
    return share.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)

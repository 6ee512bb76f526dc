"""Completion against targets and 序时进度, with the worked examples of DOMAIN §2.2, §2.4, §3.3."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from taizhang.kernel.errors import Invalid
from taizhang.kernel.periods import parse_period
from taizhang.race.engine.progress import (
    Completion,
    Status,
    completion,
    completions,
    status_of,
    time_share,
)

D = Decimal


def _done(target: str, actual: str, as_of: date, **kwargs: Decimal) -> Completion:
    return completion(
        unit_id=1, metric="signed_1yi", target=D(target), actual=D(actual), as_of=as_of, **kwargs
    )


def test_a_unit_at_68_percent_in_september_is_7_points_behind() -> None:
    # DOMAIN §2.4: 序时进度 in September = 9/12 = 75%; 68% of the annual target → −7 百分点.
    result = _done("25", "17", date(2026, 9, 30))
    assert result.rate == D("0.6800")
    assert result.time_share == D("0.7500")
    assert result.gap_pp == D("-7.00")
    assert result.status is Status.YELLOW
    assert result.gap_text == "落后序时进度 7 个百分点"


@pytest.mark.parametrize(
    ("as_of", "share"),
    [
        (date(2026, 9, 30), D("0.75")),  # a month's end: months elapsed / 12, as offices count
        (date(2026, 6, 30), D("0.5")),
        (date(2026, 12, 31), D(1)),
        (date(2026, 9, 1), (D(8) + D(1) / D(30)) / D(12)),  # the first day of September ≠ 75%
        (date(2026, 9, 15), (D(8) + D(15) / D(30)) / D(12)),
        (date(2026, 1, 1), D(1) / D(31) / D(12)),
        (date(2026, 12, 4), (D(11) + D(4) / D(31)) / D(12)),  # 92.74%, not 100%
    ],
)
def test_time_share_is_counted_to_the_day_in_twelfths_of_the_year(
    as_of: date, share: Decimal
) -> None:
    assert time_share(as_of) == share


def test_time_share_on_4_december_is_not_the_whole_year() -> None:
    result = _done("100", "90", date(2026, 12, 4))
    assert result.time_share == D("0.9274")
    assert (result.gap_pp, result.status) == (D("-2.74"), Status.YELLOW)


def test_a_period_counts_to_its_last_day() -> None:
    assert time_share(parse_period("2026-05-18")) == (D(4) + D(18) / D(31)) / D(12)
    assert time_share(parse_period("2026-Q3")) == D("0.75")


def test_nanjing_examples_are_ahead_of_time_progress() -> None:
    # DOMAIN §2.2.2: June, 62.7% done = 50% + 12.7 pp; Jan–May 外资 49% = 41.7% + 7.3 pp.
    june = _done("1000", "627", date(2026, 6, 30))
    assert (june.gap_pp, june.status, june.gap_text) == (
        D("12.70"),
        Status.GREEN,
        "超序时进度 12.7 个百分点",
    )
    may = _done("100", "49", date(2026, 5, 31))
    assert may.time_share == D("0.4167")
    assert (may.gap_pp, may.status) == (D("7.33"), Status.GREEN)


def test_yinchuan_progress_example_is_yellow_with_its_30_point_band() -> None:
    # DOMAIN §3.3: plan 12亿, end of June 4.2亿 → 35% vs 50% → 15 pp behind → yellow (10–30 pp).
    result = _done("12", "4.2", date(2026, 6, 30), yellow_margin_pp=D(30))
    assert (result.rate, result.gap_pp, result.status) == (D("0.3500"), D("-15.00"), Status.YELLOW)
    assert _done("12", "4.2", date(2026, 6, 30)).status is Status.RED  # default 10 pp band


@pytest.mark.parametrize(
    ("gap", "margin", "status"),
    [
        (D("0"), D(10), Status.GREEN),
        (D("5"), D(10), Status.GREEN),
        (D("-0.01"), D(10), Status.YELLOW),
        (D("-10.00"), D(10), Status.YELLOW),
        (D("-10.01"), D(10), Status.RED),
        (D("-30.00"), D(30), Status.YELLOW),
        (D("-30.01"), D(30), Status.RED),
        (D("-0.01"), D(0), Status.RED),
    ],
)
def test_status_boundaries(gap: Decimal, margin: Decimal, status: Status) -> None:
    assert status_of(gap, yellow_margin_pp=margin) is status


def test_the_status_follows_the_gap_as_shown_rounded_to_two_decimals() -> None:
    # 1/12 = 8.333…% at the end of January; 0.9% done → −7.4333 → −7.43 (yellow).
    assert _done("1000", "9", date(2026, 1, 31)).gap_pp == D("-7.43")
    # actual 2/3 of target at the year's end: −33.333… → −33.33, red
    december = _done("3", "2", date(2026, 12, 31))
    assert (december.rate, december.gap_pp, december.status) == (
        D("0.6667"),
        D("-33.33"),
        Status.RED,
    )


def test_exactly_on_time_progress_is_green_and_said_so() -> None:
    result = _done("12", "6", date(2026, 6, 30))
    assert (result.gap_pp, result.status, result.gap_text) == (
        D("0.00"),
        Status.GREEN,
        "与序时进度持平",
    )


def test_a_zero_target_has_no_rate_and_is_green() -> None:
    result = _done("0", "3", date(2026, 9, 30))
    assert (result.rate, result.gap_pp, result.status, result.gap_text) == (
        None,
        None,
        Status.GREEN,
        "无任务",
    )


def test_completions_cover_every_target_and_a_missing_actual_is_zero() -> None:
    targets = {(1, "started"): D(4), (2, "started"): D(2)}
    found = completions(targets, {(1, "started"): D(3)}, as_of=date(2026, 6, 30))
    assert [(c.unit_id, c.actual, c.gap_pp, c.status) for c in found] == [
        (1, D(3), D("25.00"), Status.GREEN),
        (2, D(0), D("-50.00"), Status.RED),
    ]


def test_it_refuses_a_negative_target_or_margin() -> None:
    with pytest.raises(Invalid, match="目标值不能为负数"):
        _done("-1", "0", date(2026, 9, 30))
    with pytest.raises(Invalid, match="黄色预警区间不能为负"):
        _done("1", "0", date(2026, 9, 30), yellow_margin_pp=D(-1))

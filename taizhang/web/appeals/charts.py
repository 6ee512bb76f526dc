"""The statistics page's charts: one bar per unit or category, a rate in per cent or a count."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from taizhang.appeals.breakdown import Group
from taizhang.appeals.statistics import AppealStatistics
from taizhang.web.charts import Bar, bar_chart_svg
from taizhang.web.i18n import translate

# What each chart shows: two rates in per cent and a count.
CHARTS = ("closure_rate", "satisfaction_rate", "overdue_count")


def percent(rate: Decimal | None) -> float | None:
    return None if rate is None else float((rate * 100).quantize(Decimal("0.1")))


def measure_of(figures: AppealStatistics, measure: str) -> float | int | None:
    if measure == "closure_rate":
        return percent(figures.closure_rate)
    if measure == "satisfaction_rate":
        return percent(figures.satisfaction_rate)
    return figures.overdue


def _caption(figures: AppealStatistics, measure: str, language: str) -> str:
    if measure == "closure_rate":
        return f"% ({figures.closed}/{figures.registered})"
    if measure == "satisfaction_rate":
        return f"% ({figures.satisfied}/{figures.graded})"
    return translate("of_registered", language, count=figures.registered)


def group_chart(groups: Sequence[Group], measure: str, language: str) -> str:
    """Groups without a figure (nothing registered, nothing graded) are left out of the chart;
    the table under it still lists them."""
    bars = []
    for group in groups:
        value = measure_of(group.figures, measure)
        if value is not None and group.figures.registered:
            caption = _caption(group.figures, measure, language)
            bars.append(Bar(label=group.name, value=value, caption=caption))
    empty = translate("no_data", language)
    return bar_chart_svg(bars, title=translate(measure, language), empty=empty)

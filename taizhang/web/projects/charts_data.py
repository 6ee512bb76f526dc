"""Dashboard figures turned into the bars the SVG charts draw."""

from __future__ import annotations

from decimal import Decimal

from taizhang.kernel.money import format_total
from taizhang.projects.queries import Dashboard
from taizhang.web.charts import Bar, bar_chart_svg, funnel_svg
from taizhang.web.i18n import translate


def _total(fen: int, language: str) -> str:
    """511.9 亿元, or CNY 51.19 bn on an English page."""
    return format_total(Decimal(fen) / 100, language, yi_places=1)


def funnel_chart(board: Dashboard, language: str) -> str:
    bars = [
        Bar(
            label=total.stage.label_in(language),
            value=total.reached_count,
            caption=translate("funnel_caption", language, count=total.count),
            href=f"/projects?stage={total.stage.value}",
        )
        for total in board.funnel
    ]
    empty = translate("no_data", language)
    return funnel_svg(bars, title=translate("funnel", language), empty=empty)


def unit_chart(board: Dashboard, language: str, *, own: bool = False) -> str:
    """Projects by unit: the towns, streets and platforms, or (`own`) the user's unit's."""
    bars = [
        Bar(
            label=total.name,
            value=total.count,
            caption=_total(total.investment_fen, language),
            href=f"/projects?unit={total.unit_id}",
        )
        for total in board.by_unit
        if total.kind != "department"
    ]
    empty = translate("no_data", language)
    title = translate("by_unit_own" if own else "by_unit", language)
    return bar_chart_svg(bars, title=title, empty=empty)

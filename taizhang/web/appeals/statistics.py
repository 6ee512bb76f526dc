"""诉求统计: 办结率, 满意率 and 超期 by unit and by category, as server-side SVG charts with the
same figures in a table under each; the appeals counted are those the user may see."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from taizhang.appeals.breakdown import breakdown
from taizhang.kernel.errors import Invalid
from taizhang.org.access import Section
from taizhang.web.appeals.charts import CHARTS, group_chart
from taizhang.web.deps import CurrentUser, NowDep, SessionDep, district_today, section
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[section(Section.APPEALS)])


def _day(text: str | None, default: date, label: str) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"{label}应为 YYYY-MM-DD：{text} (date must be YYYY-MM-DD)") from None


@router.get("/appeals/statistics", response_class=HTMLResponse)
def statistics_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep,
    start: str | None = None, end: str | None = None,
) -> Response:  # fmt: skip
    """From the first day of the year to today unless a period is given."""
    today = district_today(now)
    first = _day(start, date(today.year, 1, 1), "开始日期")
    last = _day(end, today, "结束日期")
    figures = breakdown(session, user, start=first, end=last, today=min(last, today))
    language = request.state.language
    charts = {
        (part, measure): group_chart(getattr(figures, part), measure, language)
        for part in ("by_unit", "by_category")
        for measure in CHARTS
    }
    context = {"figures": figures, "charts": charts, "measures": list(CHARTS)}
    return render(request, "appeals/statistics.html", context)

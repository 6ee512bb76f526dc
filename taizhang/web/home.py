"""The home page: the project dashboard with the race cards."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from taizhang.web.deps import CurrentUser, NowDep, SessionDep, district_today
from taizhang.web.projects.charts_data import funnel_chart, unit_chart
from taizhang.web.projects.queries import dashboard_for
from taizhang.web.race.cards import race_card
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def dashboard_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep
) -> Response:
    board = dashboard_for(session, user, district_today(now))
    language = request.state.language
    return render(
        request,
        "home.html",
        {
            "board": board,
            "funnel_svg": funnel_chart(board, language),
            "units_svg": unit_chart(board, language),
            "race": race_card(session, district_today(now), language),
        },
    )

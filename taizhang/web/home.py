"""The home page: the project dashboard with the race cards, for the desks whose work it is;
everyone else is sent on to their own work (`org.access.HOME_SECTION`). And the favicon."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from taizhang.org.access import Desk, Section, desk_of, may
from taizhang.web.deps import PUBLIC, CurrentUser, NowDep, SessionDep, district_today, section
from taizhang.web.navigation import home_path
from taizhang.web.projects.charts_data import funnel_chart, unit_chart
from taizhang.web.projects.queries import dashboard_for
from taizhang.web.race.cards import race_card
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False)


# Every desk may ask for "/": it is the dashboard, or a redirect to the desk's own work.
@router.get("/", response_class=HTMLResponse, dependencies=[section(None)])
def dashboard_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep
) -> Response:
    if not may(user, Section.DASHBOARD):
        return RedirectResponse(home_path(user), status_code=303)
    board = dashboard_for(session, user, district_today(now))
    language = request.state.language
    own = desk_of(user) == Desk.TOWN
    return render(
        request,
        "home.html",
        {
            "board": board,
            "own": own,
            "funnel_svg": funnel_chart(board, language),
            "units_svg": unit_chart(board, language, own=own),
            "race": race_card(session, district_today(now), language),
        },
    )


@router.get("/favicon.ico", dependencies=[PUBLIC])
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page links; send them to the SVG."""
    return RedirectResponse("/static/favicon.svg", status_code=301)

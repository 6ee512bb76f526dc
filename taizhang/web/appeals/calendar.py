"""The working-day calendar page: which years' holiday notices are entered, and — for district
administrators — entering next year's notice when the State Council publishes it, which
recounts every provisional due date at once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from taizhang.appeals.deadlines import enter_holiday_notice, notice_missing_for
from taizhang.kernel.calendar_files import district_calendar
from taizhang.kernel.errors import Invalid
from taizhang.org.access import Section, require_district_admin
from taizhang.org.models import Role
from taizhang.web.deps import CsrfChecked, CurrentUser, NowDep, SessionDep, district_today, section
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[section(Section.APPEALS)])
NOTICE_LIMIT = 20_000  # characters: a year's notice is a few hundred


@router.get("/appeals/calendar", response_class=HTMLResponse)
def calendar_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep
) -> Response:
    return _render(request, session, user, now)


@router.post("/appeals/calendar", response_class=HTMLResponse, dependencies=[CsrfChecked])
def enter_notice(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    notice: Annotated[str, Form(max_length=NOTICE_LIMIT)],
) -> Response:
    require_district_admin(user, "录入节假日安排 (enter holiday notices)")
    try:
        years, changed = enter_holiday_notice(
            session, notice, source="网页录入", now=now, actor_id=user.id
        )
    except Invalid as error:
        session.rollback()
        return _render(request, session, user, now, {"error": error, "notice": notice}, 422)
    return _render(request, session, user, now, {"entered": years, "recounted": changed})


def _render(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    extra: dict[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    calendar = district_calendar(session)
    context = {
        "covers": calendar.covers,
        "missing": notice_missing_for(calendar, district_today(now)),
        "admin": user.role == Role.DISTRICT_ADMIN,
    }
    return render(
        request, "appeals/calendar.html", context | (extra or {}), status_code=status_code
    )

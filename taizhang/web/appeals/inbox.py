"""The staff inbox as a page and as the JSON list: one tab, one page, masked rows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from taizhang.appeals.deadlines import notice_missing_for
from taizhang.appeals.inbox import PAGE_SIZE, InboxPage, Tab, read_inbox
from taizhang.appeals.privacy import masked
from taizhang.appeals.workflow import is_overdue
from taizhang.kernel.calendar_files import district_calendar
from taizhang.org.models import Role
from taizhang.web.appeals.schemas import AppealOut, AppealsOut, appeal_out
from taizhang.web.deps import CurrentUser, NowDep, SessionDep, district_today
from taizhang.web.rendering import render

router = APIRouter()
TabQuery = Annotated[str, Query(description="todo / mine / overdue / to_close")]
AfterQuery = Annotated[str | None, Query(description="上一页返回的 next_cursor (page cursor)")]


@router.get("/appeals/inbox", response_class=HTMLResponse, include_in_schema=False)
def inbox_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep,
    tab: TabQuery = Tab.TODO.value, after: AfterQuery = None,
) -> Response:  # fmt: skip
    today = district_today(now)
    page = read_inbox(session, user, today=today, tab=tab, after=after)
    rows = [(masked(a, viewer=user), is_overdue(a, today)) for a in page.appeals]
    context = {"page": page, "rows": rows, "tabs": list(Tab), "first_page": after is None}
    if user.role == Role.DISTRICT_ADMIN:
        context["notice_missing"] = notice_missing_for(district_calendar(session), today)
    return render(request, "appeals/inbox.html", context)


@router.get("/api/v1/appeals", response_model=AppealsOut, tags=["appeals"])
def list_appeals_api(
    session: SessionDep, user: CurrentUser, now: NowDep,
    tab: TabQuery = Tab.TODO.value, after: AfterQuery = None,
    limit: Annotated[int, Query(ge=1, le=200)] = PAGE_SIZE,
) -> AppealsOut:  # fmt: skip
    today = district_today(now)
    page = read_inbox(session, user, today=today, tab=tab, after=after, limit=limit)
    items = [appeal_out(masked(a, viewer=user), overdue=is_overdue(a, today)) for a in page.appeals]
    return _page_out(page, items)


def _page_out(page: InboxPage, items: list[AppealOut]) -> AppealsOut:
    return AppealsOut(
        items=items,
        count=page.counts[page.tab],
        tab=page.tab.value,
        counts={tab.value: n for tab, n in page.counts.items()},
        next_cursor=page.next_cursor,
    )

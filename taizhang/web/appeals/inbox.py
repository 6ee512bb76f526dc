"""The staff inbox as a page and as the JSON list: one tab, one page, masked rows, searchable.

The search form's fields (`appeals.filters`) arrive as text and narrow every tab; the 全部 tab
also holds closed appeals and pages by number. A search the domain cannot read is said on the page
(422), naming each field, with the form kept as typed."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from taizhang.appeals.deadlines import notice_missing_for
from taizhang.appeals.filters import AppealFilter, filter_choices, parse_filter
from taizhang.appeals.inbox import MAX_PAGE_NUMBER, PAGE_SIZE, InboxPage, Tab, read_inbox
from taizhang.appeals.privacy import masked
from taizhang.appeals.workflow import is_overdue
from taizhang.kernel.calendar_files import district_calendar
from taizhang.kernel.errors import Invalid
from taizhang.org.access import Section
from taizhang.org.models import Role, User
from taizhang.web.appeals.schemas import AppealOut, AppealsOut, appeal_out
from taizhang.web.deps import CurrentUser, NowDep, SessionDep, district_today, section
from taizhang.web.rendering import render

router = APIRouter(dependencies=[section(Section.APPEALS)])
TabQuery = Annotated[str, Query(description="todo / mine / overdue / to_close / all")]
AfterQuery = Annotated[str | None, Query(description="上一页返回的 next_cursor (page cursor)")]
PageQuery = Annotated[int, Query(ge=1, le=MAX_PAGE_NUMBER, description="全部页的页码 (all tab)")]
SEARCH_FIELDS = (
    "number", "phone_tail", "compound", "category", "status", "received_from", "received_to",
)  # fmt: skip


def _typed(request: Request) -> dict[str, str]:
    return {name: request.query_params.get(name, "") for name in SEARCH_FIELDS}


@router.get("/appeals/inbox", response_class=HTMLResponse, include_in_schema=False)
def inbox_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep,
    tab: TabQuery = Tab.TODO.value, after: AfterQuery = None, page: PageQuery = 1,
) -> Response:  # fmt: skip
    today = district_today(now)
    typed = _typed(request)
    try:
        filters, failed = parse_filter(typed), None
    except Invalid as error:
        filters, failed = AppealFilter(), error
    found = read_inbox(
        session, user, today=today, tab=tab, after=after, filters=filters, page_number=page
    )
    rows = [] if failed else [(masked(a, viewer=user), is_overdue(a, today)) for a in found.appeals]
    context = _context(session, user, found, rows, typed) | {"first_page": after is None}
    if failed:
        context["failed"] = failed.message_in(request.state.language)
    if user.role == Role.DISTRICT_ADMIN:
        context["notice_missing"] = notice_missing_for(district_calendar(session), today)
    return render(request, "appeals/inbox.html", context, status_code=422 if failed else 200)


def _context(
    session: Session, user: User, found: InboxPage, rows: list[Any], typed: dict[str, str]
) -> dict[str, Any]:
    return {
        "page": found,
        "rows": rows,
        "tabs": list(Tab),
        "typed": typed,
        "search_query": urlencode(found.filters.query_items()),
        "searching": found.filters.active,
        "choices": filter_choices(session, user),
    }


@router.get("/api/v1/appeals", response_model=AppealsOut, tags=["appeals"])
def list_appeals_api(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep,
    tab: TabQuery = Tab.TODO.value, after: AfterQuery = None, page: PageQuery = 1,
    limit: Annotated[int, Query(ge=1, le=200)] = PAGE_SIZE,
    number: Annotated[str, Query(description="工单号的一部分 (part of the number)")] = "",
    phone_tail: Annotated[str, Query(description="电话最后 4 位 (last 4 digits)")] = "",
    compound: Annotated[str, Query(description="小区 id (compound id)")] = "",
    category: Annotated[str, Query(description="类别代码 (category code)")] = "",
    status: Annotated[str, Query(description="状态 (status value)")] = "",
    received_from: Annotated[str, Query(description="受理日起 YYYY-MM-DD")] = "",
    received_to: Annotated[str, Query(description="受理日止 YYYY-MM-DD")] = "",
) -> AppealsOut:  # fmt: skip
    """诉求列表：各分类、搜索与筛选，个人信息打码 (the inbox; tabs, search; masked)."""
    today = district_today(now)
    filters = parse_filter(_typed(request))
    found = read_inbox(
        session, user, today=today, tab=tab, after=after, limit=limit, filters=filters,
        page_number=page,
    )  # fmt: skip
    items = [
        appeal_out(masked(a, viewer=user), overdue=is_overdue(a, today)) for a in found.appeals
    ]
    return _page_out(found, items)


def _page_out(page: InboxPage, items: list[AppealOut]) -> AppealsOut:
    return AppealsOut(
        items=items,
        count=page.counts[page.tab],
        tab=page.tab.value,
        counts={tab.value: n for tab, n in page.counts.items()},
        next_cursor=page.next_cursor,
        page=page.page_number,
        pages=page.pages,
    )

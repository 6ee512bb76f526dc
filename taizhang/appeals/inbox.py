"""The inbox: the appeals a user still has to act on, one page at a time, soonest due first.

| tab        | 中文   | which appeals (never a 销号 one)                       |
|------------|--------|--------------------------------------------------------|
| `todo`     | 待办   | every appeal in the user's scope                       |
| `mine`     | 我承办 | those the user is the handler of                       |
| `overdue`  | 已超期 | still open (登记 … 办理) after the due date            |
| `to_close` | 待销号 | evaluated by the requester, waiting for 销号           |
| `all`      | 全部   | every appeal in the user's scope, 销号 ones included   |

Scope is one rule that gives each role its own inbox. District admins (and viewers without a
unit) see the whole district. Everyone else sees the appeals placed in their unit's subtree or
handled by a unit in it, and those they handle themselves. So an instructor's inbox holds their
compounds' requests and whatever is assigned to them, a department's the requests routed to it,
and a street's everything in its communities.

Pages are cut by keyset on (due date, id): `after` is the cursor of the previous page's last
row ("2026-05-20.123"). A page costs the same at page 1 or page 100, and rows do not shift when
new requests arrive. Unclosed appeals have a partial index of their own (`ix_appeals_unclosed_due`)
that also holds every column the scope and the tabs test, so the page and the tab sizes are read
from the index alone. The condition is written as a literal so both databases can prove it
matches that index.

The `all` tab holds closed appeals too, newest received first, and pages by number (`page_number`)
so a search result says how many pages it has. A search (`filters.AppealFilter`) narrows every tab
and every tab's size; the scope is the same whatever the tab or the search.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.orm import Session, selectinload

from taizhang.appeals.filters import AppealFilter
from taizhang.appeals.models import Appeal, AppealStatus
from taizhang.appeals.workflow import OPEN_STATUSES
from taizhang.kernel.errors import Invalid
from taizhang.kernel.labels import LabelledEnum
from taizhang.org.access import scope_path
from taizhang.org.models import Unit, User

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(\d+)$")
# What masking and the pages read of each appeal, loaded in one query each (not one per row).
ROW_LOADS = (
    selectinload(Appeal.unit),
    selectinload(Appeal.category),
    selectinload(Appeal.handler),
    selectinload(Appeal.handler_unit),
)


class Tab(LabelledEnum):
    TODO = "todo", "待办", "To do"
    MINE = "mine", "我承办", "Mine"
    OVERDUE = "overdue", "已超期", "Overdue"
    TO_CLOSE = "to_close", "待销号", "To close"
    ALL = "all", "全部", "All"


OPEN_TABS = (Tab.TODO, Tab.MINE, Tab.OVERDUE, Tab.TO_CLOSE)
MAX_PAGE_NUMBER = 100_000


@dataclass(frozen=True)
class InboxPage:
    tab: Tab
    appeals: list[Appeal]
    next_cursor: str | None  # None on the last page (the `all` tab pages by number instead)
    counts: dict[Tab, int]  # how many appeals each tab holds in all
    filters: AppealFilter = field(default_factory=AppealFilter)
    page_number: int = 1  # the `all` tab's page
    limit: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        """How many pages the `all` tab has (at least one)."""
        return max(1, -(-self.counts[Tab.ALL] // self.limit))


def read_inbox(
    session: Session,
    user: User,
    *,
    today: date,
    tab: Tab | str = Tab.TODO,
    after: str | None = None,
    limit: int = PAGE_SIZE,
    filters: AppealFilter | None = None,
    page_number: int = 1,
) -> InboxPage:
    """One page of `tab` for `user`, and the size of every tab, all narrowed by `filters`."""
    chosen = parse_tab(tab)
    wanted = filters or AppealFilter()
    page_query, count_query = inbox_statements(
        session, user, today=today, tab=chosen, after=after, limit=limit, filters=wanted,
        page_number=page_number,
    )  # fmt: skip
    ids = list(session.scalars(page_query))
    rows = _load_in_order(session, ids)
    more = len(rows) > limit
    shown = rows[:limit]
    counts = session.execute(count_query).one()
    cursor = cursor_of(shown[-1]) if more and chosen in OPEN_TABS else None
    return InboxPage(
        chosen,
        shown,
        cursor,
        {t: int(n) for t, n in zip(Tab, counts, strict=True)},
        wanted,
        page_number,
        limit,
    )


def inbox_statements(
    session: Session,
    user: User,
    *,
    today: date,
    tab: Tab,
    after: str | None,
    limit: int,
    filters: AppealFilter | None = None,
    page_number: int = 1,
) -> tuple[Select[int], Select[*tuple[Any, ...]]]:
    """The select of the page's ids (one more than `limit`, to tell whether a next page exists)
    and the select of every tab's size; separate so a benchmark can show their plans. Only ids,
    so without a search both are read from the inbox index alone; the rows are loaded by id
    afterwards."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise Invalid(f"每页条数应为 1–{MAX_PAGE_SIZE} (page size out of range)")
    if not 1 <= page_number <= MAX_PAGE_NUMBER:
        raise Invalid(f"页码应为 1–{MAX_PAGE_NUMBER} (page number out of range)")
    where = [*scope_conditions(session, user), *(filters.conditions() if filters else ())]
    if tab is Tab.ALL:
        page = _all_page(where, limit, page_number)
    else:
        page = _open_page(where, _tab_condition(tab, user, today), limit, after)
    sizes = [
        func.coalesce(func.sum(case((_tab_condition(t, user, today), 1), else_=0)), 0)
        for t in OPEN_TABS
    ]
    everything = select(func.count(Appeal.id)).where(*where).correlate(None).scalar_subquery()
    return page, select(*sizes, everything).where(_unclosed(), *where)


def _open_page(
    where: list[ColumnElement[bool]], tab: ColumnElement[bool], limit: int, after: str | None
) -> Select[int]:
    page = (
        select(Appeal.id)
        .where(_unclosed(), *where, tab)
        .order_by(Appeal.due_on, Appeal.id)
        .limit(limit + 1)
    )
    if after:
        page = page.where(tuple_(Appeal.due_on, Appeal.id) > tuple_(*parse_cursor(after)))
    return page


def _all_page(where: list[ColumnElement[bool]], limit: int, page_number: int) -> Select[int]:
    """Closed appeals too, newest received first, by page number."""
    return (
        select(Appeal.id)
        .where(*where)
        .order_by(Appeal.received_at.desc(), Appeal.id.desc())
        .offset((page_number - 1) * limit)
        .limit(limit + 1)
    )


def _load_in_order(session: Session, ids: list[int]) -> list[Appeal]:
    if not ids:
        return []
    found = session.scalars(select(Appeal).where(Appeal.id.in_(ids)).options(*ROW_LOADS))
    by_id = {appeal.id: appeal for appeal in found}
    return [by_id[i] for i in ids]


def parse_tab(tab: Tab | str) -> Tab:
    try:
        return Tab(tab)
    except ValueError:
        known = "、".join(t.value for t in Tab)
        raise Invalid(f"未知的待办分类 {tab}，可选：{known} (unknown inbox tab)") from None


def cursor_of(appeal: Appeal) -> str:
    return f"{appeal.due_on.isoformat()}.{appeal.id}"


def parse_cursor(text: str) -> tuple[date, int]:
    match = _CURSOR.match(text)
    try:
        if match is None:
            raise ValueError(text)
        return date.fromisoformat(match[1]), int(match[2])
    except ValueError:
        raise Invalid(f"翻页位置无效：{text} (malformed page cursor)") from None


def _unclosed() -> ColumnElement[bool]:
    return Appeal.status != literal_column(f"'{AppealStatus.CLOSED.value}'")


def scope_conditions(session: Session, user: User) -> Sequence[ColumnElement[bool]]:
    """No condition for the district; else the user's units, looked up first so each branch of
    the OR uses its own index (an `IN (subquery)` under `OR` makes PostgreSQL scan)."""
    path = scope_path(user)
    if path is None:
        return ()
    units = list(session.scalars(select(Unit.id).where(Unit.path.startswith(path))))
    mine = Appeal.handler_id == user.id
    return (or_(mine, Appeal.unit_id.in_(units), Appeal.handler_unit_id.in_(units)),)


def _tab_condition(tab: Tab, user: User, today: date) -> ColumnElement[bool]:
    conditions: dict[Tab, ColumnElement[bool]] = {
        Tab.TODO: true(),
        Tab.ALL: true(),
        Tab.MINE: Appeal.handler_id == user.id,
        Tab.OVERDUE: and_(_is_open(), Appeal.due_on < today),
        Tab.TO_CLOSE: Appeal.status == AppealStatus.EVALUATED.value,
    }
    return conditions[tab]


def _is_open() -> ColumnElement[bool]:
    return Appeal.status.in_([s.value for s in OPEN_STATUSES])

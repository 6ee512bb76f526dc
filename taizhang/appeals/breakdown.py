"""The loop's figures (`statistics.summarize`) for each unit and each category a user may see.

The appeals counted are the inbox's (`inbox.scope_conditions`): a handler's figures never include
a request they could not open. By unit, each appeal counts under the unit directly below the
user's scope unit that holds its place (for the district: its town, street or platform); appeals
in the scope through their handler, placed elsewhere (a department's), count under the scope
unit itself. Units with nothing received are listed too, so a unit at zero shows as zero.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.inbox import scope_conditions
from taizhang.appeals.models import Appeal, AppealCategory
from taizhang.appeals.statistics import AppealStatistics, FigureRow, summarize
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.kernel.errors import Invalid
from taizhang.org.access import scope_or_district
from taizhang.org.models import Unit, UnitKind, User

NOT_PLACES = (UnitKind.DEPARTMENT.value, UnitKind.PROPERTY.value, UnitKind.COMMITTEE.value)


@dataclass(frozen=True)
class Group:
    """One unit's or one category's figures."""

    id: int
    name: str
    figures: AppealStatistics


@dataclass(frozen=True)
class Breakdown:
    start: date
    end: date
    total: AppealStatistics
    by_unit: list[Group]
    by_category: list[Group]


def breakdown(session: Session, user: User, *, start: date, end: date, today: date) -> Breakdown:
    """Appeals received from `start` to `end` (district days, inclusive) that `user` may see."""
    if end < start:
        raise Invalid("统计区间的结束日早于开始日 (end before start)")
    rows = _rows(session, user, start, end)
    top = scope_or_district(session, user)
    return Breakdown(
        start,
        end,
        summarize([row for row, _, _ in rows], today),
        _by_unit(session, top, rows, today),
        _by_category(session, rows, today),
    )


_Found = tuple[FigureRow, str, int]  # the figures' row, the place's path, the category


def _rows(session: Session, user: User, start: date, end: date) -> list[_Found]:
    first = datetime.combine(start, time(), DISTRICT_TIME)
    after = datetime.combine(end + timedelta(days=1), time(), DISTRICT_TIME)
    query = (
        select(
            Appeal.status,
            Appeal.due_on,
            Appeal.received_at,
            Appeal.answered_at,
            Appeal.resolved,
            Appeal.grade,
            Unit.path,
            Appeal.category_id,
        )
        .join(Unit, Unit.id == Appeal.unit_id)
        .where(Appeal.received_at >= first, Appeal.received_at < after)
        .where(*scope_conditions(session, user))
    )
    return [(FigureRow(*row[:6]), row[6], row[7]) for row in session.execute(query)]


def _by_unit(session: Session, top: Unit, rows: list[_Found], today: date) -> list[Group]:
    children = list(
        session.scalars(
            select(Unit)
            .where(Unit.parent_id == top.id, Unit.kind.not_in(NOT_PLACES))
            .order_by(Unit.sort_order, Unit.path)
        )
    )
    grouped: dict[int, list[FigureRow]] = {unit.id: [] for unit in children}
    for row, path, _ in rows:
        holder = next((u for u in children if path.startswith(u.path)), top)
        grouped.setdefault(holder.id, []).append(row)
    names = {unit.id: unit.name for unit in [*children, top]}
    return [Group(uid, names[uid], summarize(found, today)) for uid, found in grouped.items()]


def _by_category(session: Session, rows: list[_Found], today: date) -> list[Group]:
    grouped: dict[int, list[FigureRow]] = defaultdict(list)
    for row, _, category_id in rows:
        grouped[category_id].append(row)
    query = (
        select(AppealCategory).where(AppealCategory.id.in_(grouped)).order_by(AppealCategory.code)
    )
    return [
        Group(category.id, category.label, summarize(grouped[category.id], today))
        for category in session.scalars(query)
    ]

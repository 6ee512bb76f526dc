"""指导员周走访: the instructor's weekly visit to each compound they cover, as the ledger keeps it.

A visit is recorded by the compound's own instructor (or a district administrator entering it for
them) within `VISIT_WINDOW_DAYS` of the visit — never in the future, and never weeks later, since
visits make up the instructor's own 履职情况 score — with the number of households seen, which
cannot exceed the households of the compound's 一户一表 when that table has been filled in.

`weeks_of_month` fixes which weeks a month is accountable for: the ISO weeks whose Thursday falls
in the month (the ISO rule for a week's month), so each week belongs to exactly one month.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.models import CompoundVisit
from taizhang.appeals.people import count_households, instructor_of
from taizhang.kernel.clock import district_date
from taizhang.kernel.errors import Forbidden, Invalid
from taizhang.org.models import Role, Unit, UnitKind, User

THURSDAY = 3
VISIT_WINDOW_DAYS = 7


def record_visit(
    session: Session,
    *,
    compound: Unit,
    by: User,
    visited_on: date,
    households: int,
    now: datetime,
    note: str = "",
) -> CompoundVisit:
    instructor = _visiting_instructor(session, compound, by)
    _check_visit(session, compound, visited_on, households, now)
    visit = CompoundVisit(
        instructor=instructor,
        compound=compound,
        visited_on=visited_on,
        households=households,
        note=note.strip(),
        recorded_at=now,
    )
    session.add(visit)
    session.flush()
    return visit


def _visiting_instructor(session: Session, compound: Unit, by: User) -> User:
    if compound.kind != UnitKind.COMPOUND:
        raise Invalid(f"{compound.name} 不是小区 (visits are to compounds)")
    instructor = instructor_of(session, compound)
    if instructor is None:
        raise Invalid(f"{compound.name} 还没有指导员，无法登记走访 (compound has no instructor)")
    if by.id != instructor.id and by.role != Role.DISTRICT_ADMIN:
        raise Forbidden(
            f"只有{compound.name}的指导员可以登记走访 "
            "(only the compound's instructor records visits)"
        )
    return instructor


def _check_visit(
    session: Session, compound: Unit, visited_on: date, households: int, now: datetime
) -> None:
    today = district_date(now)
    if visited_on > today:
        raise Invalid(f"走访日期 {visited_on} 晚于今天 (visit date in the future)")
    if visited_on < today - timedelta(days=VISIT_WINDOW_DAYS):
        raise Invalid(
            f"走访须在 {VISIT_WINDOW_DAYS} 天内登记，{visited_on} 的走访已不能补登 "
            f"(visits are recorded within {VISIT_WINDOW_DAYS} days)"
        )
    registered = count_households(session, compound=compound)
    if households < 0 or (registered and households > registered):
        raise Invalid(
            f"走访户数应在 0–{registered or '∞'} 之间，本小区一户一表登记 {registered} 户 "
            "(households visited out of range)"
        )


def weeks_of_month(month: date) -> list[date]:
    """The Mondays of the ISO weeks whose Thursday lies in `month`."""
    first = month.replace(day=1)
    thursday = first + timedelta(days=(THURSDAY - first.weekday()) % 7)
    mondays = []
    while thursday.month == first.month:
        mondays.append(thursday - timedelta(days=THURSDAY))
        thursday += timedelta(days=7)
    return mondays


def visited_weeks(session: Session, *, compound: Unit, month: date) -> set[date]:
    """The Mondays of the month's weeks in which the compound had at least one visit."""
    return visited_weeks_by_compound(session, [compound.id], month=month)[compound.id]


def visited_weeks_by_compound(
    session: Session, compound_ids: Collection[int], *, month: date
) -> dict[int, set[date]]:
    """`visited_weeks` of each compound, in one query."""
    mondays = weeks_of_month(month)
    start, end = mondays[0], mondays[-1] + timedelta(days=6)
    query = select(CompoundVisit.compound_id, CompoundVisit.visited_on).where(
        CompoundVisit.compound_id.in_(compound_ids),
        CompoundVisit.visited_on >= start,
        CompoundVisit.visited_on <= end,
    )
    weeks: dict[int, set[date]] = {compound_id: set() for compound_id in compound_ids}
    for compound_id, day in session.execute(query):
        weeks[compound_id].add(day - timedelta(days=day.weekday()))
    return weeks


def visits_of(session: Session, *, compound: Unit, start: date, end: date) -> list[CompoundVisit]:
    query = (
        select(CompoundVisit)
        .where(CompoundVisit.compound_id == compound.id)
        .where(CompoundVisit.visited_on >= start, CompoundVisit.visited_on <= end)
        .order_by(CompoundVisit.visited_on, CompoundVisit.id)
    )
    return list(session.scalars(query))

"""The loop's figures for a unit's subtree and a period of receipt, both rates side by side.

- closure rate (办结率)   = closed / registered
- resolution rate (解决率) = closed with a grade ≥ 3 (基本满意 or better) / closed
- satisfaction rate (满意率) = graded 基本满意 or better / graded (the requester's latest grade)

Closing is not solving: an appeal closed after the evaluation timeout counts as closed but not
as resolved, so a unit cannot raise its resolution rate by letting answers time out.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealStatus
from taizhang.appeals.workflow import OPEN_STATUSES, Grade
from taizhang.kernel.clock import DISTRICT_TIME, district_date
from taizhang.kernel.errors import Invalid
from taizhang.org.models import Unit

RATE_PLACES = Decimal("0.0001")
DAY_PLACES = Decimal("0.1")
SECONDS_PER_DAY = Decimal(86_400)


@dataclass(frozen=True)
class AppealStatistics:
    registered: int
    answered: int
    closed: int
    resolved: int
    closed_unevaluated: int
    overdue: int
    closure_rate: Decimal | None  # None when nothing was registered
    resolution_rate: Decimal | None  # None when nothing was closed
    average_days_to_answer: Decimal | None  # calendar days, receipt to (latest) answer
    graded: int = 0  # appeals with a requester's grade
    satisfied: int = 0  # of those, graded 基本满意 or better
    satisfaction_rate: Decimal | None = None  # None when nothing was graded


@dataclass(frozen=True)
class FigureRow:
    """What the figures read of one appeal."""

    status: str
    due_on: date
    received_at: datetime
    answered_at: datetime | None
    resolved: bool | None
    grade: int | None


def statistics(
    session: Session, *, scope_unit: Unit, start: date, end: date, today: date | None = None
) -> AppealStatistics:
    """Appeals at or below `scope_unit` received from `start` to `end` (district days, inclusive).

    Overdue: still open after its due date as of `today` (default `end`), or answered late.
    """
    _check_period(start, end)
    return summarize(_rows(session, scope_unit, start, end), today or end)


def statistics_by_compound(
    session: Session, compound_ids: Collection[int], *, start: date, end: date, today: date
) -> dict[int, AppealStatistics]:
    """`statistics` of each compound at once (appeals placed on the compound itself)."""
    _check_period(start, end)
    grouped: dict[int, list[FigureRow]] = {compound_id: [] for compound_id in compound_ids}
    query = _row_query(start, end).add_columns(Appeal.unit_id).where(Appeal.unit_id.in_(grouped))
    for *row, unit_id in session.execute(query):
        grouped[unit_id].append(FigureRow(*row))
    return {unit_id: summarize(rows, today) for unit_id, rows in grouped.items()}


def summarize(rows: list[FigureRow], today: date) -> AppealStatistics:
    closed = [r for r in rows if r.status == AppealStatus.CLOSED]
    resolved = sum(1 for r in closed if r.resolved)
    answer_days = [_days(r.received_at, r.answered_at) for r in rows if r.answered_at]
    grades = [r.grade for r in rows if r.grade is not None]
    satisfied = sum(1 for grade in grades if Grade(grade).solved)
    return AppealStatistics(
        registered=len(rows),
        answered=len(answer_days),
        closed=len(closed),
        resolved=resolved,
        closed_unevaluated=sum(1 for r in closed if r.resolved is None),
        overdue=sum(1 for r in rows if _overdue(r, today)),
        closure_rate=_rate(len(closed), len(rows)),
        resolution_rate=_rate(resolved, len(closed)),
        average_days_to_answer=_mean(answer_days),
        graded=len(grades),
        satisfied=satisfied,
        satisfaction_rate=_rate(satisfied, len(grades)),
    )


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise Invalid("统计区间的结束日早于开始日 (end before start)")


def _rows(session: Session, scope: Unit, start: date, end: date) -> list[FigureRow]:
    query = (
        _row_query(start, end)
        .join(Unit, Unit.id == Appeal.unit_id)
        .where(Unit.path.startswith(scope.path, autoescape=True))
    )
    return [FigureRow(*row) for row in session.execute(query)]


def _row_query(start: date, end: date) -> Select[*tuple[Any, ...]]:
    """What the figures read of each appeal received from `start` to `end` (district days)."""
    first = datetime.combine(start, time(), DISTRICT_TIME)
    after = datetime.combine(end + timedelta(days=1), time(), DISTRICT_TIME)
    return select(
        Appeal.status,
        Appeal.due_on,
        Appeal.received_at,
        Appeal.answered_at,
        Appeal.resolved,
        Appeal.grade,
    ).where(Appeal.received_at >= first, Appeal.received_at < after)


def _overdue(row: FigureRow, today: date) -> bool:
    if row.status in {s.value for s in OPEN_STATUSES}:
        return row.due_on < today
    return row.answered_at is not None and district_date(row.answered_at) > row.due_on


def _days(received_at: datetime, answered_at: datetime | None) -> Decimal:
    assert answered_at is not None
    return Decimal((answered_at - received_at).total_seconds()) / SECONDS_PER_DAY


def _rate(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(RATE_PLACES, ROUND_HALF_UP)


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(DAY_PLACES, ROUND_HALF_UP)

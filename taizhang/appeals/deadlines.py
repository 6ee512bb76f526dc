"""Due dates (办理时限) on the working-day calendar, and what becomes of them when a holiday
notice is entered.

A due date counted through a year whose notice is not entered yet is provisional (暂定): it is
kept with the appeal (`due_provisional`) and shown so. Entering the notice recomputes the due
date of every open appeal counted provisionally, from what it was counted from — receipt and
the category's limit, or the reopening and `REOPEN_LIMIT_DAYS` — plus its approved 延期 days.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealEvent, AppealExtension, AppealStatus
from taizhang.kernel.calendar import WorkingCalendar
from taizhang.kernel.calendar_files import district_calendar, enter_calendar_file
from taizhang.kernel.clock import district_date

WARN_FROM_MONTH = 11
REOPEN_LIMIT_DAYS = 15  # 不满意/非常不满意 must be rectified within 15 working days (DOMAIN §4.2.3)
OPEN_VALUES = tuple(
    s.value
    for s in (
        AppealStatus.REGISTERED,
        AppealStatus.ACCEPTED,
        AppealStatus.ASSIGNED,
        AppealStatus.IN_PROGRESS,
    )
)


def set_due(appeal: Appeal, calendar: WorkingCalendar, start: date, days: int) -> date:
    """The due date `days` working days after `start`, kept with whether it is provisional."""
    due = calendar.add_working_days(start, days)
    appeal.due_on = due
    appeal.due_provisional = calendar.counts_provisionally(start, due)
    return due


def extend_due(appeal: Appeal, calendar: WorkingCalendar, days: int) -> date:
    """The due date moved on by `days` working days (an approved 延期)."""
    provisional = appeal.due_provisional
    due = set_due(appeal, calendar, appeal.due_on, days)
    appeal.due_provisional = appeal.due_provisional or provisional
    return due


def recompute_provisional_due_dates(session: Session, calendar: WorkingCalendar) -> int:
    """Count again, on `calendar`, every open appeal whose due date was provisional; how many
    changed their date."""
    query = select(Appeal).where(Appeal.due_provisional.is_(True), Appeal.status.in_(OPEN_VALUES))
    changed = 0
    for appeal in list(session.scalars(query)):
        before = appeal.due_on
        start, days = _counted_from(session, appeal)
        set_due(appeal, calendar, start, days)
        for extra in _approved_days(session, appeal, start):
            extend_due(appeal, calendar, extra)
        changed += appeal.due_on != before
    session.flush()
    return changed


def _counted_from(session: Session, appeal: Appeal) -> tuple[date, int]:
    reopened = session.scalar(
        select(AppealEvent.at)
        .where(AppealEvent.appeal_id == appeal.id, AppealEvent.kind == "reopened")
        .order_by(AppealEvent.id.desc())
        .limit(1)
    )
    if reopened is not None:
        return district_date(reopened), REOPEN_LIMIT_DAYS
    return district_date(appeal.received_at), appeal.category.limit_days


def _approved_days(session: Session, appeal: Appeal, since: date) -> list[int]:
    query = (
        select(AppealExtension)
        .where(AppealExtension.appeal_id == appeal.id, AppealExtension.approved.is_(True))
        .order_by(AppealExtension.id)
    )
    return [
        extension.days
        for extension in session.scalars(query)
        if extension.decided_at is not None and district_date(extension.decided_at) >= since
    ]


def enter_holiday_notice(
    session: Session, text: str, *, source: str, now: datetime, actor_id: int | None
) -> tuple[list[int], int]:
    """Keep a holiday-arrangement file, then recount the provisional due dates on the calendar
    it completes: the years added and how many due dates changed."""
    years = enter_calendar_file(session, text, source=source, now=now, actor_id=actor_id)
    return years, recompute_provisional_due_dates(session, district_calendar(session))


def notice_missing_for(calendar: WorkingCalendar, today: date) -> int | None:
    """The year whose notice administrators should enter now: next year from 1 November on
    (the State Council usually publishes it then), or this year if it is still missing."""
    if calendar.is_provisional(today):
        return today.year
    if today.month >= WARN_FROM_MONTH and calendar.is_provisional(date(today.year + 1, 1, 1)):
        return today.year + 1
    return None

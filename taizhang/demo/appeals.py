"""The demo district's 诉求 system: compounds staffed, categories, about ninety appeals taken
through the loop, weekly visits, 三方 ratings and last month's instructor evaluation.

Everything is dated relative to the day the demo is built, with one limit: working-day
deadlines need the official calendar, which records 2024–2026 only. Counting a deadline past
its last year is refused (never guessed), so the appeals' story ends no later than
`LOOKAHEAD_WORKING_DAYS` working days before the calendar's last day — the furthest any demo
deadline reaches past its story (a 10-day limit plus an extension, or a reopening's 15 days).
Built later than that, the demo tells the story as of that day.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from taizhang.appeals.routing import create_category
from taizhang.demo.appeal_cases import WINDOW_DAYS, Desk, demo_cases
from taizhang.demo.appeal_data import CATEGORIES
from taizhang.demo.appeal_play import play
from taizhang.demo.compounds import staff_compounds
from taizhang.demo.instructor_month import rate_and_evaluate, record_visits
from taizhang.enterprises.models import Enterprise
from taizhang.kernel.calendar import WorkingCalendar, official_calendar
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.org.models import Unit, User
from taizhang.projects.models import Project

RATED_ON_WORKING_DAY = 3  # last month's ratings and evaluation: the month's third working day
SEED = 12345


def build_appeals(
    session: Session,
    *,
    units: dict[str, Unit],
    users: dict[str, User],
    enterprises: dict[str, Enterprise],
    projects: dict[str, Project],
    today: date,
) -> int:
    """Fill the appeals system of the demo district; returns how many appeals it registered."""
    calendar = official_calendar()
    end = today  # a year without a notice yet is counted provisionally: no need to stop
    start = end - timedelta(days=WINDOW_DAYS)
    rng = random.Random(SEED)
    since = datetime.combine(start - timedelta(days=21), time(9, 30), DISTRICT_TIME)
    staff_compounds(session, units, users, since=since, rng=rng)
    _build_categories(session, units)
    desk = Desk(session, units, users, enterprises, projects, calendar, end)
    count = play(session, demo_cases(desk, rng), calendar=calendar, end=end)
    record_visits(session, start=start, end=end, calendar=calendar, rng=rng)
    month, on = _reviewed_month(end, calendar)
    rate_and_evaluate(session, users, month=month, on=on, rng=rng)
    return count


def _reviewed_month(end: date, calendar: WorkingCalendar) -> tuple[date, date]:
    """The latest month already rated and evaluated by `end`, and the day it was: the month's
    `RATED_ON_WORKING_DAY`-th working day after it ended (last month's, or the one before when
    that day is still to come)."""
    month = (end.replace(day=1) - timedelta(days=1)).replace(day=1)
    on = _review_day(month, calendar)
    if on >= end:
        month = (month - timedelta(days=1)).replace(day=1)
        on = _review_day(month, calendar)
    return month, on


def _review_day(month: date, calendar: WorkingCalendar) -> date:
    last_day = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return calendar.add_working_days(last_day, RATED_ON_WORKING_DAY)


def _build_categories(session: Session, units: dict[str, Unit]) -> None:
    for row in CATEGORIES:
        create_category(
            session,
            code=row.code,
            label=row.label,
            kind=row.kind,
            limit_days=row.limit_days,
            route=row.route,
            route_unit=units[row.department] if row.department else None,
        )

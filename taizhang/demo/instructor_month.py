"""The instructors' side of the demo: weekly visits (a few weeks missed), last month's 三方
ratings (one compound without a 业委会 lacks that score) and last month's stored evaluation."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from taizhang.appeals.models import InstructorAssignment
from taizhang.appeals.monthly_evaluation import MonthlyResult, evaluate_month
from taizhang.appeals.people import count_households
from taizhang.appeals.ratings import Rater, rate_compound
from taizhang.appeals.visits import record_visit
from taizhang.demo.appeal_data import RATING_NOTES, VISIT_NOTES
from taizhang.kernel.calendar import WorkingCalendar
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.org.access import can_edit
from taizhang.org.models import Role, Unit, UnitKind, User
from taizhang.org.units import compound_party, district_unit

MISSED_WEEKS = 0.15  # the share of weeks an instructor does not get round to a compound
SCORES = {Rater.COMMITTEE: (76, 96), Rater.PROPERTY: (72, 95), Rater.COMMUNITY: (80, 97)}


def assignments(session: Session) -> list[InstructorAssignment]:
    query = (
        select(InstructorAssignment)
        .join(Unit, Unit.id == InstructorAssignment.compound_id)
        .options(joinedload(InstructorAssignment.instructor))
        .options(joinedload(InstructorAssignment.compound))
        .order_by(Unit.path)
    )
    return list(session.scalars(query))


def record_visits(
    session: Session,
    *,
    start: date,
    end: date,
    calendar: WorkingCalendar,
    rng: random.Random,
) -> int:
    """A visit on a working day of most weeks from `start` to before `end`; how many."""
    count = 0
    for assignment in assignments(session):
        households = count_households(session, compound=assignment.compound)
        monday = start - timedelta(days=start.weekday())
        while monday < end:
            days = [monday + timedelta(days=n) for n in range(7)]
            working = [d for d in days if start <= d < end and calendar.is_working_day(d)]
            if working and rng.random() >= MISSED_WEEKS:
                day = rng.choice(working)
                _visit(session, assignment, day, rng.randint(1, households), rng)
                count += 1
            monday += timedelta(days=7)
    return count


def _visit(
    session: Session,
    assignment: InstructorAssignment,
    day: date,
    households: int,
    rng: random.Random,
) -> None:
    recorded = datetime.combine(day, time(rng.randint(16, 19), rng.randint(0, 59)), DISTRICT_TIME)
    record_visit(
        session,
        compound=assignment.compound,
        by=assignment.instructor,
        visited_on=day,
        households=households,
        now=recorded,
        note=rng.choice(VISIT_NOTES),
    )


def rate_and_evaluate(
    session: Session,
    users: dict[str, User],
    *,
    month: date,
    on: date,
    rng: random.Random,
) -> MonthlyResult:
    """The month's ratings entered on `on`, then the month evaluated and stored that day."""
    rated_at = datetime.combine(on, time(10, 30), DISTRICT_TIME)
    for assignment in assignments(session):
        _rate(session, users, assignment, month=month, at=rated_at, rng=rng)
    return evaluate_month(
        session,
        month=month,
        scope=district_unit(session),
        today=on,
        now=datetime.combine(on, time(16, 0), DISTRICT_TIME),
    )


def _rate(
    session: Session,
    users: dict[str, User],
    assignment: InstructorAssignment,
    *,
    month: date,
    at: datetime,
    rng: random.Random,
) -> None:
    """Each party's score, entered by the community (a colleague of the instructor) or the
    unit above it; a compound without a 业委会 gets no 业委会 score."""
    compound = assignment.compound
    by = _transcriber(users, compound, assignment.instructor)
    for rater in Rater:
        if (
            rater is Rater.COMMITTEE
            and compound_party(session, compound, UnitKind.COMMITTEE) is None
        ):
            continue
        rate_compound(
            session,
            compound=compound,
            month=month,
            rater=rater,
            score=Decimal(rng.randint(*SCORES[rater])),
            by=by,
            now=at,
            note=RATING_NOTES[rater.value],
        )


def _transcriber(users: dict[str, User], compound: Unit, instructor: User) -> User:
    """The nearest staff (not the instructor) who may edit the compound, else the admin."""
    staff = [
        u
        for u in users.values()
        if u.role == Role.UNIT_STAFF and u.id != instructor.id and can_edit(u, compound)
    ]
    return max(staff, key=lambda u: u.unit.path.count("/") if u.unit else 0, default=users["admin"])

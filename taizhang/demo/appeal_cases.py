"""The demo's appeals before they happen: who raises what, where, through whom, and its plan.

The stories (`appeal_data.STORIES`) are placed a fixed number of working days before today,
so every status, timer and 延期 shows whatever day the demo is built; the rest are drawn at
random over the last three months, their fate by their age.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy.orm import Session

from taizhang.appeals.models import AppealCategory, AppealChannel, RequesterKind
from taizhang.appeals.people import instructor_of, list_households
from taizhang.appeals.routing import get_category, route_appeal
from taizhang.appeals.workflow import Requester
from taizhang.demo.appeal_data import (
    COMPOUNDS,
    FOLLOW_UPS,
    INSTRUCTOR,
    ISSUES,
    RESIDENT_MIX,
    STORIES,
    Issue,
    StoryRow,
)
from taizhang.demo.appeal_plan import FALLBACKS, Fate, Move, Timing, plan
from taizhang.demo.compounds import phone_number
from taizhang.enterprises.models import Enterprise
from taizhang.kernel.calendar import WorkingCalendar, deadline_for
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.org.models import Role, Unit, UnitKind, User
from taizhang.org.units import is_within
from taizhang.projects.models import Project

GENERIC_CASES = 72
WINDOW_DAYS = 91
LATE_SHARE = 0.15
VISIT_CHANNELS = {
    AppealChannel.WEEKLY_VISIT: 70,
    AppealChannel.VISIT: 15,
    AppealChannel.COUNCIL: 15,
}
# The fate of a drawn appeal by its age in working days: (older than, weights).
FATES_BY_AGE: tuple[tuple[int, dict[Fate, int]], ...] = (
    (12, {Fate.CLOSED: 66, Fate.TIMED_OUT: 14, Fate.REOPENED_CLOSED: 6, Fate.EVALUATED: 4,
          Fate.IN_PROGRESS: 4, Fate.EXTENDED: 3}),
    (4, {Fate.CLOSED: 30, Fate.EVALUATED: 12, Fate.ANSWERED: 10, Fate.IN_PROGRESS: 25,
         Fate.TIMED_OUT: 8, Fate.ASSIGNED: 5, Fate.REOPENED: 5}),
    (-1, {Fate.REGISTERED: 10, Fate.ACCEPTED: 15, Fate.ASSIGNED: 20, Fate.IN_PROGRESS: 30,
          Fate.ANSWERED: 15, Fate.EVALUATED: 10}),
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    index: int
    place: Unit
    category: AppealCategory
    requester: Requester
    issue: Issue
    channel: AppealChannel
    registrar: User  # registers it, and grades it for the requester (a proxy)
    dispatcher: User  # accepts and assigns
    handler: User
    decider: User  # decides its 延期 requests
    received: datetime
    moves: tuple[Move, ...]
    enterprise_id: int | None = None
    project_id: int | None = None

    @property
    def answers(self) -> tuple[str, str]:
        """The first answer, and the one after a grade of 1–2."""
        return self.issue.answer, FOLLOW_UPS[self.category.code]


@dataclass(frozen=True)
class Desk:
    """What the cases are drawn from."""

    session: Session
    units: dict[str, Unit]
    users: dict[str, User]
    enterprises: dict[str, Enterprise]
    projects: dict[str, Project]
    calendar: WorkingCalendar
    end: date  # the demo's today for appeals: everything happens before it


@dataclass(frozen=True)
class _Draft:
    """A case's where, what and when, before its people and plan are settled."""

    place: Unit
    category: AppealCategory
    requester: Requester
    issue: Issue
    received_on: date
    fate: Fate
    registrar: str = "admin"
    channel: AppealChannel = AppealChannel.PHONE
    assignee: str | None = None
    hour: int | None = None
    late: bool = False
    enterprise_id: int | None = None
    project_id: int | None = None


def demo_cases(desk: Desk, rng: random.Random) -> list[Case]:
    drafts = [_story(desk, row, rng) for row in STORIES]
    drafts += [_drawn(desk, rng) for _ in range(GENERIC_CASES)]
    return [_case(desk, n, draft, rng) for n, draft in enumerate(drafts, 1)]


def _story(desk: Desk, row: StoryRow, rng: random.Random) -> _Draft:
    category = get_category(desk.session, row.category)
    issue = ISSUES[row.category][row.issue] if isinstance(row.issue, int) else row.issue
    received_on = desk.end
    for _ in range(row.days_ago):
        received_on = desk.calendar.previous_working_day(received_on)
    party = _party(desk, category, row.place, rng)
    return _Draft(
        party.place, category, party.requester, issue, received_on, row.fate, row.registrar,
        row.channel, row.assignee, row.hour,
        enterprise_id=party.enterprise_id, project_id=party.project_id,
    )  # fmt: skip


class _Party(NamedTuple):
    place: Unit
    requester: Requester
    enterprise_id: int | None = None
    project_id: int | None = None


def _party(desk: Desk, category: AppealCategory, key: str, rng: random.Random) -> _Party:
    """The place, the requester and the links of a story's `place` key."""
    kind = RequesterKind(category.kind)
    phone = phone_number(rng)
    if kind is RequesterKind.ENTERPRISE:
        enterprise = desk.enterprises[key]
        place = desk.session.get(Unit, enterprise.unit_id)
        assert place is not None  # every demo enterprise has its unit
        return _Party(place, Requester(enterprise.name, kind, phone), enterprise_id=enterprise.id)
    if kind is RequesterKind.PROJECT:
        project = desk.projects[key]
        return _Party(project.unit, Requester(project.name, kind, phone), project_id=project.id)
    place = desk.units[key]
    return _Party(place, _resident(desk, place, rng))


def _resident(desk: Desk, compound: Unit, rng: random.Random) -> Requester:
    """One of the compound's households speaks."""
    household = rng.choice(list_households(desk.session, compound=compound))
    community = compound.parent
    town = community.parent if community else None
    address = f"{town.name if town else ''}{compound.name}{household.door_number}"
    return Requester(household.head_name, phone=household.phone, address=address)


def _drawn(desk: Desk, rng: random.Random) -> _Draft:
    row = rng.choice(COMPOUNDS)
    codes = list(RESIDENT_MIX)
    code = rng.choices(codes, weights=[RESIDENT_MIX[c] for c in codes])[0]
    place = desk.units[row.name]
    received_on = desk.end - timedelta(days=rng.randint(1, WINDOW_DAYS))
    age = desk.calendar.working_days_between(received_on, desk.end)
    fate = _fate_by_age(age, rng)
    by_visit = row.instructor is not None and rng.random() < 0.5
    channels = list(VISIT_CHANNELS)
    channel = rng.choices(channels, weights=list(VISIT_CHANNELS.values()))[0]
    return _Draft(
        place, get_category(desk.session, code), _resident(desk, place, rng),
        rng.choice(ISSUES[code]), received_on, fate,
        registrar=INSTRUCTOR if by_visit else "admin",
        channel=channel if by_visit else AppealChannel.PHONE,
        late=rng.random() < LATE_SHARE,
    )  # fmt: skip


def _fate_by_age(age: int, rng: random.Random) -> Fate:
    weights = next(table for older_than, table in FATES_BY_AGE if age > older_than)
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _case(desk: Desk, index: int, draft: _Draft, rng: random.Random) -> Case:
    route = route_appeal(desk.session, draft.category, draft.place)
    dispatcher = route.handler or _nearest_staff(desk, draft.place)
    handler = desk.users[draft.assignee] if draft.assignee else route.handler or dispatcher
    registrar, channel = _registrar(desk, draft, handler)
    received = _received(desk, draft, channel, rng)
    timing = Timing(
        received,
        deadline_for(draft.category.limit_days, received, calendar=desk.calendar),
        desk.end,
        draft.late,
    )
    moves = next(
        found
        for fate in (draft.fate, *FALLBACKS)
        if (found := plan(fate, timing, calendar=desk.calendar, rng=rng)) is not None
    )
    return Case(
        index, draft.place, draft.category, draft.requester, draft.issue, channel, registrar,
        dispatcher, handler, _decider(desk, handler), received, tuple(moves),
        draft.enterprise_id, draft.project_id,
    )  # fmt: skip


def _registrar(desk: Desk, draft: _Draft, handler: User) -> tuple[User, AppealChannel]:
    """Who registers (and later grades for the requester): never the handler when a grade
    is to come, so the 12345 line (the district administrator) takes those calls instead."""
    wanted = draft.registrar
    user = instructor_of(desk.session, draft.place) if wanted == INSTRUCTOR else desk.users[wanted]
    if user is None or (draft.fate.graded and user.id == handler.id):
        return desk.users["admin"], AppealChannel.PHONE
    return user, draft.channel


def _received(desk: Desk, draft: _Draft, channel: AppealChannel, rng: random.Random) -> datetime:
    """Calls come at any hour of any day; visits and meetings on working days."""
    day, hour = draft.received_on, draft.hour
    if channel is not AppealChannel.PHONE and not desk.calendar.is_working_day(day):
        day = desk.calendar.previous_working_day(day)
    if hour is None:
        hour = rng.randint(8, 20) if channel is AppealChannel.PHONE else rng.randint(9, 16)
    return datetime.combine(day, time(hour, rng.randint(0, 59)), DISTRICT_TIME)


def _staff(desk: Desk) -> list[User]:
    """The demo's unit staff of areas (not of departments or compound parties)."""
    areas = (UnitKind.PROPERTY, UnitKind.COMMITTEE, UnitKind.DEPARTMENT)
    return [
        u
        for u in desk.users.values()
        if u.role == Role.UNIT_STAFF and u.unit is not None and u.unit.kind not in areas
    ]


def _nearest_staff(desk: Desk, place: Unit) -> User:
    """The place's instructor, else the staff of the nearest unit above it, else the admin."""
    instructor = instructor_of(desk.session, place)
    if instructor is not None:
        return instructor
    above = [u for u in _staff(desk) if u.unit and is_within(place, u.unit)]
    return max(above, key=_depth, default=desk.users["admin"])


def _decider(desk: Desk, handler: User) -> User:
    """Staff of the nearest unit strictly above the handler's, else the admin."""
    unit = handler.unit
    above = [
        u
        for u in desk.users.values()
        if u.role == Role.UNIT_STAFF
        and u.unit is not None
        and unit is not None
        and u.unit.id != unit.id
        and is_within(unit, u.unit)
    ]
    return max(above, key=_depth, default=desk.users["admin"])


def _depth(user: User) -> int:
    return user.unit.path.count("/") if user.unit else 0

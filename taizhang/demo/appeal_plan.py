"""What becomes of one demo appeal (its fate), laid out as dated steps on working days.

A plan starts at the moment the appeal is received and ends before the demo's today. Staff
act in working hours on working days of the official calendar; the daily timers (催办/督办,
closing answers nobody evaluated) run separately, so a plan also checks what they will do:
an answer meant to wait for its grade must not be old enough to be closed by the timer, and
one meant to time out must be. A plan that cannot fit before today is `None`; the caller
then picks a plainer fate.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from taizhang.appeals.deadlines import REOPEN_LIMIT_DAYS
from taizhang.appeals.escalation import EVALUATION_TIMEOUT_DAYS
from taizhang.kernel.calendar import WorkingCalendar
from taizhang.kernel.clock import DISTRICT_TIME, district_date

OPENS, CLOSES = time(8, 40), time(17, 20)


class Fate(StrEnum):
    REGISTERED = "registered"  # 登记, nobody has taken it on yet
    ACCEPTED = "accepted"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"  # signed for, not answered (overdue once its due date passes)
    ANSWERED = "answered"  # waiting for the requester's grade
    EVALUATED = "evaluated"  # graded, waiting for 销号
    CLOSED = "closed"  # graded 3–5, then closed
    TIMED_OUT = "timed_out"  # never graded: closed by the timer
    REOPENED = "reopened"  # graded 1–2, being handled again
    REOPENED_CLOSED = "reopened_closed"  # graded 1–2, answered again, graded, closed
    EXTENDED = "extended"  # 延期 approved, then answered, graded and closed
    EXTENDED_OPEN = "extended_open"  # 延期 approved, still being handled
    EXTENSION_PENDING = "extension_pending"  # 延期 asked, not decided yet

    @property
    def graded(self) -> bool:
        """Whether the requester (or their proxy) gives a grade in this fate."""
        return self in GRADED


GRADED = frozenset(
    {Fate.EVALUATED, Fate.CLOSED, Fate.REOPENED, Fate.REOPENED_CLOSED, Fate.EXTENDED}
)
# Plainer fates to fall back on, in order, when a plan does not fit before today.
FALLBACKS = (Fate.IN_PROGRESS, Fate.ASSIGNED, Fate.ACCEPTED, Fate.REGISTERED)


class Act(StrEnum):
    ACCEPT = "accept"
    ASSIGN = "assign"
    START = "start"
    ANSWER = "answer"
    EVALUATE = "evaluate"  # value: the grade
    CLOSE = "close"
    ASK = "ask"  # 延期申请; value: the working days asked
    APPROVE = "approve"


@dataclass(frozen=True)
class Move:
    at: datetime
    act: Act
    value: int = 0


@dataclass(frozen=True)
class Timing:
    received: datetime
    due: date  # as registration will count it
    end: date  # the demo's today: nothing may happen on it or later
    late: bool = False  # answer after the due date


class _TooLate(Exception):
    """The plan runs into today (or misses what the timers will do)."""


@dataclass
class _Planner:
    calendar: WorkingCalendar
    rng: random.Random
    timing: Timing
    moves: list[Move] = field(default_factory=list)

    @property
    def last(self) -> datetime:
        return self.moves[-1].at if self.moves else self.timing.received

    @property
    def day(self) -> date:
        return district_date(self.last)

    def soon(self, act: Act, *, minutes: tuple[int, int] = (15, 120), value: int = 0) -> None:
        """`act` in working hours, a little after the previous step."""
        delay = timedelta(minutes=self.rng.randint(*minutes))
        self._add(act, self._working(self.last + delay), value)

    def on(self, act: Act, day: date, *, value: int = 0, latest: date | None = None) -> None:
        """`act` on working day `day` (the next one if it is not), after the previous step."""
        if not self.calendar.is_working_day(day):
            day = self.calendar.next_working_day(day)
        hour = time(self.rng.randint(9, 16), self.rng.randint(0, 59))
        moment = datetime.combine(day, hour, DISTRICT_TIME)
        if moment <= self.last:
            moment = self._working(self.last + timedelta(minutes=self.rng.randint(10, 90)))
        if latest is not None and district_date(moment) > latest:
            raise _TooLate
        self._add(act, moment, value)

    def working_day(self, start: date, days: int) -> date:
        return self.calendar.add_working_days(start, days)

    def working_days(self, first: date, last: date) -> list[date]:
        days = (first + timedelta(days=n) for n in range((last - first).days + 1))
        return [day for day in days if self.calendar.is_working_day(day)]

    def between(self, first: date, last: date) -> date:
        """A working day from `first` to `last` (just `first` when none lies between)."""
        working = self.working_days(first, last)
        return self.rng.choice(working) if working else first

    def last_timer_day(self) -> date:
        """The last working day before today: the timers' last run."""
        return self.calendar.previous_working_day(self.timing.end)

    def timeout_day(self, answered: date) -> date:
        """The last day an answer given on `answered` may still be graded."""
        return self.working_day(answered, EVALUATION_TIMEOUT_DAYS)

    def _working(self, moment: datetime) -> datetime:
        local = moment.astimezone(DISTRICT_TIME)
        day, clock = local.date(), local.time()
        if self.calendar.is_working_day(day) and OPENS <= clock <= CLOSES:
            return local
        if not (self.calendar.is_working_day(day) and clock < OPENS):
            day = self.calendar.next_working_day(day)
        return datetime.combine(day, time(9, self.rng.randint(0, 59)), DISTRICT_TIME)

    def _add(self, act: Act, moment: datetime, value: int) -> None:
        if district_date(moment) >= self.timing.end:
            raise _TooLate
        self.moves.append(Move(moment, act, value))


def plan(
    fate: Fate, timing: Timing, *, calendar: WorkingCalendar, rng: random.Random
) -> list[Move] | None:
    """The dated steps of `fate`, or None when they do not fit before today."""
    planner = _Planner(calendar, rng, timing)
    try:
        PLANS[fate](planner)
    except _TooLate:
        return None
    return planner.moves


# ---------------------------------------------------------------- the pieces of a plan


def _take_on(p: _Planner) -> None:
    p.soon(Act.ACCEPT)
    p.soon(Act.ASSIGN, minutes=(5, 40))


def _start(p: _Planner) -> None:
    _take_on(p)
    p.soon(Act.START, minutes=(30, 300))


def _answer(p: _Planner) -> date:
    """Answer by the due date (a few working days after it when the timing says late)."""
    due = p.timing.due
    day = p.working_day(due, p.rng.randint(1, 4)) if p.timing.late else p.between(p.day, due)
    p.on(Act.ANSWER, max(day, p.day))
    return p.day


def _grade(p: _Planner, grade: int) -> None:
    """The requester's grade, a few working days after the answer (well within the timeout)."""
    p.on(Act.EVALUATE, p.working_day(p.day, p.rng.randint(0, 2)), value=grade)


def _good_grade(p: _Planner) -> int:
    return p.rng.choices((5, 4, 3), weights=(45, 35, 20))[0]


def _close(p: _Planner) -> None:
    p.on(Act.CLOSE, p.working_day(p.day, p.rng.randint(0, 2)))


def _reopen(p: _Planner) -> date:
    """Answered, graded 1–2; returns the new due date the reopening sets."""
    _start(p)
    _answer(p)
    _grade(p, p.rng.choice((1, 2)))
    return p.working_day(p.day, REOPEN_LIMIT_DAYS)


def _extend(p: _Planner) -> date:
    """Ask for more days the working day before the due date, approved; the new due date."""
    _start(p)
    asked_on = p.calendar.previous_working_day(p.timing.due)
    days = p.rng.randint(5, 8)
    p.on(Act.ASK, max(asked_on, p.day), value=days, latest=asked_on)
    p.on(Act.APPROVE, p.working_day(p.day, p.rng.randint(0, 1)), value=1)
    return p.working_day(p.timing.due, days)


# ---------------------------------------------------------------- the fates


def _registered(p: _Planner) -> None:
    if district_date(p.timing.received) >= p.timing.end:
        raise _TooLate


def _answered(p: _Planner) -> None:
    """Answered lately enough that the timer has not closed it."""
    _start(p)
    last_run = p.last_timer_day()
    fresh = [d for d in p.working_days(p.day, last_run) if p.timeout_day(d) >= last_run]
    if not fresh:
        raise _TooLate
    p.on(Act.ANSWER, p.rng.choice(fresh), latest=last_run)


def _evaluated(p: _Planner) -> None:
    _start(p)
    _answer(p)
    _grade(p, _good_grade(p))


def _closed(p: _Planner) -> None:
    _evaluated(p)
    _close(p)


def _timed_out(p: _Planner) -> None:
    _start(p)
    answered = _answer(p)
    if p.timeout_day(answered) >= p.last_timer_day():
        raise _TooLate


def _reopened_closed(p: _Planner) -> None:
    due = _reopen(p)
    p.on(Act.ANSWER, p.between(p.working_day(p.day, 1), due))
    _grade(p, p.rng.choice((3, 4, 4, 5)))
    _close(p)


def _extended(p: _Planner) -> None:
    due = _extend(p)
    p.on(Act.ANSWER, p.between(p.day, due))
    _grade(p, _good_grade(p))
    _close(p)


def _extension_pending(p: _Planner) -> None:
    _start(p)
    latest = min(p.calendar.previous_working_day(p.timing.due), p.last_timer_day())
    p.on(Act.ASK, max(latest, p.day), value=p.rng.randint(3, 6), latest=latest)


PLANS: dict[Fate, Callable[[_Planner], object]] = {
    Fate.REGISTERED: _registered,
    Fate.ACCEPTED: lambda p: p.soon(Act.ACCEPT),
    Fate.ASSIGNED: _take_on,
    Fate.IN_PROGRESS: _start,
    Fate.ANSWERED: _answered,
    Fate.EVALUATED: _evaluated,
    Fate.CLOSED: _closed,
    Fate.TIMED_OUT: _timed_out,
    Fate.REOPENED: _reopen,
    Fate.REOPENED_CLOSED: _reopened_closed,
    Fate.EXTENDED: _extended,
    Fate.EXTENDED_OPEN: _extend,
    Fate.EXTENSION_PENDING: _extension_pending,
}

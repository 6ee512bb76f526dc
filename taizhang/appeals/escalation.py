"""Timers on the loop: overdue warnings, 催办 then 督办, and closing answers nobody evaluated.

All take the moment as an argument (a controlled clock in tests, the scheduler's `now` in
production) and count in working days of the official calendar:

- overdue: still open (登记 … 办理) after its due date;
- 催办 (level 1): overdue at all — the 催办通知书 of the day after expiry;
- 督办 (level 2): still open `SUPERVISE_AFTER_DAYS` working days after the due date;
- 超时未评价: answered, and no evaluation within `EVALUATION_TIMEOUT_DAYS` working days →
  closed with the note "超时未评价，自动销号" and `resolved` left unknown (None).

`run_timers` is one tick of all of them. It is idempotent — a level is raised once, an answer
closed once — so the served app's scheduler and `taizhang tick` (cron) may both run it, as
often as they like.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealStatus
from taizhang.appeals.workflow import OPEN_STATUSES, record_step
from taizhang.kernel.calendar import WorkingCalendar
from taizhang.kernel.calendar_files import district_calendar
from taizhang.kernel.clock import district_date
from taizhang.kernel.db import lock_row
from taizhang.kernel.labels import LabelledIntEnum

SUPERVISE_AFTER_DAYS = 5  # "still overdue +5 working days → written criticism" (DOMAIN §4.2.2)
EVALUATION_TIMEOUT_DAYS = 5  # ASSUMED: no local rule found; one working week to give a grade
TIMEOUT_NOTE = "超时未评价，自动销号"


class Level(LabelledIntEnum):
    """How far a late request has been escalated; its name is the kind of its event."""

    URGED = 1, "催办", "urged"
    SUPERVISED = 2, "督办", "supervised"

    @property
    def event_kind(self) -> str:
        return self.name.lower()  # "urged", "supervised"


@dataclass(frozen=True)
class TimerRun:
    """What one tick did."""

    escalated: list[Escalation]
    closed: list[Appeal]


def run_timers(
    session: Session, *, now: datetime, calendar: WorkingCalendar | None = None
) -> TimerRun:
    """One tick: raise overdue requests, close answers nobody evaluated in time."""
    working = calendar or district_calendar(session)
    escalated = escalate_overdue(session, now=now, calendar=working)
    return TimerRun(escalated, close_unevaluated(session, now=now, calendar=working))


@dataclass(frozen=True)
class Escalation:
    appeal: Appeal
    level: int  # 1 催办, 2 督办

    @property
    def label(self) -> str:
        return Level(self.level).label


def overdue_appeals(session: Session, *, today: date) -> list[Appeal]:
    """Open requests whose due date has passed, the longest overdue first."""
    query = (
        select(Appeal)
        .where(Appeal.status.in_([s.value for s in OPEN_STATUSES]), Appeal.due_on < today)
        .order_by(Appeal.due_on, Appeal.id)
    )
    return list(session.scalars(query))


def escalate_overdue(
    session: Session, *, now: datetime, calendar: WorkingCalendar | None = None
) -> list[Escalation]:
    """Raise each overdue request to the level its lateness calls for; each raise is an event."""
    working = calendar or district_calendar(session)
    today = district_date(now)
    raised = []
    for appeal in overdue_appeals(session, today=today):
        lock_row(session, appeal)  # a step taken meanwhile wins; read it before deciding
        if AppealStatus(appeal.status) not in OPEN_STATUSES or appeal.due_on >= today:
            continue
        supervise_from = working.add_working_days(appeal.due_on, SUPERVISE_AFTER_DAYS)
        level = 2 if today > supervise_from else 1
        if level > appeal.escalation_level:
            raised.append(_escalate(session, appeal, level, now))
    return raised


def _escalate(session: Session, appeal: Appeal, level: int, now: datetime) -> Escalation:
    raised = Level(level)
    payload = {"from_level": appeal.escalation_level, "level": level}
    appeal.escalation_level = level
    note = f"已超过办理时限 {appeal.due_on.isoformat()}"  # the history says 催办/督办 itself
    record_step(session, appeal, raised.event_kind, actor=None, at=now, note=note, payload=payload)
    return Escalation(appeal, level)


def note_without_level(kind: str, note: str) -> str:
    """A 催办/督办 note without the level its entry already names ("催办：已超过…", as notes
    were written before, reads "催办：催办：…" in the history)."""
    for level in Level:
        if kind == level.event_kind and note.startswith(f"{level.label}："):
            return note[len(level.label) + 1 :]
    return note


def close_unevaluated(
    session: Session, *, now: datetime, calendar: WorkingCalendar | None = None
) -> list[Appeal]:
    """销号 answers left without an evaluation past the timeout; `resolved` stays unknown."""
    working = calendar or district_calendar(session)
    today = district_date(now)
    query = select(Appeal).where(Appeal.status == AppealStatus.ANSWERED.value).order_by(Appeal.id)
    closed = []
    for appeal in list(session.scalars(query)):
        lock_row(session, appeal)  # the requester may be grading it right now
        if appeal.status != AppealStatus.ANSWERED.value:
            continue
        assert appeal.answered_at is not None  # set by every answer
        limit = working.add_working_days(district_date(appeal.answered_at), EVALUATION_TIMEOUT_DAYS)
        if today > limit:
            closed.append(_close_timed_out(session, appeal, now))
    return closed


def _close_timed_out(session: Session, appeal: Appeal, now: datetime) -> Appeal:
    appeal.status = AppealStatus.CLOSED.value
    appeal.closed_at = now
    appeal.resolved = None
    payload = {"timeout_days": EVALUATION_TIMEOUT_DAYS, "resolved": None}
    record_step(session, appeal, "closed", actor=None, at=now, note=TIMEOUT_NOTE, payload=payload)
    return appeal

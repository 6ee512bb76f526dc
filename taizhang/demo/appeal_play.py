"""Playing the demo's appeals: every case's steps and the daily timers, in time order, through
the loop's own functions, so each row is the projection of its events as in real use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial

from sqlalchemy.orm import Session

from taizhang.appeals.escalation import close_unevaluated, escalate_overdue
from taizhang.appeals.extension import decide_extension, pending_extension, request_extension
from taizhang.appeals.models import Appeal
from taizhang.appeals.workflow import (
    accept_appeal,
    answer_appeal,
    assign_appeal,
    close_appeal,
    evaluate_appeal,
    register_appeal,
    start_handling,
)
from taizhang.demo.appeal_cases import Case
from taizhang.demo.appeal_data import APPROVAL_NOTES, EXTENSION_REASONS, GRADE_COMMENTS
from taizhang.demo.appeal_plan import Act, Move
from taizhang.kernel.calendar import WorkingCalendar
from taizhang.kernel.clock import DISTRICT_TIME, district_date

TIMERS_AT = time(8, 0)  # the scheduler's daily run, before anyone is at work
Entry = tuple[datetime, int, int, Callable[[datetime], object]]


def play(session: Session, cases: list[Case], *, calendar: WorkingCalendar, end: date) -> int:
    """Register and move every case, running the timers each working day; how many appeals."""
    desk = _Desk(session, calendar)
    agenda: list[Entry] = []
    for case in cases:
        agenda.append((case.received, case.index, 0, partial(desk.register, case)))
        for n, move in enumerate(case.moves, 1):
            agenda.append((move.at, case.index, n, partial(desk.act, case, move)))
    first = min(district_date(case.received) for case in cases)
    agenda += [(moment, 0, 0, desk.timers) for moment in _timer_runs(calendar, first, end)]
    for at, _, _, action in sorted(agenda, key=lambda entry: entry[:3]):
        action(at)
    return len(desk.appeals)


def _timer_runs(calendar: WorkingCalendar, first: date, end: date) -> list[datetime]:
    days = (first + timedelta(days=n) for n in range((end - first).days))
    return [
        datetime.combine(day, TIMERS_AT, DISTRICT_TIME)
        for day in days
        if calendar.is_working_day(day)
    ]


@dataclass
class _Desk:
    session: Session
    calendar: WorkingCalendar
    appeals: dict[int, Appeal] = field(default_factory=dict)
    answered: dict[int, int] = field(default_factory=dict)

    def timers(self, at: datetime) -> None:
        escalate_overdue(self.session, now=at, calendar=self.calendar)
        close_unevaluated(self.session, now=at, calendar=self.calendar)

    def register(self, case: Case, at: datetime) -> None:
        self.appeals[case.index] = register_appeal(
            self.session,
            requester=case.requester,
            unit=case.place.code,
            category_code=case.category.code,
            description=case.issue.description,
            channel=case.channel,
            received_at=at,
            actor=case.registrar,
            enterprise_id=case.enterprise_id,
            project_id=case.project_id,
            calendar=self.calendar,
        )

    def act(self, case: Case, move: Move, at: datetime) -> None:
        appeal, session = self.appeals[case.index], self.session
        if move.act is Act.ACCEPT:
            accept_appeal(session, appeal, actor=case.dispatcher, now=at)
        elif move.act is Act.ASSIGN:
            assign_appeal(session, appeal, actor=case.dispatcher, now=at, handler=case.handler)
        elif move.act is Act.START:
            start_handling(session, appeal, actor=case.handler, now=at)
        elif move.act is Act.ANSWER:
            answer_appeal(session, appeal, actor=case.handler, now=at, answer=self._answer(case))
        elif move.act is Act.EVALUATE:
            self._evaluate(case, appeal, move)
        elif move.act is Act.CLOSE:
            close_appeal(session, appeal, actor=case.handler, now=at)
        else:
            self._extension(case, appeal, move)

    def _answer(self, case: Case) -> str:
        count = self.answered.get(case.index, 0)
        self.answered[case.index] = count + 1
        return case.answers[min(count, 1)]

    def _evaluate(self, case: Case, appeal: Appeal, move: Move) -> None:
        comments = GRADE_COMMENTS[move.value]
        evaluate_appeal(
            self.session,
            appeal,
            by=case.registrar,
            grade=move.value,
            now=move.at,
            comment=comments[case.index % len(comments)],
            calendar=self.calendar,
        )

    def _extension(self, case: Case, appeal: Appeal, move: Move) -> None:
        if move.act is Act.ASK:
            reasons = EXTENSION_REASONS.get(case.category.code, EXTENSION_REASONS[""])
            reason = reasons[case.index % len(reasons)]
            request_extension(
                self.session, appeal, actor=case.handler, days=move.value, reason=reason,
                now=move.at, calendar=self.calendar,
            )  # fmt: skip
            return
        extension = pending_extension(self.session, appeal)
        assert extension is not None, "a decision follows a request"
        decide_extension(
            self.session, extension, actor=case.decider, approve=bool(move.value),
            note=APPROVAL_NOTES[case.index % len(APPROVAL_NOTES)], now=move.at,
            calendar=self.calendar,
        )  # fmt: skip

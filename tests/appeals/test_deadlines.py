"""Due dates through a year whose holiday notice is not entered: never refused, kept as
provisional (暂定), and recounted when the notice is entered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from taizhang.appeals.deadlines import enter_holiday_notice, notice_missing_for
from taizhang.appeals.models import Appeal
from taizhang.appeals.workflow import (
    Grade,
    accept_appeal,
    answer_appeal,
    assign_appeal,
    evaluate_appeal,
    start_handling,
)
from taizhang.kernel.calendar import official_calendar
from taizhang.kernel.clock import DISTRICT_TIME
from tests.appeals.conftest import Place

Register = Callable[..., Appeal]
LATE_DECEMBER = datetime(2026, 12, 24, 10, 0, tzinfo=DISTRICT_TIME)
# An invented arrangement for 2027 (the real notice is not out when this is written): 1–4
# January off — one rest day more than the statutory count — and no 调休.
NOTICE_2027 = '[2027]\nsource = "测试用"\nholidays = ["2027-01-01..2027-01-03", "2027-01-04"]\n'


def test_a_request_running_into_next_year_is_registered_with_a_provisional_due_date(
    register: Register,
) -> None:
    appeal = register(received_at=LATE_DECEMBER)  # a 15-working-day complaint
    assert appeal.due_on.year == 2027
    assert appeal.due_provisional


def test_entering_the_notice_recounts_the_provisional_due_dates(
    session: Session, register: Register
) -> None:
    appeal = register(received_at=LATE_DECEMBER)
    within = register()  # counted wholly within 2026: not touched
    before, kept = appeal.due_on, within.due_on
    years, changed = enter_holiday_notice(
        session, NOTICE_2027, source="2027.toml", now=datetime.now(UTC), actor_id=None
    )
    assert (years, changed) == ([2027], 1)
    assert appeal.due_on > before  # 4 January is now a rest day too
    assert not appeal.due_provisional
    assert within.due_on == kept


def test_a_grade_is_accepted_and_a_reopening_counted_whatever_the_year(
    session: Session, place: Place, register: Register
) -> None:
    appeal = register(received_at=LATE_DECEMBER)
    staff, at = place.handler, datetime(2027, 1, 5, 10, 0, tzinfo=DISTRICT_TIME)
    accept_appeal(session, appeal, actor=staff, now=at)
    assign_appeal(session, appeal, actor=staff, now=at)
    start_handling(session, appeal, actor=staff, now=at)
    answer_appeal(session, appeal, actor=staff, now=at, answer="已处理")
    evaluate_appeal(session, appeal, by=place.resident, grade=Grade.DISSATISFIED, now=at)
    assert appeal.reopen_count == 1 and appeal.due_provisional


def test_administrators_are_reminded_from_november_of_the_year_to_come() -> None:
    calendar = official_calendar()
    assert notice_missing_for(calendar, date(2026, 10, 31)) is None
    assert notice_missing_for(calendar, date(2026, 11, 1)) == 2027
    assert notice_missing_for(calendar, date(2027, 1, 4)) == 2027

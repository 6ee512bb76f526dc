"""延期申请 with a controlled clock, on the official 2026 calendar.

Most appeals below are received Mon 2026-04-20: 7 working days make them due Wed 04-29, just
before the 劳动节 break (05-01..05-05 放假) and its 调休 Saturday 05-09 (a working day).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.escalation import escalate_overdue
from taizhang.appeals.extension import (
    MAX_EXTENSION_DAYS,
    days_left,
    decide_extension,
    extensions_of,
    granted_days,
    may_decide,
    may_request,
    request_extension,
)
from taizhang.appeals.models import Appeal, AppealEvent, AppealExtension
from taizhang.appeals.workflow import (
    accept_appeal,
    answer_appeal,
    appeal_events,
    assign_appeal,
    start_handling,
)
from taizhang.kernel.errors import Forbidden, Invalid
from taizhang.org.models import Role, User
from taizhang.org.users import create_user
from tests.appeals.conftest import PASSWORD, Place, at

Register = Callable[..., Appeal]


@pytest.fixture
def appeal(register: Register) -> Appeal:
    """A complaint received Mon 04-20, due Wed 04-29."""
    appeal = register(received_at=at(4, 20))
    assert appeal.due_on == date(2026, 4, 29)
    return appeal


@pytest.fixture
def supervisor(other_town_staff: User) -> User:
    """Staff of 建设街道, the street above 南溪社区 (the handling unit)."""
    return other_town_staff


def ask(
    session: Session, place: Place, appeal: Appeal, days: int = 5, **overrides: Any
) -> AppealExtension:
    """The handler asks on Tue 04-28 (the last working day before 04-29), unless told otherwise."""
    defaults = {"actor": place.handler, "reason": "需协调物业更换线路", "now": at(4, 28)}
    return request_extension(session, appeal, days=days, **(defaults | overrides))


def written(session: Session, appeal: Appeal) -> tuple[object, ...]:
    """Everything a refused request or decision must leave as it was."""
    session.flush()
    count = select(func.count())
    return (
        session.scalar(count.select_from(AppealExtension)),
        session.scalar(count.select_from(AppealEvent)),
        [(e.approved, e.decided_by_id, e.decision_note) for e in extensions_of(session, appeal)],
        appeal.due_on,
        appeal.escalation_level,
        appeal.status,
    )


def test_it_moves_the_due_date_by_working_days_once_approved(
    session: Session, place: Place, appeal: Appeal, supervisor: User
) -> None:
    extension = ask(session, place, appeal, days=5)
    assert (extension.approved, extension.due_before) == (None, date(2026, 4, 29))
    assert appeal.due_on == date(2026, 4, 29)  # unchanged while pending

    decide_extension(session, extension, actor=supervisor, approve=True, note="同意", now=at(4, 29))

    # Thu 04-30, (05-01..05 放假), Wed 05-06, Thu 07, Fri 08, Sat 05-09 (调休上班).
    # Counting Mon–Fri instead would give Wed 05-06.
    assert appeal.due_on == date(2026, 5, 9)
    assert (extension.approved, extension.decided_by_id) == (True, supervisor.id)
    assert granted_days(session, appeal) == 5
    events = appeal_events(session, appeal)
    assert [e.kind for e in events][-2:] == ["extension_requested", "extension_approved"]
    assert events[-2].payload | {"status": None} == {
        "extension_id": extension.id, "days": 5, "due_before": "2026-04-29", "status": None,
    }  # fmt: skip
    assert (events[-1].payload["old_due_on"], events[-1].payload["new_due_on"]) == (
        "2026-04-29",
        "2026-05-09",
    )
    assert (events[-2].note, events[-1].actor_id) == ("需协调物业更换线路", supervisor.id)


def test_a_refusal_keeps_the_due_date_and_frees_the_way_for_another_request(
    session: Session, place: Place, appeal: Appeal, supervisor: User
) -> None:
    first = ask(session, place, appeal, days=5)
    decide_extension(
        session, first, actor=supervisor, approve=False, note="时限内可以办结", now=at(4, 28, 15)
    )
    assert (appeal.due_on, first.approved, granted_days(session, appeal)) == (
        date(2026, 4, 29), False, 0,
    )  # fmt: skip
    assert appeal_events(session, appeal)[-1].kind == "extension_refused"
    second = ask(session, place, appeal, days=2, now=at(4, 28, 16))
    assert [e.id for e in extensions_of(session, appeal)] == [first.id, second.id]


@pytest.mark.parametrize(
    ("approved_at", "level"),
    [
        (at(4, 30), 0),  # overdue (催办) since 04-30, new due date 05-09 still ahead: cleared
        (at(5, 11), 2),  # 督办 since 05-11, new due date 05-09 already past: kept
    ],
)
def test_approval_clears_escalation_only_when_the_new_due_date_is_ahead(
    session: Session,
    place: Place,
    appeal: Appeal,
    supervisor: User,
    approved_at: Any,
    level: int,
) -> None:
    extension = ask(session, place, appeal, days=5)
    escalate_overdue(session, now=approved_at)
    assert appeal.escalation_level > 0
    decide_extension(session, extension, actor=supervisor, approve=True, note="", now=approved_at)
    assert (appeal.due_on, appeal.escalation_level) == (date(2026, 5, 9), level)


@pytest.mark.parametrize(
    ("asked_at", "accepted"),
    [
        (at(4, 30), True),  # Thu 04-30: the last working day before Wed 05-06
        (at(5, 4), False),  # Mon 05-04 is two days before, but a holiday: too late
        (at(5, 6), False),  # the due date itself
    ],
)
def test_it_must_be_asked_at_least_one_working_day_before_the_due_date(
    session: Session, place: Place, register: Register, asked_at: Any, accepted: bool
) -> None:
    appeal = register(received_at=at(4, 22))
    assert appeal.due_on == date(2026, 5, 6)
    if accepted:
        assert ask(session, place, appeal, now=asked_at).due_before == date(2026, 5, 6)
        return
    before = written(session, appeal)
    with pytest.raises(Invalid, match="最迟应在 2026-04-30 申请"):
        ask(session, place, appeal, now=asked_at)
    assert written(session, appeal) == before


def test_it_allows_twenty_working_days_in_all(
    session: Session, place: Place, appeal: Appeal, supervisor: User
) -> None:
    with pytest.raises(Invalid, match=f"最多还可申请 {MAX_EXTENSION_DAYS} 个，收到 21 个"):
        ask(session, place, appeal, days=21)
    first = ask(session, place, appeal, days=15)
    decide_extension(session, first, actor=supervisor, approve=True, note="", now=at(4, 28))
    assert appeal.due_on == date(2026, 5, 22)
    before = written(session, appeal)
    with pytest.raises(Invalid, match="已批准 15 个，最多还可申请 5 个，收到 6 个"):
        ask(session, place, appeal, days=6, now=at(5, 20))
    assert written(session, appeal) == before
    ask(session, place, appeal, days=5, now=at(5, 20))


@pytest.mark.parametrize(
    ("days", "reason", "message"),
    [
        (0, "需协调", "至少 1 个工作日"),
        (-3, "需协调", "至少 1 个工作日"),
        (3, "  ", "请填写延期理由"),
    ],
)
def test_it_needs_a_reason_and_at_least_one_day(
    session: Session, place: Place, appeal: Appeal, days: int, reason: str, message: str
) -> None:
    before = written(session, appeal)
    with pytest.raises(Invalid, match=message):
        ask(session, place, appeal, days=days, reason=reason)
    assert written(session, appeal) == before


def test_it_keeps_one_pending_request_at_a_time(
    session: Session, place: Place, appeal: Appeal
) -> None:
    ask(session, place, appeal, days=3)
    before = written(session, appeal)
    with pytest.raises(Invalid, match="已有一项待审批的延期申请"):
        ask(session, place, appeal, days=2)
    assert written(session, appeal) == before


def test_an_answered_appeal_cannot_be_extended(
    session: Session, place: Place, answered: Register
) -> None:
    appeal = answered(received_at=at(4, 20))
    before = written(session, appeal)
    with pytest.raises(Invalid, match="当前为“已答复·待评价”，已不能申请延期"):
        ask(session, place, appeal)
    assert written(session, appeal) == before


def test_a_pending_request_of_an_answered_appeal_may_be_refused_but_not_approved(
    session: Session, place: Place, appeal: Appeal, supervisor: User
) -> None:
    staff = place.handler
    for step in (accept_appeal, assign_appeal, start_handling):
        step(session, appeal, actor=staff, now=at(4, 21))
    extension = ask(session, place, appeal)
    answer_appeal(session, appeal, actor=staff, now=at(4, 28, 16), answer="已更换线路")
    before = written(session, appeal)
    with pytest.raises(Invalid, match="当前为“已答复·待评价”，已不能批准延期"):
        decide_extension(session, extension, actor=supervisor, approve=True, note="", now=at(4, 29))
    assert written(session, appeal) == before
    decide_extension(
        session, extension, actor=supervisor, approve=False, note="已答复", now=at(4, 29)
    )
    assert (extension.approved, appeal.due_on) == (False, date(2026, 4, 29))


def test_nobody_decides_their_own_request(
    session: Session, appeal: Appeal, district_admin: User
) -> None:
    extension = request_extension(
        session, appeal, actor=district_admin, days=3, reason="待区级协调", now=at(4, 27)
    )
    before = written(session, appeal)
    with pytest.raises(Forbidden, match="不能审批自己提出的延期申请"):
        decide_extension(
            session, extension, actor=district_admin, approve=True, note="", now=at(4, 27)
        )
    assert written(session, appeal) == before


@pytest.mark.parametrize("who", ["colleague", "handler", "town_staff", "department", "viewer"])
def test_only_a_unit_above_the_handling_unit_or_an_administrator_decides(
    session: Session,
    place: Place,
    appeal: Appeal,
    district_admin: User,
    town_staff: User,
    viewer: User,
    who: str,
) -> None:
    extension = request_extension(
        session, appeal, actor=district_admin, days=3, reason="待区级协调", now=at(4, 27)
    )
    deciders = {
        "colleague": create_user(
            session, username="nanxi2", password=PASSWORD, role=Role.UNIT_STAFF,
            unit=place.community,
        ),  # same unit as the handler: not above it
        "handler": place.handler,
        "town_staff": town_staff,  # another town
        "department": place.department_staff,
        "viewer": viewer,
    }  # fmt: skip
    before = written(session, appeal)
    with pytest.raises(Forbidden, match="只有承办单位“南溪社区”的上级单位或区级管理员可以审批延期"):
        decide_extension(
            session, extension, actor=deciders[who], approve=True, note="", now=at(4, 28)
        )
    assert written(session, appeal) == before


def test_a_district_administrator_may_decide(
    session: Session, place: Place, appeal: Appeal, district_admin: User
) -> None:
    extension = ask(session, place, appeal, days=1)
    decide_extension(session, extension, actor=district_admin, approve=True, note="", now=at(4, 28))
    assert appeal.due_on == date(2026, 4, 30)


def test_a_refusal_needs_a_note(
    session: Session, place: Place, appeal: Appeal, supervisor: User
) -> None:
    extension = ask(session, place, appeal)
    before = written(session, appeal)
    with pytest.raises(Invalid, match="不批准延期须填写审批意见"):
        decide_extension(
            session, extension, actor=supervisor, approve=False, note=" ", now=at(4, 28)
        )
    assert written(session, appeal) == before


def test_a_decision_is_final(
    session: Session, place: Place, appeal: Appeal, supervisor: User, district_admin: User
) -> None:
    extension = ask(session, place, appeal)
    decide_extension(session, extension, actor=supervisor, approve=True, note="", now=at(4, 28))
    before = written(session, appeal)
    for approve in (True, False):
        with pytest.raises(Invalid, match="已审批（批准），不能重复审批"):
            decide_extension(
                session, extension, actor=district_admin, approve=approve, note="改", now=at(4, 29)
            )
    assert written(session, appeal) == before
    assert granted_days(session, appeal) == 5


def test_someone_who_may_not_handle_the_appeal_cannot_ask(
    session: Session, place: Place, appeal: Appeal, town_staff: User, viewer: User
) -> None:
    before = written(session, appeal)
    for outsider in (town_staff, viewer):
        with pytest.raises(Forbidden, match="无权办理"):
            ask(session, place, appeal, actor=outsider)
    assert written(session, appeal) == before


def test_it_tells_the_pages_who_may_ask_and_who_may_decide(
    session: Session, place: Place, appeal: Appeal, supervisor: User, viewer: User
) -> None:
    assert may_request(place.handler, appeal, [])
    assert not may_request(viewer, appeal, [])
    extension = ask(session, place, appeal, days=5)
    assert not may_request(place.handler, appeal, [extension])  # pending
    assert may_decide(supervisor, appeal, extension, approve=True)
    assert not may_decide(place.handler, appeal, extension)  # asked it
    decide_extension(session, extension, actor=supervisor, approve=True, note="", now=at(4, 28))
    assert not may_decide(supervisor, appeal, extension)  # decided
    assert days_left([extension]) == MAX_EXTENSION_DAYS - 5
    full = AppealExtension(days=MAX_EXTENSION_DAYS, approved=True)
    assert not may_request(place.handler, appeal, [full])  # nothing left to ask for

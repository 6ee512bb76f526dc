"""The request loop with a controlled clock: every moment below is given, never read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.escalation import (
    TIMEOUT_NOTE,
    close_unevaluated,
    escalate_overdue,
    overdue_appeals,
)
from taizhang.appeals.models import Appeal, AppealStatus, RequesterKind
from taizhang.appeals.people import assign_instructor
from taizhang.appeals.routing import create_category
from taizhang.appeals.workflow import (
    Grade,
    Requester,
    accept_appeal,
    answer_appeal,
    appeal_events,
    assign_appeal,
    close_appeal,
    eligible_handlers,
    evaluate_appeal,
    start_handling,
)
from taizhang.kernel.calendar import official_calendar
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.kernel.errors import Forbidden, Invalid
from taizhang.org.models import Role, UnitKind, User
from taizhang.org.users import create_user
from tests.appeals.conftest import PASSWORD, Parties
from tests.conftest import District

Register = Callable[..., Appeal]
RECEIVED = datetime(2026, 5, 8, 10, 0, tzinfo=DISTRICT_TIME)  # Fri; Sat 05-09 is a 调休 workday


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=DISTRICT_TIME)


def test_it_walks_a_request_through_the_whole_loop(
    session: Session, place: Any, register: Register, district_admin: User
) -> None:
    appeal = register()
    assert appeal.number == "SQ2026000001"
    assert appeal.due_on == date(2026, 5, 18)  # 7 working days, Sat 05-09 counted (调休)
    assert appeal.handler_id == place.handler.id  # compound → nearest staffed unit: 南溪社区
    staff = place.handler
    accept_appeal(session, appeal, actor=staff, now=at(5, 8, 11))
    assign_appeal(session, appeal, actor=district_admin, now=at(5, 8, 12))
    start_handling(session, appeal, actor=staff, now=at(5, 9))
    answer_appeal(session, appeal, actor=staff, now=at(5, 11), answer="已更换楼道灯")
    evaluate_appeal(session, appeal, by=place.resident, grade=Grade.SATISFIED, now=at(5, 12))
    close_appeal(session, appeal, actor=staff, now=at(5, 12, 15))

    assert appeal.status == AppealStatus.CLOSED
    assert (appeal.grade, appeal.resolved, appeal.reopen_count) == (4, True, 0)
    kinds = [e.kind for e in appeal_events(session, appeal)]
    assert kinds == [
        "registered", "accepted", "assigned", "started", "answered", "evaluated", "closed",
    ]  # fmt: skip
    actors = [e.actor_id for e in appeal_events(session, appeal)]
    assert actors[1:4] == [staff.id, district_admin.id, staff.id]


def test_it_numbers_requests_per_year(register: Register) -> None:
    first, second = register(), register()
    assert (first.number, second.number) == ("SQ2026000001", "SQ2026000002")


def test_it_routes_a_department_category_to_the_department(
    session: Session, place: Any, register: Register
) -> None:
    appeal = register(
        requester=Requester(name="嘉兴某某科技有限公司", kind=RequesterKind.ENTERPRISE),
        category_code="legal",
        channel="网站",
    )
    assert appeal.handler_unit_id == place.department_staff.unit_id
    assert appeal.handler_id == place.department_staff.id
    assert appeal.due_on == date(2026, 5, 12)  # 3 working days: Sat 05-09, Mon 11, Tue 12


def test_it_routes_up_the_tree_when_the_community_has_no_staff(
    session: Session, place: Any, register: Register, other_town_staff: User
) -> None:
    place.handler.active = False
    appeal = register()
    assert appeal.handler_id == other_town_staff.id  # 建设街道 staff


def test_it_reopens_when_the_requester_says_not_solved(
    session: Session, place: Any, answered: Register
) -> None:
    appeal = answered()
    evaluate_appeal(session, appeal, by=place.resident, grade=Grade.DISSATISFIED, now=at(5, 12))
    assert appeal.status == AppealStatus.IN_PROGRESS
    assert appeal.reopen_count == 1
    assert appeal.due_on == date(2026, 6, 2)  # 15 working days after Tue 05-12
    answer_appeal(session, appeal, actor=place.handler, now=at(5, 14), answer="已请电工更换线路")
    evaluate_appeal(session, appeal, by=place.resident, grade=5, now=at(5, 15))
    close_appeal(session, appeal, actor=place.handler, now=at(5, 15, 12))
    assert (appeal.status, appeal.resolved, appeal.reopen_count) == ("closed", True, 1)
    assert [e.kind for e in appeal_events(session, appeal)][-6:] == [
        "answered", "evaluated", "reopened", "answered", "evaluated", "closed",
    ]  # fmt: skip


def test_it_urges_then_supervises_as_working_days_pass(
    session: Session, place: Any, register: Register
) -> None:
    appeal = register()  # due Mon 05-18
    assert escalate_overdue(session, now=at(5, 18, 17)) == []
    assert overdue_appeals(session, today=date(2026, 5, 18)) == []

    assert overdue_appeals(session, today=date(2026, 5, 19)) == [appeal]
    urged = escalate_overdue(session, now=at(5, 19, 8))
    assert [(e.appeal.id, e.level, e.label) for e in urged] == [(appeal.id, 1, "催办")]
    assert escalate_overdue(session, now=at(5, 25, 8)) == []  # 5th working day after: still 催办

    supervised = escalate_overdue(session, now=at(5, 26, 8))
    assert [(e.level, e.label) for e in supervised] == [(2, "督办")]
    assert escalate_overdue(session, now=at(5, 27, 8)) == []
    assert [e.kind for e in appeal_events(session, appeal)] == ["registered", "urged", "supervised"]


def test_an_answered_request_is_no_longer_overdue(session: Session, answered: Register) -> None:
    answered()
    assert overdue_appeals(session, today=date(2026, 6, 30)) == []
    assert escalate_overdue(session, now=at(6, 30)) == []


def test_it_closes_an_unevaluated_answer_after_the_timeout(
    session: Session, answered: Register
) -> None:
    appeal = answered()  # answered Sat 05-09 (a 调休 working day)
    assert close_unevaluated(session, now=at(5, 15)) == []  # 5th working day after: Fri 05-15
    assert close_unevaluated(session, now=at(5, 16)) == [appeal]
    assert (appeal.status, appeal.resolved) == (AppealStatus.CLOSED, None)
    last = appeal_events(session, appeal)[-1]
    assert (last.kind, last.note, last.actor_id) == ("closed", TIMEOUT_NOTE, None)


@pytest.mark.parametrize(
    ("walk", "message"),
    [
        (0, "未答复的诉求不能销号"),
        (3, "未答复的诉求不能销号"),
        (4, "诉求人尚未评价，不能销号"),
    ],
)
def test_it_refuses_to_close_before_the_evaluation(
    session: Session,
    place: Any,
    register: Register,
    count_events: Callable[..., int],
    walk: int,
    message: str,
) -> None:
    appeal = register()
    steps = [accept_appeal, assign_appeal, start_handling]
    for step in steps[: min(walk, 3)]:
        step(session, appeal, actor=place.handler, now=at(5, 9))
    if walk == 4:
        answer_appeal(session, appeal, actor=place.handler, now=at(5, 9), answer="已处理")
    status, events = appeal.status, count_events(appeal)
    with pytest.raises(Invalid) as refused:
        close_appeal(session, appeal, actor=place.handler, now=at(5, 11))
    assert message in refused.value.message
    assert f"当前为“{AppealStatus(status).label}”，不能“销号”" in refused.value.message
    assert (appeal.status, appeal.closed_at, count_events(appeal)) == (status, None, events)


def test_it_refuses_steps_out_of_order(session: Session, place: Any, register: Register) -> None:
    appeal = register()
    with pytest.raises(Invalid, match="当前为“待受理”，不能“答复”"):
        answer_appeal(session, appeal, actor=place.handler, now=at(5, 9), answer="好")
    with pytest.raises(Invalid, match="尚未答复，不能评价"):
        evaluate_appeal(session, appeal, by=place.resident, grade=5, now=at(5, 9))
    assert appeal.status == AppealStatus.REGISTERED


def test_it_refuses_an_evaluation_by_anyone_but_the_requester(
    session: Session,
    place: Any,
    answered: Register,
    district_admin: User,
    count_events: Callable[..., int],
) -> None:
    appeal = answered()
    stranger = create_user(session, username="passerby", password="x" * 8, role=Role.VIEWER)
    events = count_events(appeal)
    for user in (place.handler, district_admin, stranger):
        with pytest.raises(Forbidden, match="只有诉求人"):
            evaluate_appeal(session, appeal, by=user, grade=5, now=at(5, 12))
    assert (appeal.status, appeal.grade, count_events(appeal)) == ("answered", None, events)


def test_the_proxy_who_registered_may_evaluate_but_not_when_handling(
    session: Session, place: Any, answered: Register, other_town_staff: User
) -> None:
    requester = Requester(name="李阿姨", phone="0573-82345678")
    by_proxy = answered(requester=requester, actor=other_town_staff, received_at=at(5, 11))
    evaluate_appeal(session, by_proxy, by=other_town_staff, grade=3, now=at(5, 13))
    assert by_proxy.status == AppealStatus.EVALUATED

    handler_proxy = answered(requester=requester, actor=place.handler, received_at=at(5, 11))
    with pytest.raises(Forbidden):
        evaluate_appeal(session, handler_proxy, by=place.handler, grade=5, now=at(5, 13))


def test_it_refuses_a_grade_outside_the_five(
    session: Session, place: Any, answered: Register
) -> None:
    appeal = answered()
    with pytest.raises(Invalid, match="1–5"):
        evaluate_appeal(session, appeal, by=place.resident, grade=6, now=at(5, 12))


def test_it_refuses_a_user_outside_the_place(
    session: Session, register: Register, town_staff: User, viewer: User
) -> None:
    appeal = register()
    for user in (town_staff, viewer):
        with pytest.raises(Forbidden, match="无权办理"):
            accept_appeal(session, appeal, actor=user, now=at(5, 9))
    assert appeal.status == AppealStatus.REGISTERED


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"unit": "no-such-compound"}, "未知的小区或单位"),
        ({"unit": "330402-JXS"}, "未知的小区或单位"),  # a department is not a place
        ({"category_code": "no-such"}, "未知的诉求类别"),
        ({"category_code": "legal"}, "用于企业诉求"),
        ({"description": "  "}, "请填写诉求内容"),
        ({"channel": "微信"}, "未知的来源渠道"),
    ],
)
def test_it_refuses_a_bad_registration_and_writes_nothing(
    session: Session, register: Register, overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        register(**overrides)
    assert session.scalar(select(func.count()).select_from(Appeal)) == 0


def test_it_refuses_a_compounds_party_as_the_place_of_a_request(
    session: Session, parties: Parties, register: Register
) -> None:
    for party in (parties.property, parties.committee):
        label = UnitKind(party.kind).label
        with pytest.raises(Invalid, match=f"{party.name}是小区的{label}，不是诉求发生地"):
            register(unit=party.code)
    assert session.scalar(select(func.count()).select_from(Appeal)) == 0


def test_a_request_in_a_year_without_a_notice_gets_a_provisional_due_date(
    register: Register,
) -> None:
    appeal = register(received_at=RECEIVED.replace(year=2030))
    assert appeal.due_on.year == 2030
    assert official_calendar().is_provisional(appeal.due_on)


def test_reassigning_needs_an_active_handler(
    session: Session, place: Any, register: Register
) -> None:
    appeal = register()
    accept_appeal(session, appeal, actor=place.handler, now=at(5, 8, 11))
    place.handler.active = False
    with pytest.raises(Invalid, match="承办人"):
        assign_appeal(session, appeal, actor=place.handler, now=at(5, 8, 12))
    assert appeal.status == AppealStatus.ACCEPTED
    assign_appeal(
        session, appeal, actor=place.handler, now=at(5, 8, 12), handler=place.department_staff
    )
    assert appeal.handler_unit_id == place.department_staff.unit_id
    assert appeal.received_at + timedelta(hours=2) == at(5, 8, 12)


def test_it_links_a_project_blocker_to_its_project(
    session: Session, place: Any, register: Register, projects: Any
) -> None:
    create_category(
        session, code="blocker", label="项目堵点", kind=RequesterKind.PROJECT,
        limit_days=5, route="place_staff",
    )  # fmt: skip
    requester = Requester(name="项目业主", kind=RequesterKind.PROJECT)
    appeal = register(
        requester=requester, category_code="blocker", project_id=projects.in_street.id
    )
    assert appeal.project_id == projects.in_street.id
    with pytest.raises(Invalid, match="未知的项目"):
        register(requester=requester, category_code="blocker", project_id=999_999)


def test_the_eligible_handlers_are_staff_of_the_place_above_it_its_parties_and_departments(
    session: Session,
    place: Any,
    parties: Parties,
    register: Register,
    town_staff: User,
    other_town_staff: User,
    district_admin: User,
    viewer: User,
) -> None:
    retired = create_user(
        session, username="retired", password=PASSWORD, role=Role.UNIT_STAFF, unit=place.community
    )
    retired.active = False
    appeal = register()
    eligible = {user.username for user in eligible_handlers(session, appeal)}
    assert eligible == {
        "jianshe",
        "nanxi",
        "anju",
        "ywh",
        "jxs",
    }  # street, community, 物业, 业委会, 部门
    assert town_staff.username not in eligible  # 凤桥镇 is not above 幸福里小区


def test_the_current_handler_stays_eligible_while_active(
    session: Session, place: Any, district: District, register: Register
) -> None:
    roving = create_user(
        session, username="roving", password=PASSWORD, role=Role.UNIT_STAFF, unit=district.district
    )
    assign_instructor(session, instructor=roving, compound=place.compound, now=RECEIVED)
    appeal = register()
    assert appeal.handler == roving  # the compound's instructor, staff of the district itself
    assert roving in eligible_handlers(session, appeal)
    accept_appeal(session, appeal, actor=place.handler, now=at(5, 8, 11))
    assign_appeal(session, appeal, actor=place.handler, now=at(5, 8, 12), handler=place.handler)
    assert roving not in eligible_handlers(session, appeal)
    with pytest.raises(Invalid, match=f"roving 不能承办诉求 {appeal.number}"):
        assign_appeal(session, appeal, actor=place.handler, now=at(5, 8, 13), handler=roving)
    assert appeal.handler == place.handler


def test_it_assigns_to_the_compounds_property_company_and_refuses_anyone_outside(
    session: Session,
    place: Any,
    parties: Parties,
    register: Register,
    town_staff: User,
    district_admin: User,
    count_events: Callable[..., int],
) -> None:
    appeal = register()
    accept_appeal(session, appeal, actor=place.handler, now=at(5, 8, 11))
    events = count_events(appeal)
    for outsider in (town_staff, district_admin):
        with pytest.raises(Invalid) as refused:
            assign_appeal(session, appeal, actor=place.handler, now=at(5, 8, 12), handler=outsider)
        assert refused.value.message.startswith(
            f"{outsider.display_name} 不能承办诉求 {appeal.number}："
        )
        assert "may not handle this appeal" in refused.value.message
    assert (appeal.status, appeal.handler, count_events(appeal)) == (
        AppealStatus.ACCEPTED, place.handler, events,
    )  # fmt: skip
    assign_appeal(
        session, appeal, actor=place.handler, now=at(5, 8, 12), handler=parties.property_staff
    )
    assert (appeal.status, appeal.handler_unit) == (AppealStatus.ASSIGNED, parties.property)


def test_a_viewer_is_refused_as_handler(
    session: Session, place: Any, register: Register, viewer: User
) -> None:
    appeal = register()
    accept_appeal(session, appeal, actor=place.handler, now=at(5, 8, 11))
    with pytest.raises(Invalid, match="需指定一名承办人"):
        assign_appeal(session, appeal, actor=place.handler, now=at(5, 8, 12), handler=viewer)
    assert appeal.status == AppealStatus.ACCEPTED

"""The public request form, the tracking link and the staff pages of one appeal."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealChannel, SensitiveView
from taizhang.appeals.workflow import Requester, appeal_events, register_appeal
from taizhang.org.models import User
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import RECEIVED, Parties, Place
from tests.web.conftest import csrf_from

place = appeals_fixtures.place  # the small place with a compound, handler and categories
parties = appeals_fixtures.parties  # its compound's 物业 and 业委会, with their staff

FORM = {"name": "王小明", "phone": "13812345678", "compound": "330402001001-01"}
FORM |= {"category": "complaint", "description": "楼道灯坏了一个月没人修"}


def submit(client: TestClient, **overrides: str) -> str:
    """Submit the public form; returns the tracking link shown."""
    token = csrf_from(client.get("/appeals/new").text)
    response = client.post("/appeals/new", data=FORM | {"csrf_token": token} | overrides)
    assert response.status_code == 200, response.text
    match = re.search(r'id="tracking-link" href="([^"]+)"', response.text)
    assert match
    return match.group(1).replace("&amp;", "&")


def the_appeal(session: Session) -> Appeal:
    session.expire_all()
    appeal = session.scalar(select(Appeal))
    assert appeal is not None
    return appeal


def id_of_appeal(session: Session) -> int:
    """The appeal's id, ending the test session's write transaction so the app may write."""
    found = the_appeal(session).id
    session.commit()
    return found


def step(client: TestClient, appeal_id: int, name: str, **data: str) -> None:
    token = csrf_from(client.get(f"/appeals/{appeal_id}").text)
    response = client.post(
        f"/appeals/{appeal_id}/{name}", data={"csrf_token": token, **data}, follow_redirects=False
    )
    assert response.status_code == 303, response.text


def test_the_form_works_without_logging_in_and_lists_compounds_and_categories(
    app_client: TestClient, place: Place
) -> None:
    response = app_client.get("/appeals/new")
    assert response.status_code == 200
    assert "幸福里小区" in response.text and "投诉举报" in response.text
    assert "法律咨询" in response.text  # an enterprise category: enterprises file here too


def test_it_registers_a_request_and_shows_its_number_and_tracking_link(
    app_client: TestClient, place: Place, session: Session
) -> None:
    link = submit(app_client)
    appeal = the_appeal(session)
    assert appeal.channel == AppealChannel.WEB.value and appeal.status == "registered"
    assert link.startswith(f"/appeals/track/{appeal.number}?token=")
    page = app_client.get(link)
    assert page.status_code == 200 and "待受理" in page.text


def test_it_rejects_a_form_without_its_csrf_cookie(
    app: FastAPI, place: Place, session: Session
) -> None:
    with TestClient(app) as client:
        response = client.post("/appeals/new", data=FORM | {"csrf_token": "forged"})
    assert response.status_code == 403
    assert session.scalar(select(func.count()).select_from(Appeal)) == 0


def test_it_refuses_an_unknown_compound_with_a_clear_message(
    app_client: TestClient, place: Place, session: Session
) -> None:
    token = csrf_from(app_client.get("/appeals/new").text)
    data = FORM | {"csrf_token": token, "compound": "nowhere"}
    response = app_client.post("/appeals/new", data=data)
    assert response.status_code == 422
    assert "未知的小区或单位" in response.text
    assert session.scalar(select(func.count()).select_from(Appeal)) == 0


def test_a_tracking_link_with_a_wrong_token_is_not_found(
    app_client: TestClient, place: Place
) -> None:
    link = submit(app_client)
    assert app_client.get(link[:-4] + "0000").status_code == 404


def test_it_walks_a_request_from_the_form_to_closure(
    app_client: TestClient, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    link = submit(app_client)
    handler = client_for(place.handler)
    appeal_id = id_of_appeal(session)
    for name in ("accept", "assign", "start"):
        step(handler, appeal_id, name)
    step(handler, appeal_id, "answer", answer="已更换灯泡")
    assert "已更换灯泡" in app_client.get(link).text
    number, token = link.split("/")[-1].split("?token=")
    evaluated = app_client.post(
        f"/appeals/track/{number}/evaluate", data={"token": token, "grade": "4"}
    )
    assert evaluated.status_code == 200 and "评价" in evaluated.text
    step(handler, appeal_id, "close")
    appeal = the_appeal(session)
    assert (appeal.status, appeal.grade, appeal.resolved) == ("closed", 4, True)


def test_a_not_solved_grade_reopens_the_request(
    app_client: TestClient, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    link = submit(app_client)
    handler = client_for(place.handler)
    appeal_id = id_of_appeal(session)
    for name, extra in [
        ("accept", {}),
        ("assign", {}),
        ("start", {}),
        ("answer", {"answer": "好"}),
    ]:
        step(handler, appeal_id, name, **extra)
    number, token = link.split("/")[-1].split("?token=")
    app_client.post(f"/appeals/track/{number}/evaluate", data={"token": token, "grade": "2"})
    appeal = the_appeal(session)
    assert (appeal.status, appeal.reopen_count) == ("in_progress", 1)


def test_closing_an_unanswered_request_is_refused(
    app_client: TestClient, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    submit(app_client)
    handler = client_for(place.handler)
    appeal_id = id_of_appeal(session)
    token = csrf_from(handler.get(f"/appeals/{appeal_id}").text)
    response = handler.post(f"/appeals/{appeal_id}/close", data={"csrf_token": token})
    assert response.status_code == 422 and "未答复的诉求不能销号" in response.text
    assert the_appeal(session).status == "registered"


def test_the_inbox_shows_each_tab_with_its_size_and_marks_overdue_requests(
    place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    requester = Requester(name="李四", phone="13900001111")
    register_appeal(
        session, requester=requester, unit=place.compound.code, category_code="complaint",
        description="噪音", channel=AppealChannel.VISIT, received_at=RECEIVED,
    )  # fmt: skip
    session.commit()
    page = client_for(place.handler).get("/appeals/inbox")
    assert page.status_code == 200
    assert 'data-status="registered"' in page.text and "已超期" in page.text
    assert re.search(r'id="tab-overdue"[^>]*>已超期 <span class="badge">1</span>', page.text)
    assert "李*" in page.text and "李四" not in page.text


@pytest.mark.parametrize("who", ["other_town_staff", "viewer"])
def test_personal_data_stays_masked_for_a_user_without_the_right(
    who: str,
    request: pytest.FixtureRequest,
    app_client: TestClient,
    place: Place,
    session: Session,
    client_for: Callable[[User], TestClient],
) -> None:
    submit(app_client)
    client = client_for(request.getfixturevalue(who))
    appeal_id = id_of_appeal(session)
    page = client.get(f"/appeals/{appeal_id}")
    assert "/reveal" not in page.text
    revealed = client.post(
        f"/appeals/{appeal_id}/reveal", data={"csrf_token": csrf_from(page.text)}
    )
    assert revealed.status_code == 403
    assert "138****5678" in page.text and "13812345678" not in page.text
    assert session.scalar(select(func.count()).select_from(SensitiveView)) == 0


def test_the_handler_reveals_personal_data_and_the_view_is_logged(
    app_client: TestClient, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    submit(app_client)
    client, appeal_id = client_for(place.handler), id_of_appeal(session)
    assert "13812345678" not in client.get(f"/appeals/{appeal_id}?show=true").text
    token = csrf_from(client.get(f"/appeals/{appeal_id}").text)
    page = client.post(f"/appeals/{appeal_id}/reveal", data={"csrf_token": token})
    assert "13812345678" in page.text
    assert client.post(f"/appeals/{appeal_id}/reveal").status_code == 403  # no CSRF token
    assert session.scalar(select(func.count()).select_from(SensitiveView)) == 1


def accepted_appeal(session: Session, place: Place, client: TestClient) -> int:
    """A complaint registered in 幸福里小区 (routed to 南溪社区's staff) and accepted by them."""
    register_appeal(
        session, requester=Requester(name="李四", phone="13900001111"), unit=place.compound.code,
        category_code="complaint", description="电梯停运", channel=AppealChannel.PHONE,
        received_at=RECEIVED,
    )  # fmt: skip
    appeal_id = id_of_appeal(session)
    step(client, appeal_id, "accept")
    return appeal_id


def test_the_assign_step_offers_the_eligible_handlers_with_the_routed_one_chosen(
    place: Place, parties: Parties, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    handler = client_for(place.handler)
    page = handler.get(f"/appeals/{accepted_appeal(session, place, handler)}").text
    choice = re.search(r'<select name="handler_id".*?</select>', page, re.S)
    assert choice is not None
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]+)</option>', choice.group(0))
    assert [(int(i), bool(s)) for i, s, _ in options if s] == [(place.handler.id, True)]
    labels = {label for _, _, label in options}
    assert {"anju（安居物业）", "ywh（幸福里业委会）", "jxs（区经信商务局）"} <= labels


def test_it_assigns_to_the_property_company_and_it_lands_in_their_inbox(
    place: Place, parties: Parties, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    handler, property_staff = client_for(place.handler), client_for(parties.property_staff)
    committee_staff = client_for(parties.committee_staff)
    property_id, property_staff_id = parties.property.id, parties.property_staff.id
    appeal_id = accepted_appeal(session, place, handler)
    step(handler, appeal_id, "assign", handler_id=str(property_staff_id))
    appeal = the_appeal(session)
    assert (appeal.status, appeal.handler_id) == ("assigned", property_staff_id)
    assert appeal.handler_unit_id == property_id
    number = appeal.number
    session.commit()
    inbox = property_staff.get("/appeals/inbox")
    assert inbox.status_code == 200 and number in inbox.text
    assert number not in committee_staff.get("/appeals/inbox").text


def test_assigning_without_a_choice_keeps_the_routed_handler(
    place: Place, session: Session, client_for: Callable[[User], TestClient], district_admin: User
) -> None:
    handler, admin = client_for(place.handler), client_for(district_admin)
    handler_id = place.handler.id
    appeal_id = accepted_appeal(session, place, handler)
    step(admin, appeal_id, "assign")
    assert the_appeal(session).handler_id == handler_id  # not the administrator


def test_a_handler_outside_the_eligible_set_is_refused_and_nothing_changes(
    place: Place, session: Session, client_for: Callable[[User], TestClient], town_staff: User
) -> None:
    handler, handler_id, outsider_id = client_for(place.handler), place.handler.id, town_staff.id
    appeal_id = accepted_appeal(session, place, handler)
    appeal = the_appeal(session)
    number, events = appeal.number, len(appeal_events(session, appeal))
    session.commit()
    token = csrf_from(handler.get(f"/appeals/{appeal_id}").text)
    response = handler.post(
        f"/appeals/{appeal_id}/assign", data={"csrf_token": token, "handler_id": str(outsider_id)}
    )
    assert response.status_code == 422
    assert f"fengqiao 不能承办诉求 {number}" in response.text
    appeal = the_appeal(session)
    assert (appeal.status, appeal.handler_id) == ("accepted", handler_id)
    assert len(appeal_events(session, appeal)) == events

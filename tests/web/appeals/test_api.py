"""The appeals JSON API: the inbox, one appeal (masked) and its transitions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealChannel, SensitiveView
from taizhang.appeals.workflow import Requester, register_appeal
from taizhang.org.models import Unit, UnitKind, User
from taizhang.org.units import create_unit
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import RECEIVED, Parties, Place
from tests.web.conftest import ERROR_KEYS, csrf_from

place = appeals_fixtures.place  # the small place with a compound, handler and categories
parties = appeals_fixtures.parties  # its compound's 物业 and 业委会, with their staff

APPEAL_KEYS = {"id", "number", "status", "status_label", "phone", "masked", "overdue", "due_on"}


@pytest.fixture
def appeal_id(session: Session, place: Place) -> int:
    requester = Requester(name="王小明", phone="13812345678", address="幸福里小区3幢2单元501室")
    appeal = register_appeal(
        session, requester=requester, unit=place.compound.code, category_code="complaint",
        description="楼道灯坏了", channel=AppealChannel.PHONE, received_at=RECEIVED,
    )  # fmt: skip
    session.commit()
    return appeal.id


def post_step(client: TestClient, appeal_id: int, step: str, **body: object) -> dict[str, object]:
    token = csrf_from(client.get(f"/appeals/{appeal_id}").text)
    response = client.post(
        f"/api/v1/appeals/{appeal_id}/{step}", json=body, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


def test_the_inbox_lists_the_handlers_appeals_masked(
    appeal_id: int, place: Place, client_for: Callable[[User], TestClient]
) -> None:
    body = client_for(place.handler).get("/api/v1/appeals").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item.keys() >= APPEAL_KEYS
    assert (item["phone"], item["masked"], item["overdue"]) == ("138****5678", True, True)


def test_it_walks_an_appeal_through_the_staff_steps(
    appeal_id: int, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    client = client_for(place.handler)
    for step in ("accept", "assign", "start"):
        post_step(client, appeal_id, step)
    body = post_step(client, appeal_id, "answer", answer="已修复")
    assert body["status"] == "answered" and body["next_steps"] == []
    assert [e["kind"] for e in body["events"]][-1] == "answered"  # type: ignore[index,union-attr]


def test_a_transition_out_of_order_is_refused_in_the_error_shape(
    appeal_id: int, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    client = client_for(place.handler)
    token = csrf_from(client.get(f"/appeals/{appeal_id}").text)
    response = client.post(f"/api/v1/appeals/{appeal_id}/close", headers={"X-CSRF-Token": token})
    assert response.status_code == 422
    assert response.json().keys() == ERROR_KEYS
    assert response.json()["code"] == "wrong_step"
    assert session.get(Appeal, appeal_id).status == "registered"  # type: ignore[union-attr]


def test_a_transition_needs_the_csrf_token(
    appeal_id: int, place: Place, client_for: Callable[[User], TestClient]
) -> None:
    response = client_for(place.handler).post(f"/api/v1/appeals/{appeal_id}/accept")
    assert response.status_code == 403 and response.json()["ok"] is False
    assert response.json()["code"] == "csrf"


def reveal(client: TestClient, appeal_id: int) -> Any:
    token = csrf_from(client.get(f"/appeals/{appeal_id}").text)
    return client.post(f"/api/v1/appeals/{appeal_id}/reveal", headers={"X-CSRF-Token": token})


@pytest.mark.parametrize("who", ["other_town_staff", "viewer"])
def test_personal_data_stays_masked_for_a_user_without_the_right(
    who: str,
    request: pytest.FixtureRequest,
    appeal_id: int,
    session: Session,
    client_for: Callable[[User], TestClient],
) -> None:
    client = client_for(request.getfixturevalue(who))
    body = client.get(f"/api/v1/appeals/{appeal_id}").json()
    assert (body["phone"], body["masked"], body["can_reveal"]) == ("138****5678", True, False)
    assert "501" not in body["address"]
    assert reveal(client, appeal_id).status_code == 403
    assert session.scalar(select(func.count()).select_from(SensitiveView)) == 0


def test_the_handler_may_reveal_and_the_view_is_logged(
    appeal_id: int, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    handler = client_for(place.handler)
    assert handler.get(f"/api/v1/appeals/{appeal_id}?reveal=true").json()["masked"] is True
    body = reveal(handler, appeal_id).json()
    assert (body["phone"], body["masked"]) == ("13812345678", False)
    assert session.scalar(select(func.count()).select_from(SensitiveView)) == 1


def test_an_answer_naming_a_phone_is_masked_until_revealed(
    appeal_id: int, place: Place, district_admin: User, client_for: Callable[[User], TestClient]
) -> None:
    handler = client_for(place.handler)
    for step in ("accept", "assign", "start"):
        post_step(handler, appeal_id, step)
    post_step(handler, appeal_id, "answer", answer="已修复，有问题请打13912345678")
    notes = [
        e["note"]
        for e in client_for(district_admin).get(f"/api/v1/appeals/{appeal_id}").json()["events"]
    ]
    assert "已修复，有问题请打139****5678" in notes
    revealed = reveal(handler, appeal_id).json()["events"]
    assert "已修复，有问题请打13912345678" in [e["note"] for e in revealed]


def test_a_user_outside_the_scope_gets_403(
    appeal_id: int, town_staff: User, client_for: Callable[[User], TestClient]
) -> None:
    response = client_for(town_staff).get(f"/api/v1/appeals/{appeal_id}")
    assert response.status_code == 403
    assert client_for(town_staff).get("/api/v1/appeals").json()["count"] == 0


def test_a_closed_appeal_leaves_the_inbox(
    appeal_id: int, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    session.execute(
        Appeal.__table__.update().where(Appeal.id == appeal_id).values(status="closed")  # type: ignore[attr-defined]
    )
    session.commit()
    assert client_for(place.handler).get("/api/v1/appeals").json()["count"] == 0


def test_the_inbox_sends_a_fixed_number_of_queries(
    session: Session,
    place: Place,
    client_for: Callable[[User], TestClient],
    count_queries: Callable[[], int],
) -> None:
    client = client_for(place.handler)
    requester = Requester(name="李四", phone="13900001111", address="幸福里小区1幢101室")

    def file(count: int) -> None:
        """Each appeal in a compound of its own, so per-row loading would show in the count."""
        for _ in range(count):
            n = session.scalar(select(func.count()).select_from(Unit)) or 0
            compound = create_unit(
                session, code=f"T{n:05d}", name=f"测试小区{n}", kind=UnitKind.COMPOUND,
                parent=place.community,
            )  # fmt: skip
            register_appeal(
                session, requester=requester, unit=compound.code, category_code="complaint",
                description="路灯不亮", channel=AppealChannel.PHONE, received_at=RECEIVED,
            )  # fmt: skip
        session.commit()

    def cost() -> int:
        before = count_queries()
        assert client.get("/api/v1/appeals").status_code == 200
        return count_queries() - before

    file(1)
    one = cost()
    file(6)
    assert cost() == one


def test_the_inbox_pages_with_the_cursor_it_returns(
    appeal_id: int, place: Place, session: Session, client_for: Callable[[User], TestClient]
) -> None:
    requester = Requester(name="李四", phone="13900001111")
    register_appeal(
        session, requester=requester, unit=place.compound.code, category_code="complaint",
        description="路灯不亮", channel=AppealChannel.PHONE, received_at=RECEIVED,
    )  # fmt: skip
    session.commit()
    client = client_for(place.handler)
    first = client.get("/api/v1/appeals?limit=1").json()
    second = client.get(f"/api/v1/appeals?limit=1&after={first['next_cursor']}").json()
    assert (first["count"], first["counts"]["overdue"], second["next_cursor"]) == (2, 2, None)
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [appeal_id, appeal_id + 1]


def test_a_malformed_cursor_is_a_clear_422(
    place: Place, client_for: Callable[[User], TestClient]
) -> None:
    response = client_for(place.handler).get("/api/v1/appeals?after=page-2")
    assert response.status_code == 422 and "翻页位置无效" in response.text


def test_it_lists_the_eligible_handlers_while_the_appeal_may_be_assigned(
    appeal_id: int, place: Place, parties: Parties, client_for: Callable[[User], TestClient]
) -> None:
    client = client_for(place.handler)
    assert client.get(f"/api/v1/appeals/{appeal_id}").json()["handlers"] == []  # not accepted
    body = post_step(client, appeal_id, "accept")
    handlers = {h["name"]: h for h in body["handlers"]}  # type: ignore[attr-defined]
    assert handlers["anju"] == {
        "id": parties.property_staff.id, "name": "anju", "unit_name": "安居物业", "current": False,
    }  # fmt: skip
    assert [name for name, h in handlers.items() if h["current"]] == ["nanxi"]


def test_it_assigns_to_the_handler_named_in_the_body(
    appeal_id: int, place: Place, parties: Parties, client_for: Callable[[User], TestClient]
) -> None:
    client, committee = client_for(place.handler), client_for(parties.committee_staff)
    committee_staff_id = parties.committee_staff.id
    post_step(client, appeal_id, "accept")
    body = post_step(client, appeal_id, "assign", handler_id=committee_staff_id)
    assert body["status"] == "assigned"
    assert [item["id"] for item in committee.get("/api/v1/appeals").json()["items"]] == [appeal_id]


def test_an_ineligible_handler_in_the_body_gets_422_and_nothing_changes(
    appeal_id: int,
    place: Place,
    session: Session,
    town_staff: User,
    client_for: Callable[[User], TestClient],
) -> None:
    client, outsider_id = client_for(place.handler), town_staff.id
    post_step(client, appeal_id, "accept")
    token = csrf_from(client.get(f"/appeals/{appeal_id}").text)
    for handler_id, message in [(outsider_id, "fengqiao 不能承办诉求"), (999_999, "未知的承办人")]:
        response = client.post(
            f"/api/v1/appeals/{appeal_id}/assign",
            json={"handler_id": handler_id},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 422 and message in response.json()["error"]
    appeal = session.get(Appeal, appeal_id)
    assert appeal is not None and (appeal.status, appeal.handler_id) == (
        "accepted",
        place.handler.id,
    )

"""延期申请 on the appeal page and through the JSON API.

The app's clock reads Wed 2026-05-20; the appeal below was received Mon 05-18 and is due
Wed 05-27, so there is time to ask.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealChannel, AppealEvent, AppealExtension
from taizhang.appeals.workflow import Requester, register_appeal
from taizhang.org.models import Role, User, WebSession
from taizhang.org.users import create_user
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import PASSWORD, Place, at
from tests.web.conftest import ERROR_KEYS, csrf_from

place = appeals_fixtures.place  # the small place with a compound, handler and categories
ClientFor = Callable[[User], TestClient]


@pytest.fixture
def appeal_id(session: Session, place: Place) -> int:
    requester = Requester(name="王小明", phone="13812345678", address="幸福里小区3幢2单元501室")
    appeal = register_appeal(
        session, requester=requester, unit=place.compound.code, category_code="complaint",
        description="楼道灯坏了", channel=AppealChannel.PHONE, received_at=at(5, 18),
    )  # fmt: skip
    session.commit()
    assert appeal.due_on == date(2026, 5, 27)
    return appeal.id


@pytest.fixture
def supervisor(other_town_staff: User) -> User:
    """Staff of 建设街道, the street above 南溪社区 which handles the appeal."""
    return other_town_staff


def page_of(client: TestClient, appeal_id: int) -> str:
    response = client.get(f"/appeals/{appeal_id}")
    assert response.status_code == 200, response.text
    return response.text


def extensions_section(html: str) -> str:
    start = html.find('id="extensions"')
    return html[start : html.index("</section>", start)] if start >= 0 else ""


def post_form(client: TestClient, path: str, appeal_id: int, **data: str) -> Any:
    token = csrf_from(page_of(client, appeal_id))
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


class Api:
    """Posts JSON to the appeals API as a logged-in user, with their log-in's CSRF token."""

    def __init__(self, session: Session, client_for: ClientFor) -> None:
        self.session, self.client_for = session, client_for
        self.logged_in: dict[int, tuple[TestClient, str]] = {}

    def post(self, user: User, path: str, body: dict[str, Any]) -> Any:
        client, token = self._log_in(user)
        return client.post(f"/api/v1{path}", json=body, headers={"X-CSRF-Token": token})

    def _log_in(self, user: User) -> tuple[TestClient, str]:
        if user.id not in self.logged_in:
            self.logged_in[user.id] = (self.client_for(user), self._token(user))
        return self.logged_in[user.id]

    def _token(self, user: User) -> str:
        """As the app keeps it: a viewer's pages carry no form to read it from."""
        query = select(WebSession.csrf_token).where(WebSession.user_id == user.id)
        token = self.session.scalars(query.order_by(WebSession.id.desc())).first()
        self.session.commit()  # end the test session's transaction so that the app may write
        assert token is not None
        return token


@pytest.fixture
def api(session: Session, client_for: ClientFor) -> Api:
    return Api(session, client_for)


def stored(session: Session, appeal_id: int) -> tuple[object, ...]:
    """What a refused request or decision must leave unchanged; ends the test session's
    transaction so that the app may write."""
    count = select(func.count())
    found = (
        *session.execute(
            select(Appeal.due_on, Appeal.escalation_level).where(Appeal.id == appeal_id)
        ).one(),
        session.scalar(count.select_from(AppealExtension)),
        session.scalar(count.select_from(AppealEvent)),
    )
    session.commit()
    return found


def the_extension_id(session: Session) -> int:
    """The only extension's id, ending the test session's transaction."""
    [found] = session.scalars(select(AppealExtension.id))
    session.commit()
    return found


# --- the page ---


def test_the_handler_asks_on_the_page_and_the_supervisor_approves_there(
    appeal_id: int, place: Place, supervisor: User, session: Session, client_for: ClientFor
) -> None:
    handler = client_for(place.handler)
    assert 'id="ask-extension"' in extensions_section(page_of(handler, appeal_id))

    path = f"/appeals/{appeal_id}/extensions"
    asked = post_form(handler, path, appeal_id, days="3", reason="需等待物业采购灯具")
    assert (asked.status_code, asked.headers["location"]) == (
        303,
        f"/appeals/{appeal_id}#extensions",
    )
    section = extensions_section(page_of(handler, appeal_id))
    assert "需等待物业采购灯具" in section and "待审批" in section and "nanxi" in section
    assert 'id="ask-extension"' not in section  # one pending request at a time
    assert 'name="approve"' not in section  # nobody decides their own request

    boss = client_for(supervisor)
    assert 'name="approve" value="true"' in extensions_section(page_of(boss, appeal_id))
    extension_id = the_extension_id(session)
    decided = post_form(
        boss, f"{path}/{extension_id}/decision", appeal_id, approve="true", note="同意延期"
    )
    assert decided.status_code == 303, decided.text

    html = page_of(handler, appeal_id)
    section = extensions_section(html)
    assert "已批准" in section and "jianshe" in section and "同意延期" in section
    assert "2026-06-01" in html  # due Wed 05-27 + 3 working days: Thu 28, Fri 29, Mon 06-01
    assert "批准延期" in html  # the history names the decision


def test_a_refusal_without_a_note_is_explained_on_the_page(
    appeal_id: int, place: Place, supervisor: User, session: Session, client_for: ClientFor
) -> None:
    handler = client_for(place.handler)
    post_form(handler, f"/appeals/{appeal_id}/extensions", appeal_id, days="2", reason="待协调")
    extension_id = the_extension_id(session)
    before = stored(session, appeal_id)
    path = f"/appeals/{appeal_id}/extensions/{extension_id}/decision"
    refused = post_form(client_for(supervisor), path, appeal_id, approve="false", note="")
    assert refused.status_code == 422 and "不批准延期须填写审批意见" in refused.text
    assert stored(session, appeal_id) == before


def test_a_viewer_sees_no_extension_form(
    appeal_id: int, viewer: User, client_for: ClientFor
) -> None:
    assert extensions_section(page_of(client_for(viewer), appeal_id)) == ""


# --- the JSON API ---


def test_the_api_asks_and_decides(appeal_id: int, place: Place, supervisor: User, api: Api) -> None:
    # Not taken for the step "extensions" of POST /api/v1/appeals/{appeal_id}/{step} (404).
    path = f"/appeals/{appeal_id}/extensions"
    asked = api.post(place.handler, path, {"days": 3, "reason": "待采购"})
    assert asked.status_code == 200, asked.text
    body = asked.json()
    [extension] = body["extensions"]
    assert (extension["status"], extension["days"], extension["due_before"]) == (
        "pending", 3, "2026-05-27",
    )  # fmt: skip
    assert (body["may_request_extension"], body["extension_days_left"]) == (False, 20)

    decision = {"approve": True, "note": "同意"}
    decided = api.post(supervisor, f"{path}/{extension['id']}/decision", decision)
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert (body["due_on"], body["extension_days_left"]) == ("2026-06-01", 17)
    assert body["extensions"][0] | {"decided_at": None, "requested_at": None} == {
        "id": extension["id"], "days": 3, "reason": "待采购", "due_before": "2026-05-27",
        "requested_by": "nanxi", "requested_at": None, "status": "approved",
        "decided_by": "jianshe", "decided_at": None, "decision_note": "同意",
        "may_decide": False, "may_approve": False,
    }  # fmt: skip
    assert [e["kind"] for e in body["events"]][-2:] == ["extension_requested", "extension_approved"]


def test_the_api_refuses_too_many_days_in_the_error_shape(
    appeal_id: int, place: Place, session: Session, api: Api
) -> None:
    before = stored(session, appeal_id)
    body = {"days": 21, "reason": "工程量大"}
    response = api.post(place.handler, f"/appeals/{appeal_id}/extensions", body)
    assert response.status_code == 422
    assert response.json().keys() == ERROR_KEYS
    assert "最多还可申请 20 个" in response.json()["error"]
    assert stored(session, appeal_id) == before


def test_an_extension_of_another_appeal_is_not_found(
    appeal_id: int, supervisor: User, api: Api
) -> None:
    path = f"/appeals/{appeal_id}/extensions/999/decision"
    response = api.post(supervisor, path, {"approve": True})
    assert response.status_code == 404 and response.json()["ok"] is False


def test_asking_needs_the_csrf_token(
    appeal_id: int, place: Place, session: Session, client_for: ClientFor
) -> None:
    before = stored(session, appeal_id)
    response = client_for(place.handler).post(
        f"/api/v1/appeals/{appeal_id}/extensions", json={"days": 2, "reason": "待协调"}
    )
    assert response.status_code == 403
    assert stored(session, appeal_id) == before


def test_a_viewer_may_not_ask(appeal_id: int, viewer: User, session: Session, api: Api) -> None:
    before = stored(session, appeal_id)
    body = {"days": 2, "reason": "待协调"}
    response = api.post(viewer, f"/appeals/{appeal_id}/extensions", body)
    assert response.status_code == 403 and "无权办理" in response.json()["error"]
    assert stored(session, appeal_id) == before


@pytest.mark.parametrize("who", ["handler", "colleague", "viewer"])
def test_only_a_supervisor_may_decide(
    who: str, appeal_id: int, place: Place, viewer: User, session: Session, api: Api
) -> None:
    colleague = create_user(
        session, username="nanxi2", password=PASSWORD, role=Role.UNIT_STAFF, unit=place.community
    )  # the handler's unit, not above it
    session.commit()
    path = f"/appeals/{appeal_id}/extensions"
    assert api.post(place.handler, path, {"days": 2, "reason": "待协调"}).status_code == 200
    extension_id = the_extension_id(session)
    before = stored(session, appeal_id)
    decider = {"handler": place.handler, "colleague": colleague, "viewer": viewer}[who]
    response = api.post(decider, f"{path}/{extension_id}/decision", {"approve": True})
    assert response.status_code == 403 and response.json()["ok"] is False
    assert stored(session, appeal_id) == before

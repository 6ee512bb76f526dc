"""Open311 GeoReport v2: services, submitting a request and reading its status."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import Place

place = appeals_fixtures.place  # the small place with a compound, handler and categories

REQUEST = {"service_code": "complaint", "description": "路灯不亮", "first_name": "小明"}
REQUEST |= {"last_name": "王", "phone": "13812345678", "compound_code": "330402001001-01"}


def test_services_lists_the_active_resident_categories(
    app_client: TestClient, place: Place
) -> None:
    body = app_client.get("/open311/v2/services.json").json()
    assert [s["service_code"] for s in body] == ["complaint"]
    service = body[0]
    assert service["metadata"] is False and service["type"] == "realtime"
    assert {"service_name", "description", "keywords", "group"} <= service.keys()


def test_it_creates_a_request_and_reports_its_status(
    app_client: TestClient, place: Place, session: Session
) -> None:
    response = app_client.post("/open311/v2/requests.json", data=REQUEST)
    assert response.status_code == 200, response.text
    [created] = response.json()
    public_id = created["service_request_id"]
    number = public_id.rpartition("-")[0]
    assert f"/appeals/track/{number}?token=" in created["service_notice"]
    appeal = session.scalar(select(Appeal))
    assert appeal is not None and appeal.requester_name == "王小明" and appeal.channel == "网站"
    [status] = app_client.get(f"/open311/v2/requests/{public_id}.json").json()
    assert (status["status"], status["service_code"]) == ("open", "complaint")
    assert "13812345678" not in str(status)


def test_it_accepts_the_compound_as_an_attribute(app_client: TestClient, place: Place) -> None:
    data = {k: v for k, v in REQUEST.items() if k != "compound_code"}
    data["attribute[compound_code]"] = "330402001001-01"
    assert app_client.post("/open311/v2/requests.json", data=data).status_code == 200


def test_an_unknown_service_is_refused_in_open311_shape(
    app_client: TestClient, place: Place, session: Session
) -> None:
    response = app_client.post("/open311/v2/requests.json", data=REQUEST | {"service_code": "x"})
    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400 and "未知的诉求类别" in error["description"]
    assert session.scalar(select(func.count()).select_from(Appeal)) == 0


def test_a_request_cannot_be_looked_up_by_its_bare_number(
    app_client: TestClient, place: Place
) -> None:
    created = app_client.post("/open311/v2/requests.json", data=REQUEST).json()[0]
    public_id = created["service_request_id"]
    number = public_id.rpartition("-")[0]
    assert number.startswith("SQ") and len(public_id) > len(number) + 10
    assert app_client.get(f"/open311/v2/requests/{number}.json").status_code == 404
    forged = f"{number}-{'0' * 16}"
    assert app_client.get(f"/open311/v2/requests/{forged}.json").status_code == 404
    not_ascii = f"{number}-{'码' * 16}"  # found by the fuzz test: once a TypeError, a 500
    assert app_client.get(f"/open311/v2/requests/{not_ascii}.json").status_code == 404


def test_an_unknown_request_is_404_in_open311_shape(app_client: TestClient, place: Place) -> None:
    response = app_client.get("/open311/v2/requests/SQ2026999999.json")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404

"""Specs for the app's routing: paths say what they match, so the order routers are included in
never decides which route answers, and a path nothing matches answers in the error shape."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from taizhang.kernel.config import Settings
from taizhang.org.models import User
from taizhang.web.app import create_app
from tests.web.conftest import log_in

# Fixed paths that sit beside a parametrised sibling in the same folder.
FIXED_PAGES = (
    "/appeals/inbox",
    "/appeals/coverage",
    "/appeals/evaluations",
    "/appeals/new",
    "/projects/import",
    "/race/targets",
    "/race/reports",
)


@pytest.fixture
def reversed_app(engine: Engine, database_url: str) -> FastAPI:
    """The app with its routes in the opposite order."""
    app = create_app(
        Settings(database_url=database_url, secret_key="x" * 32, timer_seconds=0), engine=engine
    )
    app.router.routes.reverse()
    return app


@pytest.mark.parametrize("path", FIXED_PAGES)
def test_a_fixed_page_answers_whatever_the_order_of_the_routes(
    app: FastAPI, reversed_app: FastAPI, district_admin: User, path: str
) -> None:
    for each in (app, reversed_app):
        with TestClient(each) as client:
            response = log_in(client, district_admin.username).get(path)
            assert response.status_code == 200, (path, response.text[:300])


def test_an_appeal_id_that_is_not_a_number_is_not_an_appeal(
    client_for: Callable[[User], TestClient], district_admin: User
) -> None:
    response = client_for(district_admin).get("/api/v1/appeals/inbox-please")
    assert response.status_code == 404
    assert response.json() == {
        "ok": False,
        "code": "not_found",
        "error": "未找到",
        "message": "未找到 (not found)",
        "errors": [],
        "status": 404,
    }


def test_a_step_that_is_not_a_staff_step_is_404_in_the_error_shape(
    client_for: Callable[[User], TestClient], district_admin: User
) -> None:
    response = client_for(district_admin).post("/api/v1/appeals/1/evaluate")
    assert response.status_code == 404
    assert response.json()["ok"] is False


def test_a_method_the_path_does_not_take_is_405_in_the_error_shape(
    client_for: Callable[[User], TestClient], district_admin: User
) -> None:
    response = client_for(district_admin).delete("/api/v1/projects")
    assert response.status_code == 405
    body = response.json()
    assert body["ok"] is False and body["status"] == 405
    assert body["code"] == "method_not_allowed"


def test_an_unknown_page_is_an_error_page_in_chinese(app_client: TestClient) -> None:
    response = app_client.get("/no-such-page")
    assert response.status_code == 404
    assert "未找到" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects/9223372036854775808",
        "/api/v1/appeals/99999999999999999999",
        "/projects/123456789012345678901234567890",
    ],
)
def test_an_id_too_big_for_the_database_is_404_not_an_overflow(
    client_for: Callable[[User], TestClient], district_admin: User, path: str
) -> None:
    response = client_for(district_admin).get(path)
    assert response.status_code == 404

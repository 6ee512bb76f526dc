"""Errors on the web: a stable code in the JSON, and the message in the request's language on
error pages and in the JSON (the whole "中文 (english)" message kept in `message`)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from taizhang.org.models import User
from tests.web.conftest import ERROR_KEYS


def test_an_error_page_in_english_shows_the_english_part_only(app_client: TestClient) -> None:
    response = app_client.get("/no-such-page?lang=en")
    assert response.status_code == 404
    assert 'data-code="not_found">not found</p>' in response.text
    assert "未找到" not in response.text


def test_an_error_page_in_chinese_shows_the_chinese_part_only(app_client: TestClient) -> None:
    html = app_client.get("/no-such-page").text
    assert 'data-code="not_found">未找到</p>' in html and "(not found)" not in html


def test_the_json_error_in_english_says_where_each_problem_is(
    client_for: Callable[[User], TestClient], district_admin: User
) -> None:
    body = client_for(district_admin).get("/api/v1/projects?per_page=1000&lang=en").json()
    assert body.keys() == ERROR_KEYS
    assert (body["code"], body["error"]) == ("invalid", "invalid request")
    assert body["message"] == "请求参数有误 (invalid request)"
    assert body["errors"][0]["message"].startswith("column query.per_page: ")


def test_the_openapi_file_documents_the_code(app_client: TestClient) -> None:
    schemas = app_client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(schemas["ErrorOut"]["properties"]) == ERROR_KEYS
    assert "match on this" in schemas["ErrorOut"]["properties"]["code"]["description"]

"""Every response carries the security headers; nothing but the static files is cached."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from taizhang.org.models import User


@pytest.mark.parametrize("path", ["/", "/projects", "/api/v1/projects", "/appeals/inbox"])
def test_pages_and_the_api_carry_the_headers_and_are_never_stored(
    client_for: Callable[[User], TestClient], district_admin: User, path: str
) -> None:
    response = client_for(district_admin).get(path)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_the_public_form_and_errors_carry_them_too(app_client: TestClient) -> None:
    for response in (app_client.get("/appeals/new"), app_client.get("/no-such-page")):
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(app_client: TestClient) -> None:
    response = app_client.get("/static/app.css")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"

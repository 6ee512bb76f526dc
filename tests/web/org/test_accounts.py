"""Accounts on the web: changing one's password, and an administrator deactivating an account
whose open page then stops working."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from taizhang.org.models import User
from tests.conftest import PASSWORD
from tests.web.conftest import csrf_from

ClientFor = Callable[[User], TestClient]


def test_a_user_changes_their_password_from_the_account_page(
    client_for: ClientFor, town_staff: User
) -> None:
    client = client_for(town_staff)
    page = client.get("/account").text
    form = {"csrf_token": csrf_from(page), "current": PASSWORD, "new": "a-new-secret"}
    response = client.post("/account/password", data=form)
    assert response.status_code == 200 and 'id="changed"' in response.text
    assert client.get("/api/v1/projects").status_code == 401  # this log-in ended too


def test_an_administrator_deactivates_an_account_and_it_is_out_at_once(
    client_for: ClientFor, district_admin: User, town_staff: User
) -> None:
    staff, admin = client_for(town_staff), client_for(district_admin)
    page = admin.get("/admin/users").text
    form = {"csrf_token": csrf_from(page), "account": str(town_staff.id), "active": "false"}
    assert admin.post("/admin/users/active", data=form).status_code == 200
    assert staff.get("/api/v1/projects").status_code == 401


def test_the_accounts_page_is_for_administrators_only(
    client_for: ClientFor, town_staff: User
) -> None:
    assert client_for(town_staff).get("/admin/users").status_code == 403

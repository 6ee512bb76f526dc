"""The working-day calendar page: administrators enter next year's holiday notice when it is
published, and are reminded from 1 November; nobody else may."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from taizhang.org.models import User
from tests.web.conftest import csrf_from

ClientFor = Callable[[User], TestClient]
NOTICE = '[2027]\nsource = "测试用"\nholidays = ["2027-01-01..2027-01-03"]\n'


def _form(page: str, notice: str) -> dict[str, str]:
    return {"csrf_token": csrf_from(page), "notice": notice}


def test_an_administrator_enters_next_years_notice(
    client_for: ClientFor, district_admin: User
) -> None:
    client = client_for(district_admin)
    page = client.get("/appeals/calendar").text
    assert "已录入 2024–2026 年" in page
    entered = client.post(
        "/appeals/calendar", data={"csrf_token": csrf_from(page), "notice": NOTICE}
    )
    assert entered.status_code == 200 and 'id="entered"' in entered.text
    assert "已录入 2024–2027 年" in client.get("/appeals/calendar").text


def test_a_wrong_notice_is_refused_with_its_line_and_nothing_is_kept(
    client_for: ClientFor, district_admin: User
) -> None:
    client = client_for(district_admin)
    page = client.get("/appeals/calendar").text
    wrong = NOTICE.replace('"2027-01-01..2027-01-03"', '"2027-02-30"')
    refused = client.post(
        "/appeals/calendar", data={"csrf_token": csrf_from(page), "notice": wrong}
    )
    assert refused.status_code == 422 and 'id="import-errors"' in refused.text
    assert "已录入 2024–2026 年" in client.get("/appeals/calendar").text


def test_only_district_administrators_enter_notices(
    client_for: ClientFor, town_staff: User
) -> None:
    client = client_for(town_staff)
    page = client.get("/appeals/calendar").text
    assert "<textarea" not in page
    response = client.post(
        "/appeals/calendar", data={"csrf_token": csrf_from(page), "notice": NOTICE}
    )
    assert response.status_code == 403


def test_the_inbox_reminds_administrators_from_november(
    app: FastAPI, client_for: ClientFor, district_admin: User
) -> None:
    assert 'id="notice-missing"' not in client_for(district_admin).get("/appeals/inbox").text
    app.state.clock = lambda: datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # the May log-in expired
    assert 'id="notice-missing"' in client_for(district_admin).get("/appeals/inbox").text

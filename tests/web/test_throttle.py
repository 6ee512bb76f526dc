"""Specs for the throttle: the public intake (form and Open311) takes a bounded number of
requests per address, then 429 in the error shape, and nothing is written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal
from taizhang.web.throttle import PUBLIC_INTAKE_LIMIT, Throttle, TooManyRequests
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import Place
from tests.web.appeals.test_open311 import REQUEST
from tests.web.appeals.test_pages import FORM, submit
from tests.web.conftest import csrf_from

place = appeals_fixtures.place
T0 = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)


def test_it_counts_per_key_within_the_window() -> None:
    throttle = Throttle(2, timedelta(minutes=10))
    throttle.hit("a", T0)
    throttle.hit("a", T0 + timedelta(minutes=1))
    throttle.hit("b", T0 + timedelta(minutes=1))
    with pytest.raises(TooManyRequests, match="9 分钟后再试") as caught:
        throttle.hit("a", T0 + timedelta(minutes=1))
    assert caught.value.status == 429
    throttle.hit("a", T0 + timedelta(minutes=10, seconds=1))  # the first has left the window


def _appeals(session: Session) -> int:
    count = session.scalar(select(func.count()).select_from(Appeal)) or 0
    session.commit()  # let go of SQLite's lock before the app writes again
    return count


def test_open311_takes_a_bounded_number_of_requests_per_address(
    app: FastAPI, app_client: TestClient, place: Place, session: Session
) -> None:
    for _ in range(PUBLIC_INTAKE_LIMIT):
        assert app_client.post("/open311/v2/requests.json", data=REQUEST).status_code == 200
    refused = app_client.post("/open311/v2/requests.json", data=REQUEST)
    assert refused.status_code == 429
    assert "提交过于频繁" in refused.json()[0]["description"]
    assert _appeals(session) == PUBLIC_INTAKE_LIMIT
    later = app.state.clock() + timedelta(minutes=11)
    app.state.clock = lambda: later
    assert app_client.post("/open311/v2/requests.json", data=REQUEST).status_code == 200


def test_the_public_form_shares_the_bound_and_says_when_to_come_back(
    app_client: TestClient, place: Place
) -> None:
    for _ in range(PUBLIC_INTAKE_LIMIT):
        submit(app_client)
    token = csrf_from(app_client.get("/appeals/new").text)
    refused = app_client.post("/appeals/new", data=FORM | {"csrf_token": token})
    assert refused.status_code == 429 and "提交过于频繁" in refused.text

"""Two staff acting on the same appeal at once, and two appeals registered at once (PostgreSQL:
real concurrent transactions); the version checks behind them on every database, and the 409
the API answers for a stale version."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select, text
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealChannel
from taizhang.appeals.workflow import (
    Requester,
    accept_appeal,
    appeal_events,
    assign_appeal,
    register_appeal,
)
from taizhang.kernel.db import session_factory
from taizhang.kernel.errors import Conflict
from taizhang.org.models import User
from tests.appeals.conftest import RECEIVED, Place, at
from tests.concurrency import Go, Writer, errors_of, run_concurrently
from tests.conftest import PG_URL
from tests.web import conftest as web_fixtures
from tests.web.conftest import ERROR_KEYS, csrf_from

client_for = web_fixtures.client_for  # logged-in API clients

APPEAL_TABLES = ("appeals",)
# What a concurrent writer would have done first: the category code `complaint` is in use.
TAKEN_CATEGORY_CODE = text(
    "INSERT INTO appeal_categories (code, label, kind, limit_days, route, active)"
    " VALUES ('complaint', '投诉', 'resident', 7, 'instructor', true)"
)
needs_postgres = pytest.mark.skipif(
    not PG_URL, reason="real concurrent writers need PostgreSQL (SQLite serialises writers)"
)


def accepting(appeal_id: int, actor_id: int) -> Writer:
    def write(session: Session, go: Go) -> None:
        appeal, actor = session.get(Appeal, appeal_id), session.get(User, actor_id)
        assert appeal is not None and actor is not None
        go()
        accept_appeal(session, appeal, actor=actor, now=at(5, 8, 11))

    return write


def registering(place: Place, name: str) -> Writer:
    def write(session: Session, go: Go) -> str:
        go()
        return register_appeal(
            session,
            requester=Requester(name=name),
            unit=place.compound.code,
            category_code="complaint",
            description="电梯停运",
            channel=AppealChannel.PHONE,
            received_at=RECEIVED,
        ).number

    return write


def kinds_of(session: Session, appeal_id: int) -> list[str]:
    session.expire_all()
    appeal = session.get(Appeal, appeal_id)
    assert appeal is not None
    return [e.kind for e in appeal_events(session, appeal)]


@needs_postgres
def test_two_staff_accepting_the_same_appeal_at_once_accept_it_once(
    engine: Engine,
    session: Session,
    place: Place,
    district_admin: User,
    register: Callable[..., Appeal],
) -> None:
    appeal_id = register().id
    session.commit()

    outcomes = run_concurrently(
        engine,
        APPEAL_TABLES,
        accepting(appeal_id, place.handler.id),
        accepting(appeal_id, district_admin.id),
    )

    assert kinds_of(session, appeal_id) == ["registered", "accepted"]  # not accepted twice
    errors = errors_of(outcomes)
    assert len(errors) == 1 and isinstance(errors[0], Conflict), errors  # the loser: a 409
    assert errors[0].status == 409
    stored = session.get(Appeal, appeal_id)
    assert stored is not None
    assert (stored.status, stored.version) == ("accepted", 2)


@needs_postgres
def test_two_appeals_registered_at_once_get_different_numbers(
    engine: Engine, session: Session, place: Place
) -> None:
    outcomes = run_concurrently(
        engine, APPEAL_TABLES, registering(place, "王小明"), registering(place, "李小红")
    )

    assert errors_of(outcomes) == []
    assert sorted(o.value for o in outcomes) == ["SQ2026000001", "SQ2026000002"]
    numbers = session.scalars(select(Appeal.number).order_by(Appeal.number)).all()
    assert numbers == ["SQ2026000001", "SQ2026000002"]


# --- sequential: the same guarantees, on every database ---


def test_a_step_on_a_stale_expected_version_is_refused_and_writes_nothing(
    session: Session, place: Place, register: Callable[..., Appeal]
) -> None:
    appeal = register()
    seen = appeal.version
    accept_appeal(session, appeal, actor=place.handler, now=at(5, 8, 11))

    with pytest.raises(Conflict, match="已被他人修改"):
        assign_appeal(session, appeal, actor=place.handler, now=at(5, 8, 12), expected_version=seen)
    assert kinds_of(session, appeal.id) == ["registered", "accepted"]
    assert (appeal.status, appeal.version) == ("accepted", seen + 1)


def test_a_step_on_an_appeal_changed_since_it_was_loaded_is_refused(
    engine: Engine, session: Session, place: Place, register: Callable[..., Appeal]
) -> None:
    appeal = register()
    session.commit()  # the staff member's copy, now stale:
    with session_factory(engine, write=True)() as other:
        fresh, handler = other.get(Appeal, appeal.id), other.get(User, place.handler.id)
        assert fresh is not None and handler is not None
        accept_appeal(other, fresh, actor=handler, now=at(5, 8, 11))
        other.commit()

    with pytest.raises(Conflict):
        accept_appeal(session, appeal, actor=place.handler, now=at(5, 8, 12))
    session.rollback()
    assert kinds_of(session, appeal.id) == ["registered", "accepted"]


def test_every_change_raises_the_version(
    session: Session, place: Place, register: Callable[..., Appeal]
) -> None:
    appeal = register()
    versions = [appeal.version]
    accept_appeal(session, appeal, actor=place.handler, now=at(5, 8, 11), expected_version=1)
    versions.append(appeal.version)
    assign_appeal(session, appeal, actor=place.handler, now=at(5, 8, 12), expected_version=2)
    versions.append(appeal.version)
    session.commit()

    assert versions == [1, 2, 3]


def test_numbers_run_per_year_of_receipt(session: Session, register: Callable[..., Appeal]) -> None:
    numbers = [
        register().number,
        register(received_at=datetime(2025, 6, 3, 9, 0, tzinfo=RECEIVED.tzinfo)).number,
        register().number,
    ]

    assert numbers == ["SQ2026000001", "SQ2025000001", "SQ2026000002"]


# --- the API: 409 in the documented error shape ---


def test_the_api_answers_409_for_a_stale_expected_version(
    session: Session,
    place: Place,
    register: Callable[..., Appeal],
    client_for: Callable[[User], TestClient],
) -> None:
    appeal_id = register().id
    session.commit()
    client = client_for(place.handler)
    headers = {"X-CSRF-Token": csrf_from(client.get(f"/appeals/{appeal_id}").text)}
    seen = client.get(f"/api/v1/appeals/{appeal_id}").json()["version"]

    accepted = client.post(
        f"/api/v1/appeals/{appeal_id}/accept", json={"expected_version": seen}, headers=headers
    )
    stale = client.post(
        f"/api/v1/appeals/{appeal_id}/assign", json={"expected_version": seen}, headers=headers
    )

    assert accepted.status_code == 200 and accepted.json()["version"] == seen + 1
    assert stale.status_code == 409
    body = stale.json()
    assert body.keys() == ERROR_KEYS
    assert (body["ok"], body["code"], body["status"], body["errors"]) == (
        False,
        "conflict",
        409,
        [],
    )
    assert "请刷新后重试" in body["error"]
    assert kinds_of(session, appeal_id) == ["registered", "accepted"]


def test_the_page_refuses_a_step_from_a_stale_form_with_409(
    session: Session,
    place: Place,
    register: Callable[..., Appeal],
    client_for: Callable[[User], TestClient],
) -> None:
    appeal_id = register().id
    session.commit()
    client = client_for(place.handler)
    page = client.get(f"/appeals/{appeal_id}").text
    assert 'name="expected_version" value="1"' in page
    form = {"csrf_token": csrf_from(page), "expected_version": "1"}

    first = client.post(f"/appeals/{appeal_id}/accept", data=form, follow_redirects=False)
    again = client.post(f"/appeals/{appeal_id}/assign", data=form, follow_redirects=False)

    assert first.status_code == 303
    assert again.status_code == 409 and "请刷新后重试" in again.text
    assert kinds_of(session, appeal_id) == ["registered", "accepted"]


def test_a_write_the_database_refuses_at_commit_answers_409_and_stores_nothing(
    session: Session,
    place: Place,
    register: Callable[..., Appeal],
    client_for: Callable[[User], TestClient],
) -> None:
    """The request commits before it answers: a key taken meanwhile is a 409, not a 200 for a
    step that was never stored."""
    appeal_id = register().id
    session.commit()
    client = client_for(place.handler)
    headers = {"X-CSRF-Token": csrf_from(client.get(f"/appeals/{appeal_id}").text)}

    def take_a_taken_key(committing: Session) -> None:
        committing.execute(TAKEN_CATEGORY_CODE)

    event.listen(Session, "before_commit", take_a_taken_key)
    try:
        response = client.post(f"/api/v1/appeals/{appeal_id}/accept", headers=headers)
    finally:
        event.remove(Session, "before_commit", take_a_taken_key)

    assert response.status_code == 409, response.text
    assert response.json()["status"] == 409
    assert kinds_of(session, appeal_id) == ["registered"]

"""A write the database cannot store — a full disk, a statement cut off — answers 503 with a
Chinese message in the error shape, and nothing is stored: never a success that was not saved."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.orm import Session

from taizhang.kernel.config import Settings
from taizhang.kernel.db import make_engine
from taizhang.org.models import User
from taizhang.projects.events import project_events
from taizhang.web.app import create_app
from tests.conftest import NOW, Projects
from tests.web.conftest import csrf_from, log_in


def _fail_the_commit(committing: Session) -> None:
    """What a full disk does to the commit: SQLite out of pages, PostgreSQL cut off."""
    if committing.get_bind().dialect.name == "sqlite":
        pages = committing.execute(text("PRAGMA page_count")).scalar_one()
        committing.execute(text(f"PRAGMA max_page_count = {pages}"))
        committing.execute(
            text("INSERT INTO documents (title, kind, text) VALUES ('满', 'news', :text)"),
            {"text": "满" * 2_000_000},
        )
    else:
        committing.execute(text("SET LOCAL statement_timeout = 1"))
        committing.execute(text("SELECT pg_sleep(0.2)"))


def test_a_note_the_database_cannot_store_answers_503_and_is_not_there(
    session: Session, projects: Projects, town_staff: User, client_for: Callable[[User], TestClient]
) -> None:
    project_id = projects.in_town.id
    before = len(project_events(session, project_id))
    session.commit()
    client = client_for(town_staff)
    headers = {"X-CSRF-Token": csrf_from(client.get(f"/projects/{project_id}").text)}

    event.listen(Session, "before_commit", _fail_the_commit)
    try:
        response = client.post(
            f"/api/v1/projects/{project_id}/notes", json={"text": "会议纪要"}, headers=headers
        )
    finally:
        event.remove(Session, "before_commit", _fail_the_commit)

    assert response.status_code == 503, response.text
    body = response.json()
    assert (body["ok"], body["code"], body["status"]) == (False, "unavailable", 503)
    assert "未保存" in body["message"]
    assert len(project_events(session, project_id)) == before


def test_a_request_that_finds_no_free_connection_answers_503_busy(
    database_url: str, projects: Projects, town_staff: User
) -> None:
    """Every connection taken (here the pool's only one) past the pool's wait: a clear 503 in
    the error shape — under load this once dropped the connection with no answer at all."""
    engine = make_engine(database_url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    settings = Settings(database_url=database_url, secret_key="x" * 32, timer_seconds=0)
    with TestClient(create_app(settings, engine=engine, clock=lambda: NOW)) as client:
        log_in(client, town_staff.username)
        with engine.connect():  # a long request holds the only connection
            response = client.get("/api/v1/projects")
    engine.dispose()
    assert response.status_code == 503
    assert response.json()["code"] == "busy" and "系统繁忙" in response.json()["message"]

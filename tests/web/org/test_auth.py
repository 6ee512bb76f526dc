from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from taizhang.kernel.db import session_scope
from taizhang.org import users as users_module
from taizhang.org.models import Unit, User, WebSession
from taizhang.web.hashing import HASHING_AT_ONCE
from taizhang.web.throttle import LOGIN_WINDOW, LoginGuard, Throttle
from tests.conftest import NOW
from tests.web.conftest import csrf_from, log_in


def test_it_sends_a_visitor_without_a_login_to_the_login_page(app: FastAPI) -> None:
    response = TestClient(app).get("/projects", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/projects"


def test_the_api_answers_401_in_the_error_shape_without_a_login(app: FastAPI) -> None:
    response = TestClient(app).get("/api/v1/projects")
    assert response.status_code == 401
    assert response.json() == {
        "ok": False,
        "code": "unauthorized",
        "error": "登录已过期或尚未登录",
        "message": "登录已过期或尚未登录 (not logged in or session expired)",
        "errors": [],
        "status": 401,
    }


def test_the_api_answers_in_english_with_lang_en(app: FastAPI) -> None:
    body = TestClient(app).get("/api/v1/projects?lang=en").json()
    assert (body["code"], body["error"]) == ("unauthorized", "not logged in or session expired")


def test_it_logs_in_with_the_right_password(app: FastAPI, district_admin: User) -> None:
    client = log_in(TestClient(app), "admin")
    assert client.get("/api/v1/dashboard").status_code == 200


def test_it_refuses_a_wrong_password(app: FastAPI, district_admin: User) -> None:
    client = TestClient(app)
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login", data={"username": "admin", "password": "nope-nope", "csrf_token": token}
    )
    assert response.status_code == 401
    assert "用户名或密码错误" in response.text


def test_it_refuses_a_login_form_without_its_csrf_token(app: FastAPI, district_admin: User) -> None:
    client = TestClient(app)
    client.get("/login")
    response = client.post(
        "/login", data={"username": "admin", "password": "x", "csrf_token": "forged"}
    )
    assert response.status_code == 403


def test_it_stores_only_a_hash_of_the_session_token(
    app: FastAPI, session: Session, district_admin: User
) -> None:
    client = log_in(TestClient(app), "admin")
    token = client.cookies["taizhang_session"]
    stored = session.scalars(select(WebSession.token_hash)).all()
    assert len(stored) == 1 and token not in stored[0]


def test_a_login_expires_after_the_configured_idle_time(
    app: FastAPI, session: Session, district_admin: User
) -> None:
    client = log_in(TestClient(app), "admin")
    minutes = app.state.settings.session_minutes
    app.state.clock = lambda: NOW + timedelta(minutes=minutes + 1)
    assert client.get("/api/v1/dashboard").status_code == 401


def test_passwords_are_stored_as_argon2id_hashes(district_admin: User) -> None:
    assert district_admin.password_hash.startswith("$argon2id$")


def test_logging_out_ends_the_session(app: FastAPI, district_admin: User) -> None:
    client = log_in(TestClient(app), "admin")
    token = csrf_from(client.get("/").text)
    assert (
        client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    assert client.get("/api/v1/dashboard").status_code == 401


def test_a_logout_from_another_site_is_refused(app: FastAPI, district_admin: User) -> None:
    client = log_in(TestClient(app), "admin")
    assert client.post("/logout").status_code == 403
    assert client.get("/api/v1/dashboard").status_code == 200


def test_it_never_redirects_off_site_after_login(app: FastAPI, district_admin: User) -> None:
    client = TestClient(app)
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "username": "admin",
            "password": "correct-horse-42",
            "csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def _attempt(client: TestClient, username: str, password: str) -> int:
    token = csrf_from(client.get("/login").text)
    form = {"username": username, "password": password, "csrf_token": token, "next": "/"}
    return client.post("/login", data=form, follow_redirects=False).status_code


def test_after_five_wrong_passwords_even_the_right_one_waits(
    app: FastAPI, district_admin: User
) -> None:
    client = TestClient(app)
    assert [_attempt(client, "admin", "wrong-guess") for _ in range(5)] == [401] * 5
    assert _attempt(client, "admin", "correct-horse-42") == 429
    later = NOW + timedelta(minutes=16)
    app.state.clock = lambda: later
    assert _attempt(client, "admin", "correct-horse-42") == 303


def test_an_address_guessing_many_accounts_is_stopped_too(
    app: FastAPI, district_admin: User
) -> None:
    app.state.login_guard = LoginGuard(addresses=Throttle(3, LOGIN_WINDOW))  # 20 in production
    client = TestClient(app)
    statuses = [_attempt(client, name, "wrong-guess") for name in ("a", "b", "admin", "admin")]
    assert statuses == [401, 401, 401, 429]


def test_the_password_is_checked_without_holding_the_write_lock(
    app: FastAPI, engine: Engine, district_admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the hash is verified, another writer can commit at once."""
    written: list[str] = []
    real = users_module._hasher

    class WritingHasher:
        def verify(self, stored: str, password: str) -> bool:
            with session_scope(engine, write=True) as other:
                other.add(Unit(code="W-1", name="并发写入", kind="department", path="/w/"))
            written.append("done")
            return bool(real.verify(stored, password))

    monkeypatch.setattr(users_module, "_hasher", WritingHasher())
    assert _attempt(TestClient(app), "admin", "correct-horse-42") == 303
    assert written == ["done"]


def _flood(app: FastAPI, usernames: list[str]) -> list[int]:
    """Log-ins sent at once from one browser to one server loop, as in production."""
    with TestClient(app) as client:
        token = csrf_from(client.get("/login").text)
        statuses: list[int] = []

        def guess(username: str) -> None:
            form = {"username": username, "password": "wrong", "csrf_token": token, "next": "/"}
            statuses.append(client.post("/login", data=form, follow_redirects=False).status_code)

        flood = [threading.Thread(target=guess, args=(name,)) for name in usernames]
        for thread in flood:
            thread.start()
        for thread in flood:
            thread.join()
    return sorted(statuses)


def test_guesses_sent_at_once_at_one_account_still_count_one_by_one(
    app: FastAPI, district_admin: User
) -> None:
    assert _flood(app, ["admin"] * 6) == [401] * 5 + [429]


def test_no_more_than_two_passwords_are_hashed_at_once(
    app: FastAPI, district_admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    real, lock, running, most = users_module._hasher, threading.Lock(), [0], [0]

    class CountingHasher:
        def verify(self, stored: str, password: str) -> bool:
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            threading.Event().wait(0.2)  # an Argon2 check takes about this long
            with lock:
                running[0] -= 1
            return bool(real.verify(stored, password))

    monkeypatch.setattr(users_module, "_hasher", CountingHasher())
    assert _flood(app, [f"user{n}" for n in range(6)]) == [401] * 6
    assert 1 <= most[0] <= HASHING_AT_ONCE

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.org.models import User, WebSession
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
    client.post("/logout")
    assert client.get("/api/v1/dashboard").status_code == 401


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

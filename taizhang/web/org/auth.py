"""Log in and out. The log-in form carries its own double-submit CSRF token."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine

from taizhang.kernel.db import session_scope
from taizhang.org.logins import close_login, open_login
from taizhang.org.models import User
from taizhang.org.users import active_user, stored_hash
from taizhang.web.deps import (
    PUBLIC,
    SESSION_COOKIE,
    CsrfChecked,
    NowDep,
    SessionDep,
    SettingsDep,
    checked_form_token,
    form_token,
    remember_form_token,
    section,
)
from taizhang.web.hashing import verify_password
from taizhang.web.i18n import translate
from taizhang.web.rendering import render
from taizhang.web.throttle import client_address, login_guard

router = APIRouter()
LOGIN_CSRF_COOKIE = "taizhang_login_csrf"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False, dependencies=[PUBLIC])
def login_page(request: Request, next: str = "/") -> Response:
    token = form_token(request, LOGIN_CSRF_COOKIE)
    response = render(request, "login.html", {"next": _safe_next(next), "login_csrf": token})
    return remember_form_token(response, LOGIN_CSRF_COOKIE, token)


@router.post("/login", include_in_schema=False, dependencies=[PUBLIC])
async def log_in(
    request: Request,
    settings: SettingsDep,
    now: NowDep,
    username: Annotated[str, Form(max_length=60)],
    password: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """The password is checked outside any transaction, by the hashing pool (a log-in waiting
    for it holds no thread and no lock); only the new log-in is written, and committed before
    the redirect is sent."""
    expected = checked_form_token(request, LOGIN_CSRF_COOKIE, csrf_token, "登录表单", "log-in form")
    guard, address, engine = login_guard(request), client_address(request), request.app.state.engine
    async with guard.one_at_a_time(username):
        guard.check(username, address, now)
        user = await run_in_threadpool(_account, engine, username.strip())
        if not await verify_password(stored_hash(user), password) or user is None:
            guard.failed(username, address, now)
            return _failed(request, expected, username, next)
        guard.succeeded(username)
    token = await run_in_threadpool(_open, engine, user, now, settings.session_minutes)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=settings.secure_cookies
    )
    return response


def _account(engine: Engine, username: str) -> User | None:
    with session_scope(engine) as session:
        return active_user(session, username)


def _open(engine: Engine, user: User, now: datetime, minutes: int) -> str:
    with session_scope(engine, write=True) as session:
        token, _csrf = open_login(session, user, now=now, minutes=minutes)
    return token


def _failed(request: Request, login_csrf: str, username: str, next: str) -> Response:
    context = {
        "next": _safe_next(next),
        "login_csrf": login_csrf,
        "failed": translate("login_failed", request.state.language),
        "username": username,
    }
    return render(request, "login.html", context, status_code=401)


@router.post("/logout", include_in_schema=False, dependencies=[section(None), CsrfChecked])
def log_out(request: Request, session: SessionDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        close_login(session, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _safe_next(target: str) -> str:
    """Only paths on this site: never redirect a user elsewhere after log-in."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target

"""Log in and out. The log-in form carries its own double-submit CSRF token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from taizhang.org.logins import close_login, open_login
from taizhang.org.users import authenticate
from taizhang.web.deps import (
    SESSION_COOKIE,
    NowDep,
    SessionDep,
    SettingsDep,
    checked_form_token,
    form_token,
    remember_form_token,
)
from taizhang.web.i18n import translate
from taizhang.web.rendering import render

router = APIRouter()
LOGIN_CSRF_COOKIE = "taizhang_login_csrf"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/") -> Response:
    token = form_token(request, LOGIN_CSRF_COOKIE)
    response = render(request, "login.html", {"next": _safe_next(next), "login_csrf": token})
    return remember_form_token(response, LOGIN_CSRF_COOKIE, token)


@router.post("/login", include_in_schema=False)
def log_in(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    expected = checked_form_token(request, LOGIN_CSRF_COOKIE, csrf_token, "登录表单", "log-in form")
    user = authenticate(session, username.strip(), password)
    if user is None:
        context = {
            "next": _safe_next(next),
            "login_csrf": expected,
            "failed": translate("login_failed", request.state.language),
            "username": username,
        }
        return render(request, "login.html", context, status_code=401)
    token, _csrf = open_login(session, user, now=now, minutes=settings.session_minutes)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=settings.secure_cookies
    )
    return response


@router.post("/logout", include_in_schema=False)
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

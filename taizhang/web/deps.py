"""Request dependencies: the database session, the clock, the logged-in user, CSRF, and the
section gate (`section`, `public`) every route declares where it is registered."""

from __future__ import annotations

import hmac
import secrets
from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Depends, Form, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.clock import district_date
from taizhang.kernel.config import Settings
from taizhang.kernel.db import conflicts_reported, session_scope
from taizhang.kernel.errors import Forbidden, Invalid, Unauthorized
from taizhang.org.access import (
    Desk,
    Section,
    desk_of,
    require_section,
    scope_path,
    sections_of,
)
from taizhang.org.logins import find_login
from taizhang.org.models import User
from taizhang.web.bounds import FIRST_YEAR, LAST_YEAR

SESSION_COOKIE = "taizhang_session"
LANGUAGE_COOKIE = "taizhang_lang"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF = "csrf"  # the error code of a form or request without its CSRF token


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request; writes take the database's write lock up front. It commits
    before the response is sent (`SessionDep`'s function scope), so a write refused by the
    database — a number or event taken by a concurrent writer — answers 409 (`Conflict`),
    never a success that was not stored."""
    writing = request.method not in SAFE_METHODS
    with conflicts_reported(), session_scope(request.app.state.engine, write=writing) as session:
        yield session


def get_now(request: Request) -> datetime:
    now: datetime = request.app.state.clock()
    return now


def district_today(now: datetime) -> date:
    """Today in the district (UTC+8), for the request's clock reading."""
    return district_date(now)


def month_range(text: str | None, today: date) -> tuple[date, date]:
    """A month given as YYYY-MM (default: this month) as its first and last day."""
    year, month = (int(p) for p in text.split("-")) if text else (today.year, today.month)
    if not 1 <= month <= 12 or not FIRST_YEAR <= year <= LAST_YEAR:
        raise Invalid(f"月份应为 YYYY-MM：{text} (month must be YYYY-MM)")
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
# Free text from a form: bounded here so a 100,000-character post is refused before any work.
FORM_TEXT_LIMIT = 2000
FormText = Annotated[str, Form(max_length=FORM_TEXT_LIMIT)]
MonthQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")]
NowDep = Annotated[datetime, Depends(get_now)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


@dataclass(frozen=True)
class Login:
    user: User
    csrf_token: str


def get_login(request: Request, session: SessionDep, now: NowDep) -> Login:
    trusted = request.app.state.trusted_user
    if trusted is not None:  # `taizhang get --as NAME`, in-process only
        return _remember(request, _trusted_login(session, trusted))
    token = request.cookies.get(SESSION_COOKIE)
    minutes = get_settings(request).session_minutes
    login = find_login(session, token, now=now, minutes=minutes) if token else None
    if login is None:
        raise Unauthorized("登录已过期或尚未登录 (not logged in or session expired)")
    remembered = _remember(request, Login(login.user, login.csrf_token))
    # The log-in is checked (and its expiry renewed): end this transaction, so that reading a
    # slow upload or parsing it holds no lock; the route's own work begins its own.
    session.commit()
    return remembered


@dataclass(frozen=True)
class Viewer:
    """What a page shows of the logged-in user; plain values, safe after the session ends."""

    display_name: str
    unit_name: str | None
    role: str
    desk: Desk
    sections: frozenset[Section]  # what the navigation offers (`org.access.may`)
    scope: str | None  # the subtree's path the user sees; None: the whole district

    @classmethod
    def of(cls, user: User) -> Viewer:
        unit_name = user.unit.name if user.unit else None
        desk = desk_of(user)
        return cls(
            user.display_name, unit_name, user.role, desk, sections_of(desk), scope_path(user)
        )


def _remember(request: Request, login: Login) -> Login:
    """Pages show who is logged in and put the CSRF token into their forms."""
    request.state.user = Viewer.of(login.user)
    request.state.csrf_token = login.csrf_token
    return login


def _trusted_login(session: Session, username: str) -> Login:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise Unauthorized(f"未知用户 {username} (unknown user)")
    return Login(user, csrf_token="")


LoginDep = Annotated[Login, Depends(get_login)]


def get_user(login: LoginDep) -> User:
    return login.user


CurrentUser = Annotated[User, Depends(get_user)]


async def require_csrf(request: Request, login: LoginDep) -> None:
    """Unsafe requests must echo the log-in's CSRF token (form field or X-CSRF-Token)."""
    if request.method in SAFE_METHODS or request.app.state.trusted_user is not None:
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and _is_form(request):
        sent = str((await request.form()).get("csrf_token") or "")
    if not sent or not hmac.compare_digest(sent, login.csrf_token):
        raise Forbidden("表单已失效，请刷新页面后重试 (missing or wrong CSRF token)", code=CSRF)


def _is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


CsrfChecked = Depends(require_csrf)


def get_language(request: Request) -> str:
    """The request's language as `web.app.choose_language` decided it (?lang=, cookie, setting)."""
    chosen: str = getattr(request.state, "language", get_settings(request).default_language)
    return chosen


LanguageDep = Annotated[str, Depends(get_language)]


# Forms used before logging in (the log-in form, the public request form) cannot echo a
# log-in's token, so they use a double-submit cookie: a random token set as a strict cookie
# and echoed in the form.


def form_token(request: Request, cookie: str) -> str:
    """The visitor's pre-log-in form token (kept from the cookie, or a new one)."""
    return request.cookies.get(cookie) or secrets.token_urlsafe(24)


def remember_form_token(response: Response, cookie: str, token: str) -> Response:
    response.set_cookie(cookie, token, httponly=True, samesite="strict")
    return response


def checked_form_token(request: Request, cookie: str, sent: str, what: str, english: str) -> str:
    """The cookie's token if the form echoed it; `Forbidden` naming the form otherwise."""
    expected = request.cookies.get(cookie, "")
    if not expected or not hmac.compare_digest(expected, sent):
        message = f"{what}已失效，请刷新后重试 (the {english} expired: reload it and retry)"
        raise Forbidden(message, code=CSRF)
    return expected


# ── the section gate: which part of the product (`org.access.Section`) each route belongs to ──
#
# Every route declares one gate where it is registered — on its router
# (`APIRouter(dependencies=[section(Section.RACE)])`) or on the route itself — so a desk that
# does not use a section (`org.access.may`) gets 403 on its pages, downloads and API, not only
# a navigation without the link. `tests/web/test_sections.py` fails on a route without a gate.


@dataclass(frozen=True)
class SectionGate:
    """A log-in whose desk uses `section`; `section` None: any log-in (its own account, the
    home page that sends each desk on to its work)."""

    section: Section | None

    def __call__(self, login: LoginDep) -> None:
        if self.section is not None:
            require_section(login.user, self.section)


def public_route() -> None:
    """The gate of a route open without logging in: the log-in, the public request form and
    its tracking, Open311, the favicon."""


def section(which: Section | None) -> Any:
    """The gate of a route of `which` section (None: every logged-in desk)."""
    return Depends(SectionGate(which))


PUBLIC: Any = Depends(public_route)

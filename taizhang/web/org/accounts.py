"""Accounts on the web: anyone changes their own password (`/account`); district administrators
see every account, reset a password and deactivate or reactivate an account (`/admin/users`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from taizhang.kernel.errors import Invalid
from taizhang.org.access import Section, require_district_admin
from taizhang.org.accounts import change_password, reset_password, set_active
from taizhang.org.models import User
from taizhang.web.bounds import MAX_ID
from taizhang.web.deps import CsrfChecked, CurrentUser, SessionDep, section
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False)
ACCOUNTS = section(Section.ACCOUNTS)  # /account is every log-in's own page
Password = Annotated[str, Form(max_length=200)]


@router.get("/account", response_class=HTMLResponse, dependencies=[section(None)])
def account_page(request: Request, user: CurrentUser) -> Response:
    return render(request, "org/account.html", {})


@router.post(
    "/account/password", response_class=HTMLResponse, dependencies=[section(None), CsrfChecked]
)
def change_own_password(
    request: Request, session: SessionDep, user: CurrentUser, current: Password, new: Password
) -> Response:
    try:
        change_password(session, user, current=current, new=new)
    except Invalid as error:
        session.rollback()
        return render(request, "org/account.html", {"error": error}, status_code=422)
    return render(request, "org/account.html", {"changed": True})


@router.get("/admin/users", response_class=HTMLResponse, dependencies=[ACCOUNTS])
def users_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    require_district_admin(user, "管理账号 (manage accounts)")
    return _users(request, session, {})


@router.post(
    "/admin/users/password", response_class=HTMLResponse, dependencies=[ACCOUNTS, CsrfChecked]
)
def reset_form(
    request: Request, session: SessionDep, user: CurrentUser,
    account: Annotated[int, Form(ge=1, le=MAX_ID)], new: Password,
) -> Response:  # fmt: skip
    target = _account(session, account)
    try:
        reset_password(session, target, new=new, by=user)
    except Invalid as error:
        session.rollback()
        return _users(request, session, {"error": error}, 422)
    return _users(request, session, {"done": target.username})


@router.post(
    "/admin/users/active", response_class=HTMLResponse, dependencies=[ACCOUNTS, CsrfChecked]
)
def active_form(
    request: Request, session: SessionDep, user: CurrentUser,
    account: Annotated[int, Form(ge=1, le=MAX_ID)], active: Annotated[bool, Form()],
) -> Response:  # fmt: skip
    target = _account(session, account)
    set_active(session, target, active=active, by=user)
    return _users(request, session, {"done": target.username})


def _account(session: SessionDep, account_id: int) -> User:
    found = session.get(User, account_id)
    if found is None:
        raise Invalid(f"账号 {account_id} 不存在 (no such account)")
    return found


def _users(
    request: Request, session: SessionDep, extra: dict[str, object], status_code: int = 200
) -> Response:
    accounts = list(session.scalars(select(User).order_by(User.username)))
    context = {"accounts": accounts} | extra
    return render(request, "org/users.html", context, status_code=status_code)

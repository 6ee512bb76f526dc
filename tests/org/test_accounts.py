"""Accounts after creation: the owner changes the password, an administrator resets it or
deactivates the account; each change ends the account's other log-ins."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Forbidden, Invalid
from taizhang.org.accounts import change_password, reset_password, set_active
from taizhang.org.logins import open_login
from taizhang.org.models import User, WebSession
from taizhang.org.users import authenticate
from tests.conftest import NOW, PASSWORD


def _logins(session: Session, user: User) -> int:
    query = select(func.count()).select_from(WebSession).where(WebSession.user_id == user.id)
    return session.scalar(query) or 0


def test_the_owner_changes_the_password_and_other_log_ins_end(
    session: Session, town_staff: User
) -> None:
    open_login(session, town_staff, now=NOW, minutes=60)
    with pytest.raises(Invalid, match="当前密码不对"):
        change_password(session, town_staff, current="wrong", new="a-new-secret")
    change_password(session, town_staff, current=PASSWORD, new="a-new-secret")
    assert authenticate(session, town_staff.username, "a-new-secret") is not None
    assert authenticate(session, town_staff.username, PASSWORD) is None
    assert _logins(session, town_staff) == 0


def test_only_an_administrator_resets_or_deactivates(
    session: Session, district_admin: User, town_staff: User
) -> None:
    with pytest.raises(Forbidden):
        reset_password(session, district_admin, new="x" * 10, by=town_staff)
    with pytest.raises(Forbidden):
        set_active(session, district_admin, active=False, by=town_staff)
    with pytest.raises(Invalid, match="至少 8 位"):
        reset_password(session, town_staff, new="short", by=district_admin)
    with pytest.raises(Invalid, match="不能停用自己"):
        set_active(session, district_admin, active=False, by=district_admin)


def test_a_deactivated_account_cannot_log_in_and_its_log_ins_end(
    session: Session, district_admin: User, town_staff: User
) -> None:
    open_login(session, town_staff, now=NOW, minutes=60)
    set_active(session, town_staff, active=False, by=district_admin)
    assert _logins(session, town_staff) == 0
    assert authenticate(session, town_staff.username, PASSWORD) is None
    set_active(session, town_staff, active=True, by=None)
    assert authenticate(session, town_staff.username, PASSWORD) is not None

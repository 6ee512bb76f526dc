"""What happens to an account after it is created: its owner changes the password, a district
administrator resets it or deactivates the account. Every change ends the account's other
log-ins, so a password that leaked or a person who left can do nothing more."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid, NotFound
from taizhang.org.access import require_district_admin
from taizhang.org.models import User, WebSession
from taizhang.org.users import MIN_PASSWORD_LENGTH, hash_password, password_matches


def get_user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"用户 {username} 不存在 (no such user)")
    return user


def change_password(session: Session, user: User, *, current: str, new: str) -> None:
    """The owner's change: the current password must match."""
    if not password_matches(user.password_hash, current):
        raise Invalid("当前密码不对 (the current password is wrong)")
    _set_password(session, user, new)


def reset_password(session: Session, user: User, *, new: str, by: User | None) -> None:
    """A district administrator's reset (None: the command line, run by the operator)."""
    require_district_admin(by, "重置密码 (reset passwords)")
    _set_password(session, user, new)


def set_active(session: Session, user: User, *, active: bool, by: User | None) -> None:
    """Deactivate (or reactivate) an account; deactivating ends its log-ins at once."""
    require_district_admin(by, "停用或启用账号 (deactivate or reactivate accounts)")
    if by is not None and by.id == user.id and not active:
        raise Invalid("不能停用自己的账号 (you cannot deactivate yourself)")
    user.active = active
    if not active:
        end_logins(session, user)
    session.flush()


def end_logins(session: Session, user: User) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))


def _set_password(session: Session, user: User, new: str) -> None:
    if len(new) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"密码至少 {MIN_PASSWORD_LENGTH} 位 (password too short)")
    user.password_hash = hash_password(new)
    end_logins(session, user)
    session.flush()

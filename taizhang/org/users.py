"""People, their roles, and what part of the district each may see and change."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.org.models import Role, Unit, User

# Argon2id, memory-hard: 64 MiB and 3 passes per hash (RFC 9106's second recommended option).
_hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role,
    display_name: str | None = None,
    unit: Unit | None = None,
) -> User:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"密码至少 {MIN_PASSWORD_LENGTH} 位 (password too short)")
    if role is Role.UNIT_STAFF and unit is None:
        raise Invalid("单位专员必须指定所属单位 (unit staff need a unit)")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Invalid(f"用户名 {username} 已存在 (username taken)")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role=role.value,
        unit_id=unit.id if unit else None,
        unit=unit,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = active_user(session, username)
    return user if password_matches(stored_hash(user), password) else None


def active_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username, User.active.is_(True)))


def stored_hash(user: User | None) -> str:
    """The hash to check a password against: a dummy one for an unknown user, so a log-in
    costs the same whether or not the account exists."""
    return user.password_hash if user is not None else _DUMMY_HASH


_DUMMY_HASH = hash_password("taizhang-timing-equaliser")

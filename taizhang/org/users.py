"""People, their roles, and what part of the district each may see and change."""

from __future__ import annotations

import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import AppError, Invalid
from taizhang.org.models import Role, Unit, User

# Argon2id, memory-hard: 64 MiB and 3 passes per hash (RFC 9106's second recommended option).
_hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)
MIN_PASSWORD_LENGTH = 8
HASHING_AT_ONCE = 2
HASHING_WAIT_SECONDS = 10
_hashing = threading.BoundedSemaphore(HASHING_AT_ONCE)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """Argon2 verification, at most `HASHING_AT_ONCE` at a time: each takes 64 MiB and a core
    for a fifth of a second, so a flood of log-ins must queue, not exhaust the machine."""
    if not _hashing.acquire(timeout=HASHING_WAIT_SECONDS):
        raise AppError("系统繁忙，请稍后再登录 (too many log-ins at once; try again)", 503)
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False
    finally:
        _hashing.release()


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
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None:
        password_matches(_DUMMY_HASH, password)  # same cost whether or not the user exists
        return None
    return user if password_matches(user.password_hash, password) else None


_DUMMY_HASH = hash_password("taizhang-timing-equaliser")

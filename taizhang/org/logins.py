"""Log-in sessions: a random token in the browser, only its hash in the ledger."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from taizhang.org.models import User, WebSession


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_login(session: Session, user: User, *, now: datetime, minutes: int) -> tuple[str, str]:
    """Start a log-in; returns (token for the cookie, CSRF token for forms)."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=_digest(token),
            user_id=user.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
    )
    session.flush()
    return token, csrf


def find_login(session: Session, token: str, *, now: datetime, minutes: int) -> WebSession | None:
    """The live log-in for a token, its expiry pushed back; None if unknown or expired."""
    login = session.scalar(select(WebSession).where(WebSession.token_hash == _digest(token)))
    if login is None or login.expires_at <= now or not login.user.active:
        return None
    if login.expires_at - now < timedelta(minutes=minutes) / 2:  # renew rarely: it is a write
        login.expires_at = now + timedelta(minutes=minutes)
    return login


def close_login(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))


def purge_expired_logins(session: Session, *, now: datetime) -> int:
    result = session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)

"""Requests from the public: the web form and Open311 register for one inactive service account
(`web-form`, which cannot log in), and the requester keeps a private tracking link.

The link's token is an HMAC of the appeal number with the settings' secret key: nothing is stored,
and only the link's holder can see the status and evaluate. `evaluate_appeal` accepts the grade
from the service account; the token is what entitles a visitor to act as it. Open311 clients
get the number with part of that token as the request's id (`public_request_id`), never the
bare number, so requests cannot be looked up by counting."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals import workflow as wf
from taizhang.appeals.models import (
    Appeal,
    AppealChannel,
    RequesterKind,
)
from taizhang.kernel.config import Settings
from taizhang.org.models import Role, User
from taizhang.org.users import create_user

WEB_ACCOUNT = "web-form"


def tracking_token(settings: Settings, number: str) -> str:
    key = settings.secret_key.encode()
    return hmac.new(key, f"appeal-track:{number}".encode(), hashlib.sha256).hexdigest()[:32]


def tracking_path(settings: Settings, number: str) -> str:
    return f"/appeals/track/{number}?token={tracking_token(settings, number)}"


def public_request_id(settings: Settings, number: str) -> str:
    """The id an Open311 client gets for a request: its number and an unguessable part, so that
    nobody can look up requests by counting numbers."""
    return f"{number}-{tracking_token(settings, number)[:16]}"


def number_of_public_id(settings: Settings, public_id: str) -> str | None:
    """The appeal number behind a public id, or None when the id was not one we gave out."""
    number, _, check = public_id.rpartition("-")
    expected = public_request_id(settings, number).rpartition("-")[2] if number else ""
    return number if number and same_secret(check, expected) else None


def same_secret(given: str, expected: str) -> bool:
    """A constant-time comparison that also takes text that is not ASCII (and answers False)."""
    return hmac.compare_digest(given.encode(), expected.encode())


def web_account(session: Session) -> User:
    """The inactive service account public submissions are registered for."""
    account = session.scalar(select(User).where(User.username == WEB_ACCOUNT))
    if account is None:
        account = create_user(
            session,
            username=WEB_ACCOUNT,
            password=secrets.token_urlsafe(32),
            role=Role.VIEWER,
            display_name="网站表单",
        )
        account.active = False
    return account


def register_public(session: Session, *, fields: dict[str, str], now: datetime) -> Appeal:
    """Register a request from the form or Open311 (channel 网站), for the web account."""
    requester = wf.Requester(
        name=fields.get("name", ""),
        kind=RequesterKind.RESIDENT,
        phone=fields.get("phone") or None,
        address=fields.get("address") or None,
        user=web_account(session),
    )
    return wf.register_appeal(
        session,
        requester=requester,
        unit=fields.get("compound", ""),
        category_code=fields.get("category", ""),
        description=fields.get("description", ""),
        channel=AppealChannel.WEB,
        received_at=now,
    )

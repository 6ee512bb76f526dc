"""The demo's policy matching: every policy of the library registered, matched over the demo's
enterprises and stored; the 免申即享 payment lists published by the district administrator."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from taizhang.org.models import User
from taizhang.policies.engine.policy import PolicyKind
from taizhang.policies.library import shipped
from taizhang.policies.runs import compute_run, publish_run, register_file


def build_policies(session: Session, admin: User, *, today: date) -> int:
    """Register and match the library, publish the 免申即享 lists; returns how many runs."""
    matched_on = datetime.combine(today - timedelta(days=20), time(2), tzinfo=UTC)
    published_on = matched_on + timedelta(days=3)
    runs = 0
    for found in shipped():
        version = register_file(session, found, now=matched_on)
        run = compute_run(session, version, actor=admin, now=matched_on)
        runs += 1
        if found.policy.kind is PolicyKind.AUTOMATIC:
            publish_run(session, run, actor=admin, now=published_on, note="经审核，按清单兑付")
    return runs

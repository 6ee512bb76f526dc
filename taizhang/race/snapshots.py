"""Published reports (报告快照): a report's content as issued, numbered by version.

Publishing never edits an earlier snapshot: later edits to rules or events only show in a
newer version (`publish_snapshot` again). Functions take a session and flush, never commit.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.org.models import User
from taizhang.race.models import ReportSnapshot


def publish_snapshot(
    session: Session,
    *,
    kind: str,
    period_label: str,
    rules_version: str,
    content: dict[str, Any],
    actor: User | None,
    now: datetime,
) -> ReportSnapshot:
    """Store a report as issued; its version is one more than the last of that kind and period."""
    last = session.scalar(
        select(func.max(ReportSnapshot.version)).where(
            ReportSnapshot.kind == kind, ReportSnapshot.period_label == period_label
        )
    )
    snapshot = ReportSnapshot(
        kind=kind,
        period_label=period_label,
        version=(last or 0) + 1,
        rules_version=rules_version,
        created_at=now,
        created_by_id=actor.id if actor else None,
        content=copy.deepcopy(content),
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def latest_snapshot(session: Session, kind: str, period_label: str) -> ReportSnapshot | None:
    """The newest published version of a report, or None when it was never published."""
    query = (
        select(ReportSnapshot)
        .where(ReportSnapshot.kind == kind, ReportSnapshot.period_label == period_label)
        .order_by(ReportSnapshot.version.desc())
        .limit(1)
    )
    return session.scalar(query)


def list_snapshots(session: Session, kind: str, period_label: str) -> list[ReportSnapshot]:
    """Every published version of a report, oldest first."""
    query = (
        select(ReportSnapshot)
        .where(ReportSnapshot.kind == kind, ReportSnapshot.period_label == period_label)
        .order_by(ReportSnapshot.version)
    )
    return list(session.scalars(query))

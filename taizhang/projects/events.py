"""Recording events: the only way the ledger's project state changes.

Each event gets the project's next `seq`; the caller holds the project's row lock
(`projects.commands`), so no other writer appends to the same project meanwhile, and the unique
`(project_id, seq)` refuses one that tried."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from taizhang.kernel.sources import Source, source_columns
from taizhang.org.models import User
from taizhang.projects.models import Event, Project
from taizhang.projects.projection import EventKind, ProjectState, replay


def record_event(
    session: Session,
    *,
    project: Project,
    kind: EventKind,
    payload: dict[str, Any],
    source: Source,
    actor: User | None = None,
    occurred_on: date | None = None,
    reason: str | None = None,
    now: datetime | None = None,
) -> Event:
    """Append one event as the project's next in `seq` (the caller locked the project)."""
    recorded_at = now or datetime.now(UTC)
    event = Event(
        project_id=project.id,
        seq=next_seq(session, project.id),
        kind=kind.value,
        payload=payload,
        occurred_on=occurred_on,
        recorded_at=recorded_at,
        actor_id=actor.id if actor else None,
        marks=[list(mark) for mark in source.marks] or None,
        reason=reason,
        **source_columns(source, recorded_at),
    )
    session.add(event)
    session.flush()
    return event


def next_seq(session: Session, project_id: int) -> int:
    """One more than the project's last event number (1 for its first event)."""
    last = session.scalar(select(func.max(Event.seq)).where(Event.project_id == project_id))
    return (last or 0) + 1


def project_events(session: Session, project_id: int) -> list[Event]:
    return list(
        session.scalars(select(Event).where(Event.project_id == project_id).order_by(Event.id))
    )


def project_timeline(
    session: Session, project_id: int, *, newest_first: bool = True
) -> list[Event]:
    """Events with who recorded them and their documents loaded, for display."""
    query = (
        select(Event)
        .where(Event.project_id == project_id)
        .options(selectinload(Event.actor), selectinload(Event.document))
        .order_by(Event.id.desc() if newest_first else Event.id)
    )
    return list(session.scalars(query))


def replay_project(session: Session, project_id: int) -> ProjectState:
    """The project's state rebuilt from nothing but its events."""
    return replay(project_events(session, project_id))

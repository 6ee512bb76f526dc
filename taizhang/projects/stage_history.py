"""The stages projects reached, as their events tell it; read by the race and by the targets.

A project reaches a stage by a `stage_reached` event, or by the `created` event that opens it
at a stage. Retracted events never happened: as in the projection, a retraction counts for the
events of its own project. Each reaching carries its event's source rank, so a caller can tell
a person's (or a sheet's) move back from a document's claim of an earlier stage, and what the
callers measure of its project. Two queries, whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from taizhang.kernel.stages import Stage
from taizhang.org.models import Unit
from taizhang.projects.models import COUNTED, Event, Project
from taizhang.projects.projection import EventKind

STAGE_KINDS = (EventKind.STAGE_REACHED.value, EventKind.CREATED.value)


@dataclass(frozen=True)
class Reaching:
    """A project reaching a stage on a day, with what the callers need of the project."""

    event_id: int
    project_id: int
    stage: Stage
    on: date
    source_rank: int  # RANK_PERSON for a person or a sheet, lower for a document
    project_name: str
    unit_path: str  # path of the project's own unit
    investment_cny_fen: int | None  # total investment, CNY equivalent
    capital_origin: str | None
    attraction_method: str | None


def stage_reachings(
    session: Session,
    *,
    until: date,
    since: date | None = None,
    project_ids: Iterable[int] | None = None,
) -> list[Reaching]:
    """The stages reached on or before `until` (and on or after `since`), retracted ones left
    out, in project and event order; only of `project_ids` when given."""
    window = _window(until, since, project_ids)
    rows = session.execute(
        select(
            Event.id,
            Event.project_id,
            Event.payload,
            Event.occurred_on,
            Event.source_rank,
            Project.name,
            Project.investment_cny_fen,
            Project.capital_origin,
            Project.attraction_method,
            Unit.path,
        )
        .join(Project, Project.id == Event.project_id)
        .join(Unit, Unit.id == Project.unit_id)
        .where(COUNTED, *window)
        .order_by(Event.project_id, Event.id)
    ).all()
    retracted = _retracted(session, select(Event.project_id).where(*window))
    return [_reaching(row) for row in rows if (row.project_id, row.id) not in retracted]


def _window(
    until: date, since: date | None, project_ids: Iterable[int] | None
) -> list[ColumnElement[bool]]:
    window = [Event.kind.in_(STAGE_KINDS), Event.occurred_on <= until]
    if since is not None:
        window.append(Event.occurred_on >= since)
    if project_ids is not None:
        window.append(Event.project_id.in_(list(project_ids)))
    return window


def _retracted(session: Session, projects: Select[int]) -> set[tuple[int, int]]:
    """(project id, event id) of every event retracted in the given projects."""
    rows = session.execute(
        select(Event.project_id, Event.payload).where(
            Event.kind == EventKind.RETRACTED.value, Event.project_id.in_(projects)
        )
    )
    return {(project_id, int(payload["event_id"])) for project_id, payload in rows}


def _reaching(row: Any) -> Reaching:
    return Reaching(
        event_id=row.id,
        project_id=row.project_id,
        stage=Stage(row.payload["stage"]),
        on=row.occurred_on,
        source_rank=row.source_rank,
        project_name=row.name,
        unit_path=row.path,
        investment_cny_fen=row.investment_cny_fen,
        capital_origin=row.capital_origin,
        attraction_method=row.attraction_method,
    )

"""Ledger rows → the `ProjectSnapshot`s the warnings look at. Takes a session, opens none.

Two queries whatever the number of projects: the projects (with their unit's path and the
date they reached 签约), and their stage events, walked in order to find the latest move
backwards. A move backwards is counted the way the projection counts it: a person (or a sheet)
may move a stage back, a document only fills in a date, and retracted events never happened.
Recorded times are UTC; `last_event_on` is the district's calendar day (UTC+8).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from itertools import groupby
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from taizhang.kernel.clock import DISTRICT_TIME, district_date
from taizhang.kernel.sources import RANK_PERSON
from taizhang.kernel.stages import Stage
from taizhang.org.models import Unit
from taizhang.projects.models import COUNTED, Event, Project, ProjectMilestone
from taizhang.projects.projection import EventKind
from taizhang.projects.stage_history import STAGE_KINDS
from taizhang.race.engine.warnings import ProjectSnapshot

Move = tuple[date, Stage, Stage]  # on, from, to
Rows = Select[*tuple[Any, ...]]


def project_snapshots(
    session: Session, *, as_of: date, scope: str | None = None, moves_since: date | None = None
) -> list[ProjectSnapshot]:
    """Every project under a unit path (None: all), as the ledger has it now; moves backwards
    recorded after `as_of` are left out. With `moves_since` (e.g. `as_of` less the settings'
    moved_back_days) only projects with a stage event since then are searched for moves
    backwards, so the events read stay few in a large ledger."""
    rows = session.execute(_project_rows(scope)).all()
    moves = _latest_moves_back(session, scope, as_of, moves_since)
    return [_snapshot(row, moves.get(row.id)) for row in rows]


def _project_rows(scope: str | None) -> Rows:
    signed = and_(
        ProjectMilestone.project_id == Project.id, ProjectMilestone.stage == Stage.SIGNED.value
    )
    query: Rows = (
        select(
            Project.id,
            Project.name,
            Project.stage,
            Project.stage_reached_on,
            Project.next_planned_stage,
            Project.next_planned_on,
            Project.last_event_at,
            Unit.path,
            ProjectMilestone.reached_on.label("signed_on"),
        )
        .join(Unit, Unit.id == Project.unit_id)
        .outerjoin(ProjectMilestone, signed)
        .where(COUNTED)
        .order_by(Project.id)
    )
    return query if scope is None else query.where(Unit.path.startswith(scope))


def _snapshot(row: Any, move: Move | None) -> ProjectSnapshot:
    planned = row.next_planned_stage
    return ProjectSnapshot(
        project_id=row.id,
        name=row.name,
        unit_path=row.path,
        stage=Stage(row.stage),
        stage_reached_on=row.stage_reached_on,
        next_planned_stage=Stage(planned) if planned else None,
        next_planned_on=row.next_planned_on,
        last_event_on=district_date(row.last_event_at) if row.last_event_at else None,
        signed_on=row.signed_on,
        moved_back_on=move[0] if move else None,
        moved_back_from=move[1] if move else None,
        moved_back_to=move[2] if move else None,
    )


def _latest_moves_back(
    session: Session, scope: str | None, as_of: date, since: date | None
) -> dict[int, Move]:
    query = (
        select(
            Event.id,
            Event.project_id,
            Event.kind,
            Event.payload,
            Event.occurred_on,
            Event.recorded_at,
            Event.source_rank,
        )
        .where(Event.kind.in_([*STAGE_KINDS, EventKind.RETRACTED.value]))
        .order_by(Event.project_id, Event.id)
    )
    if scope is not None:
        in_scope = select(Project.id).join(Unit, Unit.id == Project.unit_id)
        query = query.where(Event.project_id.in_(in_scope.where(Unit.path.startswith(scope))))
    query = query.where(Event.project_id.in_(select(Project.id).where(COUNTED)))
    if since is not None:
        recent = or_(
            Event.occurred_on >= since,
            Event.recorded_at >= datetime.combine(since, time(), DISTRICT_TIME),
        )
        moved = select(Event.project_id).where(Event.kind.in_(STAGE_KINDS), recent)
        query = query.where(Event.project_id.in_(moved))
    moves: dict[int, Move] = {}
    for project_id, events in groupby(session.execute(query), key=lambda e: e.project_id):
        move = _latest_move(list(events), as_of)
        if move is not None:
            moves[project_id] = move
    return moves


def _latest_move(events: Iterable[Any], as_of: date) -> Move | None:
    """The last move backwards among one project's events (in recording order)."""
    ordered = [e for e in events if district_date(e.recorded_at) <= as_of]
    retracted = {e.payload["event_id"] for e in ordered if e.kind == EventKind.RETRACTED.value}
    current: Stage | None = None
    latest: Move | None = None
    for event in ordered:
        if event.kind not in STAGE_KINDS or event.id in retracted:
            continue
        stage = Stage(event.payload["stage"])
        if current is not None and stage.order < current.order:
            if event.source_rank < RANK_PERSON:
                continue  # a document does not move a stage back
            latest = (event.occurred_on or district_date(event.recorded_at), current, stage)
        current = stage
    return latest

"""Reading what the race needs from the ledger: racing units and the stages projects reached.

The one place of this package that touches the database; it takes a session and returns the
plain values of `model.py`, in a fixed number of queries whatever the number of events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from taizhang.engines.race.model import StageEvent, UnitRef
from taizhang.errors import Invalid
from taizhang.ledger.models import (
    Enterprise,
    Event,
    Project,
    ProjectInvestor,
    Unit,
    UnitKind,
)
from taizhang.ledger.projection import EventKind
from taizhang.ledger.stages import Stage

LEVELS: dict[str, tuple[UnitKind, ...]] = {
    "town": (UnitKind.TOWN, UnitKind.STREET, UnitKind.PLATFORM),
    "department": (UnitKind.DEPARTMENT,),
}
LEVEL_LABELS = {"town": "镇街/平台", "department": "部门"}


def racing_units(session: Session, *, level: str = "town") -> list[UnitRef]:
    """The units raced against each other at a level: towns, streets and platforms directly
    under the district (or departments)."""
    if level not in LEVELS:
        known = "、".join(f"{k}（{v}）" for k, v in LEVEL_LABELS.items())
        raise Invalid(f"未知的排名层级 {level}，应为 {known} (unknown level)")
    top = select(Unit.id).where(Unit.parent_id.is_(None))
    query = (
        select(Unit)
        .where(Unit.parent_id.in_(top), Unit.kind.in_([k.value for k in LEVELS[level]]))
        .order_by(Unit.sort_order, Unit.id)
    )
    return [UnitRef(u.id, u.code, u.name, u.kind, u.path) for u in session.scalars(query)]


def stage_events(session: Session, *, start: date, end: date) -> list[StageEvent]:
    """Every stage a project reached between start and end (inclusive), retracted ones left out,
    each marked when it moved its project back."""
    rows = session.execute(_stage_rows(end)).all()
    retracted = _retracted_ids(session)
    tags = _project_tags(session, {row.project_id for row in rows})
    events = []
    highest: dict[int, int] = {}
    for row in rows:
        if row.id in retracted or row.occurred_on is None:
            continue
        stage = Stage(row.payload["stage"])
        moved_back = stage.order < highest.get(row.project_id, -1)
        highest[row.project_id] = max(highest.get(row.project_id, -1), stage.order)
        if start <= row.occurred_on <= end:
            events.append(_stage_event(row, stage, moved_back, tags.get(row.project_id, ())))
    return events


def _stage_rows(end: date) -> Select[Any]:
    """Stage events up to `end`, in recording order per project (earlier ones set the bar
    for "moved back")."""
    return (
        select(
            Event.id,
            Event.project_id,
            Event.payload,
            Event.occurred_on,
            Project.name,
            Project.investment_cny_fen,
            Project.capital_origin,
            Project.attraction_method,
            Unit.path,
        )
        .join(Project, Project.id == Event.project_id)
        .join(Unit, Unit.id == Project.unit_id)
        .where(
            Event.kind.in_([EventKind.STAGE_REACHED.value, EventKind.CREATED.value]),
            Event.occurred_on <= end,
        )
        .order_by(Event.project_id, Event.id)
    )


def _stage_event(row: Any, stage: Stage, moved_back: bool, tags: Sequence[str]) -> StageEvent:
    fen = row.investment_cny_fen
    return StageEvent(
        event_id=row.id,
        project_id=row.project_id,
        project_name=row.name,
        unit_path=row.path,
        stage=stage,
        on=row.occurred_on,
        investment_cny=None if fen is None else Decimal(fen) / 100,
        foreign_capital=row.capital_origin == "外资",
        attraction_method=row.attraction_method,
        tags=frozenset(tags),
        moved_back=moved_back,
    )


def _retracted_ids(session: Session) -> set[int]:
    payloads = session.scalars(select(Event.payload).where(Event.kind == EventKind.RETRACTED.value))
    return {int(payload["event_id"]) for payload in payloads}


def _project_tags(session: Session, project_ids: set[int]) -> dict[int, list[str]]:
    """Labels the rules may reward, from the project's investors (链主 for a chain leader)."""
    if not project_ids:
        return {}
    rows = session.execute(
        select(ProjectInvestor.project_id, Enterprise.is_chain_leader)
        .join(Enterprise, Enterprise.id == ProjectInvestor.enterprise_id)
        .where(ProjectInvestor.project_id.in_(project_ids))
    )
    tags: defaultdict[int, list[str]] = defaultdict(list)
    for project_id, chain_leader in rows:
        if chain_leader:
            tags[project_id].append("链主")
    return tags

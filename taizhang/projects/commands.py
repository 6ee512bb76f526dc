"""Changing projects. Every function records events and refreshes the projection.

Each command on an existing project first locks the project's row (`kernel.db.lock_row`) and
re-reads it, so its checks and the event it appends see every earlier writer's change; a
concurrent writer of the same project waits for the first to commit. New project codes come from
a counter (`kernel.numbering`), never from `max() + 1`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.kernel.db import lock_row
from taizhang.kernel.errors import Invalid, NotFound
from taizhang.kernel.money import Money
from taizhang.kernel.numbering import next_free_number
from taizhang.kernel.periods import PeriodKind
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage, is_backwards
from taizhang.org.models import Unit, UnitKind, User
from taizhang.org.units import is_compound_party
from taizhang.projects.events import record_event, replay_project
from taizhang.projects.models import (
    Event,
    Project,
    ProjectCapacity,
    ProjectInvestor,
    ProjectMilestone,
)
from taizhang.projects.projection import EventKind, ProjectState, figures_to_payload

FEN_PER_YUAN = 100
CODE_PREFIX = "XM"
CODE_DIGITS = 6
CODE_COUNTER = "projects.code"


def create_project(
    session: Session,
    *,
    name: str,
    unit: Unit,
    stage: Stage = Stage.TALKS,
    stage_on: date | None = None,
    code: str | None = None,
    figures: Mapping[str, Any] | None = None,
    source: Source,
    actor: User | None = None,
    now: datetime | None = None,
    held_for_review: str | None = None,
) -> Project:
    """Open a project in the ledger with its first event. `held_for_review` (why) opens it
    held back — counted nowhere until a reviewer confirms its creation."""
    if not name.strip():
        raise Invalid("项目名称不能为空 (project name is required)")
    check_project_unit(unit)
    code = code or next_project_code(session)
    if _code_taken(session, code):
        raise Invalid(f"项目编号 {code} 已存在 (project code already exists)")
    project = Project(code=code, name=name, unit_id=unit.id, stage=stage.value)
    session.add(project)
    session.flush()
    payload = {"code": code, "stage": stage.value, "stage_on": _iso(stage_on)}
    payload.update(
        figures_to_payload({"name": name.strip(), "unit_id": unit.id, **(figures or {})})
    )
    if held_for_review:
        payload["review"] = held_for_review
    return _record(
        session, project, EventKind.CREATED, payload, source, actor, stage_on, held_for_review, now
    )


def change_figures(
    session: Session,
    project: Project,
    figures: Mapping[str, Any],
    *,
    source: Source,
    actor: User | None = None,
    reason: str | None = None,
    occurred_on: date | None = None,
    now: datetime | None = None,
) -> Project:
    """State new values for some of the project's figures (None clears a figure)."""
    if not figures:
        raise Invalid("没有需要更新的数据 (nothing to change)")
    lock_row(session, project)
    if "unit_id" in figures:
        _check_new_unit(session, figures["unit_id"])
    payload = figures_to_payload(figures)
    return _record(
        session, project, EventKind.FIGURES, payload, source, actor, occurred_on, reason, now
    )


def check_project_unit(unit: Unit) -> None:
    """Projects belong to areas and departments, never to a compound's 物业 or 业委会."""
    if is_compound_party(unit):
        label = UnitKind(unit.kind).label
        raise Invalid(
            f"{unit.name}是小区的{label}，不能作为项目所属单位 (a {unit.kind} cannot hold projects)"
        )


def _check_new_unit(session: Session, unit_id: int | None) -> None:
    if unit_id is None:
        raise Invalid("项目必须属于一个单位 (a project must belong to a unit)")
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise Invalid(f"未知的单位 {unit_id} (unknown unit)")
    check_project_unit(unit)


def reach_stage(
    session: Session,
    project: Project,
    stage: Stage,
    *,
    on: date | None,
    source: Source,
    actor: User | None = None,
    reason: str | None = None,
    now: datetime | None = None,
    precision: PeriodKind | None = None,
) -> Project:
    """Move the project to `stage`; moving backwards needs a reason. Reaching the stage the
    project is already at, on the date it already has, changes nothing and records nothing.
    `precision` (day, month, quarter, year) says how exactly the source gave the date."""
    lock_row(session, project)
    if is_already_at(project, stage, on):
        return project
    if is_backwards(Stage(project.stage), stage) and not (reason and reason.strip()):
        raise Invalid(
            f"阶段从“{Stage(project.stage).label}”退回“{stage.label}”必须说明原因"
            " (moving a stage backwards needs a reason)"
        )
    payload = _stage_payload(stage, on, precision)
    return _record(
        session, project, EventKind.STAGE_REACHED, payload, source, actor, on, reason, now
    )


def _stage_payload(stage: Stage, on: date | None, precision: PeriodKind | None) -> dict[str, Any]:
    payload: dict[str, Any] = {"stage": stage.value, "on": _iso(on)}
    if on is not None and precision is not None:
        payload["precision"] = precision
    return payload


def is_already_at(project: Project, stage: Stage, on: date | None) -> bool:
    return project.stage == stage.value and project.stage_reached_on == on


def plan_stage(
    session: Session,
    project: Project,
    stage: Stage,
    *,
    on: date | None,
    source: Source,
    actor: User | None = None,
    reason: str | None = None,
    now: datetime | None = None,
    precision: PeriodKind | None = None,
) -> Project:
    """Set (or with on=None clear) the planned date of a stage; a plan for a month, quarter or
    year (`precision`) is dated by the period's last day and keeps its precision."""
    lock_row(session, project)
    payload = _stage_payload(stage, on, precision)
    return _record(
        session, project, EventKind.STAGE_PLANNED, payload, source, actor, None, reason, now
    )


def add_note(
    session: Session,
    project: Project,
    text: str,
    *,
    source: Source,
    actor: User | None = None,
    now: datetime | None = None,
) -> Project:
    if not text.strip():
        raise Invalid("备注不能为空 (a note needs text)")
    lock_row(session, project)
    payload = {"text": text.strip()}
    return _record(session, project, EventKind.NOTE, payload, source, actor, None, None, now)


def record_verdict(
    session: Session,
    project: Project,
    *,
    target: Event,
    accept: bool,
    source: Source,
    actor: User | None,
    reason: str | None,
    now: datetime | None = None,
) -> Project:
    """A person confirms a recorded fact, or retracts it (it then counts as never stated)."""
    lock_row(session, project)
    kind = EventKind.CONFIRMED if accept else EventKind.RETRACTED
    payload = {"event_id": target.id}
    return _record(session, project, kind, payload, source, actor, None, reason, now)


def _record(
    session: Session,
    project: Project,
    kind: EventKind,
    payload: dict[str, Any],
    source: Source,
    actor: User | None,
    occurred_on: date | None,
    reason: str | None,
    now: datetime | None,
) -> Project:
    event = record_event(
        session,
        project=project,
        kind=kind,
        payload=payload,
        source=source,
        actor=actor,
        occurred_on=occurred_on,
        reason=reason,
        now=now,
    )
    if kind != EventKind.NOTE:  # a note changes nothing; a confirmation may release a project
        write_projection(session, project, replay_project(session, project.id))
    project.event_count = _event_count(session, project.id)
    project.last_event_at = event.recorded_at
    session.flush()
    return project


def write_projection(session: Session, project: Project, state: ProjectState) -> None:
    """Copy a replayed state onto the project's row and its child rows."""
    if state.unit_id is None or state.stage is None:
        raise Invalid("项目缺少单位或阶段 (project has no unit or stage)")
    for key, value in projection_columns(state).items():
        setattr(project, key, value)
    project.investors = [
        ProjectInvestor(enterprise_id=i.enterprise_id, position=n)
        for n, i in enumerate(state.investors)
    ]
    project.capacities = [
        ProjectCapacity(value=c.value, unit=c.unit, product=c.product, position=n)
        for n, c in enumerate(state.capacities)
    ]
    project.milestones = _milestones(state)


def projection_columns(state: ProjectState) -> dict[str, Any]:
    """The flat columns of the projects table for a state (also used by bulk loaders)."""
    band = state.size_band
    next_planned = state.next_planned
    return {
        "code": state.code,
        "name": state.name,
        "unit_id": state.unit_id,
        "parent_id": state.parent_id,
        "phase": state.phase,
        "chain": state.chain,
        "investment_fen": to_fen(state.investment),
        "investment_currency": state.investment.currency if state.investment else "CNY",
        "investment_cny_fen": _cny_fen(state.investment),
        "size_band": band.code if band else None,
        "land_mu": state.land_mu,
        "annual_output_fen": to_fen(state.annual_output),
        "annual_output_currency": state.annual_output.currency if state.annual_output else "CNY",
        "build_type": state.build_type,
        "capital_origin": state.capital_origin,
        "attraction_method": state.attraction_method,
        "stage": state.stage.value if state.stage else None,
        "stage_reached_on": state.stage_reached_on,
        "progress_pct": state.progress_pct,
        "next_planned_stage": next_planned[0].value if next_planned else None,
        "next_planned_on": next_planned[1] if next_planned else None,
        "next_planned_precision": state.next_planned_precision,
        "investor_names": "、".join(i.name for i in state.investors),
        "withdrawn": state.withdrawn,
        "held_for_review": state.held_for_review,
    }


def _milestones(state: ProjectState) -> list[ProjectMilestone]:
    stages = set(state.planned) | set(state.reached)
    return [
        ProjectMilestone(
            stage=stage.value,
            planned_on=state.planned.get(stage),
            planned_precision=state.planned_precision.get(stage),
            reached_on=state.reached.get(stage),
        )
        for stage in sorted(stages, key=lambda s: s.order)
    ]


def _event_count(session: Session, project_id: int) -> int:
    return session.scalar(select(func.count(Event.id)).where(Event.project_id == project_id)) or 0


def to_fen(money: Money | None) -> int | None:
    return None if money is None else int(money.amount * FEN_PER_YUAN)


def _cny_fen(money: Money | None) -> int | None:
    return None if money is None else int(money.in_cny_equivalent() * FEN_PER_YUAN)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def next_project_code(session: Session) -> str:
    """XM000001, XM000002 … (the ledger's own numbering; imports may bring their own).

    Drawn from a counter, so two projects created at once never get the same code; a code an
    import brought is skipped."""
    number = next_free_number(
        session,
        CODE_COUNTER,
        highest_in_use=lambda: _highest_code_number(session),
        taken=lambda n: _code_taken(session, _project_code(n)),
    )
    return _project_code(number)


def _project_code(number: int) -> str:
    return f"{CODE_PREFIX}{number:0{CODE_DIGITS}d}"


def _highest_code_number(session: Session) -> int:
    pattern = f"{CODE_PREFIX}{'_' * CODE_DIGITS}"
    highest = session.scalar(select(func.max(Project.code)).where(Project.code.like(pattern)))
    digits = highest[len(CODE_PREFIX) :] if highest else ""
    return int(digits) if digits.isdigit() else 0


def _code_taken(session: Session, code: str) -> bool:
    return session.scalar(select(Project.id).where(Project.code == code)) is not None


def get_project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise NotFound(f"未找到项目 {project_id} (project not found)")
    return project

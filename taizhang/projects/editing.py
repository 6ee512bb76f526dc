"""A project created or edited by hand on a form: what the person stated, as ledger events.

`ProjectDraft` is the form once read (amounts, dates and names already checked). Creating
records the 建档 event and one 计划节点 event per planned date; editing records one 数据更新
event with only the figures that differ and one 计划节点 event per changed date. Every event is
sourced to the person (`Source.user`), so by the ledger's precedence their correction outranks
what documents said.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from taizhang.enterprises.registry import resolve_enterprise
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import STAGES, Stage
from taizhang.org.models import Unit, User
from taizhang.projects.commands import change_figures, create_project, plan_stage
from taizhang.projects.events import replay_project
from taizhang.projects.models import Project
from taizhang.projects.projection import Investor, ProjectState

# The stages a date can be planned for: every stage after the first talks.
PLANNED_STAGES: tuple[Stage, ...] = STAGES[1:]
# The figures the form states (None: blank on the form).
DRAFT_FIGURES = ("phase", "chain", "investment", "annual_output", "land_mu")


@dataclass(frozen=True)
class ProjectDraft:
    name: str
    unit: Unit
    stage: Stage = Stage.TALKS
    stage_on: date | None = None
    figures: Mapping[str, Any] = field(default_factory=dict)
    investors: Sequence[str] = ()
    planned: Mapping[Stage, date | None] = field(default_factory=dict)
    reason: str | None = None


def create_from_draft(
    session: Session, draft: ProjectDraft, *, user: User, now: datetime
) -> Project:
    """Open the project the form describes; blank figures are simply not stated."""
    figures = {key: value for key, value in draft.figures.items() if value is not None}
    if draft.investors:
        figures["investors"] = investors_named(session, draft.investors)
    source = Source.user(user)
    project = create_project(
        session,
        name=draft.name,
        unit=draft.unit,
        stage=draft.stage,
        stage_on=draft.stage_on,
        figures=figures,
        source=source,
        actor=user,
        now=now,
    )
    for stage, on in draft.planned.items():
        if on is not None:
            plan_stage(session, project, stage, on=on, source=source, actor=user, now=now)
    return project


def apply_draft(
    session: Session, project: Project, draft: ProjectDraft, *, user: User, now: datetime
) -> bool:
    """Record what the form changes (a blank clears a figure); False when it changes nothing."""
    state = replay_project(session, project.id)
    figures = changed_figures(state, _wanted(session, draft))
    planned = {s: on for s, on in draft.planned.items() if state.planned.get(s) != on}
    said: dict[str, Any] = {
        "source": Source.user(user),
        "actor": user,
        "reason": draft.reason,
        "now": now,
    }
    if figures:
        change_figures(session, project, figures, **said)
    for stage, on in planned.items():
        plan_stage(session, project, stage, on=on, **said)
    return bool(figures or planned)


def _wanted(session: Session, draft: ProjectDraft) -> dict[str, Any]:
    investors = investors_named(session, draft.investors) if draft.investors else ()
    return {
        "name": draft.name,
        "unit_id": draft.unit.id,
        **draft.figures,
        "investors": investors,
    }


def changed_figures(state: ProjectState, wanted: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in wanted.items() if getattr(state, key) != value}


def investors_named(session: Session, names: Sequence[str]) -> tuple[Investor, ...]:
    """Each name matched to an enterprise (by name, alias or the same core name, a new short
    name kept as an alias), else registered; one entry per enterprise, in the order given."""
    enterprises = {e.id: e for e in (resolve_enterprise(session, name) for name in names)}
    return tuple(Investor(e.id, e.name) for e in enterprises.values())

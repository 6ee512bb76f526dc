"""The 项目台账 in and out of Excel: `taizhang import projects` and `taizhang export projects`.

- `import_projects(...)` reads a sheet (`sheet_files`, `sheet_columns`) and checks every
  row against the ledger first; if anything is wrong it raises `Invalid` naming each problem by
  row and column and writes nothing. Then, in one savepoint of the caller's transaction, a row
  whose 项目编号 is in the ledger records only what differs from the ledger and any other row
  creates a project; every event is sourced to the file and row (`Source.import_row`). A blank
  cell means "not stated", never "clear this figure". Moving a stage back, or changing the date
  of a stage already passed, needs a 变更原因 on the row. A row without 项目编号 is the ledger's
  project of the same name, 期次 and unit when there is one (so importing the same sheet twice
  changes nothing), and creates a project otherwise. Each import is recorded by the sha256 of
  the file's bytes (`SheetImport`); the same file a second time changes nothing and says when
  it was first imported.
- `export_projects(...)` writes the same columns (amounts as numbers in 亿, dates as real dates),
  ordered by unit then investment, so importing an exported file changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from taizhang.enterprises.registry import ensure_enterprise
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.sheet_imports import (
    PROJECTS_LEDGER,
    EarlierImport,
    earlier_import,
    record_import,
)
from taizhang.kernel.sheets import refuse_if_any
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import STAGES, Stage
from taizhang.org.access import can_edit
from taizhang.org.models import Unit, User
from taizhang.org.units import find_unit
from taizhang.projects.commands import (
    change_figures,
    check_project_unit,
    create_project,
    plan_stage,
    reach_stage,
)
from taizhang.projects.models import COUNTED, Event, Project
from taizhang.projects.projection import Investor, ProjectState, replay
from taizhang.projects.queries import ProjectFilter, filtered_projects
from taizhang.projects.sheet_columns import HeaderRow, reached_key
from taizhang.projects.sheet_files import (
    ProjectRow,
    Sheet,
    export_cells,
    read_project_rows,
    read_sheet,
    write_workbook,
)

__all__ = [
    "EarlierImport",
    "ImportSummary",
    "ProjectRow",
    "export_projects",
    "import_projects",
    "read_project_rows",
]

logger = logging.getLogger(__name__)

Steps = tuple[tuple[Stage, date | None], ...]
Outcome = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    ignored_columns: tuple[str, ...] = ()
    repeat_of: EarlierImport | None = None


@dataclass(frozen=True)
class _Plan:
    row: ProjectRow
    unit: Unit
    steps: Steps  # stages to reach, in order
    project: Project | None = None
    state: ProjectState | None = None


# ---------------------------------------------------------------------------------------------
# Importing
# ---------------------------------------------------------------------------------------------


def import_projects(
    session: Session, path: Path, *, actor: User | None, now: datetime
) -> ImportSummary:
    """Check every row, then create or update the projects; all of the file or none of it.
    A file imported before (the same bytes) changes nothing."""
    sheet = read_sheet(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    earlier = earlier_import(session, digest, PROJECTS_LEDGER)
    if earlier is not None:
        return ImportSummary(0, 0, 0, repeat_of=earlier)
    plans, problems = _plan_rows(session, sheet, actor)
    refuse_if_any(sheet.errors + problems)
    with session.begin_nested():
        outcomes = Counter(_apply(session, plan, path.name, actor, now) for plan in plans)
        summary = ImportSummary(
            outcomes["created"], outcomes["updated"], outcomes["unchanged"], sheet.header.ignored
        )
        record_import(
            session,
            digest=digest,
            ledger=PROJECTS_LEDGER,
            file_name=path.name,
            imported_at=now,
            imported_by_id=actor.id if actor else None,
            counts=(summary.created, summary.updated, summary.unchanged),
        )
    logger.info("imported %s: %s", path.name, dict(outcomes))
    return summary


def _plan_rows(
    session: Session, sheet: Sheet, actor: User | None
) -> tuple[list[_Plan], list[FieldError]]:
    units = {text: _unit_or_problem(session, text) for text in {row.unit for row in sheet.rows}}
    existing = _existing_projects(session, sheet.rows, units)
    ids = [p.id for p in existing.values() if isinstance(p, Project)]
    states = _states(session, select(Project.id).where(Project.id.in_(ids)))
    plans: list[_Plan] = []
    errors: list[FieldError] = []
    for row in sheet.rows:
        unit, found = units[row.unit], existing.get(row.row)
        if isinstance(found, str):
            errors.append(FieldError(found, row.row, sheet.header.text_of("name")))
            continue
        state = states[found.id] if found else None
        steps = _stage_steps(state, row)
        problems = _unit_problems(row, unit, found, actor, sheet.header)
        problems += _rewrite_problems(state, row, steps, sheet.header)
        if isinstance(unit, Unit) and not problems:
            plans.append(_Plan(row, unit, steps, found, state))
        errors += problems
    return plans, errors


def _existing_projects(
    session: Session, rows: Sequence[ProjectRow], units: Mapping[str, Unit | str]
) -> dict[int, Project | str]:
    """The ledger's project each row speaks of, by row number: by its 项目编号, else by name,
    期次 and unit, so a sheet imported again without codes changes nothing. A text instead of a
    project says why the row cannot be matched."""
    codes = [row.code for row in rows if row.code]
    query = select(Project).where(Project.code.in_(codes)).options(selectinload(Project.unit))
    by_code = {project.code: project for project in session.scalars(query)}
    found: dict[int, Project | str] = {
        row.row: by_code[row.code] for row in rows if row.code and row.code in by_code
    }
    return found | _matched_by_name(session, [row for row in rows if not row.code], units)


def _matched_by_name(
    session: Session, rows: Sequence[ProjectRow], units: Mapping[str, Unit | str]
) -> dict[int, Project | str]:
    names = {row.name for row in rows}
    query = select(Project).where(COUNTED, Project.name.in_(names))
    query = query.options(selectinload(Project.unit))
    ledger: dict[tuple[str, str, int], list[Project]] = defaultdict(list)
    for project in session.scalars(query):
        ledger[project.name, project.phase or "", project.unit_id].append(project)
    found: dict[int, Project | str] = {}
    first_row: dict[tuple[str, str, int], int] = {}
    for row in rows:
        unit = units[row.unit]
        if not isinstance(unit, Unit):
            continue  # reported as the unit's problem
        key = (row.name, str(row.figures.get("phase") or ""), unit.id)
        if key in first_row:
            found[row.row] = (
                f"与第 {first_row[key]} 行是同一个项目（名称、期次、所属单位相同），"
                "请合并两行或填写项目编号 (the same project as another row)"
            )
            continue
        first_row[key] = row.row
        matches = ledger.get(key, [])
        if len(matches) == 1:
            found[row.row] = matches[0]
        elif matches:
            found[row.row] = (
                f"台账中有 {len(matches)} 个名称、期次、所属单位都相同的项目，请填写项目编号 "
                "(several projects match; give the 项目编号)"
            )
    return found


def _unit_or_problem(session: Session, text: str) -> Unit | str:
    """The unit a cell names, or why it names none it may (unknown, a name two units share, or
    a unit that holds no projects)."""
    try:
        unit = find_unit(session, text)
        if unit is not None:
            check_project_unit(unit)
    except Invalid as exc:
        return exc.message
    return unit if unit is not None else f"未知的单位“{text}”，请填单位代码或全称 (unknown unit)"


def _unit_problems(
    row: ProjectRow,
    unit: Unit | str,
    project: Project | None,
    actor: User | None,
    header: HeaderRow,
) -> list[FieldError]:
    """The row's unit must exist, and the actor must be allowed to change its projects."""
    column = header.text_of("unit")
    if isinstance(unit, str):
        return [FieldError(unit, row.row, column)]
    touched = [unit] if project is None else [unit, project.unit]
    if actor is not None and not all(can_edit(actor, u) for u in touched):
        reason = "您无权修改该单位的项目 (you may not change projects of this unit)"
        return [FieldError(reason, row.row, column)]
    return []


def _stage_steps(state: ProjectState | None, row: ProjectRow) -> Steps:
    """The stages to reach, in order, so the ledger says what the row says.

    Starts at the earliest stage whose date the row changes (or at the new stage), and goes on
    to the row's stage with every date known to the ledger or the row."""
    current = state.stage if state else None
    known = state.reached if state else {}
    target = row.stage or max(
        [*row.reached, *([current] if current else [])], key=lambda s: s.order, default=Stage.TALKS
    )
    dates = {s: d for s, d in known.items() if s.order <= target.order} | dict(row.reached)
    changed = [s for s, d in row.reached.items() if known.get(s) != d]
    changed += [target] if target is not current else []
    if not changed:
        return ()
    start = min(s.order for s in changed)
    return tuple(
        (s, dates.get(s))
        for s in STAGES
        if start <= s.order <= target.order and (s in dates or s is target)
    )


def _rewrite_problems(
    state: ProjectState | None, row: ProjectRow, steps: Steps, header: HeaderRow
) -> list[FieldError]:
    current = state.stage if state else None
    if state is None or current is None or not steps or row.reason:
        return []
    first, target = steps[0][0], steps[-1][0]
    if target.order < current.order:
        reason = f"阶段从“{current.label}”退回“{target.label}”，须在“变更原因”列说明原因"
        column = header.text_of("stage")
    elif first.order < current.order:
        known = state.reached.get(first)
        reason = (
            f"“{first.label}”阶段已过，台账中的实际日期为{known or '空'}，"
            "改写须在“变更原因”列说明原因"
        )
        column = header.text_of(reached_key(first))
    else:
        return []
    return [FieldError(f"{reason} (rewriting the stage history needs a reason)", row.row, column)]


@dataclass(frozen=True)
class _Writer:
    """Records the events of one row, all with the same source, actor, time and reason."""

    session: Session
    source: Source
    actor: User | None
    now: datetime
    reason: str | None

    @property
    def said(self) -> dict[str, Any]:
        """Where, who, when and why: the same for every event of the row."""
        return {"source": self.source, "actor": self.actor, "now": self.now, "reason": self.reason}

    def figures(self, project: Project, figures: Mapping[str, Any]) -> None:
        change_figures(self.session, project, figures, **self.said)

    def stages(self, project: Project, steps: Sequence[tuple[Stage, date | None]]) -> None:
        for stage, on in steps:
            reach_stage(self.session, project, stage, on=on, **self.said)

    def plans(self, project: Project, planned: Mapping[Stage, date]) -> None:
        for stage, on in planned.items():
            plan_stage(self.session, project, stage, on=on, **self.said)


def _apply(
    session: Session, plan: _Plan, file_name: str, actor: User | None, now: datetime
) -> Outcome:
    source = Source.import_row(file_name, plan.row.row)
    writer = _Writer(session, source, actor, now, plan.row.reason)
    try:
        if plan.project is None or plan.state is None:
            _create(writer, plan)
            return "created"
        return "updated" if _update(writer, plan, plan.project, plan.state) else "unchanged"
    except Invalid as exc:  # what only writing can find, e.g. a code just given to another row
        problem = FieldError(exc.message, row=plan.row.row)
        raise Invalid(
            f"第 {plan.row.row} 行无法导入，未导入任何数据 (nothing was imported)", [problem]
        ) from exc


def _create(writer: _Writer, plan: _Plan) -> None:
    row = plan.row
    (stage, stage_on), *later = plan.steps
    figures = dict(row.figures)
    if row.investors:
        figures["investors"] = _investors(writer.session, row.investors)
    project = create_project(
        writer.session,
        name=row.name,
        unit=plan.unit,
        stage=stage,
        stage_on=stage_on,
        code=row.code,
        figures=figures,
        source=writer.source,
        actor=writer.actor,
        now=writer.now,
    )
    writer.stages(project, later)
    writer.plans(project, row.planned)


def _update(writer: _Writer, plan: _Plan, project: Project, state: ProjectState) -> bool:
    """Record what the row changes; False when it changes nothing."""
    row = plan.row
    wanted: dict[str, Any] = {"name": row.name, "unit_id": plan.unit.id, **row.figures}
    if row.investors:
        wanted["investors"] = _investors(writer.session, row.investors)
    figures = {key: value for key, value in wanted.items() if getattr(state, key) != value}
    planned = {s: d for s, d in row.planned.items() if state.planned.get(s) != d}
    if figures:
        writer.figures(project, figures)
    writer.stages(project, plan.steps)
    writer.plans(project, planned)
    return bool(figures or plan.steps or planned)


def _investors(session: Session, names: Sequence[str]) -> tuple[Investor, ...]:
    """Each name found by legal name or alias, else registered; one entry per enterprise."""
    enterprises = {e.id: e for e in (ensure_enterprise(session, name) for name in names)}
    return tuple(Investor(e.id, e.name) for e in enterprises.values())


def _states(session: Session, project_ids: Select[Any]) -> dict[int, ProjectState]:
    """Replayed states of many projects from one query of their events."""
    events = session.scalars(
        select(Event).where(Event.project_id.in_(project_ids)).order_by(Event.project_id, Event.id)
    )
    return {pid: replay(group) for pid, group in groupby(events, key=lambda e: e.project_id)}


# ---------------------------------------------------------------------------------------------
# Exporting
# ---------------------------------------------------------------------------------------------


def export_projects(
    session: Session,
    path: Path,
    *,
    scope: str | None,
    today: date | None = None,
    filters: ProjectFilter | None = None,
) -> int:
    """Write the projects under a unit path (None: all) to an .xlsx; returns how many."""
    if path.suffix.lower() != ".xlsx":
        raise Invalid(f"导出文件须为 .xlsx：{path.name} (export writes .xlsx files)")
    query = filtered_projects(session, filters or ProjectFilter(), scope=scope)
    projects = sorted(session.scalars(query.options(selectinload(Project.unit))), key=_ledger_order)
    states = _states(session, query.with_only_columns(Project.id))
    labels = _unit_labels(session)
    rows = [export_cells(states[p.id], labels[p.unit_id]) for p in projects]
    write_workbook(path, _title(session, scope, today or date.today()), rows)
    logger.info("exported %d projects to %s", len(rows), path.name)
    return len(rows)


def _ledger_order(project: Project) -> tuple[tuple[int, ...], bool, int, int]:
    """By place in the unit tree, then biggest investment first."""
    path = tuple(int(part) for part in project.unit.path.strip("/").split("/") if part)
    band = project.investment_cny_fen
    return path, band is None, -(band or 0), project.id


def _unit_labels(session: Session) -> dict[int, str]:
    """Units by name, or by code where two units share a name, so the import finds the same."""
    units = session.execute(select(Unit.id, Unit.code, Unit.name)).all()
    counts = Counter(name for _, _, name in units)
    return {uid: name if counts[name] == 1 else code for uid, code, name in units}


def _title(session: Session, scope: str | None, today: date) -> str:
    where = Unit.path == scope if scope else Unit.parent_id.is_(None)
    names = list(session.scalars(select(Unit.name).where(where)))
    place = names[0] if len(names) == 1 else ""
    return f"{place}重大项目台账（{today.year}年{today.month}月{today.day}日导出）"

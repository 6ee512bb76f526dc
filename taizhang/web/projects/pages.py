"""HTML pages: dashboard, project list, project page and its edit forms."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage
from taizhang.org.access import Section, can_edit, can_view, scope_path
from taizhang.org.models import Unit, UnitKind, User
from taizhang.org.units import is_compound_party, list_units
from taizhang.projects.access import get_project_for_user
from taizhang.projects.commands import add_note, change_figures, reach_stage
from taizhang.projects.events import project_timeline
from taizhang.projects.models import Project
from taizhang.projects.queries import chains_in_use
from taizhang.projects.sheets import export_projects
from taizhang.web.deps import (
    CsrfChecked,
    CurrentUser,
    FormText,
    NowDep,
    SessionDep,
    district_today,
    section,
)
from taizhang.web.downloads import attachment
from taizhang.web.projects.forms import QUICK_READERS, TypedForm, read_fields, typed_fields
from taizhang.web.projects.queries import ProjectListDep, projects_for
from taizhang.web.rendering import render
from taizhang.web.timeline import disagreements

router = APIRouter(include_in_schema=False, dependencies=[section(Section.PROJECTS)])


@router.get("/projects", response_class=HTMLResponse)
def projects_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, params: ProjectListDep
) -> Response:
    found = projects_for(session, user, params, district_today(now))
    units = _filter_units(session, user)
    context = {
        "projects": found.rows,
        "count": found.count,
        "investment_total_fen": found.investment_cny_fen,
        "params": params,
        "pages": max(1, math.ceil(found.count / params.per_page)),
        "units": units,
        "chains": chains_in_use(session),
        "today": district_today(now),
    }
    return render(request, "projects/list.html", context)


def _filter_units(session: Session, user: User) -> list[Unit]:
    """The areas the project list filters by: no departments, no compound's 物业 or 业委会."""
    return [
        u
        for u in list_units(session)
        if can_view(user, u) and u.kind != UnitKind.DEPARTMENT and not is_compound_party(u)
    ]


@router.get("/projects.xlsx")
def projects_workbook(
    session: SessionDep, user: CurrentUser, now: NowDep, params: ProjectListDep
) -> Response:
    """The list as filtered, as the district's 项目台账 workbook (re-importable)."""
    today = district_today(now)
    with TemporaryDirectory() as folder:
        path = Path(folder) / "projects.xlsx"
        export_projects(
            session, path, scope=scope_path(user), today=today, filters=params.to_filter(today)
        )
        content = path.read_bytes()
    return attachment(content, f"项目台账-{today.isoformat()}.xlsx")


@router.get("/projects/{project_id:id}", response_class=HTMLResponse)
def project_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, project_id: int
) -> Response:
    project = get_project_for_user(session, user, project_id)
    return _render_project(request, session, user, project, district_today(now))


def _render_project(
    request: Request,
    session: Session,
    user: User,
    project: Project,
    today: date,
    figures_form: TypedForm | None = None,
    status_code: int = 200,
) -> Response:
    milestones = {m.stage: m for m in project.milestones}
    events = project_timeline(session, project.id)
    context = {
        "project": project,
        "milestones": milestones,
        "events": events,
        "disagreements": disagreements(events, request.state.language),
        "editable": can_edit(user, project.unit),
        "today": today,
        "stages": list(Stage),
        "stage_order": Stage(project.stage).order,
        "figures_form": figures_form or TypedForm({}),
    }
    return render(request, "projects/detail.html", context, status_code=status_code)


@router.post("/projects/{project_id:id}/stage", dependencies=[CsrfChecked])
def stage_form(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    project_id: int,
    stage: Annotated[str, Form()],
    on: Annotated[str, Form()] = "",
    reason: FormText = "",
) -> Response:
    project = get_project_for_user(session, user, project_id, write=True)
    reach_stage(
        session,
        project,
        _form_stage(stage),
        on=_form_date(on, "日期"),
        source=Source.user(user),
        actor=user,
        reason=reason.strip() or None,
        now=now,
    )
    return _back_to(project_id)


@router.post("/projects/{project_id:id}/figures", dependencies=[CsrfChecked])
async def figures_form(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, project_id: int
) -> Response:
    """The quick 更新数据 form: blank fields are not stated; a bad one shows the page again."""
    project = get_project_for_user(session, user, project_id, write=True)
    form = TypedForm(typed_fields(await request.form()))
    values = read_fields(form, QUICK_READERS)
    reason = values.pop("reason")
    changes = {key: value for key, value in values.items() if value is not None}
    if not changes and not form.errors:
        form.errors["investment"] = "请至少填写一项数据 (state at least one figure)"
    if form.errors:
        today = district_today(now)
        return _render_project(request, session, user, project, today, form, status_code=422)
    source = Source.user(user)
    change_figures(session, project, changes, source=source, actor=user, reason=reason, now=now)
    return _back_to(project_id)


@router.post("/projects/{project_id:id}/notes", dependencies=[CsrfChecked])
def note_form(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    project_id: int,
    text: FormText,
) -> Response:
    project = get_project_for_user(session, user, project_id, write=True)
    add_note(session, project, text, source=Source.user(user), actor=user, now=now)
    return _back_to(project_id)


def _back_to(project_id: int) -> Response:
    return RedirectResponse(f"/projects/{project_id}#timeline", status_code=303)


def _form_stage(text: str) -> Stage:
    try:
        return Stage.parse(text)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc


def _form_date(text: str, label: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise Invalid(f"{label}格式应为 2026-06-30 (date must look like 2026-06-30)") from exc

"""新建项目 and 编辑项目: the whole project on one form.

A form with an error is shown again with everything typed and each problem next to its field
(HTTP 422); nothing is written until every field reads. A unit outside the user's scope is a 403.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from taizhang.kernel.stages import Stage
from taizhang.org.access import Section, require_writer
from taizhang.org.models import User
from taizhang.projects.access import get_project_for_user
from taizhang.projects.editing import PLANNED_STAGES, apply_draft, create_from_draft
from taizhang.projects.models import Project
from taizhang.web.deps import CsrfChecked, CurrentUser, NowDep, SessionDep, section
from taizhang.web.projects.forms import (
    TypedForm,
    editable_units,
    planned_field,
    project_form_values,
    read_project_form,
    typed_fields,
)
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[section(Section.PROJECTS)])
WHAT = "新建或修改项目 (create or change projects)"


@router.get("/projects/new", response_class=HTMLResponse)
def new_project_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    require_writer(user, WHAT)
    return _render_form(request, session, user, TypedForm({}), project=None)


@router.post("/projects/new", dependencies=[CsrfChecked])
async def new_project_form(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep
) -> Response:
    require_writer(user, WHAT)
    form = TypedForm(typed_fields(await request.form()))
    draft = read_project_form(session, user, form, creating=True)
    if draft is None:
        return _render_form(request, session, user, form, project=None, status_code=422)
    project = create_from_draft(session, draft, user=user, now=now)
    return RedirectResponse(f"/projects/{project.id}", status_code=303)


@router.get("/projects/{project_id:id}/edit", response_class=HTMLResponse)
def edit_project_page(
    request: Request, session: SessionDep, user: CurrentUser, project_id: int
) -> Response:
    project = get_project_for_user(session, user, project_id, write=True)
    form = TypedForm(project_form_values(project))
    return _render_form(request, session, user, form, project=project)


@router.post("/projects/{project_id:id}/edit", dependencies=[CsrfChecked])
async def edit_project_form(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, project_id: int
) -> Response:
    project = get_project_for_user(session, user, project_id, write=True)
    form = TypedForm(typed_fields(await request.form()))
    draft = read_project_form(session, user, form, creating=False)
    if draft is None:
        return _render_form(request, session, user, form, project=project, status_code=422)
    apply_draft(session, project, draft, user=user, now=now)
    return RedirectResponse(f"/projects/{project.id}#timeline", status_code=303)


def _render_form(
    request: Request,
    session: Session,
    user: User,
    form: TypedForm,
    *,
    project: Project | None,
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "form": form,
        "project": project,
        "units": editable_units(session, user),
        "stages": list(Stage),
        "planned_stages": [(s, planned_field(s)) for s in PLANNED_STAGES],
    }
    return render(request, "projects/form.html", context, status_code=status_code)

"""Uploading a 项目台账 workbook from the browser: the same all-or-nothing import as the CLI."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from taizhang.kernel.errors import Invalid
from taizhang.org.access import Section, require_writer
from taizhang.projects.sheet_template import template_workbook
from taizhang.projects.sheets import import_projects
from taizhang.web.deps import CsrfChecked, CurrentUser, NowDep, SessionDep, district_today, section
from taizhang.web.downloads import attachment
from taizhang.web.projects.forms import example_unit_name
from taizhang.web.rendering import render
from taizhang.web.uploads import read_upload, saved_upload

router = APIRouter(include_in_schema=False, dependencies=[section(Section.IMPORT)])


@router.get("/projects/import", response_class=HTMLResponse)
def import_page(request: Request, user: CurrentUser) -> Response:
    require_writer(user, "导入台账 (import the ledger)")
    return render(request, "projects/import.html", {})


@router.get("/projects/import/template.xlsx")
def import_template(session: SessionDep, user: CurrentUser, now: NowDep) -> Response:
    """The import template, its example row in a unit the user may import into."""
    require_writer(user, "导入台账 (import the ledger)")
    content = template_workbook(example_unit_name(session, user), district_today(now))
    return attachment(content, "项目台账导入模板.xlsx")


@router.post("/projects/import", dependencies=[CsrfChecked])
async def import_upload(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep
) -> Response:
    """The form's file, read after the log-in and CSRF checks and parsed in a worker thread."""
    require_writer(user, "导入台账 (import the ledger)")
    name, content = await read_upload(request)
    try:
        with saved_upload(name, content) as path:
            summary = await run_in_threadpool(import_projects, session, path, actor=user, now=now)
    except Invalid as exc:
        session.rollback()
        return render(
            request, "projects/import.html", {"error": exc, "name": name}, status_code=422
        )
    return render(request, "projects/import.html", {"summary": summary, "name": name})

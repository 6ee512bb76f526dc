"""Uploading a 项目台账 workbook from the browser: the same all-or-nothing import as the CLI."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from taizhang.kernel.errors import Invalid
from taizhang.org.access import require_writer
from taizhang.projects.sheets import import_projects
from taizhang.web.deps import CsrfChecked, CurrentUser, NowDep, SessionDep
from taizhang.web.rendering import render
from taizhang.web.uploads import MAX_UPLOAD_BYTES, check_upload

router = APIRouter(include_in_schema=False)


@router.get("/projects/import", response_class=HTMLResponse)
def import_page(request: Request, user: CurrentUser) -> Response:
    require_writer(user, "导入台账 (import the ledger)")
    return render(request, "projects/import.html", {})


@router.post("/projects/import", dependencies=[CsrfChecked])
async def import_upload(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, file: UploadFile
) -> Response:
    require_writer(user, "导入台账 (import the ledger)")
    name = Path(file.filename or "").name
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    try:
        check_upload(name, content)
        with TemporaryDirectory() as folder:
            path = Path(folder) / name
            path.write_bytes(content)
            summary = import_projects(session, path, actor=user, now=now)
    except Invalid as exc:
        session.rollback()
        return render(
            request, "projects/import.html", {"error": exc, "name": name}, status_code=422
        )
    return render(request, "projects/import.html", {"summary": summary, "name": name})

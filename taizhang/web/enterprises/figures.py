"""Uploading a bureau's yearly list of enterprise figures (税务局, 统计局, 供电公司): the same
all-or-nothing import as `taizhang import enterprise-figures`, with the rows left unmatched
listed for district staff to resolve."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from taizhang.enterprises.access import require_figures_importer
from taizhang.enterprises.figure_columns import SheetKind
from taizhang.enterprises.figure_sheets import import_enterprise_figures
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.org.access import Section
from taizhang.web.deps import CsrfChecked, CurrentUser, NowDep, SessionDep, district_today, section
from taizhang.web.rendering import render
from taizhang.web.uploads import read_upload, saved_upload

router = APIRouter(include_in_schema=False, dependencies=[section(Section.FIGURES)])
PAGE = "enterprises/figures_import.html"
FIRST_YEAR = 2000


def _context(year: int, kind: str, today_year: int) -> dict[str, object]:
    years = list(range(today_year, FIRST_YEAR - 1, -1))[:8]
    return {"year": year, "kind": kind, "kinds": list(SheetKind), "years": years}


@router.get("/enterprises/figures/import", response_class=HTMLResponse)
def import_page(request: Request, user: CurrentUser, now: NowDep) -> Response:
    require_figures_importer(user)
    today = district_today(now)
    return render(request, PAGE, _context(today.year - 1, "", today.year))


@router.post("/enterprises/figures/import", dependencies=[CsrfChecked])
async def import_upload(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    year: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "",
) -> Response:
    """The form's file, read after the log-in and CSRF checks and parsed in a worker thread."""
    require_figures_importer(user)
    today = district_today(now)
    context = _context(today.year - 1, kind, today.year)
    try:
        chosen_year = _year(year, today.year)
        context["year"] = chosen_year
        chosen_kind = SheetKind(kind) if kind else None
        name, content = await read_upload(request)
        context["name"] = name
        with saved_upload(name, content) as path:
            result = await run_in_threadpool(
                lambda: import_enterprise_figures(
                    session,
                    path,
                    year=chosen_year,
                    kind=chosen_kind,
                    actor=user,
                    now=now,
                    file_name=name,
                )
            )
    except (Invalid, ValueError) as exc:
        session.rollback()
        error = exc if isinstance(exc, Invalid) else Invalid(f"清单类型无效 (unknown kind): {kind}")
        context.setdefault("name", "")
        return render(request, PAGE, {**context, "error": error}, status_code=422)
    return render(request, PAGE, {**context, "result": result})


def _year(text: str, this_year: int) -> int:
    if not text.strip().isdigit() or not FIRST_YEAR <= int(text) <= this_year:
        reason = f"年度须为 {FIRST_YEAR}–{this_year} 之间的年份 (year out of range)"
        raise Invalid(reason, [FieldError(reason, column="年度")])
    return int(text)

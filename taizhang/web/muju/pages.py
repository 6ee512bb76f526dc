"""亩均论英雄 pages and API.

`/muju` opens the latest evaluated year (or last year when none is); `/muju/{year}` is the
evaluation page: the distribution by class (a bar chart with its table), by town and each town's
standing, the list with search and class filter and every enterprise's explanation, the
downloads, and — for district administrators only — the actions (试算, 公示, 登记异议, 定级).
Town staff see the distribution and the towns' standing, and list their own town's firms.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from taizhang.enterprises.ledger import FactField
from taizhang.kernel.errors import AppError, Conflict, Invalid, NotFound
from taizhang.muju.access import get_result_for_user, get_run_for_user, require_reader
from taizhang.muju.policies import (
    changes_workbook,
    class_changes,
    inefficient_firms,
    inefficient_land,
    inefficient_workbook,
    shipped_tariffs,
    surcharge_workbook,
)
from taizhang.muju.queries import last_year_grades, search, visible_results, year_runs
from taizhang.muju.results import results_workbook, run_summary
from taizhang.muju.runs import (
    check_year,
    compute_run,
    correct_objection,
    current_run,
    dismiss_objection,
    freeze_run,
    publish_run,
    record_objection,
)
from taizhang.muju.schemes import scheme_text
from taizhang.org.access import Section, scope_path
from taizhang.org.models import User
from taizhang.web.bounds import FIRST_YEAR, LAST_YEAR, MAX_ID
from taizhang.web.deps import (
    CsrfChecked,
    CurrentUser,
    NowDep,
    SessionDep,
    district_today,
    section,
)
from taizhang.web.downloads import attachment
from taizhang.web.errors import ERRORS
from taizhang.web.muju.schemas import ResultOut, ResultsOut, RunOut, RunsOut
from taizhang.web.muju.views import page_context
from taizhang.web.rendering import render

router = APIRouter(dependencies=[section(Section.MUJU)])
REFUSED = (Invalid, Conflict)  # shown on the page again with the reason (422)
TextQuery = Annotated[str, Query(max_length=100, description="企业名称或信用代码的一部分")]
GradeQuery = Annotated[str, Query(max_length=10, description="等级：A、B、C、D")]


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound(f"没有 {year} 年度 (no such year)")
    check_year(year)
    return year


@router.get("/muju", include_in_schema=False)
def muju_home(session: SessionDep, user: CurrentUser, now: NowDep) -> Response:
    require_reader(user)
    runs = year_runs(session)
    year = runs[0].year if runs else district_today(now).year - 1
    return RedirectResponse(f"/muju/{year}", status_code=303)


@router.get("/muju/{year:int}", response_class=HTMLResponse, include_in_schema=False)
def evaluation_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    year: int,
    q: TextQuery = "",
    grade: GradeQuery = "",
) -> Response:
    require_reader(user)
    run = current_run(session, _year(year))
    context = page_context(session, user, run, year, request.state.language, text=q, grade=grade)
    return render(request, "muju/evaluation.html", context)


def _back(year: int) -> RedirectResponse:
    return RedirectResponse(f"/muju/{year}", status_code=303)


def _refused(request: Request, session: Session, user: User, year: int, exc: AppError) -> Response:
    session.rollback()
    context = page_context(
        session, user, current_run(session, year), year, request.state.language
    ) | {"action_error": exc.message_in(request.state.language)}
    return render(request, "muju/evaluation.html", context, status_code=422)


@router.post("/muju/{year:int}/evaluate", include_in_schema=False, dependencies=[CsrfChecked])
def evaluate_form(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, year: int
) -> Response:
    settings = request.app.state.settings
    try:
        compute_run(session, _year(year), scheme_text(settings.muju_scheme), actor=user, now=now)
    except REFUSED as exc:
        return _refused(request, session, user, year, exc)
    return _back(year)


@router.post("/muju/{year:int}/publish", include_in_schema=False, dependencies=[CsrfChecked])
def publish_form(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    year: int,
    days: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        chosen = int(days) if days.strip() else None
    except ValueError:
        exc = Invalid(f"公示天数应为整数：{days} (days must be a whole number)")
        return _refused(request, session, user, year, exc)
    try:
        publish_run(session, _year(year), actor=user, now=now, days=chosen)
    except REFUSED as exc:
        return _refused(request, session, user, year, exc)
    return _back(year)


@router.post("/muju/{year:int}/objections", include_in_schema=False, dependencies=[CsrfChecked])
def objection_form(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    year: int,
    enterprise: Annotated[int, Form(ge=1, le=MAX_ID)],
    raised_by: Annotated[str, Form(max_length=100)],
    content: Annotated[str, Form(max_length=2000)],
    raised_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    try:
        day = date.fromisoformat(raised_on) if raised_on else district_today(now)
    except ValueError:
        exc = Invalid(f"提出日期应写成 2026-05-20：{raised_on} (not a date)")
        return _refused(request, session, user, year, exc)
    try:
        record_objection(
            session, _year(year), enterprise_id=enterprise, raised_by=raised_by,
            content=content, raised_on=day, actor=user, now=now,
        )  # fmt: skip
    except REFUSED as exc:
        return _refused(request, session, user, year, exc)
    return _back(year)


@router.post(
    "/muju/{year:int}/objections/{objection_id:id}",
    include_in_schema=False,
    dependencies=[CsrfChecked],
)
def settle_form(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    year: int,
    objection_id: int,
    decision: Annotated[str, Form(max_length=20)],
    note: Annotated[str, Form(max_length=2000)] = "",
    field: Annotated[str, Form(max_length=30)] = "",
    value: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    """Correct a figure (it becomes a ledger event, the year a new revision) or dismiss."""
    try:
        if decision == "dismiss":
            dismiss_objection(session, objection_id, reason=note, actor=user, now=now)
        else:
            figures = {_fact(field): _figure(value)}
            correct_objection(session, objection_id, figures, actor=user, now=now, note=note)
    except REFUSED as exc:
        return _refused(request, session, user, year, exc)
    return _back(year)


def _fact(field: str) -> FactField:
    try:
        return FactField(field)
    except ValueError as exc:
        raise Invalid(f"不能更正的数据项：{field} (not a figure)") from exc


def _figure(value: str) -> Decimal:
    try:
        number = Decimal(value.strip().replace(",", ""))
    except InvalidOperation as exc:
        raise Invalid(f"更正后的数据应为数字：{value} (not a number)") from exc
    if not number.is_finite() or number < 0 or number > Decimal("1e12"):
        raise Invalid(f"更正后的数据应为 0 至 1 万亿之间的数：{value} (out of range)")
    return number


@router.post("/muju/{year:int}/freeze", include_in_schema=False, dependencies=[CsrfChecked])
def freeze_form(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, year: int
) -> Response:
    try:
        freeze_run(session, _year(year), actor=user, now=now)
    except REFUSED as exc:
        return _refused(request, session, user, year, exc)
    return _back(year)


# --- downloads -------------------------------------------------------------------------------


@router.get("/muju/{year:int}/results.xlsx", include_in_schema=False)
def results_download(session: SessionDep, user: CurrentUser, year: int) -> Response:
    run = get_run_for_user(session, user, _year(year))
    return attachment(results_workbook(run), f"{year}年度亩均评价结果.xlsx")


@router.get("/muju/{year:int}/surcharges.xlsx", include_in_schema=False)
def surcharges_download(session: SessionDep, user: CurrentUser, year: int) -> Response:
    run = get_run_for_user(session, user, _year(year))
    content = surcharge_workbook(run, shipped_tariffs(year))
    return attachment(content, f"{year}年度差别化电价水价加价清单.xlsx")


@router.get("/muju/{year:int}/changes.xlsx", include_in_schema=False)
def changes_download(session: SessionDep, user: CurrentUser, year: int) -> Response:
    run = get_run_for_user(session, user, _year(year))
    changes = class_changes(run, last_year_grades(session, run).grades)
    return attachment(changes_workbook(run, changes), f"{year}年度亩均评价等级变化.xlsx")


@router.get("/muju/{year:int}/inefficient.xlsx", include_in_schema=False)
def inefficient_download(session: SessionDep, user: CurrentUser, year: int) -> Response:
    run = get_run_for_user(session, user, _year(year))
    tariffs = shipped_tariffs(year)
    firms = inefficient_firms(run, last_year_grades(session, run).grades, tariffs)
    parcels = inefficient_land(session, run, firms)
    content = inefficient_workbook(run, tariffs, firms, parcels)
    return attachment(content, f"{year}年度低效企业与低效用地清单.xlsx")


# --- JSON API --------------------------------------------------------------------------------


@router.get("/api/v1/muju/runs", response_model=RunsOut, tags=["muju"], responses=ERRORS)
def get_runs(session: SessionDep, user: CurrentUser) -> RunsOut:
    """每个年度的当前评价（最新版本）(each year's current evaluation run)."""
    require_reader(user)
    items = [RunOut.model_validate(run_summary(run)) for run in year_runs(session)]
    return RunsOut(items=items, count=len(items))


@router.get("/api/v1/muju/runs/{year:int}", response_model=RunOut, tags=["muju"], responses=ERRORS)
def get_run(session: SessionDep, user: CurrentUser, year: int) -> RunOut:
    """一个年度的评价：状态、方案、公示期、分类统计 (a year's run)."""
    return RunOut.model_validate(run_summary(get_run_for_user(session, user, _year(year))))


@router.get(
    "/api/v1/muju/runs/{year:int}/results",
    response_model=ResultsOut,
    tags=["muju"],
    responses=ERRORS,
)
def get_results(
    session: SessionDep, user: CurrentUser, year: int, q: TextQuery = "", grade: GradeQuery = ""
) -> ResultsOut:
    """评价结果：得分、等级、名次与说明；镇街专员只见本镇街企业 (results with explanations)."""
    run = get_run_for_user(session, user, _year(year))
    found = search(visible_results(session, run, scope_path(user)), text=q, grade=grade)
    items = [ResultOut.of(r) for r in found]
    return ResultsOut(run=RunOut.model_validate(run_summary(run)), items=items, count=len(items))


@router.get(
    "/api/v1/muju/runs/{year:int}/enterprises/{enterprise_id:id}",
    response_model=ResultOut,
    tags=["muju"],
    responses=ERRORS,
)
def get_enterprise_result(
    session: SessionDep, user: CurrentUser, year: int, enterprise_id: int
) -> ResultOut:
    """一家企业的得分、等级和每一分的来源 (one enterprise's result explained)."""
    run = get_run_for_user(session, user, _year(year))
    return ResultOut.of(get_result_for_user(session, user, run, enterprise_id))

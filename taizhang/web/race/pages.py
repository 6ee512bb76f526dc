"""赛马比拼 pages and API: the leaderboard, a unit's points explained, targets and completion.

Who sees what. The leaderboard and the completion table are published among the units (每月排名
is read out to every town and platform), so every logged-in user sees all of them. The explain
page names the projects and events behind each point, so unit staff see it only for their own
unit (403 otherwise); viewers and district administrators see every unit's. Only district
administrators set or import targets (`race.targets` enforces it).

Rankings use the points rules shipped for the period's year (`shipped_rules`). The dashboard's
trend is each month's points of the three units with the most points over the year's months so
far, scored from one read of the ledger's events.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.kernel.money import amount_in_unit, is_money_unit
from taizhang.kernel.periods import Period, parse_period
from taizhang.org.access import Section, scope_path
from taizhang.org.models import Role, Unit, User
from taizhang.race.board import (
    PeriodChoice,
    TargetTable,
    board_or_default,
    chosen_as_of,
    default_as_of,
    default_board,
    explain_for,
    scored,
    target_table,
)
from taizhang.race.engine.progress import Status
from taizhang.race.loading import RaceLevel, racing_units
from taizhang.race.metrics import Metric, find_metric, list_metrics
from taizhang.race.target_import import import_targets
from taizhang.race.targets import set_target
from taizhang.web.bounds import FIRST_YEAR, LAST_YEAR, MAX_ID, Day
from taizhang.web.deps import CsrfChecked, CurrentUser, NowDep, SessionDep, district_today, section
from taizhang.web.errors import ERRORS
from taizhang.web.race.charts import board_charts, completion_charts
from taizhang.web.race.schemas import (
    CompletionOut,
    CompletionsOut,
    ExplainOut,
    RankingOut,
    RankingsOut,
    ScorePartOut,
    TargetIn,
    TargetOut,
    period_fields,
)
from taizhang.web.rendering import render
from taizhang.web.uploads import read_upload, saved_upload

router = APIRouter(dependencies=[section(Section.RACE)])
PeriodQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        description="期间：2026-05、2026-Q2、2026-W20、2026；默认本月，但本月前 7 天或本月尚无"
        "单位得分时为上月 (default: this month, or last month while this one is nearly empty)",
    ),
]
LevelQuery = Annotated[str, Query(description="town（镇街/平台）或 department（部门）")]
YearQuery = Annotated[int | None, Query(ge=1900, le=2999, description="年度；默认今年")]
AsOfQuery = Annotated[
    Day | None,
    Query(
        description="统计日期，须在该年度内；默认今天，但 1 月前 7 天或今年尚无目标时为上年 "
        "12 月 31 日 (default: today, or last year's end while this year is nearly empty)"
    ),
]


# --- data ------------------------------------------------------------------------------------


def target_value(text: str, metric: Metric | None) -> Decimal:
    """A target as typed: a number of the metric's unit, or for a money metric an amount as
    people write it (120亿 for a metric in 亿元, 3000万美元 for one in 万美元)."""
    try:
        if metric is not None and is_money_unit(metric.unit):
            return amount_in_unit(text, metric.unit)
        return Decimal(text.strip())
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    except InvalidOperation as exc:
        raise Invalid(f"目标值应为数字，实为“{text}” (not a number)") from exc


def _period(session: Session, text: str | None, now: datetime) -> Period:
    """The asked-for period, or the one the board shows by default."""
    if text:
        return parse_period(text)
    return default_board(session, district_today(now), "town")[1].shown


def _as_of(
    session: Session, year: int | None, as_of: date | None, now: datetime
) -> tuple[int, date, PeriodChoice | None]:
    """The asked-for year and date, or the targets page's default with the choice made."""
    if year is None and as_of is None:
        return default_as_of(session, district_today(now))
    return (*chosen_as_of(year, as_of, district_today(now)), None)


# --- pages -----------------------------------------------------------------------------------


@router.get("/race", response_class=HTMLResponse, include_in_schema=False)
def race_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    period: PeriodQuery = None,
    level: LevelQuery = "town",
) -> Response:
    board, choice = board_or_default(session, period, district_today(now), level)
    context = {
        "board": board,
        "choice": choice,
        "nobody_scored": not scored(board),
        "levels": {level.value: level for level in RaceLevel},
    } | board_charts(session, board, request.state.language, scope_path(user))
    return render(request, "race/board.html", context)


@router.get("/race/units/{unit_id:id}", response_class=HTMLResponse, include_in_schema=False)
def explain_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    unit_id: int,
    period: PeriodQuery = None,
) -> Response:
    found = explain_for(session, user, unit_id, _period(session, period, now))
    return render(request, "race/explain.html", {"explained": found})


@router.get("/race/targets", response_class=HTMLResponse, include_in_schema=False)
def targets_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    year: YearQuery = None,
    as_of: AsOfQuery = None,
) -> Response:
    chosen, day, choice = _as_of(session, year, as_of, now)
    extra: dict[str, object] = {"choice": choice}
    return render_targets(request, session, user, target_table(session, chosen, day), extra)


def render_targets(
    request: Request,
    session: Session,
    user: User,
    table: TargetTable,
    extra: dict[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    admin = user.role == Role.DISTRICT_ADMIN
    context: dict[str, object] = {"table": table, "admin": admin, "statuses": list(Status)}
    context |= {"charts": completion_charts(table, request.state.language)}
    if admin:
        town, department = racing_units(session), racing_units(session, level="department")
        context |= {"units": town + department, "metrics": list_metrics(session)}
    return render(request, "race/targets.html", context | (extra or {}), status_code=status_code)


@router.post("/race/targets", include_in_schema=False, dependencies=[CsrfChecked])
def target_form(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    unit: Annotated[int, Form(ge=1, le=MAX_ID)],
    year: Annotated[int, Form(ge=FIRST_YEAR, le=LAST_YEAR)],
    metric: Annotated[str, Form(max_length=100)],
    value: Annotated[str, Form(max_length=100)],
) -> Response:
    """A value the form cannot read, or a target the ledger refuses, shows the page again with
    what was typed and the problem beside the value (422)."""
    typed = {"unit": str(unit), "metric": metric, "value": value}
    try:
        amount = target_value(value, find_metric(list_metrics(session), metric))
        set_target(session, unit=unit, year=year, metric=metric, value=amount, actor=user, now=now)
    except Invalid as exc:
        session.rollback()
        table = target_table(session, *chosen_as_of(year, None, district_today(now)))
        context: dict[str, object] = {
            "typed": typed,
            "value_error": exc.message_in(request.state.language),
        }
        return render_targets(request, session, user, table, context, 422)
    return RedirectResponse(f"/race/targets?year={year}", status_code=303)


@router.post("/race/targets/import", include_in_schema=False, dependencies=[CsrfChecked])
async def target_upload(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep
) -> Response:
    """The form's file, read after the log-in and CSRF checks and parsed in a worker thread."""
    name, content = await read_upload(request)
    year, day = chosen_as_of(None, None, district_today(now))
    try:
        with saved_upload(name, content) as path:
            summary = await run_in_threadpool(import_targets, session, path, actor=user, now=now)
    except Invalid as exc:
        session.rollback()
        context = {"error": exc, "name": name}
        return render_targets(
            request, session, user, target_table(session, year, day), context, 422
        )
    context = {"summary": summary, "name": name}
    return render_targets(request, session, user, target_table(session, year, day), context)


# --- JSON API --------------------------------------------------------------------------------


@router.get("/api/v1/race/rankings", response_model=RankingsOut, tags=["race"], responses=ERRORS)
def get_rankings(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    period: PeriodQuery = None,
    level: LevelQuery = "town",
) -> RankingsOut:
    """排名及较上期变化 (the leaderboard with the change since the previous period)."""
    board, _ = board_or_default(session, period, district_today(now), level)
    items = [RankingOut.of(s) for s in board.standings]
    fields = period_fields(board.period)
    return RankingsOut(
        **fields, level=level, rules_version=board.rules.version, items=items, count=len(items)
    )


@router.get("/api/v1/race/explain", response_model=ExplainOut, tags=["race"], responses=ERRORS)
def get_explain(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    unit: Annotated[int, Query(ge=1, le=MAX_ID)],
    period: PeriodQuery = None,
) -> ExplainOut:
    """每一分的来源：规则、事件、项目 (every point with its rule, event and project)."""
    found = explain_for(session, user, unit, _period(session, period, now))
    parts = [ScorePartOut.of(p, found.projects) for p in found.standing.score.parts]
    return ExplainOut(
        unit=RankingOut.of(found.standing).unit,
        **period_fields(found.board.period),
        rules_version=found.board.rules.version,
        rank=found.standing.ranked.rank,
        total=found.standing.score.total,
        parts=parts,
        count=len(parts),
    )


@router.get("/api/v1/race/targets", response_model=CompletionsOut, tags=["race"], responses=ERRORS)
def get_targets(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    year: YearQuery = None,
    as_of: AsOfQuery = None,
) -> CompletionsOut:
    """目标、完成、完成率、序时进度与红黄绿状态 (completion of every target of the year)."""
    chosen, day, _ = _as_of(session, year, as_of, now)
    table = target_table(session, chosen, day)
    items = [CompletionOut.of(r.done, r.unit, r.metric) for r in table.rows]
    return CompletionsOut(year=table.year, as_of=table.as_of, items=items, count=len(items))


@router.put(
    "/api/v1/race/targets",
    response_model=TargetOut,
    tags=["race"],
    responses=ERRORS,
    dependencies=[CsrfChecked],
)
def put_target(session: SessionDep, user: CurrentUser, now: NowDep, given: TargetIn) -> TargetOut:
    """设定一个单位的年度目标；仅区级管理员 (set a unit's target; district admins only)."""
    target = set_target(
        session,
        unit=given.unit,
        year=given.year,
        metric=given.metric,
        value=given.value,
        actor=user,
        now=now,
    )
    unit = session.get(Unit, target.unit_id)
    assert unit is not None
    return TargetOut.of(target, unit)

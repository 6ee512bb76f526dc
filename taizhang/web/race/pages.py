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

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import AppError, Forbidden, Invalid, NotFound
from taizhang.kernel.periods import Period, parse_period, period_containing
from taizhang.org.access import can_view
from taizhang.org.models import Role, Unit, UnitKind, User
from taizhang.org.units import list_units
from taizhang.projects.models import Project
from taizhang.race.engine.progress import Completion, Status, completions
from taizhang.race.engine.ranking import Standing
from taizhang.race.engine.rules import RuleSet
from taizhang.race.engine.scoring import score_units
from taizhang.race.loading import LEVEL_LABELS, racing_units, stage_events
from taizhang.race.metrics import Metric, list_metrics
from taizhang.race.standings import shipped_rules, standings
from taizhang.race.target_import import import_targets
from taizhang.race.targets import actuals, set_target, targets_for
from taizhang.web.charts import TrendSeries, trend_svg
from taizhang.web.deps import CsrfChecked, CurrentUser, NowDep, SessionDep, district_today
from taizhang.web.i18n import translate
from taizhang.web.projects.imports import MAX_UPLOAD_BYTES, check_upload
from taizhang.web.projects.schemas import ErrorOut
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

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut} for status in (401, 403, 404, 422)
}
router = APIRouter()
PeriodQuery = Annotated[
    str | None, Query(max_length=40, description="期间：2026-05、2026-Q2、2026-W20、2026；默认本月")
]
LevelQuery = Annotated[str, Query(description="town（镇街/平台）或 department（部门）")]
YearQuery = Annotated[int | None, Query(ge=1900, le=2999, description="年度；默认今年")]
AsOfQuery = Annotated[date | None, Query(description="统计日期，须在该年度内；默认今天")]
TREND_UNITS = 3
CARD_ROWS = 5


# --- data ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Board:
    period: Period
    level: str
    rules: RuleSet
    standings: list[Standing]


@dataclass(frozen=True)
class Explained:
    board: Board
    standing: Standing
    projects: dict[int, str]


@dataclass(frozen=True)
class CompletionRow:
    done: Completion
    unit: Unit
    metric: Metric


@dataclass(frozen=True)
class TargetTable:
    year: int
    as_of: date
    rows: list[CompletionRow]


@dataclass(frozen=True)
class RaceCard:
    board: Board | None
    problem: str | None
    laggards: list[CompletionRow]
    trend_svg: str


def chosen_period(text: str | None, today: date) -> Period:
    return parse_period(text) if text else period_containing("month", today)


def board_for(session: Session, period: Period, level: str) -> Board:
    rules = shipped_rules(period.year)
    return Board(period, level, rules, standings(session, period=period, rules=rules, level=level))


def get_racing_unit_for_user(session: Session, user: User, unit_id: int) -> Unit:
    """The unit whose points a user may see explained: unit staff only their own unit's."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"未找到单位 {unit_id} (unit not found)")
    if user.role == Role.UNIT_STAFF and not can_view(user, unit):
        raise Forbidden("单位专员只能查看本单位的积分明细 (unit staff see their own unit only)")
    return unit


def explain_for(session: Session, user: User, unit_id: int, period: Period) -> Explained:
    unit = get_racing_unit_for_user(session, user, unit_id)
    level = "department" if unit.kind == UnitKind.DEPARTMENT else "town"
    board = board_for(session, period, level)
    standing = next((s for s in board.standings if s.unit.unit_id == unit.id), None)
    if standing is None:
        raise NotFound(f"{unit.name}不参加赛马排名 (not a racing unit)")
    ids = {p.project_id for p in standing.score.parts if p.project_id is not None}
    rows = session.execute(select(Project.id, Project.name).where(Project.id.in_(ids)))
    return Explained(board, standing, {pid: name for pid, name in rows})


def chosen_as_of(year: int | None, as_of: date | None, today: date) -> tuple[int, date]:
    chosen = year or (as_of.year if as_of else today.year)
    if as_of is not None and as_of.year != chosen:
        raise Invalid(f"统计日期 {as_of} 不在 {chosen} 年度内 (as_of outside the year)")
    return chosen, as_of or min(max(today, date(chosen, 1, 1)), date(chosen, 12, 31))


def target_table(session: Session, year: int, as_of: date) -> TargetTable:
    """Every target of the year with its year-to-date completion, by unit then metric."""
    targets = targets_for(session, year=year)
    units = {u.id: u for u in list_units(session) if u.id in {uid for uid, _ in targets}}
    metrics = list_metrics(session)
    done = actuals(session, year=year, until=as_of, units={i: u.path for i, u in units.items()})
    by_code = {m.code: m for m in metrics}
    order = {m.code: i for i, m in enumerate(metrics)}
    rows = [
        CompletionRow(c, units[c.unit_id], by_code[c.metric])
        for c in completions(targets, done, as_of=as_of)
    ]
    rows.sort(key=lambda r: (r.unit.path, order[r.metric.code]))
    return TargetTable(year, as_of, rows)


def worst_first(rows: list[CompletionRow]) -> list[CompletionRow]:
    """Furthest behind 序时进度 first; targets of 0 (no gap) last."""
    return sorted(rows, key=lambda r: (r.done.gap_pp is None, r.done.gap_pp or 0))


def race_card(session: Session, today: date, language: str) -> RaceCard:
    """The dashboard's race cards: this month's top units, laggards, and the year's trend."""
    laggards = worst_first(target_table(session, today.year, today).rows)[:CARD_ROWS]
    title = translate("race_trend", language, year=today.year)
    try:
        board = board_for(session, period_containing("month", today), "town")
    except AppError as exc:
        return RaceCard(None, exc.message, laggards, trend_svg([], title=title))
    return RaceCard(board, None, laggards, trend_chart(session, board.rules, today, title))


def trend_chart(session: Session, rules: RuleSet, today: date, title: str) -> str:
    """Each month's points (January to this month) of the units with the most points in them."""
    months = [period_containing("month", date(today.year, m, 1)) for m in range(1, today.month + 1)]
    months = [m for m in months if rules.covers(m.start) and rules.covers(m.end)]
    units = racing_units(session, level="town")
    if not months:
        return trend_svg([], title=title)
    events = stage_events(session, start=rules.valid_from, end=months[-1].end)  # as the board
    scored = [{s.unit_id: s.total for s in score_units(events, units, rules, m)} for m in months]
    names = {u.unit_id: u.name for u in units}
    top = sorted(names, key=lambda uid: (-sum(month[uid] for month in scored), uid))
    series = [
        TrendSeries(
            names[uid],
            tuple(
                (f"{m.start.month}月", float(month[uid]))
                for m, month in zip(months, scored, strict=True)
            ),
        )
        for uid in top[:TREND_UNITS]
    ]
    return trend_svg(series, title=title)


def _form_value(text: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except InvalidOperation as exc:
        raise Invalid(f"目标值应为数字，实为“{text}” (not a number)") from exc


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
    board = board_for(session, chosen_period(period, district_today(now)), level)
    context = {"board": board, "levels": LEVEL_LABELS}
    return render(request, "race/board.html", context)


@router.get("/race/units/{unit_id}", response_class=HTMLResponse, include_in_schema=False)
def explain_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    unit_id: int,
    period: PeriodQuery = None,
) -> Response:
    found = explain_for(session, user, unit_id, chosen_period(period, district_today(now)))
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
    chosen, day = chosen_as_of(year, as_of, district_today(now))
    return render_targets(request, session, user, target_table(session, chosen, day))


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
    if admin:
        town, department = racing_units(session), racing_units(session, level="department")
        context |= {"units": town + department, "metrics": list_metrics(session)}
    return render(request, "race/targets.html", context | (extra or {}), status_code=status_code)


@router.post("/race/targets", include_in_schema=False, dependencies=[CsrfChecked])
def target_form(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    unit: Annotated[int, Form()],
    year: Annotated[int, Form()],
    metric: Annotated[str, Form()],
    value: Annotated[str, Form()],
) -> Response:
    amount = _form_value(value)
    set_target(session, unit=unit, year=year, metric=metric, value=amount, actor=user, now=now)
    return RedirectResponse(f"/race/targets?year={year}", status_code=303)


@router.post("/race/targets/import", include_in_schema=False, dependencies=[CsrfChecked])
async def target_upload(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, file: UploadFile
) -> Response:
    name = Path(file.filename or "").name
    content = await file.read(MAX_UPLOAD_BYTES + 1)
    year, day = chosen_as_of(None, None, district_today(now))
    try:
        check_upload(name, content)
        with TemporaryDirectory() as folder:
            (Path(folder) / name).write_bytes(content)
            summary = import_targets(session, Path(folder) / name, actor=user, now=now)
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
    board = board_for(session, chosen_period(period, district_today(now)), level)
    items = [RankingOut.of(s) for s in board.standings]
    fields = period_fields(board.period)
    return RankingsOut(
        **fields, level=level, rules_version=board.rules.version, items=items, count=len(items)
    )


@router.get("/api/v1/race/explain", response_model=ExplainOut, tags=["race"], responses=ERRORS)
def get_explain(
    session: SessionDep, user: CurrentUser, now: NowDep, unit: int, period: PeriodQuery = None
) -> ExplainOut:
    """每一分的来源：规则、事件、项目 (every point with its rule, event and project)."""
    found = explain_for(session, user, unit, chosen_period(period, district_today(now)))
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
    chosen, day = chosen_as_of(year, as_of, district_today(now))
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

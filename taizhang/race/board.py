"""The race as the pages and the API show it: a period's board, one unit's points explained,
and the year's targets with their completion. Use-case functions over the engine and the ledger;
they take a session and return plain dataclasses.

Defaults are what a person means (`default_board`, `default_as_of`). A month that has just
begun is nearly empty: ranking it shows every unit at 0. So when no period is asked for:

- the board shows the current month from its 8th day on (`QUIET_DAYS` = 7), once a unit has
  scored in it; in its first 7 days, or while no unit has scored in it, it shows the last
  complete month — and says so, with a link to the current one (`PeriodChoice.reason`);
- the targets page counts the current year to today from its 8th day on, if the year has
  targets; in the first 7 days of January, or while the year has no targets, it shows the last
  year at 31 December (if that year has targets), and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid, NotFound
from taizhang.kernel.periods import Period, parse_period, period_containing, previous
from taizhang.org.models import Unit, UnitKind, User
from taizhang.org.units import list_units
from taizhang.projects.models import Project
from taizhang.race.access import get_racing_unit_for_user
from taizhang.race.engine.model import UnitRef
from taizhang.race.engine.progress import Completion, completion, completions
from taizhang.race.engine.ranking import Standing, anyone_scored, rank_scores
from taizhang.race.engine.rules import RuleSet
from taizhang.race.engine.scoring import score_units
from taizhang.race.loading import stage_events
from taizhang.race.metrics import Metric, list_metrics
from taizhang.race.standings import shipped_rules, standings
from taizhang.race.targets import actuals, targets_for


@dataclass(frozen=True)
class Board:
    period: Period
    level: str
    rules: RuleSet
    standings: list[Standing]


QUIET_DAYS = 7  # a period's first days, when it is too young to show by default


@dataclass(frozen=True)
class PeriodChoice:
    """Which period a default shows, and why it is not the current one (None: it is)."""

    shown: Period
    current: Period
    reason: str | None  # "early": within QUIET_DAYS; "empty": nothing scored or set yet
    day: int  # today is the current period's day 1, 2, …


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
class MetricTotal:
    """合计 of one metric over the table's units: targets and actuals summed, then completed."""

    done: Completion
    metric: Metric


@dataclass(frozen=True)
class TargetTable:
    year: int
    as_of: date
    rows: list[CompletionRow]
    totals: list[MetricTotal]


def chosen_period(text: str | None, today: date) -> Period:
    return parse_period(text) if text else period_containing("month", today)


def board_for(session: Session, period: Period, level: str) -> Board:
    rules = shipped_rules(period.year)
    return Board(period, level, rules, standings(session, period=period, rules=rules, level=level))


def scored(board: Board) -> bool:
    """Whether any unit has scored in the board's period (else nobody is ranked)."""
    return anyone_scored([s.score for s in board.standings])


def default_board(session: Session, today: date, level: str) -> tuple[Board, PeriodChoice]:
    """The board a person means when they ask for none (module docstring): this month, or the
    last complete one while this month is nearly empty."""
    current = period_containing("month", today)
    day = _days_into(current, today)
    reason = "early" if day <= QUIET_DAYS else None
    if reason is None:
        board = board_for(session, current, level)
        if scored(board):
            return board, PeriodChoice(current, current, None, day)
        reason = "empty"
    last = previous(current)
    return board_for(session, last, level), PeriodChoice(last, current, reason, day)


def board_or_default(
    session: Session, text: str | None, today: date, level: str
) -> tuple[Board, PeriodChoice | None]:
    """The asked-for period's board, or the default one with the choice made."""
    if text:
        return board_for(session, parse_period(text), level), None
    return default_board(session, today, level)


def default_as_of(session: Session, today: date) -> tuple[int, date, PeriodChoice]:
    """The year and date the targets page shows when none is asked for, and why it is not
    this year to today (`reason` None: it is): see the module docstring."""
    year = period_containing("year", today)
    day = _days_into(year, today)
    reason = "early" if day <= QUIET_DAYS else None
    this_year = today.year, today, PeriodChoice(year, year, None, day)
    if reason is None and targets_for(session, year=today.year):
        return this_year
    last = previous(year)
    if not targets_for(session, year=last.year):
        return this_year
    return last.year, last.end, PeriodChoice(last, year, reason or "empty", day)


def _days_into(period: Period, today: date) -> int:
    """1 on the period's first day."""
    return (today - period.start).days + 1


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
    return TargetTable(year, as_of, rows, metric_totals(rows, metrics, as_of=as_of))


def metric_totals(
    rows: list[CompletionRow], metrics: list[Metric], *, as_of: date
) -> list[MetricTotal]:
    """Each metric's 合计 over the outermost units (a unit inside another of the table is
    already counted in it), in the metrics' order; metrics nobody has a target for are left out."""
    outer = [r for r in rows if not any(_inside(r.unit, o.unit) for o in rows)]
    totals = []
    for metric in metrics:
        mine = [r.done for r in outer if r.metric.code == metric.code]
        if mine:
            target = sum((c.target for c in mine), start=Decimal(0))
            actual = sum((c.actual for c in mine), start=Decimal(0))
            done = completion(
                unit_id=0, metric=metric.code, target=target, actual=actual, as_of=as_of
            )
            totals.append(MetricTotal(done, metric))
    return totals


def _inside(unit: Unit, other: Unit) -> bool:
    return unit.id != other.id and unit.path.startswith(other.path)


def worst_first(rows: list[CompletionRow]) -> list[CompletionRow]:
    """Furthest behind 序时进度 first; targets of 0 (no gap) last."""
    return sorted(rows, key=lambda r: (r.done.gap_pp is None, r.done.gap_pp or 0))


HISTORY_PERIODS = 6


@dataclass(frozen=True)
class RankHistory:
    """Each racing unit's rank over the periods up to the board's (oldest first); None where
    nobody scored, so nobody was ranked."""

    periods: list[Period]
    units: list[UnitRef]
    ranks: dict[int, list[int | None]]


def rank_history(session: Session, board: Board, count: int = HISTORY_PERIODS) -> RankHistory:
    """The ranks of the `count` periods of the board's kind ending with its own, those the
    board's rules cover, scored from one read of the ledger's events."""
    periods = [board.period]
    while len(periods) < count and board.rules.covers(previous(periods[0]).start):
        periods.insert(0, previous(periods[0]))
    units = [s.unit for s in board.standings]
    events = stage_events(session, start=board.rules.valid_from, end=board.period.end)
    ranks: dict[int, list[int | None]] = {u.unit_id: [] for u in units}
    for period in periods:
        ranked = rank_scores(score_units(events, units, board.rules, period), None)
        for r in ranked:
            ranks[r.unit_id].append(r.rank)
    return RankHistory(periods, units, ranks)

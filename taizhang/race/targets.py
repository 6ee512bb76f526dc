"""Annual targets (年度任务) per unit and metric, and what the ledger says was achieved.

- Metrics are in `race.metrics`; a targets sheet is read by `race.target_import`.
- Targets (`targets`, one per unit, year and metric) are in the metric's unit. Only district
  administrators set them (the district assigns the tasks); `actor=None` is the system (CLI).
  Every change — and every entered monthly value — is appended to `metric_changes` with the
  previous value, who, when and whence (人工录入 or "file 第N行"); the row itself keeps only
  the current value and its last editor, so pages read one row and the history is complete.
- `actuals(...)` is year-to-date: from 1 January to `until`. Count and sum metrics read the
  stages reached in that window (`projects.stage_history`, retracted ones left out); a project
  counts once per metric however often it reaches the stage. A project belongs to each racing
  unit whose path prefixes its unit's path.
  Entered values count for the months January to the month of `until` (a month's figure is
  entered for the whole month, so one entered for the reference date's month counts), and
  only the unit's own entries count: a statistics office reports a town's figure for the town,
  not as a sum of its villages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.kernel.stages import Stage
from taizhang.org.access import require_district_admin
from taizhang.org.models import Unit, UnitKind, User
from taizhang.org.units import find_unit, is_compound_party
from taizhang.projects.stage_history import stage_reachings
from taizhang.race.metrics import Metric, MetricKind, list_metrics, resolve_metric, value_problem
from taizhang.race.models import MetricChange, MetricValue, Target

FEN_PER_YI = Decimal(10**10)
YEARS_BACK = 10  # targets may be set for this many years before the current one …
YEARS_AHEAD = 2  # … and this many after it
MANUAL = "人工录入"
Outcome = Literal["created", "updated", "unchanged"]


def set_target(
    session: Session,
    *,
    unit: Unit | int | str,
    year: int,
    metric: Metric | str,
    value: Decimal | int,
    actor: User | None,
    now: datetime,
    source: str = MANUAL,
) -> Target:
    """Set a unit's target for a year; an unchanged value records nothing."""
    require_district_admin(actor, "设定目标 (set targets)")
    found_unit, found_metric, amount = _checked(session, unit, metric, year, value, now)
    key = {"unit_id": found_unit.id, "year": year, "metric": found_metric.code}
    return upsert_figure(session, Target, key, amount, Said(actor, now, source))[0]


def set_metric_value(
    session: Session,
    *,
    unit: Unit | int | str,
    metric: Metric | str,
    year: int,
    month: int,
    value: Decimal | int,
    actor: User | None,
    now: datetime,
    source: str = MANUAL,
) -> MetricValue:
    """Enter a unit's figure of one month for a value metric (实际利用外资 …)."""
    require_district_admin(actor, "填报指标数据 (enter figures)")
    found_unit, found_metric, amount = _checked(session, unit, metric, year, value, now)
    if found_metric.kind is not MetricKind.VALUE:
        raise Invalid(f"“{found_metric.label}”由台账项目事件自动计算，不能填报 (computed)")
    if not 1 <= month <= 12:
        raise Invalid(f"月份应为 1–12，实为 {month} (month out of range)")
    key = {"unit_id": found_unit.id, "year": year, "metric": found_metric.code, "month": month}
    return upsert_figure(session, MetricValue, key, amount, Said(actor, now, source))[0]


def _checked(
    session: Session,
    unit: Unit | int | str,
    metric: Metric | str,
    year: int,
    value: Decimal | int,
    now: datetime,
) -> tuple[Unit, Metric, Decimal]:
    found_unit, found_metric = _unit(session, unit), resolve_metric(session, metric)
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise Invalid(f"数值应为数字，实为“{value}” (not a number)")
    amount = Decimal(value)
    problem = year_problem(year, now) or value_problem(found_metric, amount)
    if problem:
        raise Invalid(problem)
    return found_unit, found_metric, amount


@dataclass(frozen=True)
class Said:
    """Who changed a figure, when, and from where (人工录入, or a file's row)."""

    actor: User | None
    now: datetime
    source: str


Figure = TypeVar("Figure", Target, MetricValue)


def upsert_figure(
    session: Session, model: type[Figure], key: dict[str, Any], value: Decimal, said: Said
) -> tuple[Figure, Outcome]:
    """Write a target or an entered value and log the change; the same value changes nothing."""
    row = session.scalar(select(model).filter_by(**key))
    old = row.value if row is not None else None
    if row is not None and old == value:
        return row, "unchanged"
    if row is None:
        row = model(**key)
        session.add(row)
    actor_id = said.actor.id if said.actor else None
    row.value, row.updated_by_id, row.updated_at = value, actor_id, said.now
    kind = "target" if model is Target else "value"
    session.add(
        MetricChange(
            kind=kind,
            **key,
            old_value=old,
            new_value=value,
            actor_id=actor_id,
            changed_at=said.now,
            source=said.source,
        )
    )
    session.flush()
    return row, "created" if old is None else "updated"


def targets_for(
    session: Session, *, year: int, unit_ids: Iterable[int] | None = None
) -> dict[tuple[int, str], Decimal]:
    """The year's targets by (unit id, metric code)."""
    query = select(Target.unit_id, Target.metric, Target.value).where(Target.year == year)
    if unit_ids is not None:
        query = query.where(Target.unit_id.in_(list(unit_ids)))
    return {(uid, code): value for uid, code, value in session.execute(query)}


def target_history(session: Session, *, unit_id: int, year: int, metric: str) -> list[MetricChange]:
    """Every setting of one target, oldest first."""
    query = select(MetricChange).where(
        MetricChange.kind == "target",
        MetricChange.unit_id == unit_id,
        MetricChange.year == year,
        MetricChange.metric == metric,
    )
    return list(session.scalars(query.order_by(MetricChange.id)))


def _unit(session: Session, unit: Unit | int | str) -> Unit:
    found = unit if isinstance(unit, Unit) else None
    if isinstance(unit, int):
        found = session.get(Unit, unit)
    elif isinstance(unit, str):
        found = find_unit(session, unit)
    if found is None:
        raise Invalid(f"未知的单位“{unit}”，请填单位代码或全称 (unknown unit)")
    problem = target_unit_problem(found)
    if problem:
        raise Invalid(problem)
    return found


def target_unit_problem(unit: Unit) -> str | None:
    """Why a unit can have no targets or entered figures (None: it can)."""
    if not is_compound_party(unit):
        return None
    label = UnitKind(unit.kind).label
    return f"{unit.name}是小区的{label}，没有目标和指标数据 (a {unit.kind} has no targets)"


def year_problem(year: int, now: datetime) -> str | None:
    """What is wrong with the year of a target, in words (None: nothing)."""
    low, high = now.year - YEARS_BACK, now.year + YEARS_AHEAD
    if isinstance(year, bool) or not isinstance(year, int) or not low <= year <= high:
        return f"年度应在 {low}–{high} 之间，实为 {year} (year out of range)"
    return None


# ---------------------------------------------------------------------------------------------
# Actuals
# ---------------------------------------------------------------------------------------------


def actuals(
    session: Session,
    *,
    year: int,
    until: date,
    units: Sequence[Unit] | Mapping[int, str],
    metrics: Sequence[Metric | str] | None = None,
) -> dict[tuple[int, str], Decimal]:
    """Year-to-date value of each metric for each racing unit, keyed by (unit id, metric code).

    `units` are Unit rows or {unit id: path} (e.g. from the race's `UnitRef`s)."""
    chosen = (
        list_metrics(session) if metrics is None else [resolve_metric(session, m) for m in metrics]
    )
    paths = dict(units) if isinstance(units, Mapping) else {u.id: u.path for u in units}
    result = {(uid, m.code): Decimal(0) for uid in paths for m in chosen}
    start, end = date(year, 1, 1), min(until, date(year, 12, 31))
    if end < start or not paths:
        return result
    counted = [m for m in chosen if m.kind is not MetricKind.VALUE]
    entered = [m for m in chosen if m.kind is MetricKind.VALUE]
    if counted:
        result.update(_event_actuals(session, counted, paths, start, end))
    if entered:
        result.update(_entered_actuals(session, entered, paths, year, end.month))
    return result


def _event_actuals(
    session: Session, metrics: Sequence[Metric], paths: Mapping[int, str], start: date, end: date
) -> dict[tuple[int, str], Decimal]:
    by_stage: defaultdict[Stage | None, list[Metric]] = defaultdict(list)
    for metric in metrics:
        by_stage[metric.stage].append(metric)
    reached: defaultdict[tuple[int, str], dict[int, int | None]] = defaultdict(dict)
    for reaching in stage_reachings(session, since=start, until=end):
        fen = reaching.investment_cny_fen
        owners = [uid for uid, prefix in paths.items() if reaching.unit_path.startswith(prefix)]
        for metric in by_stage.get(reaching.stage, ()):
            if metric.min_yi is None or (fen is not None and fen >= metric.min_yi * FEN_PER_YI):
                for uid in owners:
                    reached[(uid, metric.code)][reaching.project_id] = fen
    by_code = {m.code: m for m in metrics}
    return {
        (uid, code): _measure(by_code[code], projects) for (uid, code), projects in reached.items()
    }


def _measure(metric: Metric, projects: Mapping[int, int | None]) -> Decimal:
    if metric.kind is MetricKind.COUNT:
        return Decimal(len(projects))
    return Decimal(sum(fen or 0 for fen in projects.values())) / FEN_PER_YI


def _entered_actuals(
    session: Session, metrics: Sequence[Metric], paths: Mapping[int, str], year: int, month: int
) -> dict[tuple[int, str], Decimal]:
    rows = session.execute(
        select(MetricValue.unit_id, MetricValue.metric, MetricValue.value).where(
            MetricValue.unit_id.in_(list(paths)),
            MetricValue.metric.in_([m.code for m in metrics]),
            MetricValue.year == year,
            MetricValue.month <= month,
        )
    )
    totals: defaultdict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for unit_id, code, value in rows:  # summed here: SQLite would add them as floats
        totals[(unit_id, code)] += value
    return dict(totals)

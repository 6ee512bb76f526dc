"""指导员月度考评 from the ledger: each compound's four dimensions for a month, then each
instructor's as the mean over the compounds they cover, stored with the figures behind them.

- 履职情况 (duty): weekly visits (`appeals.visits`): 100 × the month's weeks with a visit / the
  month's weeks (`weeks_of_month`).
- 服务成效 (service): the compound's appeals received in the month (`appeals.statistics`):
  100 × the mean of the on-time rate (1 − overdue / registered) and the resolution rate.
- 群众满意度 (satisfaction): owners, the requesters' grades given in the month × 20 (5 stars
  = 100), primary; the 业委会's and 物业's ratings (`appeals.ratings`), secondary; combined by
  `evaluation.combine_satisfaction`.
- 三方协同水平 (collaboration): the community's rating, as entered.

ASSUMED, as no source gives these rules (DOMAIN §8.4), and written here so they can be argued
with: a month without appeals scores 100 for service and a month with appeals but none closed
scores on time alone; a month without an owner's grade takes the owners' part as the weighted
mean of the 业委会's and 物业's, so having no requests neither helps nor hurts. A compound whose
业委会, 物业 or 社区 score is missing is not evaluated, and the page says which is missing.

Model instructors and benchmark compounds are chosen by `evaluation.select_models` among the
evaluated ones; "overdue" there is the month's overdue appeals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from taizhang.appeals.evaluation import (
    Candidate,
    DimensionScores,
    DimensionWeights,
    Evaluation,
    ModelRule,
    Satisfaction,
    SatisfactionWeights,
    evaluate,
    record_evaluation,
    select_models,
    stored_evaluation,
)
from taizhang.appeals.models import (
    Appeal,
    AppealEvent,
    CompoundRating,
    InstructorAssignment,
    InstructorEvaluation,
)
from taizhang.appeals.ratings import Rater, scores_by_compound
from taizhang.appeals.statistics import AppealStatistics, statistics_by_compound
from taizhang.appeals.visits import visited_weeks_by_compound, weeks_of_month
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.kernel.errors import Forbidden, Invalid
from taizhang.kernel.sheets import SheetValue, new_sheet, workbook_bytes, write_table
from taizhang.org.models import Unit, User

HUNDRED = Decimal(100)
PLACES = Decimal("0.01")
STAR = Decimal(20)  # one star of the 好差评 five is worth 20 of 100


@dataclass(frozen=True)
class CompoundMonth:
    """One compound's month: its dimension scores (None while a rating is missing)."""

    compound: Unit
    scores: DimensionScores | None
    evaluation: Evaluation | None
    missing: tuple[Rater, ...]
    overdue: int
    basis: dict[str, Any]


@dataclass(frozen=True)
class InstructorMonth:
    instructor: User
    compounds: list[CompoundMonth]
    evaluation: Evaluation | None
    overdue: int
    scores: DimensionScores | None = None  # the mean over the compounds, when all are scored

    @property
    def missing(self) -> list[str]:
        return self.missing_in("zh")

    def missing_in(self, language: str) -> list[str]:
        """The ratings still missing: 某小区业委会评分, or 某小区 owners' committee score."""
        if language == "en":
            return [
                f"{c.compound.name} {r.english} score" for c in self.compounds for r in c.missing
            ]
        return [f"{c.compound.name}{r.label}评分" for c in self.compounds for r in c.missing]


@dataclass(frozen=True)
class MonthlyResult:
    month: date
    instructors: list[InstructorMonth]
    models: set[int] = field(default_factory=set)  # instructor ids
    benchmarks: set[int] = field(default_factory=set)  # compound ids


def assess_month(
    session: Session,
    *,
    month: date,
    scope: Unit,
    today: date,
    weights: DimensionWeights | None = None,
    satisfaction_weights: SatisfactionWeights | None = None,
    rule: ModelRule | None = None,
) -> MonthlyResult:
    """Every instructor with compounds under `scope`, evaluated for `month`; writes nothing."""
    first = month.replace(day=1)
    assigned = _instructors(session, scope)
    inputs = month_inputs(session, [c for _, cs in assigned for c in cs], first, today)
    rows = []
    for instructor, compounds in assigned:
        months = [compound_month(c, inputs[c.id], weights, satisfaction_weights) for c in compounds]
        rows.append(_instructor_month(instructor, months, weights, satisfaction_weights))
    return MonthlyResult(first, rows, *_chosen(rows, rule))


def default_month(session: Session, today: date) -> date:
    """The month an evaluations page shows when none is asked for (its first day).

    An evaluation rates a whole month, and the 三方 ratings come in after it: a month with
    nothing recorded yet would show "缺少…评分" on every row. So it is this month once anything
    is recorded for it (a rating or a stored evaluation), else last month — whose stored
    evaluation is what people look for at the start of a month."""
    this_month = today.replace(day=1)
    recorded = session.scalar(
        select(CompoundRating.id).where(CompoundRating.month == this_month).limit(1)
    ) or session.scalar(
        select(InstructorEvaluation.id).where(InstructorEvaluation.month == this_month).limit(1)
    )
    return this_month if recorded else (this_month - timedelta(days=1)).replace(day=1)


def evaluate_month(
    session: Session,
    *,
    month: date,
    scope: Unit,
    today: date,
    now: datetime,
    by: User | None = None,
    weights: DimensionWeights | None = None,
    satisfaction_weights: SatisfactionWeights | None = None,
    rule: ModelRule | None = None,
) -> MonthlyResult:
    """`assess_month` of a month that is over, then store each complete evaluation not stored
    yet; stored ones stay as they were. `by` (None: the system) is a supervisor: never one of
    the instructors assessed."""
    if month.replace(day=1) >= today.replace(day=1):
        raise Invalid(f"{month:%Y年%m月}尚未结束，考评不能保存 (the month is not over)")
    result = assess_month(
        session, month=month, scope=scope, today=today, weights=weights,
        satisfaction_weights=satisfaction_weights, rule=rule,
    )  # fmt: skip
    _require_supervisor(by, result)
    for row in result.instructors:
        if row.evaluation is not None and not stored_evaluation(
            session, row.instructor, result.month
        ):
            _store(session, row, result.month, now, weights, satisfaction_weights)
    return result


def _require_supervisor(by: User | None, result: MonthlyResult) -> None:
    if by is not None and any(row.instructor.id == by.id for row in result.instructors):
        raise Forbidden(
            "被考评的指导员不能保存本人所在范围的考评，请由上级保存 "
            "(the person assessed cannot store the evaluation)"
        )


@dataclass(frozen=True)
class CompoundInputs:
    """What the ledger holds on one compound's month, read for every compound at once."""

    weeks: list[date]
    visited: set[date]
    stats: AppealStatistics
    grades: list[int]
    ratings: dict[Rater, Decimal]


def month_inputs(
    session: Session, compounds: Sequence[Unit], month: date, today: date
) -> dict[int, CompoundInputs]:
    """Visits, appeal figures, grades and 三方 scores of the compounds: one query each."""
    ids = [c.id for c in compounds]
    last = _month_end(month)
    stats = statistics_by_compound(session, ids, start=month, end=last, today=min(today, last))
    visited = visited_weeks_by_compound(session, ids, month=month)
    grades = _grades_by_compound(session, ids, month, last)
    ratings = scores_by_compound(session, ids, month=month)
    weeks = weeks_of_month(month)
    return {
        i: CompoundInputs(weeks, visited[i], stats[i], grades.get(i, []), ratings[i]) for i in ids
    }


def compound_month(
    compound: Unit,
    inputs: CompoundInputs,
    weights: DimensionWeights | None = None,
    satisfaction_weights: SatisfactionWeights | None = None,
) -> CompoundMonth:
    stats, ratings = inputs.stats, inputs.ratings
    basis = _basis(compound, inputs)
    missing = tuple(r for r in Rater if r not in ratings)
    if missing:
        return CompoundMonth(compound, None, None, missing, stats.overdue, basis)
    scores = DimensionScores(
        duty=_round(HUNDRED * len(inputs.visited) / len(inputs.weeks)),
        service=_service(stats),
        satisfaction=_satisfaction(inputs.grades, ratings, satisfaction_weights),
        collaboration=ratings[Rater.COMMUNITY],
    )
    result = evaluate(scores, weights, satisfaction_weights)
    return CompoundMonth(compound, scores, result, (), stats.overdue, basis)


def _instructors(session: Session, scope: Unit) -> list[tuple[User, list[Unit]]]:
    query = (
        select(InstructorAssignment)
        .join(Unit, Unit.id == InstructorAssignment.compound_id)
        .where(Unit.path.startswith(scope.path, autoescape=True))
        .options(joinedload(InstructorAssignment.instructor))
        .options(joinedload(InstructorAssignment.compound))
        .order_by(InstructorAssignment.instructor_id, Unit.path)
    )
    grouped: dict[int, tuple[User, list[Unit]]] = {}
    for assignment in session.scalars(query):
        entry = grouped.setdefault(assignment.instructor_id, (assignment.instructor, []))
        entry[1].append(assignment.compound)
    return list(grouped.values())


def _grades_by_compound(
    session: Session, compound_ids: Sequence[int], first: date, last: date
) -> dict[int, list[int]]:
    """Requesters' grades given in the month (district days) on each compound's appeals."""
    start = datetime(first.year, first.month, first.day, tzinfo=DISTRICT_TIME)
    after = datetime.combine(last + timedelta(days=1), datetime.min.time(), DISTRICT_TIME)
    query = (
        select(Appeal.unit_id, AppealEvent.payload)
        .join(Appeal, Appeal.id == AppealEvent.appeal_id)
        .where(Appeal.unit_id.in_(compound_ids), AppealEvent.kind == "evaluated")
        .where(AppealEvent.at >= start, AppealEvent.at < after)
    )
    grades: dict[int, list[int]] = {}
    for compound_id, payload in session.execute(query):
        grades.setdefault(compound_id, []).append(int(payload["grade"]))
    return grades


def _service(stats: AppealStatistics) -> Decimal:
    if stats.registered == 0:
        return HUNDRED
    on_time = Decimal(1) - Decimal(stats.overdue) / Decimal(stats.registered)
    parts = [on_time, *([stats.resolution_rate] if stats.resolution_rate is not None else [])]
    return _round(HUNDRED * sum(parts, Decimal(0)) / len(parts))


def _satisfaction(
    grades: Sequence[int], ratings: dict[Rater, Decimal], weights: SatisfactionWeights | None
) -> Satisfaction:
    committee, property_ = ratings[Rater.COMMITTEE], ratings[Rater.PROPERTY]
    if grades:
        owners = _round(STAR * sum(grades) / len(grades))
    else:  # nobody graded: the owners' part follows the other two
        w = weights or SatisfactionWeights()
        owners = _round((w.committee * committee + w.property * property_) / (1 - w.owners))
    return Satisfaction(owners=owners, committee=committee, property=property_)


def _instructor_month(
    instructor: User,
    months: list[CompoundMonth],
    weights: DimensionWeights | None,
    satisfaction_weights: SatisfactionWeights | None,
) -> InstructorMonth:
    overdue = sum(m.overdue for m in months)
    scores = [m.scores for m in months if m.scores is not None]
    if len(scores) < len(months):
        return InstructorMonth(instructor, months, None, overdue)
    mean = DimensionScores(
        duty=_mean([s.duty for s in scores]),
        service=_mean([s.service for s in scores]),
        satisfaction=Satisfaction(
            owners=_mean([s.satisfaction.owners for s in scores]),
            committee=_mean([s.satisfaction.committee for s in scores]),
            property=_mean([s.satisfaction.property for s in scores]),
        ),
        collaboration=_mean([s.collaboration for s in scores]),
    )
    result = evaluate(mean, weights, satisfaction_weights)
    return InstructorMonth(instructor, months, result, overdue, mean)


def _store(
    session: Session,
    row: InstructorMonth,
    month: date,
    now: datetime,
    weights: DimensionWeights | None,
    satisfaction_weights: SatisfactionWeights | None,
) -> None:
    assert row.scores is not None  # only complete rows are stored
    record_evaluation(
        session,
        instructor=row.instructor,
        month=month,
        scores=row.scores,
        overdue=row.overdue,
        now=now,
        weights=weights,
        satisfaction_weights=satisfaction_weights,
        basis={"compounds": [c.basis for c in row.compounds]},
    )


def _chosen(rows: list[InstructorMonth], rule: ModelRule | None) -> tuple[set[int], set[int]]:
    people = [
        Candidate(str(r.instructor.id), r.evaluation.total, r.overdue)
        for r in rows
        if r.evaluation is not None
    ]
    places = [
        Candidate(str(c.compound.id), c.evaluation.total, c.overdue)
        for r in rows
        for c in r.compounds
        if c.evaluation is not None
    ]
    return {int(k) for k in select_models(people, rule)}, {
        int(k) for k in select_models(places, rule)
    }


def _basis(compound: Unit, inputs: CompoundInputs) -> dict[str, Any]:
    stats = inputs.stats
    return {
        "compound": compound.name,
        "weeks": len(inputs.weeks),
        "visited_weeks": len(inputs.visited),
        "registered": stats.registered,
        "overdue": stats.overdue,
        "closed": stats.closed,
        "resolved": stats.resolved,
        "grades": sorted(inputs.grades, reverse=True),
        "ratings": {r.value: str(score) for r, score in inputs.ratings.items()},
    }


def _mean(values: Sequence[Decimal]) -> Decimal:
    return _round(sum(values, Decimal(0)) / len(values))


def _round(value: Decimal) -> Decimal:
    return value.quantize(PLACES, ROUND_HALF_UP)


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


# ---------------------------------------------------------------- the month as a workbook

INSTRUCTOR_HEADERS = (
    "指导员", "包联小区", "履职情况", "服务成效", "群众满意度", "三方协同水平", "总分",
    "超期件数", "评定",
)  # fmt: skip
COMPOUND_HEADERS = ("小区", "指导员", "履职情况", "服务成效", "群众满意度", "三方协同水平", "总分")


def export_month(result: MonthlyResult) -> bytes:
    """Two sheets: the instructors' table (模范指导员 marked) and the compounds' (标杆小区)."""
    workbook = Workbook()
    caption = f"{result.month:%Y年%m月}"
    write_table(
        new_sheet(workbook, "指导员考评"),
        caption=f"{caption}指导员考评",
        headers=INSTRUCTOR_HEADERS,
        rows=(_instructor_cells(row, result) for row in result.instructors),
        widths=(12, 28, 10, 10, 10, 12, 10, 10, 30),
    )
    write_table(
        new_sheet(workbook, "小区评价"),
        caption=f"{caption}小区评价",
        headers=COMPOUND_HEADERS,
        rows=(
            _compound_cells(c, row.instructor, result)
            for row in result.instructors
            for c in row.compounds
        ),
        widths=(16, 12, 10, 10, 10, 12, 14),
    )
    return workbook_bytes(workbook)


def _scores(evaluation: Evaluation | None) -> list[SheetValue]:
    if evaluation is None:
        return [None] * 5
    return [*(p.score for p in evaluation.parts), evaluation.total]


def _instructor_cells(row: InstructorMonth, result: MonthlyResult) -> list[SheetValue]:
    if row.evaluation is None:
        verdict = "缺少" + "、".join(row.missing)
    else:
        verdict = "模范指导员" if row.instructor.id in result.models else ""
    names = "、".join(c.compound.name for c in row.compounds)
    return [row.instructor.display_name, names, *_scores(row.evaluation), row.overdue, verdict]


def _compound_cells(
    month: CompoundMonth, instructor: User, result: MonthlyResult
) -> list[SheetValue]:
    scores = _scores(month.evaluation)
    if month.compound.id in result.benchmarks:
        scores[-1] = f"{scores[-1]}（标杆小区）"
    return [month.compound.name, instructor.display_name, *scores]

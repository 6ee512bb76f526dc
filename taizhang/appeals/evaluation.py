"""Instructor evaluation (指导员考评) on four dimensions, and the rule for model instructors.

Each dimension is a score out of 100:

| key             | dimension  | default weight |
|-----------------|------------|----------------|
| `duty`          | 履职情况   | 0.25           |
| `service`       | 服务成效   | 0.25           |
| `satisfaction`  | 群众满意度 | 0.25           |
| `collaboration` | 三方协同水平 | 0.25           |

群众满意度 itself combines owners' mean score (primary), the 业委会's and the 物业's, with
weights 0.6 / 0.2 / 0.2 — DOMAIN §4.4's ASSUMED example (0.6×86 + 0.2×80 + 0.2×90 = 85.6).
No source gives either set of weights (DOMAIN §8.4), so both are configuration: pass your own
`DimensionWeights` / `SatisfactionWeights`; each set must be non-negative and sum to 1.

Model instructors and benchmark compounds (`select_models`): rank by total, descending; the
top `share` of the list (rounded up, at least one place) qualifies when its total is at least
`min_score` and it has no more than `max_overdue` overdue appeals. Defaults: top 10 %, ≥ 90,
no overdue appeal. Ties at the cut-off all qualify.

The arithmetic is pure (`combine_satisfaction`, `evaluate`, `select_models`); only
`record_evaluation` and `monthly_table` touch the session.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from taizhang.appeals.models import InstructorEvaluation
from taizhang.kernel.errors import Invalid
from taizhang.org.models import User

SCORE_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
ONE = Decimal(1)


@dataclass(frozen=True)
class SatisfactionWeights:
    owners: Decimal = Decimal("0.6")
    committee: Decimal = Decimal("0.2")  # 业委会
    property: Decimal = Decimal("0.2")  # 物业

    def __post_init__(self) -> None:
        _check_weights("满意度", (self.owners, self.committee, self.property))


@dataclass(frozen=True)
class DimensionWeights:
    duty: Decimal = Decimal("0.25")
    service: Decimal = Decimal("0.25")
    satisfaction: Decimal = Decimal("0.25")
    collaboration: Decimal = Decimal("0.25")

    def __post_init__(self) -> None:
        parts = (self.duty, self.service, self.satisfaction, self.collaboration)
        _check_weights("考评维度", parts)


def _check_weights(name: str, weights: Sequence[Decimal]) -> None:
    if any(w < 0 for w in weights) or sum(weights, Decimal(0)) != ONE:
        raise Invalid(f"{name}权重须非负且合计为 1 ({name} weights must be ≥ 0 and sum to 1)")


@dataclass(frozen=True)
class Satisfaction:
    """Mean scores out of 100 given by the owners, the 业委会 and the 物业."""

    owners: Decimal
    committee: Decimal
    property: Decimal


@dataclass(frozen=True)
class DimensionScores:
    duty: Decimal
    service: Decimal
    satisfaction: Satisfaction
    collaboration: Decimal


@dataclass(frozen=True)
class ScorePart:
    rule: str
    score: Decimal
    weight: Decimal
    points: Decimal


@dataclass(frozen=True)
class Evaluation:
    total: Decimal
    parts: tuple[ScorePart, ...]

    def part(self, rule: str) -> ScorePart:
        return next(p for p in self.parts if p.rule == rule)


def _score(value: Decimal, what: str) -> Decimal:
    if not Decimal(0) <= value <= HUNDRED:
        raise Invalid(f"{what}得分应在 0–100 之间 ({what} score out of range)")
    return value


def _round(value: Decimal) -> Decimal:
    return value.quantize(SCORE_PLACES, ROUND_HALF_UP)


def combine_satisfaction(
    scores: Satisfaction, weights: SatisfactionWeights | None = None
) -> Decimal:
    """群众满意度: owners primary, 业委会 and 物业 secondary; 86/80/90 → 85.60 by default."""
    w = weights or SatisfactionWeights()
    total = (
        w.owners * _score(scores.owners, "业主评价")
        + w.committee * _score(scores.committee, "业委会评价")
        + w.property * _score(scores.property, "物业评价")
    )
    return _round(total)


def evaluate(
    scores: DimensionScores,
    weights: DimensionWeights | None = None,
    satisfaction_weights: SatisfactionWeights | None = None,
) -> Evaluation:
    """The weighted total and each dimension's part, so a page can explain the number."""
    w = weights or DimensionWeights()
    satisfaction = combine_satisfaction(scores.satisfaction, satisfaction_weights)
    named = (
        ("履职情况", _score(scores.duty, "履职情况"), w.duty),
        ("服务成效", _score(scores.service, "服务成效"), w.service),
        ("群众满意度", satisfaction, w.satisfaction),
        ("三方协同水平", _score(scores.collaboration, "三方协同水平"), w.collaboration),
    )
    parts = tuple(ScorePart(rule, s, wt, _round(s * wt)) for rule, s, wt in named)
    return Evaluation(_round(sum((s * wt for _, s, wt in named), Decimal(0))), parts)


# ---------------------------------------------------------------- model instructors


@dataclass(frozen=True)
class ModelRule:
    share: Decimal = Decimal("0.1")
    min_score: Decimal = Decimal(90)
    max_overdue: int = 0


@dataclass(frozen=True)
class Candidate:
    """An instructor or a compound with its total score and overdue appeals in the period."""

    key: str
    total: Decimal
    overdue: int


def select_models(candidates: Sequence[Candidate], rule: ModelRule | None = None) -> list[str]:
    """Keys of the model instructors / benchmark compounds under `rule`, best first."""
    r = rule or ModelRule()
    if not candidates:
        return []
    ranked = sorted(candidates, key=lambda c: (-c.total, c.key))
    places = max(1, math.ceil(len(ranked) * r.share))
    cut_off = ranked[places - 1].total
    return [
        c.key
        for c in ranked
        if c.total >= cut_off and c.total >= r.min_score and c.overdue <= r.max_overdue
    ]


# ---------------------------------------------------------------- monthly table


def record_evaluation(
    session: Session,
    *,
    instructor: User,
    month: date,
    scores: DimensionScores,
    overdue: int,
    now: datetime,
    weights: DimensionWeights | None = None,
    satisfaction_weights: SatisfactionWeights | None = None,
    basis: dict[str, Any] | None = None,
) -> InstructorEvaluation:
    """Store the instructor's evaluation for `month`, with the figures behind it. A stored month
    is final: storing it again is refused."""
    first = month.replace(day=1)
    if stored_evaluation(session, instructor, first) is not None:
        raise Invalid(
            f"{instructor.display_name} {first:%Y年%m月}的考评已保存，不能修改 "
            "(a stored evaluation is final)"
        )
    result = evaluate(scores, weights, satisfaction_weights)
    row = InstructorEvaluation(instructor_id=instructor.id, month=first)
    row.duty, row.service = scores.duty, scores.service
    row.satisfaction = result.part("群众满意度").score
    row.collaboration, row.total = scores.collaboration, result.total
    row.overdue, row.recorded_at, row.basis = overdue, now, basis
    session.add(row)
    session.flush()
    return row


def stored_evaluation(
    session: Session, instructor: User, month: date
) -> InstructorEvaluation | None:
    query = select(InstructorEvaluation).where(
        InstructorEvaluation.instructor_id == instructor.id,
        InstructorEvaluation.month == month.replace(day=1),
    )
    return session.scalar(query)


def monthly_table(session: Session, *, month: date) -> list[InstructorEvaluation]:
    """The month's evaluations, best total first."""
    query = (
        select(InstructorEvaluation)
        .options(joinedload(InstructorEvaluation.instructor))
        .where(InstructorEvaluation.month == month.replace(day=1))
        .order_by(InstructorEvaluation.total.desc(), InstructorEvaluation.instructor_id)
    )
    return list(session.scalars(query))


def model_instructors(
    session: Session, *, month: date, rule: ModelRule | None = None
) -> list[InstructorEvaluation]:
    rows = monthly_table(session, month=month)
    keys = set(select_models([Candidate(str(r.id), r.total, r.overdue) for r in rows], rule))
    return [r for r in rows if str(r.id) in keys]

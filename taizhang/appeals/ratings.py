"""The monthly scores the other parties of 三方协同 give a compound's instructor.

| rater       | 中文   | scores                                  | used in          |
|-------------|--------|-----------------------------------------|------------------|
| `committee` | 业委会 | its satisfaction with the instructor    | 群众满意度 (secondary) |
| `property`  | 物业   | its satisfaction with the instructor    | 群众满意度 (secondary) |
| `community` | 社区   | how well the three parties work together | 三方协同水平     |

The owners' part of 群众满意度 is not entered here: it comes from the requesters' own grades
(`appeals.monthly_evaluation`). A score is 0–100, one per compound, month and rater; entering
it again replaces it. Entered by a district administrator or by staff whose unit holds the
compound (the community transcribing a committee's or company's form), but never by the
compound's own instructor, who is the one being scored.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.models import CompoundRating
from taizhang.appeals.people import instructor_of
from taizhang.kernel.errors import Forbidden, Invalid
from taizhang.kernel.labels import LabelledEnum
from taizhang.org.access import can_edit
from taizhang.org.models import Role, Unit, UnitKind, User

HUNDRED = Decimal(100)


class Rater(LabelledEnum):
    COMMITTEE = "committee", "业委会", "owners' committee"
    PROPERTY = "property", "物业", "property company"
    COMMUNITY = "community", "社区", "community"


def rate_compound(
    session: Session,
    *,
    compound: Unit,
    month: date,
    rater: Rater | str,
    score: Decimal | str,
    by: User,
    now: datetime,
    note: str = "",
) -> CompoundRating:
    """Store (or replace) one party's score of the compound's instructor for `month`."""
    party, value = _rater(rater), _score(score)
    _check_rater(session, compound, by)
    first = month.replace(day=1)
    row = ratings_of(session, compound=compound, month=first).get(party) or CompoundRating(
        compound_id=compound.id, month=first, rater=party.value
    )
    row.score, row.note, row.rated_by_id, row.rated_at = value, note.strip(), by.id, now
    session.add(row)
    session.flush()
    return row


def ratings_of(session: Session, *, compound: Unit, month: date) -> dict[Rater, CompoundRating]:
    query = select(CompoundRating).where(
        CompoundRating.compound_id == compound.id,
        CompoundRating.month == month.replace(day=1),
    )
    return {Rater(row.rater): row for row in session.scalars(query)}


def scores_by_compound(
    session: Session, compound_ids: Collection[int], *, month: date
) -> dict[int, dict[Rater, Decimal]]:
    """Each compound's scores for `month` by rater, in one query (absent raters left out)."""
    query = select(CompoundRating).where(
        CompoundRating.compound_id.in_(compound_ids),
        CompoundRating.month == month.replace(day=1),
    )
    scores: dict[int, dict[Rater, Decimal]] = {compound_id: {} for compound_id in compound_ids}
    for row in session.scalars(query):
        scores[row.compound_id][Rater(row.rater)] = row.score
    return scores


def _rater(value: Rater | str) -> Rater:
    try:
        return Rater(value)
    except ValueError:
        known = "、".join(f"{r.value}（{r.label}）" for r in Rater)
        raise Invalid(f"未知的评分方 {value}，可选：{known} (unknown rater)") from None


def _score(value: Decimal | str) -> Decimal:
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        raise Invalid(f"评分应为 0–100 的数：{value} (score must be a number)") from None
    if not score.is_finite() or not Decimal(0) <= score <= HUNDRED:
        raise Invalid(f"评分应在 0–100 之间：{value} (score out of range)")
    return score.quantize(Decimal("0.01"))


def _check_rater(session: Session, compound: Unit, by: User) -> None:
    if compound.kind != UnitKind.COMPOUND:
        raise Invalid(f"{compound.name} 不是小区 (ratings are of compounds)")
    instructor = instructor_of(session, compound)
    if instructor is not None and instructor.id == by.id:
        raise Forbidden("指导员不能为自己包联的小区评分 (an instructor cannot rate themselves)")
    if by.role != Role.DISTRICT_ADMIN and not can_edit(by, compound):
        raise Forbidden(f"您无权为{compound.name}评分 (you may not rate this compound)")

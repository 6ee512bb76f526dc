"""三方 ratings: one score per compound, month and party; the instructor never rates themselves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy.orm import Session

from taizhang.appeals.people import assign_instructor
from taizhang.appeals.ratings import Rater, rate_compound, ratings_of
from taizhang.kernel.errors import Forbidden, Invalid
from taizhang.org.models import User
from tests.appeals.conftest import RECEIVED, Place, at

MAY = date(2026, 5, 1)


def test_rating_again_replaces_the_months_score(
    session: Session, place: Place, district_admin: User
) -> None:
    for score in ("78", "82.5"):
        rate_compound(
            session, compound=place.compound, month=date(2026, 5, 17), rater="committee",
            score=score, by=district_admin, now=at(5, 20),
        )  # fmt: skip
    ratings = ratings_of(session, compound=place.compound, month=MAY)
    assert {r: row.score for r, row in ratings.items()} == {Rater.COMMITTEE: D("82.50")}


def test_the_instructor_cannot_rate_their_own_compound(session: Session, place: Place) -> None:
    assign_instructor(session, instructor=place.handler, compound=place.compound, now=RECEIVED)
    with pytest.raises(Forbidden, match="指导员不能为自己包联的小区评分"):
        rate_compound(
            session, compound=place.compound, month=MAY, rater="community", score="100",
            by=place.handler, now=at(5, 20),
        )  # fmt: skip


def test_staff_outside_the_compound_cannot_rate_it(session: Session, place: Place) -> None:
    with pytest.raises(Forbidden, match="您无权为幸福里小区评分"):
        rate_compound(
            session, compound=place.compound, month=MAY, rater="property", score="90",
            by=place.department_staff, now=at(5, 20),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("rater", "score", "message"),
    [
        ("owners", "90", "未知的评分方 owners"),
        ("property", "101", "评分应在 0–100 之间"),
        ("property", "很好", "评分应为 0–100 的数"),
        ("property", "NaN", "评分应在 0–100 之间"),
    ],
)
def test_it_refuses_a_bad_rating_and_writes_nothing(
    session: Session, place: Place, district_admin: User, rater: str, score: str, message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        rate_compound(
            session, compound=place.compound, month=MAY, rater=rater, score=score,
            by=district_admin, now=at(5, 20),
        )  # fmt: skip
    assert ratings_of(session, compound=place.compound, month=MAY) == {}

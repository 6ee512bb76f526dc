"""Weekly visits: who may record one, what is refused, and which weeks a month counts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from taizhang.appeals.people import HouseholdRow, add_household, assign_instructor
from taizhang.appeals.visits import record_visit, visited_weeks, weeks_of_month
from taizhang.kernel.errors import Forbidden, Invalid
from taizhang.org.models import User
from tests.appeals.conftest import RECEIVED, Place, at


@pytest.fixture
def instructor(session: Session, place: Place) -> User:
    assign_instructor(session, instructor=place.handler, compound=place.compound, now=RECEIVED)
    return place.handler


def test_may_2026_is_accountable_for_the_four_weeks_whose_thursday_it_holds() -> None:
    # 1 May 2026 is a Friday, so the week of 27 April belongs to April.
    assert weeks_of_month(date(2026, 5, 1)) == [
        date(2026, 5, 4), date(2026, 5, 11), date(2026, 5, 18), date(2026, 5, 25),
    ]  # fmt: skip
    assert len(weeks_of_month(date(2026, 4, 1))) == 5  # Thursdays 2, 9, 16, 23, 30 April


def test_two_visits_in_one_week_count_as_one_visited_week(
    session: Session, place: Place, instructor: User
) -> None:
    for day in (5, 7, 19):
        record_visit(
            session, compound=place.compound, by=instructor, visited_on=date(2026, 5, day),
            households=0, now=at(5, day, 18),
        )  # fmt: skip
    weeks = visited_weeks(session, compound=place.compound, month=date(2026, 5, 1))
    assert weeks == {date(2026, 5, 4), date(2026, 5, 18)}


def test_only_the_compounds_instructor_records_a_visit(
    session: Session, place: Place, instructor: User
) -> None:
    with pytest.raises(Forbidden, match="只有幸福里小区的指导员可以登记走访"):
        record_visit(
            session, compound=place.compound, by=place.department_staff,
            visited_on=date(2026, 5, 5), households=3, now=at(5, 20),
        )  # fmt: skip


def test_it_refuses_a_visit_in_the_future_or_to_more_households_than_registered(
    session: Session, place: Place, instructor: User
) -> None:
    row = HouseholdRow(door_number="1幢101室", head_name="周大伯", members=2)
    add_household(session, compound=place.compound, row=row)
    with pytest.raises(Invalid, match="晚于今天"):
        record_visit(
            session, compound=place.compound, by=instructor, visited_on=date(2026, 5, 21),
            households=1, now=at(5, 20),
        )  # fmt: skip
    with pytest.raises(Invalid, match="一户一表登记 1 户"):
        record_visit(
            session, compound=place.compound, by=instructor, visited_on=date(2026, 5, 20),
            households=2, now=at(5, 20),
        )  # fmt: skip


def test_a_visit_is_recorded_within_a_week_not_later(
    session: Session, place: Place, instructor: User
) -> None:
    record_visit(
        session, compound=place.compound, by=instructor, visited_on=date(2026, 5, 13),
        households=0, now=at(5, 20),
    )  # fmt: skip
    with pytest.raises(Invalid, match="7 天内登记"):
        record_visit(
            session, compound=place.compound, by=instructor, visited_on=date(2026, 5, 12),
            households=0, now=at(5, 20),
        )  # fmt: skip


def test_a_compound_without_an_instructor_has_no_visits(session: Session, place: Place) -> None:
    with pytest.raises(Invalid, match="还没有指导员"):
        record_visit(
            session, compound=place.compound, by=place.handler, visited_on=date(2026, 5, 5),
            households=0, now=at(5, 20),
        )  # fmt: skip

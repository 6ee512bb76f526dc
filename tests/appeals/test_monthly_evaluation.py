"""The month's instructor evaluation from the ledger, checked against a hand-computed example.

May 2026 for 幸福里小区, whose instructor is the community's handler:
- 履职情况: visits in the weeks of 4, 11 and 18 May, none in the week of 25 May → 3/4 = 75.00
- 服务成效: three complaints received on 8 May. A is answered and graded 5 (resolved, closed);
  B is answered and graded 2 (reopened, due again in June, so not late); C is never handled and
  passes its due date of 19 May → overdue 1 of 3. On time 2/3, resolution 1/1 (A, the only one
  closed) → 100 × (0.6667 + 1) / 2 = 83.33
- 群众满意度: owners' grades 5 and 2 → 3.5 stars × 20 = 70; 业委会 80, 物业 90
  → 0.6×70 + 0.2×80 + 0.2×90 = 76.00
- 三方协同水平: the community's 85
- total: 0.25 × (75 + 83.33 + 76 + 85) = 79.8325 → 79.83
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy.orm import Session

from taizhang.appeals.evaluation import monthly_table
from taizhang.appeals.models import Appeal
from taizhang.appeals.monthly_evaluation import evaluate_month
from taizhang.appeals.people import assign_instructor
from taizhang.appeals.ratings import Rater, rate_compound
from taizhang.appeals.visits import record_visit
from taizhang.appeals.workflow import Grade, close_appeal, evaluate_appeal
from taizhang.org.models import Unit, UnitKind, User
from taizhang.org.units import create_unit
from tests.appeals.conftest import RECEIVED, Place, at

MAY = date(2026, 5, 1)
TODAY = date(2026, 6, 2)


def rate(session: Session, compound: Unit, by: User, **scores: str) -> None:
    for rater, score in scores.items():
        rate_compound(
            session, compound=compound, month=MAY, rater=rater, score=score, by=by, now=at(6, 1)
        )


def visit(session: Session, compound: Unit, by: User, *days: int) -> None:
    for day in days:
        record_visit(
            session, compound=compound, by=by, visited_on=date(2026, 5, day), households=0,
            now=at(5, day, 18),
        )  # fmt: skip


@pytest.fixture
def second_compound(session: Session, place: Place) -> Unit:
    return create_unit(
        session, code="330402001001-02", name="和美苑", kind=UnitKind.COMPOUND,
        parent=place.community,
    )  # fmt: skip


@pytest.fixture
def may(
    session: Session,
    place: Place,
    answered: Callable[..., Appeal],
    register: Callable[..., Appeal],
    district_admin: User,
) -> Place:
    """The month of the module docstring, for 幸福里小区."""
    instructor = place.handler
    assign_instructor(session, instructor=instructor, compound=place.compound, now=RECEIVED)
    visit(session, place.compound, instructor, 5, 12, 13, 20)
    solved, unsolved = answered(), answered()
    evaluate_appeal(session, solved, by=place.resident, grade=Grade.VERY_SATISFIED, now=at(5, 11))
    close_appeal(session, solved, actor=instructor, now=at(5, 12))
    evaluate_appeal(session, unsolved, by=place.resident, grade=Grade.DISSATISFIED, now=at(5, 11))
    register()  # never handled
    rate(session, place.compound, district_admin, committee="80", property="90", community="85")
    return place


def test_it_evaluates_the_month_as_computed_by_hand(
    session: Session, may: Place, district_admin: User
) -> None:
    result = evaluate_month(session, month=MAY, scope=may.community, today=TODAY, now=at(6, 2))
    (row,) = result.instructors
    assert row.evaluation is not None
    parts = {p.rule: p.score for p in row.evaluation.parts}
    assert parts == {
        "履职情况": D("75.00"),
        "服务成效": D("83.33"),
        "群众满意度": D("76.00"),
        "三方协同水平": D("85"),
    }
    assert (row.evaluation.total, row.overdue) == (D("79.83"), 1)
    (stored,) = monthly_table(session, month=MAY)
    assert (stored.total, stored.overdue) == (D("79.83"), 1)
    assert stored.basis is not None
    basis = stored.basis["compounds"][0]
    assert (basis["visited_weeks"], basis["weeks"], basis["grades"]) == (3, 4, [5, 2])


def test_an_instructor_of_two_compounds_is_scored_on_their_mean(
    session: Session, may: Place, second_compound: Unit, district_admin: User
) -> None:
    assign_instructor(session, instructor=may.handler, compound=second_compound, now=RECEIVED)
    visit(session, second_compound, may.handler, 4, 11, 18, 25)
    rate(session, second_compound, district_admin, committee="100", property="100", community="100")
    result = evaluate_month(session, month=MAY, scope=may.community, today=TODAY, now=at(6, 2))
    (row,) = result.instructors
    assert row.evaluation is not None
    # duty (75+100)/2 = 87.5; service (83.33+100)/2 = 91.67; satisfaction with owners
    # (70+100)/2 = 85, 业委会 90, 物业 95 → 51 + 18 + 19 = 88; collaboration 92.5
    # → 0.25 × (87.5 + 91.67 + 88 + 92.5) = 89.9175 → 89.92
    assert row.evaluation.total == D("89.92")
    assert result.models == set()  # below the 90 a model instructor needs
    assert result.benchmarks == {second_compound.id}  # 100, nothing overdue


def test_a_month_without_grades_takes_the_owners_part_from_the_other_two(
    session: Session, place: Place, district_admin: User
) -> None:
    assign_instructor(session, instructor=place.handler, compound=place.compound, now=RECEIVED)
    rate(session, place.compound, district_admin, committee="80", property="90", community="70")
    result = evaluate_month(session, month=MAY, scope=place.community, today=TODAY, now=at(6, 2))
    (row,) = result.instructors
    assert row.evaluation is not None
    parts = {p.rule: p.score for p in row.evaluation.parts}
    # owners = (0.2×80 + 0.2×90) / 0.4 = 85 → 0.6×85 + 16 + 18 = 85; no appeal → service 100
    assert (parts["群众满意度"], parts["服务成效"], parts["履职情况"]) == (D(85), D(100), D(0))


def test_a_missing_rating_leaves_the_instructor_unevaluated_and_says_which(
    session: Session, place: Place, district_admin: User
) -> None:
    assign_instructor(session, instructor=place.handler, compound=place.compound, now=RECEIVED)
    rate(session, place.compound, district_admin, committee="80")
    result = evaluate_month(session, month=MAY, scope=place.community, today=TODAY, now=at(6, 2))
    (row,) = result.instructors
    assert row.evaluation is None
    assert row.missing == ["幸福里小区物业评分", "幸福里小区社区评分"]
    assert [c.missing for c in row.compounds] == [(Rater.PROPERTY, Rater.COMMUNITY)]
    assert monthly_table(session, month=MAY) == []


def test_a_stored_month_stays_as_stored_when_evaluated_again(
    session: Session, may: Place, district_admin: User
) -> None:
    evaluate_month(session, month=MAY, scope=may.community, today=TODAY, now=at(6, 2))
    (first,) = monthly_table(session, month=MAY)
    rate(session, may.compound, district_admin, community="100")
    evaluate_month(session, month=MAY, scope=may.community, today=TODAY, now=at(6, 3))
    (again,) = monthly_table(session, month=MAY)
    assert (again.total, again.recorded_at) == (first.total, first.recorded_at)

"""Instructor evaluation: DOMAIN §4.4's satisfaction example, four dimensions by hand, models."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy.orm import Session

from taizhang.appeals.evaluation import (
    Candidate,
    DimensionScores,
    DimensionWeights,
    ModelRule,
    Satisfaction,
    SatisfactionWeights,
    combine_satisfaction,
    evaluate,
    model_instructors,
    monthly_table,
    record_evaluation,
    select_models,
)
from taizhang.kernel.errors import Invalid
from taizhang.org.models import Role
from taizhang.org.users import create_user
from tests.appeals.conftest import PASSWORD, RECEIVED, Place

DOMAIN_EXAMPLE = Satisfaction(owners=D(86), committee=D(80), property=D(90))


def test_it_combines_satisfaction_as_domain_example() -> None:
    assert combine_satisfaction(DOMAIN_EXAMPLE) == D("85.60")


def test_it_takes_configured_satisfaction_weights() -> None:
    weights = SatisfactionWeights(owners=D("0.5"), committee=D("0.3"), property=D("0.2"))
    # 0.5×86 + 0.3×80 + 0.2×90 = 43 + 24 + 18 = 85
    assert combine_satisfaction(DOMAIN_EXAMPLE, weights) == D("85.00")


def test_it_evaluates_four_dimensions_by_hand() -> None:
    scores = DimensionScores(
        duty=D(92), service=D(88), satisfaction=DOMAIN_EXAMPLE, collaboration=D(75)
    )
    weights = DimensionWeights(
        duty=D("0.3"), service=D("0.3"), satisfaction=D("0.3"), collaboration=D("0.1")
    )
    # 0.3×92 + 0.3×88 + 0.3×85.6 + 0.1×75 = 27.6 + 26.4 + 25.68 + 7.5 = 87.18
    result = evaluate(scores, weights)
    assert result.total == D("87.18")
    assert [p.points for p in result.parts] == [D("27.60"), D("26.40"), D("25.68"), D("7.50")]
    # default equal weights: (92 + 88 + 85.6 + 75) / 4 = 85.15
    assert evaluate(scores).total == D("85.15")


@pytest.mark.parametrize(
    "weights",
    [
        {"owners": D("0.6"), "committee": D("0.2"), "property": D("0.3")},
        {"owners": D("1.2"), "committee": D("-0.1"), "property": D("-0.1")},
    ],
)
def test_it_rejects_weights_not_summing_to_one(weights: dict[str, D]) -> None:
    with pytest.raises(Invalid, match="合计为 1"):
        SatisfactionWeights(**weights)


def test_it_rejects_a_score_out_of_range() -> None:
    with pytest.raises(Invalid, match="0–100"):
        combine_satisfaction(Satisfaction(D(101), D(80), D(90)))


def test_it_selects_models_by_rule() -> None:
    candidates = [Candidate(f"c{i}", D(80 + i), 0) for i in range(20)]  # 80 … 99
    assert select_models(candidates) == ["c19", "c18"]  # top 10 % of 20 = 2 places
    late = [Candidate("c19", D(99), 1), *candidates[:19]]
    assert select_models(late) == ["c18"]
    assert select_models(candidates, ModelRule(min_score=D(99))) == ["c19"]
    assert select_models([Candidate("a", D(89), 0)]) == []


def test_it_keeps_a_monthly_table_and_names_model_instructors(
    session: Session, place: Place
) -> None:
    other = create_user(
        session, username="nanxi2", password=PASSWORD, role=Role.UNIT_STAFF, unit=place.community
    )
    high = DimensionScores(D(95), D(95), Satisfaction(D(95), D(95), D(95)), D(95))
    low = DimensionScores(D(70), D(70), DOMAIN_EXAMPLE, D(70))
    month = RECEIVED.date()
    record_evaluation(
        session, instructor=place.handler, month=month, scores=low, overdue=0, now=RECEIVED
    )
    record_evaluation(session, instructor=other, month=month, scores=high, overdue=0, now=RECEIVED)
    with pytest.raises(Invalid, match="已保存，不能修改"):
        record_evaluation(
            session, instructor=place.handler, month=month, scores=high, overdue=2, now=RECEIVED
        )
    table = monthly_table(session, month=month.replace(day=20))
    assert [(r.instructor_id, r.total, r.overdue) for r in table] == [
        (other.id, D("95.00"), 0),
        (place.handler.id, D("73.90"), 0),
    ]
    assert table[1].satisfaction == D("85.60")
    assert [r.instructor_id for r in model_instructors(session, month=month)] == [other.id]

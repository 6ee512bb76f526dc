"""Closure rate and resolution rate, side by side, against a hand-computed example.

In 南溪社区, May 2026 (the district's days):
    A  received 05-08, answered after 1 day,   graded 5 (非常满意), closed   → resolved
    B  received 05-11, answered after 2.5 days, graded 3 (基本满意), closed  → resolved
    C  received 05-12, answered after 3 days,   no grade, closed on timeout → not resolved
    D  received 05-13, still open, due 05-22                              → overdue on 05-31
    E  received 05-28, still open, due 06-08
Outside: one in 永红新苑 (another town), one received 04-30.

registered 5, closed 3 (A B C), resolved 2 (A B):
    closure rate 3/5 = 0.6000, resolution rate 2/3 = 0.6667,
    average days to answer (1 + 2.5 + 3) / 3 = 2.1666… → 2.2
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from taizhang.appeals.escalation import close_unevaluated
from taizhang.appeals.statistics import statistics
from taizhang.appeals.workflow import close_appeal, evaluate_appeal
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.kernel.errors import Invalid

MAY_1, MAY_31 = date(2026, 5, 1), date(2026, 5, 31)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=DISTRICT_TIME)


def _graded(session: Session, place: Any, answered: Callable[..., Any], **kwargs: Any) -> None:
    grade = kwargs.pop("grade")
    appeal = answered(**kwargs)
    done = appeal.answered_at + timedelta(hours=1)
    evaluate_appeal(session, appeal, by=place.resident, grade=grade, now=done)
    close_appeal(session, appeal, actor=place.handler, now=done)


@pytest.fixture
def may(
    session: Session, place: Any, register: Callable[..., Any], answered: Callable[..., Any]
) -> None:
    _graded(session, place, answered, received_at=at(5, 8), grade=5)
    _graded(
        session, place, answered, received_at=at(5, 11), answer_after=timedelta(hours=60), grade=3
    )
    answered(received_at=at(5, 12), answer_after=timedelta(days=3))
    register(received_at=at(5, 13))
    register(received_at=at(5, 28))
    register(received_at=at(5, 8), unit=place.village_compound.code)
    register(received_at=at(4, 30, 23))
    assert len(close_unevaluated(session, now=at(5, 25))) == 1


def test_it_shows_closure_and_resolution_rates_separately(
    session: Session, place: Any, may: None
) -> None:
    figures = statistics(session, scope_unit=place.community, start=MAY_1, end=MAY_31)
    assert (figures.registered, figures.answered, figures.closed) == (5, 3, 3)
    assert (figures.resolved, figures.closed_unevaluated, figures.overdue) == (2, 1, 1)
    assert figures.closure_rate == Decimal("0.6000")
    assert figures.resolution_rate == Decimal("0.6667")
    assert figures.average_days_to_answer == Decimal("2.2")


def test_overdue_is_counted_as_of_the_given_day(session: Session, place: Any, may: None) -> None:
    early = statistics(
        session, scope_unit=place.community, start=MAY_1, end=MAY_31, today=date(2026, 5, 22)
    )
    assert early.overdue == 0


def test_a_wider_scope_includes_the_other_town(
    session: Session, place: Any, district: Any, may: None
) -> None:
    figures = statistics(session, scope_unit=district.district, start=MAY_1, end=MAY_31)
    assert (figures.registered, figures.closed) == (6, 3)
    assert figures.closure_rate == Decimal("0.5000")


def test_empty_periods_have_no_rates(session: Session, place: Any) -> None:
    figures = statistics(session, scope_unit=place.compound, start=MAY_1, end=MAY_31)
    assert (figures.registered, figures.closure_rate, figures.resolution_rate) == (0, None, None)
    assert figures.average_days_to_answer is None


def test_it_refuses_a_period_ending_before_it_starts(session: Session, place: Any) -> None:
    with pytest.raises(Invalid, match="结束日早于开始日"):
        statistics(session, scope_unit=place.compound, start=MAY_31, end=MAY_1)

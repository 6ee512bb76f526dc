"""办结率, 满意率 and 超期 by unit and by category, over the appeals the user may see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from taizhang.appeals.breakdown import breakdown
from taizhang.appeals.models import Appeal
from taizhang.appeals.workflow import Grade, close_appeal, evaluate_appeal
from taizhang.org.models import User
from tests.appeals.conftest import Place, at

MAY_1, MAY_31 = date(2026, 5, 1), date(2026, 5, 31)


def test_it_counts_rates_and_overdue_by_unit_and_category(
    session: Session,
    place: Place,
    answered: Callable[..., Appeal],
    register: Callable[..., Appeal],
    district_admin: User,
) -> None:
    done = answered()
    evaluate_appeal(session, done, by=place.resident, grade=Grade.SATISFIED, now=at(5, 12))
    close_appeal(session, done, actor=place.handler, now=at(5, 13))
    graded_low = answered(received_at=at(5, 11))
    evaluate_appeal(session, graded_low, by=place.resident, grade=Grade.DISSATISFIED, now=at(5, 14))
    register(received_at=at(5, 8))  # still open on 05-25: overdue (the reopened one is not yet)
    figures = breakdown(session, district_admin, start=MAY_1, end=MAY_31, today=date(2026, 5, 25))
    assert (figures.total.registered, figures.total.closed, figures.total.overdue) == (3, 1, 1)
    assert figures.total.closure_rate == Decimal("0.3333")
    assert figures.total.satisfaction_rate == Decimal("0.5000")  # 满意 of 满意 and 不满意
    [complaint] = figures.by_category
    assert (complaint.name, complaint.figures.registered) == ("投诉举报", 3)
    street = {group.name: group.figures.registered for group in figures.by_unit}
    assert sum(street.values()) == 3 and street[place.community.parent.name] == 3  # type: ignore[union-attr]


def test_another_towns_staff_count_none_of_them(
    session: Session, register: Callable[..., Appeal], town_staff: User
) -> None:
    register()
    figures = breakdown(session, town_staff, start=MAY_1, end=MAY_31, today=MAY_31)
    assert figures.total.registered == 0 and figures.by_category == []
    assert all(group.figures.registered == 0 for group in figures.by_unit)

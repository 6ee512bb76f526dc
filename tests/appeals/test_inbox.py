"""The inbox: tabs, scope and keyset pages over the appeals a user still has to act on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from taizhang.appeals.inbox import Tab, cursor_of, read_inbox
from taizhang.appeals.models import Appeal
from taizhang.appeals.workflow import Grade, close_appeal, evaluate_appeal
from taizhang.kernel.errors import Invalid
from taizhang.org.models import User
from tests.appeals.conftest import RECEIVED, Place, at

TODAY = date(2026, 5, 25)  # RECEIVED (05-08) + 7 working days is 05-19: a new complaint is late


def numbers(appeals: list[Appeal]) -> list[str]:
    return [a.number for a in appeals]


def test_a_new_complaint_is_in_todo_and_overdue_but_not_yet_mine(
    session: Session, place: Place, register: Callable[..., Appeal]
) -> None:
    appeal = register()
    appeal.handler = None  # not yet assigned to anyone
    page = read_inbox(session, place.handler, today=TODAY)
    assert numbers(page.appeals) == [appeal.number]
    assert page.counts == {Tab.TODO: 1, Tab.MINE: 0, Tab.OVERDUE: 1, Tab.TO_CLOSE: 0, Tab.ALL: 1}
    assert read_inbox(session, place.handler, today=TODAY, tab="mine").appeals == []


def test_an_evaluated_appeal_waits_in_to_close_and_a_closed_one_leaves(
    session: Session, place: Place, answered: Callable[..., Appeal]
) -> None:
    appeal = answered()
    evaluate_appeal(session, appeal, by=place.resident, grade=Grade.SATISFIED, now=at(5, 12))
    page = read_inbox(session, place.handler, today=TODAY, tab=Tab.TO_CLOSE)
    assert numbers(page.appeals) == [appeal.number]
    assert page.counts[Tab.OVERDUE] == 0  # answered in time, so not overdue
    close_appeal(session, appeal, actor=place.handler, now=at(5, 13))
    assert read_inbox(session, place.handler, today=TODAY).counts[Tab.TODO] == 0


def test_each_unit_sees_its_own_subtree_and_the_district_sees_all(
    session: Session,
    place: Place,
    register: Callable[..., Appeal],
    town_staff: User,
    other_town_staff: User,
    district_admin: User,
) -> None:
    appeal = register()
    street_staff = other_town_staff  # 建设街道, above the compound's community
    assert read_inbox(session, town_staff, today=TODAY).appeals == []  # 凤桥镇
    for user in (street_staff, district_admin):
        assert numbers(read_inbox(session, user, today=TODAY).appeals) == [appeal.number]


def test_a_handler_outside_the_place_still_sees_what_is_assigned_to_them(
    session: Session, place: Place, register: Callable[..., Appeal], town_staff: User
) -> None:
    appeal = register()
    appeal.handler = town_staff
    session.flush()
    page = read_inbox(session, town_staff, today=TODAY, tab=Tab.MINE)
    assert numbers(page.appeals) == [appeal.number]


def test_pages_follow_the_due_date_and_hold_every_appeal_once(
    session: Session, place: Place, register: Callable[..., Appeal]
) -> None:
    filed = [register(received_at=RECEIVED + timedelta(days=d % 4)) for d in range(7)]
    expected = [a.number for a in sorted(filed, key=lambda a: (a.due_on, a.id))]
    seen: list[str] = []
    after: str | None = None
    for _ in range(4):
        page = read_inbox(session, place.handler, today=TODAY, after=after, limit=3)
        seen += numbers(page.appeals)
        after = page.next_cursor
        if after is None:
            break
    assert seen == expected
    assert after is None and len(seen) == 7


def test_a_page_after_the_last_row_is_empty(
    session: Session, place: Place, register: Callable[..., Appeal]
) -> None:
    last = register()
    page = read_inbox(session, place.handler, today=TODAY, after=cursor_of(last))
    assert (page.appeals, page.next_cursor, page.counts[Tab.TODO]) == ([], None, 1)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"after": "yesterday"}, "翻页位置无效"),
        ({"after": "2026-13-01.5"}, "翻页位置无效"),
        ({"tab": "later"}, "未知的待办分类 later"),
        ({"limit": 0}, "每页条数"),
    ],
)
def test_it_refuses_a_malformed_request(
    session: Session, place: Place, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        read_inbox(session, place.handler, today=TODAY, **arguments)

"""Searching the inbox: the 全部 tab with closed appeals, the filters, and the same scope."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy.orm import Session

from taizhang.appeals.filters import AppealFilter, parse_filter
from taizhang.appeals.inbox import Tab, read_inbox
from taizhang.appeals.models import Appeal, AppealStatus
from taizhang.appeals.workflow import Grade, Requester, close_appeal, evaluate_appeal
from taizhang.kernel.errors import Invalid
from taizhang.org.models import User
from tests.appeals.conftest import Place, at

TODAY = date(2026, 5, 25)


def numbers(appeals: list[Appeal]) -> list[str]:
    return [a.number for a in appeals]


@pytest.fixture
def closed(session: Session, place: Place, answered: Callable[..., Appeal]) -> Appeal:
    appeal = answered()
    evaluate_appeal(session, appeal, by=place.resident, grade=Grade.SATISFIED, now=at(5, 12))
    close_appeal(session, appeal, actor=place.handler, now=at(5, 13))
    return appeal


def search(session: Session, user: User, **form: str) -> list[str]:
    page = read_inbox(session, user, today=TODAY, tab=Tab.ALL, filters=parse_filter(form))
    return numbers(page.appeals)


def test_the_all_tab_holds_closed_appeals_that_the_other_tabs_do_not(
    session: Session, place: Place, closed: Appeal, register: Callable[..., Appeal]
) -> None:
    open_one = register(received_at=at(5, 14))
    page = read_inbox(session, place.handler, today=TODAY, tab=Tab.ALL)
    assert numbers(page.appeals) == [open_one.number, closed.number]  # newest first
    assert page.counts[Tab.ALL] == 2 and page.counts[Tab.TODO] == 1
    assert closed.number not in numbers(read_inbox(session, place.handler, today=TODAY).appeals)


def test_it_finds_a_closed_appeal_by_part_of_its_number(
    session: Session, place: Place, closed: Appeal, register: Callable[..., Appeal]
) -> None:
    register(received_at=at(5, 14))
    assert search(session, place.handler, number=closed.number[-3:].lower()) == [closed.number]


def test_it_finds_by_the_phones_last_four_digits_however_the_phone_was_written(
    session: Session, place: Place, register: Callable[..., Appeal]
) -> None:
    spaced = register(requester=Requester(name="李四", phone="139 0000 2468", user=place.resident))
    register(requester=Requester(name="赵五", phone="13900001357", user=place.resident))
    assert search(session, place.handler, phone_tail="2468") == [spaced.number]


@pytest.mark.parametrize("typed", ["13812345678", "5678 ", "678", "56a8"])
def test_it_refuses_a_phone_search_that_is_not_exactly_four_digits(typed: str) -> None:
    if typed.strip() == "5678":
        assert parse_filter({"phone_tail": typed}).phone_tail == "5678"
        return
    with pytest.raises(Invalid, match="电话尾号请填写最后 4 位数字"):
        parse_filter({"phone_tail": typed})


def test_it_filters_by_status_category_compound_and_days_of_receipt(
    session: Session, place: Place, closed: Appeal, register: Callable[..., Appeal]
) -> None:
    later = register(received_at=at(5, 20))
    handler = place.handler
    assert search(session, handler, status="closed") == [closed.number]
    assert search(session, handler, status="registered") == [later.number]
    assert search(session, handler, category="complaint") == [later.number, closed.number]
    assert search(session, handler, category="legal") == []
    assert search(session, handler, compound=str(place.village_compound.id)) == []
    assert search(session, handler, compound=str(place.compound.id)) == [
        later.number,
        closed.number,
    ]
    assert search(session, handler, received_from="2026-05-09") == [later.number]
    assert search(session, handler, received_to="2026-05-08") == [closed.number]


def test_a_search_narrows_every_tab_and_its_size(
    session: Session, place: Place, closed: Appeal, register: Callable[..., Appeal]
) -> None:
    register(received_at=at(5, 20))
    filters = AppealFilter(status=AppealStatus.CLOSED)
    page = read_inbox(session, place.handler, today=TODAY, filters=filters)
    assert page.appeals == [] and page.counts[Tab.TODO] == 0 and page.counts[Tab.ALL] == 1


def test_another_units_staff_never_find_them_even_by_number_or_phone(
    session: Session, place: Place, closed: Appeal, town_staff: User, district_admin: User
) -> None:
    for form in ({}, {"number": closed.number}, {"phone_tail": "5678"}, {"status": "closed"}):
        assert search(session, town_staff, **form) == []  # 凤桥镇: another town
        assert search(session, district_admin, **form) == [closed.number]


def test_it_names_every_field_it_cannot_read() -> None:
    with pytest.raises(Invalid) as refused:
        parse_filter({"number": "SQ-1", "status": "done", "received_from": "2026-13-01"})
    columns = [error.column for error in refused.value.errors]
    assert columns == ["工单号", "状态", "受理日期（起）"]
    assert "待受理" in refused.value.message  # the states it may be, as people read them


def test_it_refuses_an_end_before_the_start() -> None:
    with pytest.raises(Invalid, match="结束日早于开始日"):
        parse_filter({"received_from": "2026-05-10", "received_to": "2026-05-01"})


def test_the_all_tab_pages_by_number(
    session: Session, place: Place, register: Callable[..., Appeal]
) -> None:
    made = [register(received_at=at(5, day)) for day in (11, 12, 13)]
    first = read_inbox(session, place.handler, today=TODAY, tab=Tab.ALL, limit=2)
    second = read_inbox(session, place.handler, today=TODAY, tab=Tab.ALL, limit=2, page_number=2)
    assert numbers(first.appeals) == [made[2].number, made[1].number]
    assert numbers(second.appeals) == [made[0].number]
    assert (first.pages, second.pages) == (2, 2)
    with pytest.raises(Invalid, match="页码"):
        read_inbox(session, place.handler, today=TODAY, tab=Tab.ALL, page_number=0)

"""Reaching every appeal from the web: the inbox's 全部 tab and search, links from the compound
ledger, the statistics page; and the wording the pages use (states, history, times)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from taizhang.appeals.escalation import escalate_overdue
from taizhang.appeals.models import Appeal, AppealEvent
from taizhang.appeals.workflow import Grade, close_appeal, evaluate_appeal
from taizhang.org.models import User
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import RECEIVED, Place, at

place = appeals_fixtures.place
register = appeals_fixtures.register
answered = appeals_fixtures.answered
ClientFor = Callable[[User], TestClient]
ISO_UTC = re.compile(r"T\d\d:\d\d:\d\d(\.\d+)?\+00:00")


@pytest.fixture
def closed(session: Session, place: Place, answered: Callable[..., Appeal]) -> Appeal:
    appeal = answered()
    evaluate_appeal(session, appeal, by=place.resident, grade=Grade.SATISFIED, now=at(5, 12))
    close_appeal(session, appeal, actor=place.handler, now=at(5, 13))
    session.commit()
    return appeal


def result_numbers(html: str) -> list[str]:
    section = html.split('id="results"', 1)[1]
    return re.findall(r'class="number">(SQ\d+)<', section)


def test_a_closed_appeal_is_in_the_all_tab_and_not_in_the_todo_tab(
    session: Session, place: Place, closed: Appeal, client_for: ClientFor
) -> None:
    client = client_for(place.handler)
    assert closed.number not in result_numbers(client.get("/appeals/inbox").text)
    page = client.get("/appeals/inbox", params={"tab": "all"}).text
    assert result_numbers(page) == [closed.number]
    assert "已销号" in page and 'id="tab-all" aria-current="page"' in page


def test_the_search_finds_it_by_number_and_phone_tail_and_keeps_the_filter_on_the_tabs(
    session: Session,
    place: Place,
    closed: Appeal,
    register: Callable[..., Appeal],
    client_for: ClientFor,
) -> None:
    register(received_at=at(5, 14))
    session.commit()
    client = client_for(place.handler)
    by_number = client.get("/appeals/inbox", params={"tab": "all", "number": closed.number[-4:]})
    assert result_numbers(by_number.text) == [closed.number]
    by_phone = client.get("/appeals/inbox", params={"tab": "all", "phone_tail": "5678"}).text
    assert len(result_numbers(by_phone)) == 2
    assert "138****5678" in by_phone and "13812345678" not in by_phone
    assert 'href="/appeals/inbox?tab=todo&amp;phone_tail=5678"' in by_phone


def test_the_filters_narrow_by_status_and_days_of_receipt(
    session: Session,
    place: Place,
    closed: Appeal,
    register: Callable[..., Appeal],
    client_for: ClientFor,
) -> None:
    later = register(received_at=at(5, 14))
    session.commit()
    client = client_for(place.handler)
    query = {"tab": "all", "status": "closed"}
    assert result_numbers(client.get("/appeals/inbox", params=query).text) == [closed.number]
    query = {"tab": "all", "received_from": "2026-05-14", "received_to": "2026-05-14"}
    assert result_numbers(client.get("/appeals/inbox", params=query).text) == [later.number]


def test_a_search_it_cannot_read_is_named_on_the_page(place: Place, client_for: ClientFor) -> None:
    response = client_for(place.handler).get(
        "/appeals/inbox", params={"tab": "all", "phone_tail": "13812345678"}
    )
    assert response.status_code == 422
    assert "电话尾号请填写最后 4 位数字" in response.text
    assert 'value="13812345678"' in response.text  # the form keeps what was typed


def test_another_towns_staff_find_nothing_even_by_number(
    closed: Appeal, town_staff: User, client_for: ClientFor
) -> None:
    client = client_for(town_staff)
    page = client.get("/appeals/inbox", params={"tab": "all", "number": closed.number}).text
    assert result_numbers(page) == []
    api = client.get("/api/v1/appeals", params={"tab": "all", "number": closed.number}).json()
    assert (api["items"], api["counts"]["all"]) == ([], 0)


def test_the_api_searches_and_pages_the_all_tab(
    session: Session,
    place: Place,
    closed: Appeal,
    register: Callable[..., Appeal],
    client_for: ClientFor,
) -> None:
    register(received_at=at(5, 14))
    session.commit()
    client = client_for(place.handler)
    body = client.get("/api/v1/appeals", params={"tab": "all", "limit": 1, "page": 2}).json()
    assert [item["number"] for item in body["items"]] == [closed.number]
    assert (body["page"], body["pages"], body["count"]) == (2, 2, 2)
    assert body["items"][0]["phone"] == "138****5678"
    refused = client.get("/api/v1/appeals", params={"phone_tail": "12"})
    assert refused.status_code == 422 and "电话尾号" in refused.json()["message"]


def test_every_number_in_the_compound_ledger_links_to_its_appeal(
    session: Session, place: Place, closed: Appeal, client_for: ClientFor, district_admin: User
) -> None:
    html = (
        client_for(district_admin)
        .get(f"/appeals/compounds/{place.compound.id}/ledger", params={"month": "2026-05"})
        .text
    )
    assert f'<a href="/appeals/{closed.id}" class="number">{closed.number}</a>' in html


def test_statuses_read_as_states(
    session: Session, place: Place, closed: Appeal, client_for: ClientFor
) -> None:
    page = client_for(place.handler).get(f"/appeals/{closed.id}").text
    assert '<strong id="appeal-status">已销号</strong>' in page
    english = client_for(place.handler).get(f"/appeals/{closed.id}", params={"lang": "en"}).text
    assert '<strong id="appeal-status">closed</strong>' in english


def test_the_history_says_urged_once_and_shows_the_grade_with_who_gave_it(
    session: Session,
    place: Place,
    answered: Callable[..., Appeal],
    client_for: ClientFor,
) -> None:
    late = answered(answer_after=timedelta(days=20))
    escalation = AppealEvent(
        appeal_id=late.id,
        kind="urged",
        at=RECEIVED,
        note="催办：已超过办理时限 2026-05-19",
        payload={},
    )  # fmt: skip  (a note as the timers wrote them before)
    session.add(escalation)
    evaluate_appeal(session, late, by=place.resident, grade=Grade.SATISFIED, now=at(6, 1))
    session.commit()
    page = client_for(place.handler).get(f"/appeals/{late.id}").text
    assert "催办：催办：" not in page and "催办：已超过办理时限 2026-05-19" in page
    assert '<strong class="grade">满意</strong>' in page and "诉求人 王**" in page
    assert "王小明" not in page  # the requester's name stays masked


def test_new_urges_do_not_repeat_their_level_in_the_note(
    session: Session, place: Place, register: Callable[..., Appeal]
) -> None:
    appeal = register()
    escalate_overdue(session, now=at(5, 25))
    notes = [e.note for e in session.query(AppealEvent).filter_by(appeal_id=appeal.id)]
    assert f"已超过办理时限 {appeal.due_on.isoformat()}" in notes
    assert not any(note.startswith("催办") for note in notes)


@pytest.mark.parametrize(
    "path",
    [
        "/appeals/inbox?tab=all",
        "/appeals/{id}",
        "/appeals/compounds/{compound}/ledger?month=2026-05",
        "/appeals/evaluations",
        "/appeals/statistics",
    ],
)
def test_no_page_shows_a_stored_time_as_iso_utc(
    closed: Appeal, place: Place, client_for: ClientFor, district_admin: User, path: str
) -> None:
    url = path.format(id=closed.id, compound=place.compound.id)
    html = client_for(district_admin).get(url).text
    assert not ISO_UTC.search(html), ISO_UTC.search(html)


def test_the_statistics_page_draws_each_measure_with_its_table(
    closed: Appeal, register: Callable[..., Appeal], session: Session, client_for: ClientFor,
    district_admin: User,
) -> None:  # fmt: skip
    register(received_at=at(5, 14))
    session.commit()
    html = client_for(district_admin).get("/appeals/statistics?start=2026-05-01").text
    for part in ("by_unit", "by_category"):
        for measure in ("closure_rate", "satisfaction_rate", "overdue_count"):
            assert f'id="{part}-{measure}"><svg' in html
        assert f'id="{part}-table"' in html
    category_rows = html.split('id="by_category-table"', 1)[1]
    assert "投诉举报" in category_rows and '<td class="num closure">50%</td>' in category_rows
    assert '<td class="num satisfaction">100%</td>' in category_rows


def test_a_handler_counts_only_what_they_may_see(
    closed: Appeal, town_staff: User, client_for: ClientFor
) -> None:
    html = client_for(town_staff).get("/appeals/statistics?start=2026-05-01").text
    total = html.split('id="stats-total"', 1)[1]
    assert "<dd>0</dd>" in total and "投诉举报" not in html


def test_a_stored_time_shown_as_a_day_is_the_districts_day() -> None:
    from datetime import UTC, datetime

    from taizhang.web.rendering import day_filter

    assert day_filter(datetime(2026, 5, 20, 17, 0, tzinfo=UTC)) == "2026-05-21"  # 01:00 UTC+8

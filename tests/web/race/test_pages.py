"""The race pages: leaderboard, explain, targets (form and upload) and the dashboard's cards.

The district and its May are those of test_race_api.py (凤桥镇 11, 湘家荡区域 3, 建设街道 0)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from taizhang.kernel.clock import clock_for
from taizhang.kernel.config import Settings
from taizhang.org.models import User
from taizhang.race.targets import set_metric_value, set_target, targets_for
from taizhang.web.app import create_app
from tests.conftest import District
from tests.web.conftest import csrf_from, log_in
from tests.web.race.test_api import WHEN, Raced, build_may

ClientFor = Callable[[User], TestClient]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def raced(session: Session, district: District) -> Raced:
    return build_may(session, district)


def _section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def test_the_leaderboard_ranks_units_with_their_move_and_drill_links(
    client_for: ClientFor, viewer: User, raced: Raced
) -> None:
    html = client_for(viewer).get("/race?period=2026-05&level=town").text
    board = _section(html, "leaderboard")
    assert board.index("凤桥镇") < board.index("湘家荡区域") < board.index("建设街道")
    assert "▲1" in board and "▼2" in board and "持平" in board
    assert f'href="/race/units/{raced.town}?period=2026-05"' in board
    assert f'href="/projects?unit={raced.town}"' in board


def test_the_explain_page_links_each_point_to_its_project_and_event(
    client_for: ClientFor, town_staff: User, raced: Raced
) -> None:
    response = client_for(town_staff).get(f"/race/units/{raced.town}?period=2026-05")
    assert response.status_code == 200
    parts = _section(response.text, "parts")
    assert "签约·1亿–10亿" in parts and "外资项目加分" in parts
    assert f'href="/projects/{raced.foreign_project}"' in parts
    assert f'href="/projects/{raced.foreign_project}#timeline"' in parts
    assert '<strong id="explain-total">11</strong>' in response.text


def test_it_refuses_unit_staff_another_units_explain_page(
    client_for: ClientFor, town_staff: User, raced: Raced
) -> None:
    response = client_for(town_staff).get(f"/race/units/{raced.platform}?period=2026-05")
    assert response.status_code == 403


def test_the_targets_page_colours_the_status_of_each_target(
    client_for: ClientFor, session: Session, district: District, viewer: User
) -> None:
    """68% in September against 75% → 黄, −7 个百分点 (see test_race_api)."""
    town = district.town.id
    set_target(
        session, unit=town, year=2026, metric="fixed_asset_investment", value=50, actor=None,
        now=WHEN,
    )  # fmt: skip
    set_metric_value(
        session, unit=town, metric="fixed_asset_investment", year=2026, month=3, value=34,
        actor=None, now=WHEN,
    )  # fmt: skip
    session.commit()
    html = client_for(viewer).get("/race/targets?year=2026&as_of=2026-09-30").text
    table = _section(html, "completion")
    assert '<span class="badge status-yellow">黄</span>' in table
    assert "68%" in table and "75%" in table and ">-7<" in table
    assert 'id="set-target"' not in html  # only district admins get the forms


def test_the_targets_page_totals_each_metric_over_the_units(
    client_for: ClientFor, session: Session, district: District, viewer: User
) -> None:
    """凤桥镇 34 of 50 and 建设街道 26 of 30: 合计 60 of 80 = 75%, on 序时进度 in September."""
    for unit, target, actual in ((district.town, 50, 34), (district.street, 30, 26)):
        set_target(
            session, unit=unit.id, year=2026, metric="fixed_asset_investment", value=target,
            actor=None, now=WHEN,
        )  # fmt: skip
        set_metric_value(
            session, unit=unit.id, metric="fixed_asset_investment", year=2026, month=3,
            value=actual, actor=None, now=WHEN,
        )  # fmt: skip
    session.commit()
    html = client_for(viewer).get("/race/targets?year=2026&as_of=2026-09-30").text
    table = _section(html, "completion")
    total = table[table.index("<tfoot>") : table.index("</tfoot>")]
    assert "合计" in total and 'data-metric="fixed_asset_investment"' in total
    assert ">80 " in total and ">60<" in total and "75%" in total
    assert '<span class="badge status-green">' in total


def test_a_district_admin_sets_a_target_with_the_form(
    client_for: ClientFor, session: Session, district_admin: User, raced: Raced
) -> None:
    client = client_for(district_admin)
    token = csrf_from(client.get("/race/targets?year=2026").text)
    form = {"unit": raced.town, "year": 2026, "metric": "started", "value": "3"}
    response = client.post(
        "/race/targets", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/race/targets?year=2026"
    assert targets_for(session, year=2026) == {(raced.town, "started"): Decimal(3)}


def test_a_target_in_yi_yuan_reads_amounts_as_people_write_them(
    client_for: ClientFor, session: Session, district_admin: User, raced: Raced
) -> None:
    client = client_for(district_admin)
    token = csrf_from(client.get("/race/targets?year=2026").text)
    for value in ("120亿", "5000万"):
        form = {"unit": raced.town, "year": 2026, "metric": "signed_investment", "value": value}
        response = client.post("/race/targets", data={**form, "csrf_token": token})
        assert response.status_code == 200  # followed to the targets page
    assert targets_for(session, year=2026) == {(raced.town, "signed_investment"): Decimal("0.5")}


def test_a_target_that_cannot_be_read_shows_the_form_again_with_what_was_typed(
    client_for: ClientFor, session: Session, district_admin: User, raced: Raced
) -> None:
    client = client_for(district_admin)
    token = csrf_from(client.get("/race/targets?year=2026").text)
    form = {"unit": raced.town, "year": 2026, "metric": "signed_investment", "value": "12三亿"}
    response = client.post("/race/targets", data={**form, "csrf_token": token})
    assert response.status_code == 422
    assert 'value="12三亿"' in response.text and "混用了阿拉伯数字和汉字数字" in response.text
    assert 'value="signed_investment" selected' in response.text
    assert targets_for(session, year=2026) == {}


SHEET = "单位,年度,指标,目标值\n凤桥镇,2026,亿元以上项目签约数,5\n{second},2026,开工项目数,2\n"


def _upload(client: TestClient, text: str) -> tuple[int, str]:
    token = csrf_from(client.get("/race/targets").text)
    files = {"file": ("目标.csv", text.encode("utf-8"), "text/csv")}
    response = client.post("/race/targets/import", data={"csrf_token": token}, files=files)
    return response.status_code, response.text


def test_an_upload_with_one_bad_row_writes_nothing_and_names_the_row(
    client_for: ClientFor, session: Session, district_admin: User, raced: Raced
) -> None:
    status, html = _upload(client_for(district_admin), SHEET.format(second="不存在镇"))
    assert status == 422
    errors = _section(html, "import-errors")
    assert '<td class="num">3</td>' in errors and "单位" in errors
    assert targets_for(session, year=2026) == {}


def test_a_good_upload_writes_every_target(
    client_for: ClientFor, session: Session, district_admin: User, raced: Raced
) -> None:
    status, html = _upload(client_for(district_admin), SHEET.format(second="建设街道"))
    assert status == 200 and "新增 2 个" in html
    assert targets_for(session, year=2026) == {
        (raced.town, "signed_1yi"): Decimal(5),
        (raced.street, "started"): Decimal(2),
    }


def test_the_dashboard_shows_the_leaderboard_completion_and_the_trend(
    client_for: ClientFor, session: Session, district_admin: User, raced: Raced
) -> None:
    set_target(session, unit=raced.town, year=2026, metric="started", value=2, actor=None, now=WHEN)
    session.commit()
    html = client_for(district_admin).get("/").text
    card = _section(html, "race-card")
    assert card.index("凤桥镇") < card.index("湘家荡区域") and 'href="/race"' in card
    assert "开工项目数" in _section(html, "completion-card")
    start = html.index("<svg", html.index('id="race-trend"'))
    trend = ElementTree.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])
    lines = trend.findall(f".//{SVG}g[@class='trend-series']")
    # Jan–May (the clock reads 2026-05-20), most points first; ties by unit id
    assert [(g.get("data-label"), g.get("data-values")) for g in lines] == [
        ("凤桥镇", "0,0,0,0,11"),
        ("湘家荡区域", "0,0,2,0,3"),
        ("建设街道", "0,0,0,5,0"),
    ]


def test_the_dashboard_sends_a_fixed_number_of_queries_for_the_race_cards(
    client_for: ClientFor,
    session: Session,
    district: District,
    district_admin: User,
    raced: Raced,
    count_queries: Callable[[], int],
) -> None:
    set_target(
        session, unit=district.town, year=2026, metric="started", value=1, actor=None, now=WHEN
    )
    session.commit()
    client = client_for(district_admin)

    def cost() -> int:
        before = count_queries()
        assert client.get("/").status_code == 200
        return count_queries() - before

    few = cost()
    build_may(session, district)
    for unit in (district.town, district.street, district.platform):
        for metric in ("signed_1yi", "in_production", "fixed_asset_investment"):
            set_target(session, unit=unit, year=2026, metric=metric, value=1, actor=None, now=WHEN)
    session.commit()
    assert cost() == few


def _client_on(engine: Engine, database_url: str, day: date, user: User) -> TestClient:
    settings = Settings(database_url=database_url, secret_key="x" * 32, timer_seconds=0)
    return log_in(TestClient(create_app(settings, engine=engine, clock=clock_for(day))),
                  user.username)  # fmt: skip


def test_on_4_december_the_board_shows_november_and_links_to_december(
    engine: Engine, database_url: str, viewer: User, raced: Raced
) -> None:
    html = _client_on(engine, database_url, date(2026, 12, 4), viewer).get("/race").text
    assert 'name="period" value="2026-11"' in html
    notice = html[html.index('id="period-notice"') :]
    assert "本月（2026年12月）才开始 4 天" in notice and "上月（2026年11月）" in notice
    assert 'href="/race?period=2026-12&amp;level=town"' in notice
    december = _client_on(engine, database_url, date(2026, 12, 4), viewer)
    board = _section(december.get("/race?period=2026-12").text, "leaderboard")
    assert "尚无单位得分" in board and "未排名" in board and "▲" not in board and "▼" not in board


def test_on_the_first_working_day_of_2027_the_board_shows_december_2026(
    engine: Engine, database_url: str, viewer: User, raced: Raced
) -> None:
    client = _client_on(engine, database_url, date(2027, 1, 4), viewer)
    assert 'name="period" value="2026-12"' in client.get("/race").text
    api = client.get("/api/v1/race/rankings").json()
    assert api["period"] == "2026-12" and {i["rank"] for i in api["items"]} == {None}


def test_the_board_charts_points_and_rank_history_with_their_data(
    client_for: ClientFor, viewer: User, raced: Raced
) -> None:
    html = client_for(viewer).get("/race?period=2026-05").text
    points = ElementTree.fromstring(_svg_in(_section(html, "points-chart")))
    assert len([g for g in points.iter(f"{SVG}g") if g.get("class") == "bar-row"]) == 3
    history = _section(html, "rank-history")
    ranks = ElementTree.fromstring(_svg_in(history))
    assert {g.get("data-label") for g in ranks.iter(f"{SVG}g") if g.get("class") == "rank-series"}
    assert "<details>" in history and "2026年5月</th>" in history


def test_the_targets_page_charts_each_metric_against_time_progress(
    client_for: ClientFor, district_admin: User, raced: Raced, session: Session
) -> None:
    for unit in (raced.town, raced.street):
        set_target(session, unit=unit, year=2026, metric="signed_1yi", value=4, actor=None,
                   now=WHEN)  # fmt: skip
    session.commit()
    html = client_for(district_admin).get("/race/targets?year=2026&as_of=2026-12-04").text
    chart = html[html.index('class="card completion-chart"') :]
    svg = ElementTree.fromstring(_svg_in(chart))
    assert len([g for g in svg.iter(f"{SVG}g") if g.get("class") == "progress-row"]) == 2
    assert "序时进度 92.74%" in chart and "<details>" in chart


def _svg_in(html: str) -> str:
    return html[html.index("<svg") : html.index("</svg>") + len("</svg>")]

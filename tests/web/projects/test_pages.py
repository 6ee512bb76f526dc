from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from taizhang.org.models import UnitKind, User
from taizhang.org.units import create_unit
from taizhang.projects.events import project_events
from tests.conftest import District, Projects
from tests.web.conftest import csrf_from

ClientFor = Callable[[User], TestClient]


def _svg(html: str, css_class: str) -> ElementTree.Element:
    start = html.index(f'class="chart {css_class}"')
    start = html.rindex("<svg", 0, start)
    end = html.index("</svg>", start) + len("</svg>")
    return ElementTree.fromstring(html[start:end])


def test_the_dashboard_draws_the_funnel_with_one_step_per_stage(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    html = client_for(district_admin).get("/").text
    funnel = _svg(html, "chart-funnel")
    steps = funnel.findall(".//{http://www.w3.org/2000/svg}g[@class='funnel-step']")
    assert [s.get("data-label") for s in steps] == [
        "洽谈",
        "签约",
        "供地",
        "开工",
        "竣工",
        "投产",
        "达产",
    ]
    # each step counts the projects that reached that stage or went beyond it
    assert [s.get("data-value") for s in steps] == ["3", "2", "1", "1", "0", "0", "0"]


def test_the_dashboard_lists_big_and_overdue_projects(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    html = client_for(district_admin).get("/").text
    big = html[html.index('id="big"') : html.index('id="overdue"')]
    assert "新型电池电芯项目" in big and "智能农机装备项目" in big
    assert "城市更新数字平台项目" not in big
    overdue = html[html.index('id="overdue"') :]
    assert "智能农机装备项目" in overdue and "新型电池电芯项目" not in overdue


def test_the_pages_speak_english_on_request(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    client = client_for(district_admin)
    assert "Project funnel by stage" in client.get("/?lang=en").text
    assert "Projects by town" in client.get("/").text  # the choice is remembered
    assert "项目推进漏斗" in client.get("/?lang=zh").text


def test_the_project_list_filters_and_counts(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    html = client_for(district_admin).get("/projects?q=电池").text
    assert "共 1 个项目" in html and "新型电池电芯项目" in html


def test_the_project_list_filters_by_areas_only(
    session: Session, district: District, client_for: ClientFor, district_admin: User
) -> None:
    client = client_for(district_admin)
    compound = create_unit(
        session, code="C1", name="永红小区", kind=UnitKind.COMPOUND, parent=district.village
    )
    for code, name, kind in [
        ("C1-WY", "安居物业", UnitKind.PROPERTY),
        ("C1-YWH", "永红业委会", UnitKind.COMMITTEE),
    ]:
        create_unit(session, code=code, name=name, kind=kind, parent=compound)
    session.commit()
    html = client.get("/projects").text
    assert "永红小区" in html and "凤桥镇" in html
    assert "安居物业" not in html and "永红业委会" not in html and "区经信商务局" not in html


def test_the_project_page_shows_figures_progress_and_the_timeline_with_sources(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    html = client_for(district_admin).get(f"/projects/{projects.in_platform.id}").text
    assert "110亿元" in html
    assert 'aria-valuenow="45' in html
    timeline = html[html.index('id="timeline"') :]
    assert "建档（开工）" in timeline and "系统（测试数据）" in timeline


def test_the_stage_form_records_an_event_and_returns_to_the_timeline(
    client_for: ClientFor, session: Session, town_staff: User, projects: Projects
) -> None:
    client = client_for(town_staff)
    page = client.get(f"/projects/{projects.in_town.id}").text
    response = client.post(
        f"/projects/{projects.in_town.id}/stage",
        data={"csrf_token": csrf_from(page), "stage": "LAND", "on": "2026-05-19", "reason": ""},
        follow_redirects=False,
    )
    assert response.status_code == 303
    events = project_events(session, projects.in_town.id)
    assert events[-1].payload == {"stage": "LAND", "on": "2026-05-19"}
    html = client.get(f"/projects/{projects.in_town.id}").text
    assert "供地（2026-05-19）" in html and "fengqiao" in html


def test_the_figures_form_explains_a_bad_number(
    client_for: ClientFor, session: Session, town_staff: User, projects: Projects
) -> None:
    client = client_for(town_staff)
    page = client.get(f"/projects/{projects.in_town.id}").text
    response = client.post(
        f"/projects/{projects.in_town.id}/figures",
        data={"csrf_token": csrf_from(page), "progress_pct": "140"},
    )
    assert response.status_code == 422
    assert "progress_pct" in response.text
    assert len(project_events(session, projects.in_town.id)) == 2


def test_a_note_longer_than_the_api_allows_is_refused_from_the_form_too(
    client_for: ClientFor, session: Session, town_staff: User, projects: Projects
) -> None:
    client = client_for(town_staff)
    page = client.get(f"/projects/{projects.in_town.id}").text
    response = client.post(
        f"/projects/{projects.in_town.id}/notes",
        data={"csrf_token": csrf_from(page), "text": "长" * 100_000},
    )
    assert response.status_code == 422
    assert len(project_events(session, projects.in_town.id)) == 2


def test_a_form_post_without_csrf_token_is_refused(
    client_for: ClientFor, town_staff: User, projects: Projects
) -> None:
    response = client_for(town_staff).post(
        f"/projects/{projects.in_town.id}/notes", data={"text": "无令牌"}
    )
    assert response.status_code == 403


def test_the_static_stylesheet_is_served_by_the_app(app_client: TestClient) -> None:
    response = app_client.get("/static/app.css")
    assert response.status_code == 200 and "--brand" in response.text


def test_the_list_and_project_pages_send_a_fixed_number_of_queries(
    client_for: ClientFor,
    session: Session,
    district_admin: User,
    projects: Projects,
    count_queries: Callable[[], int],
) -> None:
    client = client_for(district_admin)

    def cost(path: str) -> int:
        before = count_queries()
        assert client.get(path).status_code == 200
        return count_queries() - before

    few = cost("/projects")
    detail = cost(f"/projects/{projects.in_town.id}")
    from taizhang.kernel.sources import Source
    from taizhang.projects.commands import add_note, create_project

    for n in range(6):
        add_note(session, projects.in_town, f"第{n}次调度", source=Source("system"))
        create_project(
            session, name=f"补充项目{n}", unit=projects.in_town.unit, source=Source("system")
        )
    session.commit()
    assert cost("/projects") == few
    assert cost(f"/projects/{projects.in_town.id}") == detail


def test_figures_are_written_the_way_a_ledger_writes_them() -> None:
    from datetime import UTC, datetime
    from decimal import Decimal

    from taizhang.web.rendering import local_time_filter, number_filter

    assert number_filter(Decimal("60.0000")) == "60"
    assert number_filter(Decimal("150.5000")) == "150.5"
    assert number_filter(Decimal("0.125")) == "0.13"
    assert local_time_filter(datetime(2026, 5, 20, 17, 30, tzinfo=UTC)) == "2026-05-21 01:30"


def test_the_list_downloads_as_the_workbook_it_shows(
    client_for: ClientFor, town_staff: User, projects: Projects, tmp_path: Path
) -> None:
    response = client_for(town_staff).get("/projects.xlsx?stage=签约")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    path = tmp_path / "download.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path).active
    assert sheet is not None
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "智能农机装备项目" in values  # the town's own signed project
    assert "新型电池电芯项目" not in values and "城市更新数字平台项目" not in values


def _table_section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def test_the_dashboard_counts_projects_by_unit_with_a_total_row(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    by_unit = _table_section(client_for(district_admin).get("/").text, "by-unit")
    assert '<th class="num">项目数</th>' in by_unit and "项目库" not in by_unit
    total = by_unit[by_unit.index("<tfoot>") :]
    assert "合计" in total
    # 3 projects, 2 of 1亿 or more, 3.5 + 0.6 + 110 = 114.1 亿元
    assert '<td class="num">3</td><td class="num">2</td><td class="num">114.10</td>' in total
    funnel = _table_section(client_for(district_admin).get("/").text, "funnel")
    assert '<td class="num">3</td><td class="num">114.10</td>' in funnel[funnel.index("<tfoot>") :]


def test_the_project_list_totals_every_filtered_project_not_just_the_page(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    client = client_for(district_admin)
    paged = client.get("/projects?per_page=1").text
    total = paged[paged.index('id="filtered-total"') : paged.index("</tfoot>")]
    assert "合计（筛选出的 3 个项目" in total and "114.1亿元" in total
    filtered = client.get("/projects?q=农机").text
    total = filtered[filtered.index('id="filtered-total"') : filtered.index("</tfoot>")]
    assert "合计（筛选出的 1 个项目" in total and "3.5亿元" in total
    assert 'id="filtered-total"' not in client.get("/projects?q=没有这个项目").text
    assert 'id="filtered-total"' not in client.get("/").text  # the dashboard's lists are samples

"""Specs for 新建项目 and 编辑项目: Chinese amounts, input kept on error, scope, sourced events."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.enterprises.models import Enterprise
from taizhang.enterprises.registry import create_enterprise
from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source
from taizhang.org.models import User
from taizhang.projects.commands import change_figures
from taizhang.projects.events import project_events, replay_project
from taizhang.projects.models import Project
from tests.conftest import District, Projects
from tests.web.conftest import csrf_from

ClientFor = Callable[[User], TestClient]
YI = Decimal(100_000_000)


def _post(client: TestClient, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
    """(status, body, where a redirect goes) of posting the form at `path` with `fields`."""
    token = csrf_from(client.get(path).text)
    response = client.post(path, data={"csrf_token": token, **fields}, follow_redirects=False)
    return response.status_code, response.text, response.headers.get("location", "")


def _project_named(session: Session, name: str) -> Project | None:
    session.expire_all()
    return session.scalar(select(Project).where(Project.name == name))


def _count(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Project.id))) or 0


def test_staff_create_a_project_with_an_amount_as_people_write_it(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    status, _, location = _post(
        client_for(town_staff),
        "/projects/new",
        {
            "name": "新型储能电池项目",
            "unit": str(district.village.id),
            "stage": "SIGNED",
            "stage_on": "2026-05-18",
            "investment": "120亿",
            "annual_output": "3000万美元",
            "investors": "凤桥储能科技有限公司、宁德新能源有限公司",
            "phase": "一期",
            "chain": "新能源",
            "land_mu": "150",
            "planned_CONSTRUCTION": "2026-09-30",
            "planned_PRODUCTION": "2027年12月",
        },
    )
    assert status == 303
    project = _project_named(session, "新型储能电池项目")
    assert project is not None and location == f"/projects/{project.id}"
    assert (project.investment_fen, project.investment_currency) == (120 * YI * 100, "CNY")
    assert (project.annual_output_fen, project.annual_output_currency) == (30_000_000 * 100, "USD")
    assert project.investor_names == "凤桥储能科技有限公司、宁德新能源有限公司"
    assert (project.stage, project.stage_reached_on) == ("SIGNED", date(2026, 5, 18))
    assert (project.phase, project.chain, project.land_mu) == ("一期", "新能源", Decimal(150))
    planned = {m.stage: m.planned_on for m in project.milestones if m.planned_on}
    assert planned == {"CONSTRUCTION": date(2026, 9, 30), "PRODUCTION": date(2027, 12, 31)}
    events = project_events(session, project.id)
    assert {(e.actor_id, e.source_kind, e.source_label) for e in events} == {
        (town_staff.id, "user", "fengqiao")
    }
    session.commit()  # the test's read ends before the app writes
    page = client_for(town_staff).get(f"/projects/{project.id}").text
    assert "120亿元" in page and "3000万美元" in page


def test_a_plain_number_is_read_in_yi_as_the_label_says(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    client = client_for(town_staff)
    form = client.get("/projects/new").text
    assert "总投资（亿元）" in form and "只写数字按亿元计" in form
    fields = {"name": "冷链物流项目", "unit": str(district.town.id), "investment": "3.5"}
    assert _post(client, "/projects/new", fields)[0] == 303
    project = _project_named(session, "冷链物流项目")
    assert project is not None and project.investment_fen == 350_000_000 * 100


def test_a_bad_amount_shows_the_form_again_with_everything_typed(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    fields = {
        "name": "智能制造项目",
        "unit": str(district.town.id),
        "investment": "12三亿",
        "investors": "凤桥智造有限公司",
        "chain": "智能装备",
        "planned_CONSTRUCTION": "2026-10-31",
    }
    status, body, _ = _post(client_for(town_staff), "/projects/new", fields)
    assert status == 422
    text = html.unescape(body)
    for name, typed in fields.items():
        assert f'name="{name}"' in text
        assert f'value="{typed}"' in text or f'value="{typed}" selected' in text
    error = text[text.index('id="e-investment"') :]
    assert error.split("<", 1)[0].endswith("混用了阿拉伯数字和汉字数字，请写成 12亿 或 十二亿")
    assert 'id="project-form"' in text and "返回总览" not in text
    assert _count(session) == 0


def test_every_bad_field_is_named_at_once_and_nothing_is_written(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    fields = {
        "name": "",
        "unit": str(district.town.id),
        "investment": "-5亿",
        "land_mu": "很多",
        "planned_LAND": "2026-02-30",
    }
    status, body, _ = _post(client_for(town_staff), "/projects/new", fields)
    assert status == 422
    for name, words in [
        ("name", "请填写项目名称"),
        ("investment", "金额不能为负数"),
        ("land_mu", "用地面积“很多”无法识别"),
        ("planned_LAND", "不存在"),
    ]:
        assert words in body[body.index(f'id="e-{name}"') :].split("</small>")[0]
    assert _count(session) == 0


def test_an_amount_too_large_is_refused_next_to_its_field(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    fields = {"name": "巨型项目", "unit": str(district.town.id), "investment": "2000000万亿"}
    status, body, _ = _post(client_for(town_staff), "/projects/new", fields)
    assert status == 422 and "过大：超过 1000万亿元" in body and 'value="2000000万亿"' in body


def test_a_unit_outside_the_users_scope_is_forbidden(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    client = client_for(town_staff)
    assert str(district.street.id) not in client.get("/projects/new").text.split("f-unit")[1]
    fields = {"name": "越权项目", "unit": str(district.street.id), "investment": "1亿"}
    assert _post(client, "/projects/new", fields)[0] == 403
    assert _count(session) == 0


def test_viewers_cannot_create_projects(
    client_for: ClientFor, district: District, viewer: User
) -> None:
    assert client_for(viewer).get("/projects/new").status_code == 403


def test_investors_are_matched_to_the_enterprises_the_registry_knows(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    known = create_enterprise(session, name="浙江当卓能源科技有限公司")
    session.commit()
    fields = {"name": "储能项目", "unit": str(district.town.id), "investors": "当卓科技，新来企业"}
    assert _post(client_for(town_staff), "/projects/new", fields)[0] == 303
    project = _project_named(session, "储能项目")
    assert project is not None
    assert project.investors[0].enterprise_id == known.id
    assert project.investor_names == "浙江当卓能源科技有限公司、新来企业"
    assert session.scalar(select(func.count(Enterprise.id))) == 2


def test_the_edit_form_changes_investors_dates_and_figures_as_events_of_the_person(
    client_for: ClientFor, session: Session, town_staff: User, projects: Projects
) -> None:
    project = projects.in_town
    client = client_for(town_staff)
    form = html.unescape(client.get(f"/projects/{project.id}/edit").text)
    assert 'value="3.5亿元"' in form and 'value="2026-04-30"' in form
    before = len(project_events(session, project.id))
    session.commit()
    fields = {
        "name": project.name,
        "unit": str(project.unit_id),
        "investment": "5000万",
        "investors": "丰田农机有限公司",
        "chain": "智能装备",
        "planned_CONSTRUCTION": "2026-07-31",
        "planned_PRODUCTION": "2027-06-30",
        "reason": "签约后调整",
    }
    status, _, location = _post(client, f"/projects/{project.id}/edit", fields)
    assert status == 303 and location == f"/projects/{project.id}#timeline"
    events = project_events(session, project.id)[before:]
    assert [e.kind for e in events] == ["figures", "stage_planned", "stage_planned"]
    assert set(events[0].payload) == {"investment", "investors"}  # only what changed
    assert {(e.actor_id, e.source_label, e.reason) for e in events} == {
        (town_staff.id, "fengqiao", "签约后调整")
    }
    state = replay_project(session, project.id)
    assert state.investment is not None and state.investment.amount == 50_000_000
    assert [i.name for i in state.investors] == ["丰田农机有限公司"]
    # (the fixture planned its date on the machine's real day, so compare the events' payloads)
    assert [e.payload for e in events[1:]] == [
        {"stage": "CONSTRUCTION", "on": "2026-07-31"},
        {"stage": "PRODUCTION", "on": "2027-06-30"},
    ]


def test_a_persons_edit_outranks_what_a_document_said(
    client_for: ClientFor, session: Session, town_staff: User, projects: Projects
) -> None:
    project = projects.in_town
    news = Source("document", label="晚报", stated_on=date(2026, 5, 21))
    change_figures(session, project, {"investment": Money(2 * YI)}, source=news)
    session.commit()
    fields = {"name": project.name, "unit": str(project.unit_id), "investment": "4亿"}
    assert _post(client_for(town_staff), f"/projects/{project.id}/edit", fields)[0] == 303
    change_figures(session, project, {"investment": Money(9 * YI)}, source=news)
    session.commit()
    state = replay_project(session, project.id)
    assert state.investment is not None and state.investment.amount == 4 * YI


def test_an_edit_with_a_bad_amount_keeps_the_typed_text_and_changes_nothing(
    client_for: ClientFor, session: Session, town_staff: User, projects: Projects
) -> None:
    project = projects.in_town
    before = len(project_events(session, project.id))
    session.commit()
    fields = {"name": "改名后的项目", "unit": str(project.unit_id), "investment": "三亿五千万万"}
    status, body, _ = _post(client_for(town_staff), f"/projects/{project.id}/edit", fields)
    assert status == 422
    assert 'value="三亿五千万万"' in body and 'value="改名后的项目"' in body
    assert "无法识别的金额“三亿五千万万”" in body
    assert len(project_events(session, project.id)) == before


def test_staff_cannot_edit_a_project_of_another_unit_or_move_one_there(
    client_for: ClientFor,
    session: Session,
    district: District,
    town_staff: User,
    projects: Projects,
) -> None:
    client = client_for(town_staff)
    assert client.get(f"/projects/{projects.in_street.id}/edit").status_code == 403
    own = projects.in_town
    fields = {"name": own.name, "unit": str(district.street.id)}
    assert _post(client, f"/projects/{own.id}/edit", fields)[0] == 403
    session.expire_all()
    assert session.get(Project, own.id).unit_id == district.village.id  # type: ignore[union-attr]


def test_the_quick_figures_form_reads_chinese_amounts(
    client_for: ClientFor, session: Session, town_staff: User, projects: Projects
) -> None:
    project = projects.in_town
    client = client_for(town_staff)
    token = csrf_from(client.get(f"/projects/{project.id}").text)
    response = client.post(
        f"/projects/{project.id}/figures",
        data={"csrf_token": token, "investment": "120亿", "progress_pct": "30"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    session.expire_all()
    assert project.investment_fen == 120 * YI * 100 and project.progress_pct == 30


def test_the_quick_figures_form_shows_the_page_again_with_the_typed_amount(
    client_for: ClientFor, session: Session, town_staff: User, projects: Projects
) -> None:
    project = projects.in_town
    client = client_for(town_staff)
    token = csrf_from(client.get(f"/projects/{project.id}").text)
    response = client.post(
        f"/projects/{project.id}/figures",
        data={"csrf_token": token, "investment": "12三亿", "land_mu": "80"},
    )
    assert response.status_code == 422
    assert 'value="12三亿"' in response.text and 'value="80"' in response.text
    assert 'id="timeline"' in response.text and "混用了阿拉伯数字和汉字数字" in response.text
    assert len(project_events(session, project.id)) == 2

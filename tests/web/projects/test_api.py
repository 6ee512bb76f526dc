from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from taizhang.org.models import User
from taizhang.projects.events import project_events
from taizhang.projects.models import Project
from tests.conftest import Projects

ClientFor = Callable[[User], TestClient]


def test_the_list_is_paged_and_counted(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    body = client_for(district_admin).get("/api/v1/projects?per_page=2").json()
    assert set(body) == {"items", "count", "page", "per_page"}
    assert body["count"] == 3 and len(body["items"]) == 2
    assert body["items"][0]["name"] == "新型电池电芯项目"  # biggest investment first
    assert body["items"][0]["investment"] == {"amount": "11000000000", "currency": "CNY"}


def test_the_list_filters_by_stage_chain_size_and_text(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    client = client_for(district_admin)

    def names(query: str) -> list[str]:
        return [p["name"] for p in client.get(f"/api/v1/projects?{query}").json()["items"]]

    assert names("stage=签约") == ["智能农机装备项目"]
    assert names("stage=CONSTRUCTION") == ["新型电池电芯项目"]
    assert names("chain=人工智能") == ["城市更新数字平台项目"]
    assert names("size_band=over_100") == ["新型电池电芯项目"]
    assert names("min_yi=1") == ["新型电池电芯项目", "智能农机装备项目"]
    assert names("q=农机") == ["智能农机装备项目"]
    assert names("overdue=true") == ["智能农机装备项目"]  # 开工 planned 2026-04-30


def test_filtering_by_a_unit_includes_the_units_below_it(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    town_id = projects.in_town.unit.parent_id  # the project sits in a village of the town
    body = client_for(district_admin).get(f"/api/v1/projects?unit={town_id}").json()
    assert [p["name"] for p in body["items"]] == ["智能农机装备项目"]


def test_unit_staff_see_only_their_own_units_projects(
    client_for: ClientFor, town_staff: User, projects: Projects
) -> None:
    body = client_for(town_staff).get("/api/v1/projects").json()
    assert [p["name"] for p in body["items"]] == ["智能农机装备项目"]


def test_unit_staff_get_403_on_another_units_project_via_api(
    client_for: ClientFor, town_staff: User, projects: Projects
) -> None:
    response = client_for(town_staff).get(f"/api/v1/projects/{projects.in_street.id}")
    assert response.status_code == 403
    assert response.json()["ok"] is False and response.json()["status"] == 403


def test_unit_staff_get_403_on_another_units_project_page(
    client_for: ClientFor, town_staff: User, projects: Projects
) -> None:
    response = client_for(town_staff).get(f"/projects/{projects.in_street.id}")
    assert response.status_code == 403
    assert "该项目不属于您所在的单位" in response.text


def test_an_unknown_project_is_404(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    assert client_for(district_admin).get("/api/v1/projects/999999").status_code == 404


def test_bad_filters_get_422_in_the_error_shape(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    client = client_for(district_admin)
    body = client.get("/api/v1/projects?stage=开会").json()
    assert body["status"] == 422 and "未知的项目阶段" in body["error"]
    body = client.get("/api/v1/projects?per_page=1000").json()
    assert body["status"] == 422 and body["errors"][0]["column"] == "query.per_page"


def _csrf(client: TestClient) -> dict[str, str]:
    from tests.web.conftest import csrf_from

    page = client.get("/").text
    return {"X-CSRF-Token": csrf_from(page)} if 'name="csrf_token"' in page else {}


def test_a_stage_change_through_the_api_is_an_event_naming_the_user(
    client_for: ClientFor, session: Session, town_staff: User, projects: Projects
) -> None:
    client = client_for(town_staff)
    token = _project_csrf(client, projects.in_town.id)
    response = client.post(
        f"/api/v1/projects/{projects.in_town.id}/stage",
        json={"stage": "LAND", "on": "2026-05-18"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 200, response.text
    assert response.json()["stage_label"] == "供地"
    last = project_events(session, projects.in_town.id)[-1]
    assert (last.kind, last.actor_id, last.source_kind) == ("stage_reached", town_staff.id, "user")


def _project_csrf(client: TestClient, project_id: int) -> str:
    from tests.web.conftest import csrf_from

    return csrf_from(client.get(f"/projects/{project_id}").text)


def test_a_write_without_the_csrf_token_is_refused(
    client_for: ClientFor, session: Session, town_staff: User, projects: Projects
) -> None:
    client = client_for(town_staff)
    response = client.post(f"/api/v1/projects/{projects.in_town.id}/stage", json={"stage": "LAND"})
    assert response.status_code == 403
    assert len(project_events(session, projects.in_town.id)) == 2


def test_unit_staff_cannot_change_another_units_project(
    client_for: ClientFor, other_town_staff: User, projects: Projects
) -> None:
    client = client_for(other_town_staff)
    token = _project_csrf(client, projects.in_street.id)
    response = client.post(
        f"/api/v1/projects/{projects.in_town.id}/notes",
        json={"text": "越权备注"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 403


def test_a_viewer_may_read_everything_and_change_nothing(
    client_for: ClientFor, viewer: User, projects: Projects
) -> None:
    client = client_for(viewer)
    assert client.get("/api/v1/projects").json()["count"] == 3
    page = client.get(f"/projects/{projects.in_town.id}").text
    assert "您只能查看该项目" in page


def test_moving_a_stage_back_without_a_reason_is_refused_and_writes_nothing(
    client_for: ClientFor, session: Session, district_admin: User, projects: Projects
) -> None:
    client = client_for(district_admin)
    token = _project_csrf(client, projects.in_platform.id)
    response = client.post(
        f"/api/v1/projects/{projects.in_platform.id}/stage",
        json={"stage": "SIGNED"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 422 and "必须说明原因" in response.json()["error"]
    session.expire_all()
    assert session.get(Project, projects.in_platform.id).stage == "CONSTRUCTION"  # type: ignore[union-attr]


def test_figures_posted_as_json_update_the_project(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    client = client_for(district_admin)
    token = _project_csrf(client, projects.in_platform.id)
    body = client.post(
        f"/api/v1/projects/{projects.in_platform.id}/figures",
        json={"progress_pct": "60", "land_mu": "150", "reason": "月度调度会核实"},
        headers={"X-CSRF-Token": token},
    ).json()
    assert (Decimal(body["progress_pct"]), Decimal(body["land_mu"])) == (60, 150)


def test_the_events_api_gives_every_event_its_source(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    body = client_for(district_admin).get(f"/api/v1/projects/{projects.in_town.id}/events").json()
    assert body["count"] == 2
    assert [e["kind"] for e in body["items"]] == ["created", "stage_planned"]
    assert body["items"][0]["source"]["label"] == "测试数据"


def test_the_dashboard_api_counts_the_funnel_and_the_units(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    body = client_for(district_admin).get("/api/v1/dashboard").json()
    funnel = {s["stage_label"]: (s["count"], s["reached_count"]) for s in body["funnel"]}
    assert funnel == {
        "洽谈": (1, 3),
        "签约": (1, 2),
        "供地": (0, 1),
        "开工": (1, 1),
        "竣工": (0, 0),
        "投产": (0, 0),
        "达产": (0, 0),
    }
    assert (body["total_count"], body["big_count"], body["overdue_count"]) == (3, 2, 1)
    by_unit = {u["name"]: u["count"] for u in body["by_unit"]}
    assert by_unit == {"湘家荡区域": 1, "建设街道": 1, "凤桥镇": 1, "区经信商务局": 0}
    assert body["as_of"] == "2026-05-20"


def test_a_unit_staff_dashboard_covers_only_their_unit(
    client_for: ClientFor, town_staff: User, projects: Projects
) -> None:
    body = client_for(town_staff).get("/api/v1/dashboard").json()
    assert body["total_count"] == 1
    assert [u["name"] for u in body["by_unit"]] == ["永红村"]


def test_the_openapi_document_lists_the_api(app: FastAPI) -> None:
    paths = TestClient(app).get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/dashboard", "/api/v1/projects", "/api/v1/projects/{project_id}"} <= set(paths)


def test_each_project_says_which_report_counts_it_falls_into(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    body = client_for(district_admin).get("/api/v1/projects").json()
    flags = {p["name"]: p["flags"] for p in body["items"]}
    assert flags == {
        "新型电池电芯项目": ["亿元以上", "10亿元以上", "50亿元以上", "100亿元以上"],
        "智能农机装备项目": ["亿元以上"],
        "城市更新数字平台项目": [],
    }


def test_a_search_for_a_percent_sign_is_taken_literally(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    body = client_for(district_admin).get("/api/v1/projects", params={"q": "%"}).json()
    assert body["count"] == 0

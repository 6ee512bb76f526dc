from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.org.models import User
from taizhang.projects.events import project_events
from taizhang.projects.models import Project
from taizhang.projects.sheet_columns import COLUMNS
from tests.conftest import District
from tests.web.conftest import csrf_from

ClientFor = Callable[[User], TestClient]
GOOD = "项目名称,所属单位,项目阶段,总投资（亿元）\n智能农机装备项目,凤桥镇,签约,3.5\n"
BAD = GOOD + "无人机项目,凤桥镇,开会,2\n"


def _upload(client: TestClient, name: str, text: str) -> str:
    token = csrf_from(client.get("/projects/import").text)
    response = client.post(
        "/projects/import",
        data={"csrf_token": token},
        files={"file": (name, text.encode("utf-8-sig") if text else b"", "text/csv")},
    )
    return f"{response.status_code} {response.text}"


def _count(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count(Project.id))) or 0


def test_staff_import_a_ledger_from_the_browser(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    result = _upload(client_for(town_staff), "凤桥镇台账.csv", GOOD)
    assert result.startswith("200") and "新增 1 个" in result
    project = session.scalar(select(Project))
    assert project is not None and project.investment_fen == 350_000_000 * 100
    event = project_events(session, project.id)[0]
    assert (event.actor_id, event.source_label) == (town_staff.id, "凤桥镇台账.csv 第2行")


def test_uploading_the_same_file_again_says_so_and_changes_nothing(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    client = client_for(town_staff)
    _upload(client, "凤桥镇台账.csv", GOOD)
    again = _upload(client, "凤桥镇台账（再传）.csv", GOOD)
    assert again.startswith("200") and "导入的“凤桥镇台账.csv”内容完全相同，未作任何改动" in again
    assert _count(session) == 1


def test_a_file_with_a_bad_row_writes_nothing_and_shows_the_row(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    result = _upload(client_for(town_staff), "bad.csv", BAD)
    assert result.startswith("422")
    assert '<td class="num">3</td><td>项目阶段</td>' in result
    assert _count(session) == 0


def test_staff_cannot_import_into_another_unit(
    client_for: ClientFor, session: Session, district: District, other_town_staff: User
) -> None:
    result = _upload(client_for(other_town_staff), "a.csv", GOOD)
    assert result.startswith("422") and "您无权修改该单位的项目" in result
    assert _count(session) == 0


def test_it_refuses_a_file_that_is_not_a_ledger(
    client_for: ClientFor, district: District, town_staff: User
) -> None:
    assert "请上传 .xlsx 或 .csv 文件" in _upload(client_for(town_staff), "photo.png", "x")
    assert "文件是空的" in _upload(client_for(town_staff), "empty.csv", "")


def test_viewers_cannot_import(client_for: ClientFor, district: District, viewer: User) -> None:
    assert client_for(viewer).get("/projects/import").status_code == 403


def test_an_upload_without_the_csrf_token_is_refused(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    response = client_for(town_staff).post(
        "/projects/import", files={"file": ("a.csv", GOOD.encode(), "text/csv")}
    )
    assert response.status_code == 403
    assert _count(session) == 0


def test_the_import_template_has_the_importers_headers_an_example_and_notes(
    client_for: ClientFor, session: Session, district: District, town_staff: User, tmp_path: Path
) -> None:
    client = client_for(town_staff)
    assert 'href="/projects/import/template.xlsx"' in client.get("/projects/import").text
    response = client.get("/projects/import/template.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    path = tmp_path / "模板.xlsx"
    path.write_bytes(response.content)
    workbook = load_workbook(path)
    data, notes = workbook.worksheets
    rows = list(data.iter_rows(values_only=True))
    assert list(rows[0]) == [column.header for column in COLUMNS]
    example = dict(zip(rows[0], rows[1], strict=True))
    assert example["项目名称"] == "示例：新型储能电池项目" and example["所属单位"] == "凤桥镇"
    assert example["总投资（亿元）"] == 120
    assert notes.title == "填写说明"
    explained = {row[0]: row[2] for row in notes.iter_rows(min_row=2, values_only=True) if row[0]}
    assert set(explained) >= {column.header for column in COLUMNS}
    assert "只写数字按亿元计" in explained["总投资（亿元）"]
    assert explained["计划开工"].startswith("选填。计划开工日期")


def test_importing_the_templates_example_row_creates_the_project(
    client_for: ClientFor, session: Session, district: District, town_staff: User
) -> None:
    client = client_for(town_staff)
    template = client.get("/projects/import/template.xlsx").content
    token = csrf_from(client.get("/projects/import").text)
    response = client.post(
        "/projects/import",
        data={"csrf_token": token},
        files={"file": ("项目台账导入模板.xlsx", template, "application/octet-stream")},
    )
    assert response.status_code == 200 and "新增 1 个" in response.text
    project = session.scalar(select(Project))
    assert project is not None and project.name == "示例：新型储能电池项目"
    assert (project.investment_fen, project.stage) == (120 * 100_000_000 * 100, "SIGNED")
    assert project.investor_names == "示例储能科技有限公司" and project.unit_id == district.town.id
    assert {m.stage for m in project.milestones if m.planned_on} == {
        "LAND",
        "CONSTRUCTION",
        "PRODUCTION",
    }


def test_viewers_get_no_template(client_for: ClientFor, district: District, viewer: User) -> None:
    assert client_for(viewer).get("/projects/import/template.xlsx").status_code == 403

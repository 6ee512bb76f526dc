from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.org.models import User
from taizhang.projects.events import project_events
from taizhang.projects.models import Project
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

"""The achievement pages and API: a search by a firm's short name shows its achievement with
the terms it holds; bad filters answer in the error shape naming them; a need's page
recommends candidates with their reasons, records a meeting from its form (a bad form named
field by field) and downloads its candidates; a town's desk may not use the section."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from taizhang.achievements.library import AchievementDraft, add_achievements
from taizhang.achievements.models import TechNeed
from taizhang.achievements.needs import record_need
from taizhang.enterprises.models import Enterprise
from taizhang.org.models import User
from tests.conftest import NOW, District
from tests.web.conftest import ERROR_KEYS, csrf_from

ClientFor = Callable[[User], TestClient]
LIBRARY = [
    AchievementDraft(
        "碳纤维复合材料无人机机臂",
        "碳纤维预浸料热压成型，机臂减重三成。",
        "新材料",
        "嘉兴碳羽复合材料有限公司",
        "产业化",
        "330402",
    ),
    AchievementDraft(
        "注塑模具热流道温度控制系统",
        "多点温度闭环控制，减少缩痕。",
        "高端装备",
        "浙江大学",
        "中试",
        "杭州市",
    ),
]


@pytest.fixture
def need(session: Session, district: District) -> TechNeed:
    firm = Enterprise(name="嘉兴碳羽复合材料有限公司")
    buyer = Enterprise(name="嘉兴轻驰汽车部件有限公司")
    session.add_all([firm, buyer])
    session.flush()
    add_achievements(session, LIBRARY, actor=None, now=NOW)
    found = record_need(
        session, buyer, "汽车内饰注塑件缩痕多，想找模具热流道控制技术", field="高端装备",
        source="诉求", person="王敏", day=date(2026, 5, 19), actor=None, now=NOW,
    )  # fmt: skip
    session.commit()
    return found


def test_a_search_by_short_name_shows_the_terms(
    client_for: ClientFor, district_admin: User, need: TechNeed
) -> None:
    client = client_for(district_admin)
    page = client.get("/achievements", params={"q": "碳羽复材"})
    assert page.status_code == 200
    assert "碳纤维复合材料无人机机臂" in page.text and "注塑模具" not in page.text
    said = client.get("/api/achievements", params={"q": "模具", "region": "浙江"}).json()
    assert said["count"] == 1 and said["items"][0]["terms"] == ["模具"]
    assert said["items"][0]["achievement"]["region"] == "浙江省杭州市"
    listed = client.get("/api/achievements", params={"field": "新材料"}).json()
    assert [i["achievement"]["title"] for i in listed["items"]] == ["碳纤维复合材料无人机机臂"]


@pytest.mark.parametrize(
    ("params", "words"),
    [({"q": "电池", "field": "航天"}, "技术领域应为"), ({"q": "电池", "region": "火星"}, "火星")],
)
def test_bad_filters_are_named(
    client_for: ClientFor, district_admin: User, need: TechNeed, params: dict, words: str
) -> None:
    answer = client_for(district_admin).get("/api/achievements", params=params)
    assert answer.status_code == 422 and set(answer.json()) == ERROR_KEYS
    assert words in answer.json()["message"]


def test_a_need_is_recommended_met_and_downloaded(
    client_for: ClientFor, district_admin: User, need: TechNeed
) -> None:
    client = client_for(district_admin)
    page = client.get(f"/achievements/needs/{need.id}")
    token = csrf_from(page.text)
    done = client.post(f"/achievements/needs/{need.id}/recommend", data={"csrf_token": token})
    assert done.status_code == 200, done.text  # followed to the need page
    assert "注塑模具热流道温度控制系统" in done.text and "碳纤维" not in done.text
    assert "模具、热流道" in done.text and "领域一致；成熟度：中试" in done.text
    candidate = client.get(f"/api/achievements/needs/{need.id}").json()["candidates"][0]
    form = {"csrf_token": token, "step": "meeting", "person": "王敏", "day": "2026-05-20",
            "outcome": "到现场对接", "achievement": str(candidate["achievement_id"])}  # fmt: skip
    assert client.post(f"/achievements/needs/{need.id}/steps", data=form).status_code == 200
    trail = client.get(f"/api/achievements/needs/{need.id}").json()["trail"]
    assert [s["step"] for s in trail] == ["registered", "candidates", "meeting"]
    assert trail[-1]["person"] == "王敏" and trail[-1]["day"] == "2026-05-20"
    bad = client.post(f"/achievements/needs/{need.id}/steps",
                      data={**form, "day": "五月", "achievement": "x"})  # fmt: skip
    assert bad.status_code == 422
    assert "日期应写成 2026-05-20：五月" in bad.text and "请选择推荐成果中的一项" in bad.text
    sheet = client.get(f"/achievements/needs/{need.id}/candidates.xlsx")
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert any(r[2] == "注塑模具热流道温度控制系统" for r in rows)


def test_a_town_desk_may_not_use_the_library(
    client_for: ClientFor, town_staff: User, need: TechNeed
) -> None:
    client = client_for(town_staff)
    assert client.get("/achievements").status_code == 403
    assert client.get(f"/api/achievements/needs/{need.id}").status_code == 403

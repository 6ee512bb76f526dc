"""The evaluation page, its actions (district administrators only), downloads and the JSON API
on the demo district: its stored years (2023 and 2024 已定级, 2025 公示中 with a corrected second
revision) in Chinese and English, and a year it left unevaluated (2022) taken from trial to
publication."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from taizhang.demo import DEMO_PASSWORD
from tests.web.conftest import ERROR_KEYS, csrf_from, log_in

pytestmark = pytest.mark.usefixtures("demo")
YEAR = 2022  # figures, no stored run


@pytest.fixture
def admin(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield log_in(client, "admin", DEMO_PASSWORD)


@pytest.fixture
def town(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield log_in(client, "fengqiao", DEMO_PASSWORD)


def post(client: TestClient, path: str, **data: str) -> object:
    token = csrf_from(client.get(f"/muju/{YEAR}").text)
    return client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)


def computed(admin: TestClient) -> None:
    response = post(admin, f"/muju/{YEAR}/evaluate")
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]


def test_the_demo_opens_on_its_published_year_with_the_corrected_revision(
    admin: TestClient,
) -> None:
    first = admin.get("/muju", follow_redirects=False)
    assert first.headers["location"] == "/muju/2025"
    page = admin.get("/muju/2025").text
    assert "公示中 · 第 2 版" in page and "公示期：2026-05-15 至 2026-05-22" in page
    assert "2025年度工业企业亩均效益综合评价（本区办法）" in page and "本区-2026" in page
    revisions = page[page.index('id="revisions"') :]
    assert '<tr data-revision="1">' in revisions and "已被新版本替代" in revisions
    assert revisions.count('data-action="objection"') == 2
    assert 'data-action="corrected"' in revisions and 'data-action="dismissed"' in revisions
    objections = page[page.index('id="objections"') : page.index('id="revisions"')]
    assert "已更正" in objections and "不予采纳" in objections
    assert 'id="objection-form"' in page and 'id="compute-form"' not in page
    assert "差别化政策" in page and "0.15" in page
    assert page.count("<details><summary>说明</summary>") > 200


def test_the_frozen_years_show_their_state_and_their_own_scheme(admin: TestClient) -> None:
    for year, version in ((2024, "本区-2025"), (2023, "本区-2024")):
        page = admin.get(f"/muju/{year}").text
        assert "已定级 · 第 1 版" in page and "定级时间" in page and version in page
        assert f"{year}年度工业企业亩均效益综合评价" in page
        assert 'id="actions"' not in page and 'data-action="frozen"' in page


def test_the_page_in_english_says_the_scheme_and_the_explanations_in_english(
    admin: TestClient,
) -> None:
    page = admin.get("/muju/2025?lang=en").text
    assert "Published for objections · revision 2" in page
    assert "Per-mu efficiency evaluation of industrial enterprises, 2025" in page
    assert "Tax per mu = evaluated tax " in page and " points\n" in page
    assert "Not ranked: Public utility" in page and "not graded" in page
    assert "above designated size" in page and "亩均税收" not in page
    assert "Replaced by a later revision" in page and "corrected and recomputed" in page
    assert "No new land as a rule" in page  # the tariff file's English


def test_the_page_before_and_after_a_trial(admin: TestClient) -> None:
    page = admin.get(f"/muju/{YEAR}").text
    assert 'id="no-run"' in page and 'id="compute-form"' in page
    computed(admin)
    page = admin.get(f"/muju/{YEAR}").text
    assert "试算 · 第 1 版" in page and "本区-2026" in page
    assert 'class="chart chart-bar"' in page and 'id="class-table"' in page
    assert page.count("<details><summary>说明</summary>") > 200
    assert 'id="publish-form"' in page and 'id="freeze-form"' not in page
    assert f"/muju/{YEAR}/surcharges.xlsx" in page


def test_search_and_class_filter(admin: TestClient) -> None:
    only_d = admin.get("/muju/2025?grade=D").text
    rows = only_d.count('<tr data-grade="D">')
    assert rows > 0 and '<tr data-grade="A">' not in only_d
    api = admin.get("/api/v1/muju/runs/2025/results", params={"grade": "D"}).json()
    assert api["count"] == rows == api["run"]["counts"]["D"]
    name = api["items"][0]["name"]
    found = admin.get("/api/v1/muju/runs/2025/results", params={"q": name[2:6]}).json()
    assert name in [item["name"] for item in found["items"]]


def test_publish_objection_and_refused_freeze_on_the_page(admin: TestClient) -> None:
    computed(admin)
    assert post(admin, f"/muju/{YEAR}/publish", days="3").status_code == 303  # type: ignore[attr-defined]
    page = admin.get(f"/muju/{YEAR}").text
    assert "公示中 · 第 1 版" in page and "公示期：2026-05-20 至 2026-05-23" in page
    results = admin.get(f"/api/v1/muju/runs/{YEAR}/results").json()["items"]
    target = next(r for r in results if r["grade"] == "C")
    response = post(
        admin, f"/muju/{YEAR}/objections", enterprise=str(target["enterprise_id"]),
        raised_by="企业负责人", content="用地面积多算了 2 亩", raised_on="2026-05-20",
    )  # fmt: skip
    assert response.status_code == 303  # type: ignore[attr-defined]
    page = admin.get(f"/muju/{YEAR}").text
    assert "用地面积多算了 2 亩" in page and "待处理" in page
    refused = post(admin, f"/muju/{YEAR}/freeze")
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "期满后（2026-05-24 起）才能定级" in refused.text  # type: ignore[attr-defined]


def test_a_correction_on_the_page_makes_a_new_revision(admin: TestClient) -> None:
    computed(admin)
    post(admin, f"/muju/{YEAR}/publish")
    results = admin.get(f"/api/v1/muju/runs/{YEAR}/results").json()["items"]
    target = next(r for r in results if r["grade"] == "D")
    post(admin, f"/muju/{YEAR}/objections", enterprise=str(target["enterprise_id"]),
         raised_by="财务", content="税收少计")  # fmt: skip
    page = admin.get(f"/muju/{YEAR}").text
    objection = page.split(f'action="/muju/{YEAR}/objections/')[1].split('"')[0]
    response = post(admin, f"/muju/{YEAR}/objections/{objection}", decision="correct",
                    field="tax", value="5000", note="按完税证明更正")  # fmt: skip
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    run = admin.get(f"/api/v1/muju/runs/{YEAR}").json()
    assert (run["revision"], run["state"]) == (2, "published")
    one = admin.get(f"/api/v1/muju/runs/{YEAR}/enterprises/{target['enterprise_id']}").json()
    assert one["items"][0]["explanation"].startswith("亩均税收 = 评价税收 5000")


def test_town_staff_read_but_do_not_act(admin: TestClient, town: TestClient) -> None:
    page = town.get("/muju/2025").text
    assert 'id="actions"' not in page and 'id="towns"' in page
    listed = town.get("/api/v1/muju/runs/2025/results").json()
    everyone = admin.get("/api/v1/muju/runs/2025/results").json()
    assert 0 < listed["count"] < everyone["count"]
    assert {item["town"] for item in listed["items"]} == {"凤桥镇"}
    other = next(i for i in everyone["items"] if i["town"] != "凤桥镇")
    hidden = town.get(f"/api/v1/muju/runs/2025/enterprises/{other['enterprise_id']}")
    assert hidden.status_code == 404 and set(hidden.json()) == ERROR_KEYS
    refused = post(town, f"/muju/{YEAR}/evaluate")
    assert refused.status_code == 403  # type: ignore[attr-defined]


def test_the_downloads_are_workbooks(admin: TestClient) -> None:
    assert admin.get(f"/muju/{YEAR}/surcharges.xlsx").status_code == 404
    for name, sheet in (
        ("results", "评价结果"), ("surcharges", "电价加价"), ("changes", "等级变化"),
        ("inefficient", "低效企业"),
    ):  # fmt: skip
        response = admin.get(f"/muju/2025/{name}.xlsx")
        assert response.status_code == 200, name
        assert sheet in load_workbook(BytesIO(response.content)).sheetnames
    listing = admin.get("/api/v1/muju/runs").json()
    assert [item["year"] for item in listing["items"]] == [2025, 2024, 2023]
    assert [item["scheme"]["version"] for item in listing["items"]] == [
        "本区-2026", "本区-2025", "本区-2024",
    ]  # fmt: skip

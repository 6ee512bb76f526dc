"""The chain pages and API on the demo district, through the app: the list, a chain's map with
its gaps coloured, targets and the lead form; a lead entered by form and by API; the gap list
as a workbook; and who may do what."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from taizhang.demo import DEMO_PASSWORD, DemoSummary
from tests.web.conftest import ERROR_KEYS, csrf_from, log_in

pytestmark = pytest.mark.usefixtures("demo")


def client_of(app: FastAPI, username: str) -> TestClient:
    return log_in(TestClient(app), username, DEMO_PASSWORD)


def test_the_list_counts_each_chains_gaps(app: FastAPI, demo: DemoSummary) -> None:
    html = client_of(app, "admin").get("/chains").text
    for key in ("new-energy-batteries", "semiconductors", "intelligent-equipment"):
        assert f'data-chain="{key}"' in html
    assert "缺链" in html and "弱链" in html and "断链" in html


def test_a_chains_page_draws_its_map_with_the_gaps_coloured(app: FastAPI) -> None:
    html = client_of(app, "admin").get("/chains/intelligent-equipment").text
    svg = re.search(r"<svg.*?</svg>", html, re.S)
    assert svg is not None
    gaps = set(re.findall(r'data-gap="([a-z]+)"', svg.group()))
    assert {"none", "weak", "missing"} <= gaps
    assert 'data-link="robots"' in svg.group() and "marker-end" in svg.group()
    assert "山东沃丰农业装备有限公司" in html  # a weak link's target
    assert 'action="/chains/intelligent-equipment/leads"' in html
    assert "<script" not in svg.group()


def test_english_names_the_links_in_english(app: FastAPI) -> None:
    html = client_of(app, "admin").get("/chains/semiconductors?lang=en").text
    assert "Wafer fabrication" in html and "broken link" in html


def test_a_lead_entered_by_form_and_a_step_recorded(app: FastAPI) -> None:
    client = client_of(app, "touzhong")
    page = client.get("/chains/new-energy-batteries")
    token = csrf_from(page.text)
    saved = client.post(
        "/chains/new-energy-batteries/leads",
        data={"link": "packs", "firm": "苏州储能系统集成有限公司", "region": "江苏苏州",
              "source": "储能展", "csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert saved.status_code == 303
    lead_id = saved.headers["location"].split("#lead-")[1]
    html = client.get("/chains/new-energy-batteries").text
    assert f'id="lead-{lead_id}"' in html and "苏州储能系统集成有限公司" in html
    stepped = client.post(
        f"/chains/new-energy-batteries/leads/{lead_id}/steps",
        data={"step": "visited", "note": "看了厂房", "csrf_token": token},
        follow_redirects=False,
    )
    assert stepped.status_code == 303
    row = re.search(
        rf'id="lead-{lead_id}".*?</tr>', client.get("/chains/new-energy-batteries").text, re.S
    )
    assert row is not None and "已考察" in row.group()


def test_a_bad_lead_is_refused_and_nothing_is_saved(app: FastAPI) -> None:
    client = client_of(app, "touzhong")
    token = csrf_from(client.get("/chains/semiconductors").text)
    before = client.get("/api/v1/chains/semiconductors").json()
    answer = client.post(
        "/api/v1/chains/semiconductors/leads",
        json={"link": "fab", "firm": ""},
        headers={"X-CSRF-Token": token},
    )
    assert answer.status_code == 422
    body = answer.json()
    assert set(body) >= ERROR_KEYS and "firm" in str(body) and "link" in str(body)
    assert client.get("/api/v1/chains/semiconductors").json() == before


def test_the_api_gives_links_targets_and_leaders(app: FastAPI) -> None:
    client = client_of(app, "admin")
    chains = client.get("/api/v1/chains").json()
    assert {c["key"] for c in chains} == {
        "new-energy-batteries",
        "semiconductors",
        "intelligent-equipment",
    }
    chain = client.get("/api/v1/chains/new-energy-batteries").json()
    separator = next(link for link in chain["links"] if link["key"] == "separator")
    assert separator["gap"] == "broken" and separator["gap_label"] == "断链"
    assert separator["targets"][0]["firm"] == "江苏恒膜新材料科技有限公司"
    assert chain["leaders"][0]["name"] == "浙江当卓能源科技有限公司"
    assert client.get("/api/v1/chains/tea").status_code == 404


def test_the_gap_list_downloads(app: FastAPI) -> None:
    answer = client_of(app, "admin").get("/chains/semiconductors/gaps.xlsx")
    assert answer.status_code == 200
    sheet = load_workbook(BytesIO(answer.content)).active
    assert sheet is not None and sheet["A2"].value == "环节"


def test_a_viewer_reads_without_the_forms_and_a_community_may_not_enter(app: FastAPI) -> None:
    viewer = client_of(app, "viewer")
    html = viewer.get("/chains/semiconductors").text
    assert "lead-form" not in html and "断链" in html
    token = csrf_from(html)
    refused = viewer.post(
        "/api/v1/chains/semiconductors/leads",
        json={"link": "design", "firm": "某芯片设计公司"},
        headers={"X-CSRF-Token": token},
    )
    assert refused.status_code == 403
    assert client_of(app, "chenyaqin").get("/chains").status_code == 403

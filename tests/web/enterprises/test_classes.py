"""An enterprise's classes on its page and in the library: the demo's stored years with their
state (2023–2024 已定级, 2025 公示中 in its corrected revision), the years it never evaluated
computed live (试算) under the configured scheme (`TAIZHANG_MUJU_SCHEME`), and every class
explained in Chinese and in English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from taizhang.demo import DEMO_PASSWORD
from taizhang.enterprises.models import Enterprise
from taizhang.kernel.config import Settings
from taizhang.muju.models import MujuObjection, ObjectionStatus
from taizhang.muju.queries import classes_by_year
from taizhang.muju.schemes import scheme_text
from taizhang.web.app import create_app
from tests.conftest import NOW
from tests.web.conftest import log_in

pytestmark = pytest.mark.usefixtures("demo")
STATES = {2021: "试算", 2022: "试算", 2023: "已定级", 2024: "已定级", 2025: "公示中"}


@pytest.fixture
def admin(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield log_in(client, "admin", DEMO_PASSWORD)


def year_rows(html: str) -> dict[int, str]:
    """Each year's row of the results table."""
    return {
        int(year): row
        for year, row in re.findall(r'<tr data-year="(\d{4})">(.*?)</tr>', html, re.DOTALL)
    }


def corrected_firm(session: Session) -> int:
    objection = session.scalars(
        select(MujuObjection).where(MujuObjection.status == ObjectionStatus.CORRECTED.value)
    ).one()
    return objection.enterprise_id


def test_each_year_shows_its_state_and_explains_its_class(
    admin: TestClient, session: Session
) -> None:
    eid = corrected_firm(session)
    rows = year_rows(admin.get(f"/enterprises/{eid}").text)
    assert {year: STATES[year] in row for year, row in rows.items()} == dict.fromkeys(STATES, True)
    assert all("亩均税收 = 评价税收 " in row and "名次 " in row for row in rows.values())
    english = year_rows(admin.get(f"/enterprises/{eid}?lang=en").text)
    assert "final" in english[2023] and "published for objections" in english[2025]
    assert all("Tax per mu = evaluated tax " in row for row in english.values())
    assert all('title="Rank ' in row for row in english.values())


def test_the_published_year_is_its_corrected_revision(admin: TestClient, session: Session) -> None:
    eid = corrected_firm(session)
    body = admin.get(f"/api/v1/enterprises/{eid}").json()
    latest = body["years"][-1]
    tax = next(f for f in latest["figures"] if f["field"] == "tax")
    assert "异议" in tax["source"]  # the corrected figure is the objection's ledger event
    stored = admin.get(f"/api/v1/muju/runs/2025/enterprises/{eid}").json()
    assert latest["score"] == stored["score"] and latest["grade"] == stored["grade"]
    assert f"评价税收 {tax['value']} ÷" in stored["explanation"]


def test_an_excluded_firm_says_why_in_either_language(admin: TestClient, session: Session) -> None:
    utility = session.scalars(select(Enterprise).where(Enterprise.name == "南湖热电有限公司")).one()
    chinese = year_rows(admin.get(f"/enterprises/{utility.id}").text)[2025]
    assert "不参与排名：公用事业" in chinese and "不定等级" in chinese
    english = year_rows(admin.get(f"/enterprises/{utility.id}?lang=en").text)[2025]
    assert "Not ranked: Public utility" in english and "not graded" in english
    assert "不定等级" not in english and "公用事业" not in english
    listing = admin.get("/enterprises?grade=不定等级&lang=en").text
    assert ">not graded</option>" in listing and utility.name in listing


def test_live_years_follow_the_configured_scheme(
    engine: Engine, database_url: str, session: Session, tmp_path: Path
) -> None:
    """Set `TAIZHANG_MUJU_SCHEME` (the settings' `muju_scheme`) and the years without a stored
    run are classed under that file, as `taizhang muju evaluate` would class them."""
    wider = tmp_path / "wider-a.toml"
    wider.write_text(scheme_text().text.replace("up_to = 0.25", "up_to = 0.50"), encoding="utf-8")
    configured = {
        eid for eid, grade in classes_by_year(session, [2022], scheme=wider)[2022].grades.items()
        if grade == "A"
    }  # fmt: skip
    default = {e for e, g in classes_by_year(session, [2022])[2022].grades.items() if g == "A"}
    assert len(configured) > len(default)
    session.rollback()
    settings = Settings(
        database_url=database_url, secret_key="x" * 32, timer_seconds=0, muju_scheme=wider
    )
    app = create_app(settings, engine=engine, clock=lambda: NOW)
    with TestClient(app) as client:
        log_in(client, "admin", DEMO_PASSWORD)
        params = {"year": "2022", "grade": "A", "per_page": "200"}
        listed = client.get("/api/v1/enterprises", params=params).json()
        assert {item["id"] for item in listed["items"]} == configured
        stored = client.get("/api/v1/enterprises", params={**params, "year": "2025"}).json()
        assert stored["grade_state"] == "公示中"  # a stored year keeps its own scheme

"""The five seed reports filed into the demo district show up on the dashboard and on each
project page with the sentences they came from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from taizhang.demo import DEMO_PASSWORD, build_demo
from taizhang.intake.ingest import ingest_paths
from tests.web.conftest import log_in

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")


@pytest.fixture
def demo_with_seeds(session: Session, engine: Engine) -> None:
    build_demo(session, today=date(2026, 11, 21))
    session.commit()
    report = ingest_paths(
        engine, sorted(SEEDS.glob("*.txt")), unit_code=None, official=False, published=None
    )
    assert (report.filed, report.failed) == (5, 0), report.lines


def test_the_seed_projects_appear_with_their_sentences(
    demo_with_seeds: None, app_client: TestClient
) -> None:
    log_in(app_client, "admin", DEMO_PASSWORD)
    for query, fragment in (
        ("湖纳", "20GWh"),
        ("斯达", "72"),
        ("克明", "20.87"),
        ("当卓", "60GWh"),
    ):
        found = app_client.get("/api/v1/projects", params={"q": query}).json()["items"]
        assert found, query
        pages = [app_client.get(f"/projects/{p['id']}").text for p in found]
        assert any("文档摘录" in page and fragment in page for page in pages), query
    dashboard = app_client.get("/api/v1/dashboard").json()
    assert dashboard["total_count"] > 41  # the demo's projects and the seeds' new ones

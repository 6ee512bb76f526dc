"""The five seed reports filed into the demo district show up on the dashboard and on each
project page with the sentences they came from."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from taizhang.demo import DEMO_PASSWORD, build_demo
from taizhang.intake.ingest import ingest_paths
from taizhang.intake.pipeline import is_navigation
from taizhang.intake.reconcile import document_digest
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.kernel.sources import Document
from taizhang.projects.models import COUNTED, Event, Project
from tests.web.conftest import log_in

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")


SEED_DIGESTS = [
    document_digest(path.read_text(encoding="utf-8").replace("\r\n", "\n"))
    for path in sorted(SEEDS.glob("*.txt"))
]
COPIED_ON = date(2026, 12, 3)  # the day the reports were copied to this machine
ELSEWHERE = (
    "晶科能源",
    "振石",
    "冠宇",
    "德马吉森",
    "漂流",
    "天美",
    "露营",
)  # 海宁, 桐乡, 海盐, 平湖, 建德


@dataclass(frozen=True)
class Before:
    project_ids: frozenset[int]
    total_fen: int


@pytest.fixture
def demo_with_seeds(session: Session, engine: Engine, tmp_path: Path) -> Before:
    """The demo, then the five seeds filed into it as copies dated by the file system."""
    build_demo(session, today=date(2026, 11, 21))
    session.commit()
    before = Before(frozenset(session.scalars(select(Project.id))), _counted_total(session))
    session.rollback()
    report = ingest_paths(engine, _copies(tmp_path), unit_code=None, official=False, published=None)
    assert (report.filed, report.failed) == (5, 0), report.lines
    return before


def _copies(folder: Path) -> list[Path]:
    copied = datetime.combine(COPIED_ON, time(10), DISTRICT_TIME).timestamp()
    paths = []
    for seed in sorted(SEEDS.glob("*.txt")):
        copy = folder / seed.name
        shutil.copyfile(seed, copy)
        os.utime(copy, (copied, copied))
        paths.append(copy)
    return paths


def _counted_total(session: Session) -> int:
    total = session.scalar(select(func.sum(Project.investment_cny_fen)).where(COUNTED))
    return int(total or 0)


def test_the_seeds_add_only_the_districts_projects_once_and_date_nothing_by_file_time(
    demo_with_seeds: Before, session: Session
) -> None:
    new = [p for p in session.scalars(select(Project)) if p.id not in demo_with_seeds.project_ids]
    counted = [p for p in new if not (p.held_for_review or p.withdrawn)]
    assert _counted_total(session) == demo_with_seeds.total_fen + sum(
        p.investment_cny_fen or 0 for p in counted
    )
    assert not [p.name for p in counted if _mentions(p, ELSEWHERE)]
    held = [p for p in new if p.held_for_review]
    assert all(any(_mentions(p, (word,)) for p in held) for word in ("晶科能源", "振石", "冠宇"))

    assert _by_investor(session, "斯达", demo_with_seeds) == [(None, True)]
    dangzhuo = _by_investor(session, "当卓", demo_with_seeds)
    assert {("一期", True), ("二期", True)} <= set(dangzhuo)
    assert [phase for phase, in_demo in dangzhuo if not in_demo] in ([], [None])  # their whole

    documents = list(session.scalars(select(Document).where(Document.sha256.in_(SEED_DIGESTS))))
    assert sorted(str(d.published_on) for d in documents) == ["2022-05-07"] + ["None"] * 4
    assert not [d.title for d in documents if is_navigation(d.title)]  # a page's menu is no title
    dated = select(Event.occurred_on).where(Event.document_id.is_not(None))
    assert COPIED_ON not in set(session.scalars(dated))


def _mentions(project: Project, words: tuple[str, ...]) -> bool:
    return any(word in project.name + project.investor_names for word in words)


def _by_investor(session: Session, word: str, before: Before) -> list[tuple[str | None, bool]]:
    """(phase, in the demo before) of the counted projects of an investor."""
    query = select(Project).where(COUNTED, Project.investor_names.contains(word))
    found = [(p.phase, p.id in before.project_ids) for p in session.scalars(query)]
    return sorted(found, key=str)


def test_the_seed_projects_appear_with_their_sentences(
    demo_with_seeds: Before, app_client: TestClient
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

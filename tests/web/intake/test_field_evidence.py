"""The project's timeline and the document's review page show, for each figure, the sentence
it came from with the figure's own words marked, and planned dates as precisely as said."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.intake.pipeline import prepare_incoming
from taizhang.intake.reconcile import file_document
from taizhang.org.models import User
from taizhang.projects.models import Project
from tests.conftest import District

ClientFor = Callable[[User], TestClient]
FIRST = "星澜新能源科技有限公司投资18亿元建设年产6GWh储能电池项目，项目用地200亩。"
SECOND = "该项目目前正在加紧建设，计划2026年第三季度建成投产，达产后年产值可达30亿元。"


@pytest.fixture
def filed(session: Session, district: District, tmp_path: Path) -> tuple[int, int]:
    """(document id, project id) of a filed report (ids only: the app needs SQLite unlocked)."""
    path = tmp_path / "report.txt"
    path.write_text("本报讯\n" + FIRST + "\n" + SECOND, encoding="utf-8")
    incoming = prepare_incoming(path, published=date(2026, 5, 12))
    now = datetime(2026, 5, 13, tzinfo=UTC)
    summary = file_document(session, incoming, unit=district.town, actor=None, now=now)
    project_id = session.scalars(select(Project.id)).one()
    session.commit()
    return summary.document_id, project_id


def test_the_timeline_quotes_each_figures_sentence_with_its_words_marked(
    client_for: ClientFor, district_admin: User, filed: tuple[int, int]
) -> None:
    html = client_for(district_admin).get(f"/projects/{filed[1]}").text
    assert '<mark class="words">投资18亿元</mark>' in html
    assert '<mark class="words">达产后年产值可达30亿元</mark>' in html
    assert '<mark class="words">2026年第三季度建成投产</mark>' in html
    assert "计划投产：2026年第三季度" in html
    assert "2026-09-30" not in html
    stages = html.split('id="stages"')[1].split("</ol>")[0]
    assert "2026年第三季度" in stages


def test_the_project_list_shows_the_next_plan_as_said(
    client_for: ClientFor, district_admin: User, filed: tuple[int, int]
) -> None:
    html = client_for(district_admin).get("/projects").text
    assert "2026年第三季度" in html and "2026-09-30" not in html
    # the figures of the first sentence are not quoted with the second one
    assert FIRST[:10] + SECOND[:5] not in html


def test_the_review_page_marks_each_figures_words_within_its_sentence(
    client_for: ClientFor, district_admin: User, filed: tuple[int, int]
) -> None:
    html = client_for(district_admin).get(f"/documents/{filed[0]}").text
    text = html.split('id="text"')[1].split("</section>")[0]
    assert 'class="words"' in text
    assert ">投资18亿元</mark>" in text and ">用地200亩</mark>" in text
    anchors = [part.split('"')[0] for part in text.split('id="text-')[1:]]
    assert len(anchors) == len(set(anchors))  # each fact's anchor once
    facts = html.split('id="facts"')[1]
    assert '<mark class="words">达产后年产值可达30亿元</mark>' in facts

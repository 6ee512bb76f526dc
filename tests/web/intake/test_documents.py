"""The review page: a filed document's text with each fact's sentence, and verdicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.intake.documents import document_events
from taizhang.intake.facts import Amount, ProjectFact, Span
from taizhang.intake.reconcile import IncomingDocument, file_document
from taizhang.org.models import User
from taizhang.projects.models import Project
from tests.conftest import District
from tests.web.conftest import csrf_from

ClientFor = Callable[[User], TestClient]


def _fact_id(session: Session, document_id: int, kind: str) -> int:
    """Read with the test's session, then let go of SQLite's lock before the app writes."""
    fact_id = next(e.id for e in document_events(session, document_id) if e.kind == kind)
    session.rollback()
    return fact_id


def _reject(client: TestClient, document_id: int, fact_id: int, reason: str) -> Response:
    page = client.get(f"/documents/{document_id}").text
    return client.post(
        f"/documents/{document_id}/facts/{fact_id}",
        data={"csrf_token": csrf_from(page), "verdict": "reject", "reason": reason},
        follow_redirects=False,
    )


TEXT = "本报讯 农机装备项目签约落户凤桥镇，总投资3.5亿元。其余内容与项目无关。"
SENTENCE = "农机装备项目签约落户凤桥镇，总投资3.5亿元。"


@pytest.fixture
def filed(session: Session, district: District) -> int:
    """The id of a filed document (ids only: the app must find the database unlocked)."""
    start = TEXT.index(SENTENCE)
    fact = ProjectFact(
        name="农机装备项目",
        investment=Amount(Decimal(350_000_000)),
        stage="签约",
        evidence=[Span(start, start + len(SENTENCE), SENTENCE)],
    )
    incoming = IncomingDocument("凤桥镇签约一批项目", None, TEXT, date(2026, 5, 1), False, [fact])
    summary = file_document(
        session, incoming, unit=district.town, actor=None, now=datetime(2026, 5, 2, tzinfo=UTC)
    )
    session.commit()
    return summary.document_id


def test_the_review_page_highlights_the_sentence_of_each_fact(
    client_for: ClientFor, district_admin: User, filed: int
) -> None:
    html = client_for(district_admin).get(f"/documents/{filed}").text
    assert f">{SENTENCE}</mark>" in html
    assert "总投资 3.5亿元" in html


def test_rejecting_a_fact_takes_it_out_of_the_project(
    client_for: ClientFor, session: Session, town_staff: User, filed: int
) -> None:
    client = client_for(town_staff)
    figures_id = _fact_id(session, filed, "figures")
    response = _reject(client, filed, figures_id, "金额为签约额，非总投资")
    assert response.status_code == 303
    project = session.scalar(select(Project))
    assert project is not None and project.investment_fen is None
    assert "已驳回" in client.get(f"/documents/{filed}").text


def test_rejecting_the_creation_withdraws_the_project_from_every_list(
    client_for: ClientFor, session: Session, town_staff: User, filed: int
) -> None:
    client = client_for(town_staff)
    assert "驳回建档" in client.get(f"/documents/{filed}").text
    created_id = _fact_id(session, filed, "created")
    project_id = session.scalar(select(Project.id))
    session.rollback()
    assert "农机装备项目" in client.get("/projects").text
    response = _reject(client, filed, created_id, "报道的是农机展会，不是项目")
    assert response.status_code == 303
    project = session.get(Project, project_id)
    assert project is not None and project.withdrawn
    assert "农机装备项目" not in client.get("/projects").text
    assert client.get("/api/v1/projects", params={"q": "农机装备"}).json()["count"] == 0
    assert "已驳回" in client.get(f"/documents/{filed}").text
    assert 'id="withdrawn"' in client.get(f"/projects/{project_id}").text


def test_a_rejection_needs_a_reason(
    client_for: ClientFor, session: Session, town_staff: User, filed: int
) -> None:
    client = client_for(town_staff)  # before the test's session reads (and holds SQLite's lock)
    response = _reject(client, filed, _fact_id(session, filed, "figures"), "")
    assert response.status_code == 422 and "驳回时必须说明原因" in response.text


def test_staff_of_another_unit_cannot_judge_the_fact(
    client_for: ClientFor, session: Session, other_town_staff: User, filed: int
) -> None:
    client = client_for(other_town_staff)
    page = client.get("/documents").text
    figures_id = _fact_id(session, filed, "figures")
    response = client.post(
        f"/documents/{filed}/facts/{figures_id}",
        data={"csrf_token": csrf_from(page) if "csrf_token" in page else "", "verdict": "confirm"},
    )
    assert response.status_code == 403


def test_confirming_a_fact_is_an_event_naming_the_reviewer(
    client_for: ClientFor, session: Session, town_staff: User, filed: int
) -> None:
    client = client_for(town_staff)
    page = client.get(f"/documents/{filed}").text
    stage_id = _fact_id(session, filed, "stage_reached")
    client.post(
        f"/documents/{filed}/facts/{stage_id}",
        data={"csrf_token": csrf_from(page), "verdict": "confirm"},
    )
    html = client.get(f"/documents/{filed}").text
    assert "已确认 · fengqiao" in html


def test_the_project_page_shows_both_values_when_sources_disagree(
    client_for: ClientFor, session: Session, district_admin: User, filed: int
) -> None:
    newer = "农机装备项目总投资调整为4亿元。"
    fact = ProjectFact(
        name="农机装备项目",
        investment=Amount(Decimal(400_000_000)),
        evidence=[Span(0, len(newer), newer)],
    )
    incoming = IncomingDocument(
        "农机装备项目追加投资", None, newer, date(2026, 6, 1), False, [fact]
    )
    file_document(session, incoming, unit=None, actor=None, now=datetime(2026, 6, 2, tzinfo=UTC))
    project_id = session.scalar(select(Project.id))
    session.commit()
    html = client_for(district_admin).get(f"/projects/{project_id}").text
    section = html[html.index('id="disagreements"') :]
    assert "总投资 4亿元 · 新闻报道" in section and "（当前显示）" in section
    assert "总投资 3.5亿元 · 新闻报道" in section


def test_documents_follow_the_scope_of_their_projects(
    client_for: ClientFor, town_staff: User, other_town_staff: User, viewer: User, filed: int
) -> None:
    for user in (town_staff, viewer):
        client = client_for(user)
        assert "凤桥镇签约一批项目" in client.get("/documents").text
        assert client.get(f"/documents/{filed}").status_code == 200
    outsider = client_for(other_town_staff)
    assert "凤桥镇签约一批项目" not in outsider.get("/documents").text
    assert outsider.get(f"/documents/{filed}").status_code == 403


@pytest.fixture
def undated(session: Session, district: District) -> int:
    """A document that printed no date: its signing has no date yet."""
    start = TEXT.index(SENTENCE)
    fact = ProjectFact(
        name="农机装备项目",
        stage="签约",
        evidence=[Span(start, start + len(SENTENCE), SENTENCE)],
    )
    incoming = IncomingDocument("凤桥镇签约一批项目", None, TEXT, None, False, [fact])
    summary = file_document(
        session, incoming, unit=district.town, actor=None, now=datetime(2026, 5, 2, tzinfo=UTC)
    )
    session.commit()
    return summary.document_id


def _give_date(client: TestClient, document_id: int, day: str) -> Response:
    page = client.get(f"/documents/{document_id}").text
    return client.post(
        f"/documents/{document_id}/date",
        data={"csrf_token": csrf_from(page), "published_on": day},
        follow_redirects=False,
    )


def test_the_review_page_asks_for_the_date_of_an_undated_document_and_dates_its_stages(
    client_for: ClientFor, session: Session, town_staff: User, undated: int
) -> None:
    client = client_for(town_staff)
    assert 'id="undated"' in client.get(f"/documents/{undated}").text
    assert _give_date(client, undated, "2026-04-28").status_code == 303
    project = session.scalars(select(Project)).one()
    assert (project.stage, project.stage_reached_on) == ("SIGNED", date(2026, 4, 28))
    assert 'id="undated"' not in client.get(f"/documents/{undated}").text


def test_a_document_cannot_be_dated_in_the_future_or_by_an_outsider(
    client_for: ClientFor,
    session: Session,
    town_staff: User,
    other_town_staff: User,
    undated: int,
) -> None:
    future = _give_date(client_for(town_staff), undated, "2027-01-01")
    assert future.status_code == 422 and "晚于今天" in future.text
    assert _give_date(client_for(other_town_staff), undated, "2026-04-28").status_code == 403
    project = session.scalars(select(Project)).one()
    assert project.stage_reached_on is None

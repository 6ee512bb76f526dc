"""The stages projects reached, read once for the race and for the targets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from taizhang.kernel.money import Money
from taizhang.kernel.sources import RANK_NEWS, RANK_PERSON, Source, SourceKind
from taizhang.kernel.stages import Stage
from taizhang.org.models import Unit
from taizhang.projects.commands import create_project, reach_stage, record_verdict
from taizhang.projects.events import project_events
from taizhang.projects.models import Project
from taizhang.projects.stage_history import Reaching, stage_reachings
from tests.conftest import District

SYSTEM = Source("system", label="测试")
NEWS = Source(SourceKind.DOCUMENT, label="新闻")
NOW = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)


def _project(session: Session, name: str, unit: Unit, stage: Stage, on: date) -> Project:
    return create_project(
        session,
        name=name,
        unit=unit,
        stage=stage,
        stage_on=on,
        source=SYSTEM,
        now=NOW,
        figures={"investment": Money(Decimal(300_000_000)), "capital_origin": "外资"},
    )


def _steps(reachings: list[Reaching]) -> list[tuple[str, Stage, date, int]]:
    return [(r.project_name, r.stage, r.on, r.source_rank) for r in reachings]


def test_it_reads_created_and_reached_stages_in_project_and_event_order(
    session: Session, district: District
) -> None:
    first = _project(session, "储能项目", district.village, Stage.TALKS, date(2026, 1, 5))
    second = _project(session, "农机项目", district.street, Stage.SIGNED, date(2026, 2, 1))
    reach_stage(session, first, Stage.SIGNED, on=date(2026, 3, 8), source=SYSTEM)
    reach_stage(session, first, Stage.LAND, on=date(2026, 4, 9), source=NEWS)
    found = stage_reachings(session, until=date(2026, 12, 31))
    assert _steps(found) == [
        ("储能项目", Stage.TALKS, date(2026, 1, 5), RANK_PERSON),
        ("储能项目", Stage.SIGNED, date(2026, 3, 8), RANK_PERSON),
        ("储能项目", Stage.LAND, date(2026, 4, 9), RANK_NEWS),
        ("农机项目", Stage.SIGNED, date(2026, 2, 1), RANK_PERSON),
    ]
    signed = found[1]
    assert (signed.project_id, signed.unit_path) == (first.id, district.village.path)
    assert (signed.investment_cny_fen, signed.capital_origin) == (30_000_000_000, "外资")
    assert found[3].project_id == second.id


def test_it_keeps_to_the_window_and_the_projects_asked_for(
    session: Session, district: District
) -> None:
    first = _project(session, "储能项目", district.town, Stage.TALKS, date(2025, 12, 5))
    reach_stage(session, first, Stage.SIGNED, on=date(2026, 3, 8), source=SYSTEM)
    reach_stage(session, first, Stage.LAND, on=date(2026, 6, 9), source=SYSTEM)
    other = _project(session, "农机项目", district.town, Stage.SIGNED, date(2026, 2, 1))
    window = stage_reachings(session, since=date(2026, 1, 1), until=date(2026, 5, 31))
    assert [(r.project_name, r.stage) for r in window] == [
        ("储能项目", Stage.SIGNED),
        ("农机项目", Stage.SIGNED),
    ]
    only = stage_reachings(session, until=date(2026, 12, 31), project_ids=[other.id])
    assert [r.project_id for r in only] == [other.id]


def test_a_retracted_stage_is_left_out(session: Session, district: District) -> None:
    project = _project(session, "误报项目", district.town, Stage.TALKS, date(2026, 1, 5))
    reach_stage(session, project, Stage.SIGNED, on=date(2026, 3, 15), source=NEWS)
    signed = project_events(session, project.id)[-1]
    record_verdict(
        session, project, target=signed, accept=False, source=SYSTEM, actor=None, reason="误报"
    )
    found = stage_reachings(session, until=date(2026, 12, 31))
    assert [r.stage for r in found] == [Stage.TALKS]


def test_a_withdrawn_project_reached_no_stage(session: Session, district: District) -> None:
    _project(session, "真实项目", district.town, Stage.SIGNED, date(2026, 2, 1))
    mistaken = _project(session, "农机展会", district.town, Stage.SIGNED, date(2026, 2, 3))
    reach_stage(session, mistaken, Stage.LAND, on=date(2026, 3, 15), source=NEWS)
    created = project_events(session, mistaken.id)[0]
    record_verdict(
        session, mistaken, target=created, accept=False, source=SYSTEM, actor=None, reason="非项目"
    )
    found = stage_reachings(session, until=date(2026, 12, 31))
    assert [r.project_name for r in found] == ["真实项目"]

"""Filing: each figure event cites the one sentence its figures come from, with their words
marked, and stage and plan events keep the precision of their dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.intake.pipeline import prepare_incoming
from taizhang.intake.reconcile import file_document
from taizhang.kernel.stages import Stage
from taizhang.projects.events import replay_project
from taizhang.projects.models import Event, Project
from taizhang.web.timeline import event_title
from tests.conftest import District

FIRST = "星澜新能源科技有限公司投资18亿元建设年产6GWh储能电池项目，项目用地200亩。"
SECOND = "该项目目前正在加紧建设，计划2026年第三季度建成投产，达产后年产值可达30亿元。"
NOW = datetime(2026, 5, 13, 8, 0, tzinfo=UTC)


def _file(session: Session, district: District, tmp_path: Path, text: str) -> list[Event]:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    incoming = prepare_incoming(path, published=date(2026, 5, 12))
    file_document(session, incoming, unit=district.town, actor=None, now=NOW)
    return list(session.scalars(select(Event).order_by(Event.id)))


def _marked(event: Event, text: str) -> list[str]:
    return [text[start:end] for start, end in event.marks or ()]


def test_a_figure_event_cites_only_its_own_sentence(
    session: Session, district: District, tmp_path: Path
) -> None:
    text = "本报讯\n" + FIRST + "\n" + SECOND
    events = _file(session, district, tmp_path, text)
    figures = [e for e in events if e.kind == "figures"]
    assert [e.quote for e in figures] == [FIRST, SECOND]
    first, second = figures
    assert set(first.payload) >= {"investment", "capacities", "land_mu"}
    assert "annual_output" not in first.payload
    assert set(second.payload) == {"annual_output"}
    assert first.span_start is not None and first.span_end is not None
    assert text[first.span_start : first.span_end] == FIRST
    assert _marked(first, text) == ["投资18亿元", "6GWh", "用地200亩"]
    assert _marked(second, text) == ["达产后年产值可达30亿元"]
    stage = next(e for e in events if e.kind == "stage_reached")
    assert stage.quote == SECOND and _marked(stage, text) == ["正在加紧建设"]


def test_a_planned_date_keeps_its_precision(
    session: Session, district: District, tmp_path: Path
) -> None:
    events = _file(session, district, tmp_path, FIRST + SECOND)
    plan = next(e for e in events if e.kind == "stage_planned")
    assert plan.payload == {"stage": "PRODUCTION", "on": "2026-09-30", "precision": "quarter"}
    assert event_title(plan) == "计划投产：2026年第三季度"
    assert event_title(plan, "en") == "planned production: 2026 Q3"
    reached = next(e for e in events if e.kind == "stage_reached")
    assert reached.payload["precision"] == "day"
    assert event_title(reached) == "开工（2026-05-12）"
    project = session.scalars(select(Project)).one()
    assert project.next_planned_on == date(2026, 9, 30)  # late only after the quarter
    assert project.next_planned_precision == "quarter"
    (milestone,) = [m for m in project.milestones if m.planned_on is not None]
    assert milestone.planned_precision == "quarter"
    assert replay_project(session, project.id).planned_precision == {Stage.PRODUCTION: "quarter"}


def test_plans_for_a_year_and_a_month_read_as_said(
    session: Session, district: District, tmp_path: Path
) -> None:
    text = "青禾食品加工项目总投资2.6亿元，已签约落户。项目预计2027年建成投产。"
    plan = next(e for e in _file(session, district, tmp_path, text) if e.kind == "stage_planned")
    assert (plan.payload["on"], plan.payload["precision"]) == ("2027-12-31", "year")
    assert event_title(plan) == "计划投产：2027年"
    assert plan.quote == "项目预计2027年建成投产。"


def test_a_month_plan_reads_as_its_month(
    session: Session, district: District, tmp_path: Path
) -> None:
    text = "远帆智能装备项目总投资5亿元，主体工程已封顶，力争2026年9月投产。"
    plan = next(e for e in _file(session, district, tmp_path, text) if e.kind == "stage_planned")
    assert (plan.payload["on"], plan.payload["precision"]) == ("2026-09-30", "month")
    assert event_title(plan) == "计划投产：2026年9月"

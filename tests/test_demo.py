"""The demo district. Building it takes about two seconds, so the `demo` fixture (tests/conftest.py)
builds it once a session and copies it for each test: each test checks one family of facts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.escalation import TIMEOUT_NOTE, overdue_appeals
from taizhang.appeals.evaluation import monthly_table
from taizhang.appeals.models import Appeal, AppealEvent, AppealExtension, AppealStatus
from taizhang.appeals.monthly_evaluation import assess_month
from taizhang.appeals.people import compounds_of, coverage_gaps, list_households
from taizhang.cli.main import cli
from taizhang.demo import DEMO_PASSWORD, DemoSummary, build_demo
from taizhang.demo.data import NEWSPAPER, PROJECTS
from taizhang.enterprises.models import Enterprise
from taizhang.enterprises.registry import find_enterprise
from taizhang.kernel.base import Base
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.kernel.codes import validate_credit_code
from taizhang.kernel.db import make_engine, session_scope
from taizhang.kernel.sources import Document
from taizhang.kernel.stages import STAGES, Stage
from taizhang.org.models import Unit, UnitKind, User
from taizhang.org.units import compound_party, district_unit
from taizhang.org.users import authenticate
from taizhang.projects.commands import projection_columns
from taizhang.projects.events import project_events, replay_project
from taizhang.projects.models import Event, Project
from tests.conftest import DEMO_TODAY, District
from tests.web.conftest import log_in

TODAY = DEMO_TODAY  # the day the `demo` fixture builds the district for
LAST_MONTH = date(2026, 4, 1)
ATTRACTION_METHODS = {"基金招商", "场景招商", "飞地招商", "以商引商", "链式招商", "二次招商"}
ACCOUNTS = {
    "admin", "xiangjiadang", "fengqiao", "viewer",
    "chenyaqin", "liujianguo", "wangshan", "zhaominghui",  # community staff, instructors
    "anhe-wuye", "xc-yeweihui", "jingxin", "touzhong",
}  # fmt: skip


def _projects(session: Session) -> list[Project]:
    """The ledger's projects (not those a report placed outside the district, held for review:
    the investment team's report names firms elsewhere)."""
    query = select(Project).where(Project.held_for_review.is_(False)).order_by(Project.id)
    return list(session.scalars(query))


def _count(session: Session, model: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_its_summary_counts_what_it_filed_and_its_accounts_log_in(
    session: Session, demo: DemoSummary
) -> None:
    assert (demo.units, demo.enterprises, demo.projects, demo.events, demo.appeals) == (
        _count(session, Unit),
        _count(session, Enterprise),
        _count(session, Project),
        _count(session, Event),
        _count(session, Appeal),
    )
    assert demo.units >= 20 and demo.enterprises >= 10 and demo.projects >= 35
    assert 60 <= demo.appeals <= 120
    assert {a.username for a in demo.accounts} == ACCOUNTS
    duties = {a.username: a.duty for a in demo.accounts if a.duty}
    assert duties["chenyaqin"] == "指导员：渔里南苑、余新花园"
    assert set(duties) == {"chenyaqin", "liujianguo", "wangshan", "zhaominghui"}
    for account in demo.accounts:
        user = authenticate(session, account.username, account.password)
        assert isinstance(user, User) and user.username == account.username


def test_its_projects_cover_every_stage_size_band_and_attraction_method(
    session: Session, demo: DemoSummary
) -> None:
    projects = _projects(session)
    assert {p.stage for p in projects} == {s.value for s in STAGES}
    assert len({p.size_band for p in projects}) >= 4
    assert {p.attraction_method for p in projects} == ATTRACTION_METHODS
    foreign = [p for p in projects if p.capital_origin == "外资"]
    assert foreign and all(p.investment_currency == "USD" for p in foreign)
    overdue = [p for p in projects if p.next_planned_on and p.next_planned_on < TODAY]
    assert 1 <= len(overdue) < len(projects) // 3


def test_the_chain_leader_is_found_by_alias_and_its_phases_are_linked(
    session: Session, demo: DemoSummary
) -> None:
    leader = find_enterprise(session, "当卓科技")
    assert leader is not None
    assert (leader.name, leader.chain, leader.is_chain_leader) == (
        "浙江当卓能源科技有限公司",
        "新能源",
        True,
    )
    phases = {p.phase: p for p in _projects(session) if p.investor_names == leader.name}
    assert phases["二期"].parent_id == phases["一期"].id
    assert phases["二期"].size_band == "over_100"
    codes = session.scalars(
        select(Enterprise.credit_code).where(Enterprise.credit_code.is_not(None))
    )
    assert len([validate_credit_code(c, check_organisation_code=True) for c in codes if c]) >= 3


def test_every_history_runs_forward_and_replays_to_the_stored_columns(
    session: Session, demo: DemoSummary
) -> None:
    session.expire_all()
    start_of_today = datetime.combine(TODAY, time(), tzinfo=UTC)
    for project in _projects(session):
        events = project_events(session, project.id)
        stamps = [e.recorded_at for e in events]
        assert stamps == sorted(stamps) and stamps[-1] < start_of_today, project.name
        reached = [day for _, day in sorted(_reached(project))]
        assert reached == sorted(reached) and reached[-1] < TODAY, project.name
        replayed = replay_project(session, project.id)
        for column, value in projection_columns(replayed).items():
            assert getattr(project, column) == value, (project.name, column)
        assert project.event_count == len(events)


def _reached(project: Project) -> list[tuple[int, date]]:
    return [(Stage(m.stage).order, m.reached_on) for m in project.milestones if m.reached_on]


def test_its_events_come_from_staff_the_system_and_the_newspaper(
    session: Session, demo: DemoSummary
) -> None:
    rows = session.execute(select(Event.source_kind, func.count()).group_by(Event.source_kind))
    assert {kind for kind, _ in rows} == {"user", "system", "document"}
    by_staff = session.scalars(select(Event).where(Event.source_kind == "user")).all()
    assert all(e.actor_id is not None for e in by_staff)
    quoted = session.scalars(select(Event).where(Event.source_kind == "document")).all()
    assert quoted
    for event in quoted:  # every citation is of a filed document, quoting its own text
        document = session.get(Document, event.document_id)
        assert document is not None and event.source_label == document.title
        assert event.quote and all(line in document.text for line in event.quote.split("\n"))


def test_its_newspaper_reports_are_filed_documents_each_cited_by_its_project(
    session: Session, demo: DemoSummary
) -> None:
    newspaper = Document.path.startswith(f"{NEWSPAPER}/")  # not the chain team's report
    documents = session.scalars(select(Document).where(newspaper).order_by(Document.id)).all()
    reported = [row for row in PROJECTS if row.news is not None]
    assert len(documents) == len(reported) >= 8
    assert {d.path for d in documents} == {f"{NEWSPAPER}/{row.key}.txt" for row in reported}
    for row in reported:
        project = session.scalar(select(Project).where(Project.name == row.name))
        assert project is not None
        cited = session.scalars(
            select(Event.document_id).where(
                Event.project_id == project.id, Event.document_id.is_not(None)
            )
        ).all()
        assert len(set(cited)) == 1, row.key  # its own report, and only that
        document = session.get(Document, cited[0])
        assert document is not None and document.path == f"{NEWSPAPER}/{row.key}.txt"
        reached = {m.stage: m.reached_on for m in project.milestones}
        assert document.published_on == reached[row.news.value]


def test_every_project_has_an_investor(session: Session, demo: DemoSummary) -> None:
    assert [p.name for p in _projects(session) if not p.investor_names] == []


def _fingerprint(database_file: Path) -> list[tuple[object, ...]]:
    engine = make_engine(f"sqlite:///{database_file}")
    with session_scope(engine) as session:
        rows = [
            (p.code, p.name, p.stage, p.stage_reached_on, p.next_planned_on, p.last_event_at)
            for p in _projects(session)
        ]
    engine.dispose()
    return rows


@pytest.mark.db  # its own SQLite file
def test_the_demo_command_rebuilds_the_same_district_where_the_other_commands_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TAIZHANG_DATABASE_URL", raising=False)
    database_file = tmp_path / "taizhang.db"  # the default of every command
    args = ["--today", TODAY.isoformat(), "demo", "--no-serve"]
    first = CliRunner().invoke(cli, args)
    built = _fingerprint(database_file)
    again = CliRunner().invoke(cli, args)
    ranked = CliRunner().invoke(cli, ["rank", "--period", TODAY.isoformat()[:7]])

    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    assert again.output == first.output
    assert _fingerprint(database_file) == built
    assert re.search(r"单位 \d+ · 企业 \d+ · 项目 \d+ · 事件 \d+", again.output)
    assert re.search(r"事件 \d+ · 诉求 \d+", again.output)
    for username in ACCOUNTS:
        assert username in again.output
    assert DEMO_PASSWORD in again.output
    assert ranked.exit_code == 0, ranked.output
    assert "湘家荡区域" in ranked.output and "南湖高新区" in ranked.output


def test_the_demo_command_refuses_a_database_with_other_data(
    session: Session, district: District, database_url: str
) -> None:
    result = CliRunner().invoke(cli, ["--database", database_url, "demo", "--no-serve"])

    assert result.exit_code == 1
    assert "非示范数据" in result.output
    session.expire_all()
    assert _count(session, Unit) == 6


def test_the_demo_command_replaces_an_earlier_demo_in_a_database(
    session: Session, demo: DemoSummary, database_url: str
) -> None:
    session.close()
    result = CliRunner().invoke(cli, ["--database", database_url, "demo", "--no-serve"])

    assert result.exit_code == 0, result.output
    assert _count(session, Project) == demo.projects
    assert _count(session, User) == len(demo.accounts)


@pytest.mark.db  # opens the file as a database
def test_the_demo_command_leaves_a_file_that_is_not_a_database_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要", encoding="utf-8")
    result = CliRunner().invoke(cli, ["demo", "--no-serve", "--database-file", str(notes)])

    assert result.exit_code == 1
    assert "不是可用的数据库" in result.output
    assert notes.read_text(encoding="utf-8") == "会议纪要"


def _appeals(session: Session) -> list[Appeal]:
    return list(session.scalars(select(Appeal).order_by(Appeal.id)))


def test_its_appeals_show_every_status_and_every_timer(session: Session, demo: DemoSummary) -> None:
    appeals = _appeals(session)
    assert {a.status for a in appeals} == {s.value for s in AppealStatus}
    overdue = overdue_appeals(session, today=TODAY)
    assert {1, 2} <= {a.escalation_level for a in overdue}  # 催办 and 督办
    assert any(a.reopen_count > 0 and a.status == AppealStatus.CLOSED for a in appeals)
    assert any(a.reopen_count > 0 and a.status == AppealStatus.IN_PROGRESS for a in appeals)
    timed_out = select(Appeal.resolved).join(AppealEvent).where(AppealEvent.note == TIMEOUT_NOTE)
    assert list(session.scalars(timed_out)) and set(session.scalars(timed_out)) == {None}
    assert any(a.status == AppealStatus.CLOSED and a.resolved for a in appeals)
    decisions = set(session.scalars(select(AppealExtension.approved)))
    assert decisions == {True, None}  # approved, and one waiting for a decision


def test_its_appeals_reach_the_compound_parties_departments_enterprises_and_projects(
    session: Session, demo: DemoSummary
) -> None:
    appeals = _appeals(session)
    handler_kinds = {a.handler_unit.kind for a in appeals if a.handler_unit and a.handler_id}
    assert {UnitKind.PROPERTY, UnitKind.COMMITTEE, UnitKind.DEPARTMENT} <= handler_kinds
    assert any(a.enterprise_id and a.requester_kind == "enterprise" for a in appeals)
    assert any(a.project_id and a.requester_kind == "project" for a in appeals)
    assert any(a.handler_id is None for a in appeals)  # waiting for someone to take it on


def test_every_appeal_history_runs_forward_and_ends_before_today(
    session: Session, demo: DemoSummary
) -> None:
    start_of_today = datetime.combine(TODAY, time(), tzinfo=DISTRICT_TIME)
    events = session.scalars(select(AppealEvent).order_by(AppealEvent.appeal_id, AppealEvent.id))
    by_appeal: dict[int, list[datetime]] = {}
    for event in events:
        by_appeal.setdefault(event.appeal_id, []).append(event.at)
    for stamps in by_appeal.values():
        assert stamps == sorted(stamps) and stamps[-1] < start_of_today
    assert len(by_appeal) == demo.appeals


def test_every_compound_but_one_has_an_instructor_a_property_company_and_households(
    session: Session, demo: DemoSummary
) -> None:
    district = district_unit(session)
    assert [u.name for u in coverage_gaps(session, scope_unit=district)] == ["湘湖悦府"]
    compounds = list(session.scalars(select(Unit).where(Unit.kind == UnitKind.COMPOUND)))
    assert len(compounds) == 8
    committees = [c for c in compounds if compound_party(session, c, UnitKind.COMMITTEE)]
    assert len(committees) == 6
    for compound in compounds:
        assert compound_party(session, compound, UnitKind.PROPERTY) is not None
        households = list_households(session, compound=compound)
        assert len(households) >= 5
        assert all(h.phone and re.fullmatch(r"1\d{10}", h.phone) for h in households)
    instructors = [u for u in session.scalars(select(User)) if compounds_of(session, u)]
    assert len(instructors) == 4
    assert all(1 <= len(compounds_of(session, u)) <= 2 for u in instructors)


def test_last_months_evaluation_is_stored_and_names_the_missing_rating(
    session: Session, demo: DemoSummary
) -> None:
    stored = monthly_table(session, month=LAST_MONTH)
    assert len(stored) == 3
    result = assess_month(session, month=LAST_MONTH, scope=district_unit(session), today=TODAY)
    missing = [m for row in result.instructors for m in row.missing]
    assert missing == ["南湾小区业委会评分"]
    duty = {
        c.compound.name: c.scores.duty for r in result.instructors for c in r.compounds if c.scores
    }
    assert len(set(duty.values())) > 1  # some weeks were missed


def test_an_instructor_sees_the_inbox_and_the_evaluations(
    session: Session, demo: DemoSummary, app: FastAPI
) -> None:
    with TestClient(app) as client:
        log_in(client, "chenyaqin", DEMO_PASSWORD)
        inbox = client.get("/appeals/inbox")
        evaluations = client.get("/appeals/evaluations?month=2026-04")

    assert inbox.status_code == 200
    assert "SQ2026" in inbox.text and ("渔里南苑" in inbox.text or "余新花园" in inbox.text)
    assert evaluations.status_code == 200
    assert "余南社区 陈雅琴" in evaluations.text and "南湾小区业委会评分" in evaluations.text


@pytest.mark.parametrize("today", [date(2026, 12, 28), date(2027, 3, 1)])
def test_built_in_a_year_without_a_notice_its_appeals_run_to_today_provisionally(
    session: Session, today: date
) -> None:
    summary = build_demo(session, today=today)
    session.flush()
    days = [e.at.astimezone(DISTRICT_TIME).date() for e in session.scalars(select(AppealEvent))]
    provisional = list(session.scalars(select(Appeal.due_provisional)))
    assert summary.appeals >= 60
    assert max(days) <= today and max(days) >= today - timedelta(days=7)
    assert any(provisional)  # due dates counted into 2027 are 暂定

"""Project snapshots for the warnings, loaded from the ledger in two queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source, SourceKind
from taizhang.kernel.stages import Stage
from taizhang.projects.commands import create_project, plan_stage, reach_stage, record_verdict
from taizhang.projects.events import project_events
from taizhang.projects.models import Project
from taizhang.race.engine.warnings import ProjectSnapshot, WarningKind, project_warnings
from taizhang.race.ledger_facts import project_snapshots
from tests.conftest import District

SYSTEM = Source("system", label="测试")
NEWS = Source(SourceKind.DOCUMENT, label="新闻")
NOW = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)
EVENING = datetime(2026, 5, 20, 17, 0, tzinfo=UTC)  # already 21 May in the district (UTC+8)


@contextmanager
def _counted(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []

    def remember(*args: Any) -> None:
        statements.append(args[2])

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", remember)


def _by_name(snapshots: list[ProjectSnapshot]) -> dict[str, ProjectSnapshot]:
    return {s.name: s for s in snapshots}


def _signed(session: Session, district: District, name: str, on: date) -> Project:
    return create_project(
        session,
        name=name,
        unit=district.village,
        stage=Stage.SIGNED,
        stage_on=on,
        source=SYSTEM,
        now=NOW,
        figures={"investment": Money(Decimal(350_000_000))},
    )


def test_it_loads_stage_signing_plan_and_last_event_of_each_project(
    session: Session, district: District
) -> None:
    farm = _signed(session, district, "智能农机装备项目", date(2026, 1, 15))
    plan_stage(session, farm, Stage.CONSTRUCTION, on=date(2026, 4, 30), source=SYSTEM, now=EVENING)
    landed = _signed(session, district, "新材料项目", date(2026, 2, 1))
    reach_stage(session, landed, Stage.LAND, on=date(2026, 3, 5), source=SYSTEM, now=NOW)
    session.flush()
    with _counted(session) as statements:
        found = _by_name(project_snapshots(session, as_of=date(2026, 7, 20)))
    assert len(statements) == 2
    assert found["智能农机装备项目"] == ProjectSnapshot(
        project_id=farm.id,
        name="智能农机装备项目",
        unit_path=district.village.path,
        stage=Stage.SIGNED,
        stage_reached_on=date(2026, 1, 15),
        next_planned_stage=Stage.CONSTRUCTION,
        next_planned_on=date(2026, 4, 30),
        last_event_on=date(2026, 5, 21),
        signed_on=date(2026, 1, 15),
    )
    assert (found["新材料项目"].stage, found["新材料项目"].signed_on) == (
        Stage.LAND,
        date(2026, 2, 1),
    )


def test_a_person_moving_a_stage_back_is_found_but_not_a_document_or_a_retracted_move(
    session: Session, district: District
) -> None:
    moved = _signed(session, district, "退回项目", date(2026, 1, 10))
    reach_stage(session, moved, Stage.CONSTRUCTION, on=date(2026, 4, 1), source=SYSTEM, now=NOW)
    reach_stage(
        session, moved, Stage.SIGNED, on=date(2026, 5, 20), source=SYSTEM, now=NOW, reason="撤回"
    )
    claimed = _signed(session, district, "新闻回溯项目", date(2026, 1, 10))
    reach_stage(session, claimed, Stage.CONSTRUCTION, on=date(2026, 4, 1), source=SYSTEM, now=NOW)
    reach_stage(
        session, claimed, Stage.SIGNED, on=date(2026, 5, 2), source=NEWS, now=NOW, reason="旧闻"
    )
    undone = _signed(session, district, "撤销项目", date(2026, 1, 10))
    reach_stage(session, undone, Stage.CONSTRUCTION, on=date(2026, 4, 1), source=SYSTEM, now=NOW)
    reach_stage(
        session, undone, Stage.SIGNED, on=date(2026, 5, 3), source=SYSTEM, now=NOW, reason="误操作"
    )
    back = project_events(session, undone.id)[-1]
    record_verdict(
        session, undone, target=back, accept=False, source=SYSTEM, actor=None, reason="", now=NOW
    )
    found = _by_name(project_snapshots(session, as_of=date(2026, 6, 1)))
    assert (
        found["退回项目"].moved_back_on,
        found["退回项目"].moved_back_from,
        found["退回项目"].moved_back_to,
    ) == (date(2026, 5, 20), Stage.CONSTRUCTION, Stage.SIGNED)
    assert found["新闻回溯项目"].moved_back_on is None
    assert found["撤销项目"].moved_back_on is None
    before = _by_name(project_snapshots(session, as_of=date(2026, 5, 19)))
    assert before["退回项目"].moved_back_on is None  # recorded on 20 May
    recent = project_snapshots(session, as_of=date(2026, 6, 1), moves_since=date(2026, 5, 10))
    assert _by_name(recent)["退回项目"].moved_back_on == date(2026, 5, 20)
    late = project_snapshots(session, as_of=date(2026, 6, 1), moves_since=date(2026, 5, 21))
    assert _by_name(late)["退回项目"].moved_back_on is None  # nothing moved on or after 21 May


def test_snapshots_are_limited_to_a_units_subtree_and_feed_the_warnings(
    session: Session, district: District
) -> None:
    _signed(session, district, "镇里项目", date(2026, 1, 15))
    create_project(
        session,
        name="街道项目",
        unit=district.street,
        stage=Stage.SIGNED,
        stage_on=date(2026, 1, 15),
        source=SYSTEM,
        now=NOW,
    )
    in_town = project_snapshots(session, as_of=date(2026, 8, 1), scope=district.town.path)
    assert [s.name for s in in_town] == ["镇里项目"]
    (warning,) = [
        w
        for w in project_warnings(in_town, as_of=date(2026, 8, 1))
        if w.kind is WarningKind.NOT_STARTED
    ]
    assert warning.message == "签约后 6 个月仍未开工（2026年1月15日签约）"


def test_a_withdrawn_project_is_not_in_the_race(session: Session, district: District) -> None:
    _signed(session, district, "智能农机装备项目", date(2026, 1, 15))
    mistaken = _signed(session, district, "农机展会", date(2026, 1, 16))
    created = project_events(session, mistaken.id)[0]
    record_verdict(
        session, mistaken, target=created, accept=False, source=SYSTEM, actor=None, reason="非项目"
    )
    found = _by_name(project_snapshots(session, as_of=date(2026, 7, 20)))
    assert list(found) == ["智能农机装备项目"]

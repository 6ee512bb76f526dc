"""Two writers of the same project at once (PostgreSQL: real concurrent transactions), and the
sequential guarantees the locks rest on (every database).

After both writers finish, the project's row equals the replay of its events, its events are
numbered 1…n without gaps or duplicates, and no change is lost or recorded twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from taizhang.kernel.db import session_factory
from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage
from taizhang.org.models import Unit
from taizhang.projects.commands import (
    change_figures,
    create_project,
    projection_columns,
    reach_stage,
)
from taizhang.projects.events import project_events, replay_project
from taizhang.projects.models import Project
from taizhang.projects.projection import Capacity
from tests.concurrency import Go, Writer, errors_of, run_concurrently
from tests.conftest import NOW, PG_URL, District, Projects

SOURCE = Source("system", label="并发测试")
PROJECT_TABLES = ("projects", "events")
needs_postgres = pytest.mark.skipif(
    not PG_URL, reason="real concurrent writers need PostgreSQL (SQLite serialises writers)"
)


def assert_projection_is_replay(session: Session, project_id: int) -> list[str]:
    """The stored row and milestones equal the replay; the events' kinds, for the caller."""
    session.expire_all()
    stored = session.get(Project, project_id)
    assert stored is not None
    replayed = replay_project(session, project_id)
    for column, value in projection_columns(replayed).items():
        assert getattr(stored, column) == value, column
    milestones = {(m.stage, m.planned_on, m.reached_on) for m in stored.milestones}
    stages = set(replayed.planned) | set(replayed.reached)
    expected = {(s.value, replayed.planned.get(s), replayed.reached.get(s)) for s in stages}
    assert milestones == expected
    assert [i.enterprise_id for i in stored.investors] == [
        i.enterprise_id for i in replayed.investors
    ]
    assert [(c.value, c.unit, c.product) for c in stored.capacities] == [
        (c.value, c.unit, c.product) for c in replayed.capacities
    ]
    events = project_events(session, project_id)
    assert stored.event_count == len(events)
    return [e.kind for e in events]


def assert_numbered_one_to_n(session: Session, project_id: int) -> None:
    seqs = [e.seq for e in project_events(session, project_id)]
    assert seqs == list(range(1, len(seqs) + 1))


def reaching(project_id: int, stage: Stage, on: date) -> Writer:
    def write(session: Session, go: Go) -> None:
        project = session.get(Project, project_id)
        assert project is not None
        go()
        reach_stage(session, project, stage, on=on, source=SOURCE)

    return write


def changing(project_id: int, figures: dict[str, object]) -> Writer:
    def write(session: Session, go: Go) -> None:
        project = session.get(Project, project_id)
        assert project is not None
        go()
        change_figures(session, project, figures, source=SOURCE)

    return write


def creating(name: str, district: District) -> Writer:
    def write(session: Session, go: Go) -> str:
        unit = session.get(Unit, district.street.id)
        assert unit is not None
        go()
        return create_project(session, name=name, unit=unit, source=SOURCE, now=NOW).code

    return write


@needs_postgres
def test_two_writers_reaching_the_same_stage_record_it_once(
    engine: Engine, session: Session, projects: Projects
) -> None:
    project_id = projects.in_street.id  # at 洽谈
    on = date(2026, 5, 10)
    outcomes = run_concurrently(
        engine,
        PROJECT_TABLES,
        reaching(project_id, Stage.SIGNED, on),
        reaching(project_id, Stage.SIGNED, on),
    )

    assert errors_of(outcomes) == []
    kinds = assert_projection_is_replay(session, project_id)
    assert kinds == ["created", "stage_reached"]  # the second was already there: a no-op
    assert_numbered_one_to_n(session, project_id)


@needs_postgres
def test_two_writers_stating_the_capacities_at_once_leave_one_list(
    engine: Engine, session: Session, projects: Projects
) -> None:
    """Each statement replaces the list: the later one counts, never both mixed together."""
    project_id = projects.in_platform.id
    cells = (Capacity(Decimal(60), "GWh", "电芯"),)
    storage = (Capacity(Decimal(20), "GWh", "储能系统"), Capacity(Decimal(5), "万套", "模组"))
    outcomes = run_concurrently(
        engine,
        PROJECT_TABLES,
        changing(project_id, {"capacities": cells}),
        changing(project_id, {"capacities": storage}),
    )

    assert errors_of(outcomes) == []
    kinds = assert_projection_is_replay(session, project_id)
    assert kinds == ["created", "figures", "figures"]
    stored = session.get(Project, project_id)
    assert stored is not None
    assert len(stored.capacities) in (len(cells), len(storage))
    assert_numbered_one_to_n(session, project_id)


@needs_postgres
def test_two_writers_changing_different_figures_keep_both_changes(
    engine: Engine, session: Session, projects: Projects
) -> None:
    project_id = projects.in_platform.id
    outcomes = run_concurrently(
        engine,
        PROJECT_TABLES,
        changing(project_id, {"progress_pct": Decimal(60)}),
        changing(project_id, {"land_mu": Decimal(320)}),
    )

    assert errors_of(outcomes) == []
    kinds = assert_projection_is_replay(session, project_id)
    assert kinds == ["created", "figures", "figures"]
    stored = session.get(Project, project_id)
    assert stored is not None
    assert (stored.progress_pct, stored.land_mu) == (Decimal(60), Decimal(320))
    assert_numbered_one_to_n(session, project_id)


@needs_postgres
def test_a_stage_and_a_figure_changed_at_once_are_both_kept(
    engine: Engine, session: Session, projects: Projects
) -> None:
    project_id = projects.in_street.id
    outcomes = run_concurrently(
        engine,
        PROJECT_TABLES,
        reaching(project_id, Stage.SIGNED, date(2026, 5, 10)),
        changing(project_id, {"investment": Money(Decimal(80_000_000))}),
    )

    assert errors_of(outcomes) == []
    assert sorted(assert_projection_is_replay(session, project_id)) == [
        "created",
        "figures",
        "stage_reached",
    ]
    stored = session.get(Project, project_id)
    assert stored is not None
    assert (stored.stage, stored.investment_fen) == ("SIGNED", 80_000_000 * 100)
    assert_numbered_one_to_n(session, project_id)


@needs_postgres
def test_two_projects_created_at_once_get_different_codes(
    engine: Engine, session: Session, district: District
) -> None:
    outcomes = run_concurrently(
        engine,
        PROJECT_TABLES,
        creating("光伏组件项目", district),
        creating("储能电站项目", district),
    )

    assert errors_of(outcomes) == []
    assert sorted(o.value for o in outcomes) == ["XM000001", "XM000002"]
    codes = session.scalars(select(Project.code).order_by(Project.code)).all()
    assert codes == ["XM000001", "XM000002"]


# --- sequential: the same guarantees, on every database ---


def test_reaching_the_stage_already_reached_on_the_same_day_records_nothing(
    session: Session, projects: Projects
) -> None:
    project = projects.in_town  # 签约 on 2026-02-01
    reach_stage(session, project, Stage.SIGNED, on=date(2026, 2, 1), source=SOURCE)
    reach_stage(session, project, Stage.LAND, on=date(2026, 5, 1), source=SOURCE)
    reach_stage(session, project, Stage.LAND, on=date(2026, 5, 1), source=SOURCE)
    session.commit()

    kinds = assert_projection_is_replay(session, project.id)
    assert kinds == ["created", "stage_planned", "stage_reached"]
    assert_numbered_one_to_n(session, project.id)


def test_reaching_the_same_stage_on_another_day_corrects_the_date(
    session: Session, projects: Projects
) -> None:
    project = projects.in_town
    reach_stage(session, project, Stage.SIGNED, on=date(2026, 2, 3), source=SOURCE)
    session.commit()

    assert project.stage_reached_on == date(2026, 2, 3)
    assert assert_projection_is_replay(session, project.id)[-1] == "stage_reached"


def test_events_are_numbered_one_to_n_per_project(session: Session, projects: Projects) -> None:
    change_figures(session, projects.in_town, {"progress_pct": Decimal(5)}, source=SOURCE)
    reach_stage(session, projects.in_street, Stage.SIGNED, on=date(2026, 5, 2), source=SOURCE)
    change_figures(session, projects.in_town, {"progress_pct": Decimal(9)}, source=SOURCE)
    session.commit()

    for project in (projects.in_town, projects.in_street, projects.in_platform):
        assert_numbered_one_to_n(session, project.id)
    assert len(project_events(session, projects.in_town.id)) == 4


def test_a_writer_sees_the_change_committed_after_it_loaded_the_project(
    engine: Engine, session: Session, projects: Projects
) -> None:
    """The lock re-reads the row: a figure stated elsewhere meanwhile is neither lost nor
    overwritten by this writer's stale copy."""
    stale = session.get(Project, projects.in_platform.id)
    assert stale is not None
    with session_factory(engine, write=True)() as other:
        fresh = other.get(Project, stale.id)
        assert fresh is not None
        change_figures(other, fresh, {"land_mu": Decimal(320)}, source=SOURCE)
        other.commit()

    change_figures(session, stale, {"progress_pct": Decimal(60)}, source=SOURCE)
    session.commit()

    assert (stale.land_mu, stale.progress_pct) == (Decimal(320), Decimal(60))
    assert_projection_is_replay(session, stale.id)
    assert_numbered_one_to_n(session, stale.id)


def test_a_code_an_import_brought_is_skipped(session: Session, district: District) -> None:
    first = create_project(session, name="甲项目", unit=district.street, source=SOURCE, now=NOW)
    create_project(
        session, name="乙项目", unit=district.street, code="XM000002", source=SOURCE, now=NOW
    )
    third = create_project(session, name="丙项目", unit=district.street, source=SOURCE, now=NOW)

    assert (first.code, third.code) == ("XM000001", "XM000003")

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from taizhang.enterprises.registry import create_enterprise
from taizhang.kernel.errors import Invalid
from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage
from taizhang.org.models import User
from taizhang.projects.commands import (
    add_note,
    change_figures,
    create_project,
    plan_stage,
    projection_columns,
    reach_stage,
)
from taizhang.projects.events import project_events, replay_project
from taizhang.projects.models import Project
from taizhang.projects.projection import Capacity, Investor
from tests.conftest import NOW, District

SYSTEM = Source("system", label="测试")


def _battery_project(session: Session, district: District) -> Project:
    maker = create_enterprise(
        session, name="浙江当卓能源科技有限公司", aliases=["当卓科技", "当卓"], chain="新能源"
    )
    return create_project(
        session,
        name="年产60GWh新型电池电芯、模组项目",
        unit=district.platform,
        stage=Stage.SIGNED,
        stage_on=date(2026, 3, 12),
        figures={
            "phase": "二期",
            "chain": "新能源",
            "investment": Money(Decimal("11000000000")),
            "investors": (Investor(maker.id, maker.name),),
            "capacities": (Capacity(Decimal(60), "GWh", "新型电池电芯、模组"),),
        },
        source=SYSTEM,
        now=NOW,
    )


def test_it_files_a_new_project_with_its_figures(session: Session, district: District) -> None:
    project = _battery_project(session, district)
    assert project.stage == "SIGNED"
    assert project.stage_reached_on == date(2026, 3, 12)
    assert project.investment_fen == 11000000000 * 100
    assert project.size_band == "over_100"
    assert project.investor_names == "浙江当卓能源科技有限公司"
    assert [(c.value, c.unit) for c in project.capacities] == [(Decimal(60), "GWh")]
    assert project.event_count == 1


def test_replaying_the_events_reproduces_the_stored_state(
    session: Session, district: District, district_admin: User
) -> None:
    project = _battery_project(session, district)
    source = Source.user(district_admin)
    plan_stage(session, project, Stage.CONSTRUCTION, on=date(2026, 6, 30), source=source)
    reach_stage(session, project, Stage.LAND, on=date(2026, 4, 2), source=source)
    change_figures(
        session,
        project,
        {"land_mu": Decimal("150"), "progress_pct": Decimal(12)},
        source=source,
        reason="现场核实",
    )
    add_note(session, project, "设备已进场", source=source)
    session.commit()

    replayed = replay_project(session, project.id)
    session.expire_all()
    stored = session.get(Project, project.id)
    assert stored is not None
    for column, value in projection_columns(replayed).items():
        assert getattr(stored, column) == value, column
    assert stored.event_count == len(project_events(session, project.id)) == 5
    milestones = {m.stage: (m.planned_on, m.reached_on) for m in stored.milestones}
    assert milestones == {
        "SIGNED": (None, date(2026, 3, 12)),
        "LAND": (None, date(2026, 4, 2)),
        "CONSTRUCTION": (date(2026, 6, 30), None),
    }


def test_it_rejects_a_stage_moving_backwards_without_reason(
    session: Session, district: District
) -> None:
    project = _battery_project(session, district)
    with pytest.raises(Invalid, match="必须说明原因"):
        reach_stage(session, project, Stage.TALKS, on=date(2026, 4, 1), source=SYSTEM)


def test_a_stage_moved_back_with_a_reason_forgets_the_later_dates(
    session: Session, district: District
) -> None:
    project = _battery_project(session, district)
    reach_stage(session, project, Stage.CONSTRUCTION, on=date(2026, 5, 1), source=SYSTEM)
    reach_stage(
        session, project, Stage.LAND, on=None, source=SYSTEM, reason="施工许可被撤回，重新供地"
    )
    assert project.stage == "LAND"
    assert {m.stage for m in project.milestones} == {"SIGNED"}
    assert project_events(session, project.id)[-1].reason == "施工许可被撤回，重新供地"


def test_the_next_planned_stage_is_the_earliest_unreached_one(
    session: Session, district: District
) -> None:
    project = _battery_project(session, district)
    plan_stage(session, project, Stage.PRODUCTION, on=date(2027, 9, 30), source=SYSTEM)
    plan_stage(session, project, Stage.CONSTRUCTION, on=date(2026, 8, 1), source=SYSTEM)
    assert (project.next_planned_stage, project.next_planned_on) == (
        "CONSTRUCTION",
        date(2026, 8, 1),
    )
    reach_stage(session, project, Stage.CONSTRUCTION, on=date(2026, 7, 20), source=SYSTEM)
    assert (project.next_planned_stage, project.next_planned_on) == (
        "PRODUCTION",
        date(2027, 9, 30),
    )


def test_every_event_names_who_recorded_it(
    session: Session, district: District, town_staff: User
) -> None:
    project = create_project(
        session,
        name="农机装备项目",
        unit=district.town,
        source=Source.user(town_staff),
        actor=town_staff,
        now=NOW,
    )
    event = project_events(session, project.id)[0]
    assert (event.actor_id, event.source_kind, event.source_label) == (
        town_staff.id,
        "user",
        "fengqiao",
    )
    assert event.recorded_at == NOW


def test_it_refuses_an_unknown_figure(session: Session, district: District) -> None:
    project = _battery_project(session, district)
    with pytest.raises(ValueError, match="unknown project fields"):
        change_figures(session, project, {"colour": "red"}, source=SYSTEM)


def test_a_foreign_currency_project_is_banded_by_its_cny_equivalent(
    session: Session, district: District
) -> None:
    project = create_project(
        session,
        name="外资精密部件项目",
        unit=district.street,
        source=SYSTEM,
        figures={"investment": Money(Decimal(30_000_000), "USD"), "capital_origin": "外资"},
    )
    assert project.investment_currency == "USD"
    assert project.size_band == "1_10"

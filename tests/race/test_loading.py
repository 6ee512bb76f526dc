"""What the race reads from the ledger: racing units and the stages projects reached."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from taizhang.enterprises.registry import create_enterprise
from taizhang.kernel.errors import Invalid
from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source, SourceKind
from taizhang.kernel.stages import Stage
from taizhang.projects.commands import create_project, reach_stage, record_verdict
from taizhang.projects.events import project_events
from taizhang.projects.projection import Investor
from taizhang.race.loading import racing_units, stage_events
from tests.conftest import District

SYSTEM = Source("system", label="测试")
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def test_towns_streets_and_platforms_race_and_departments_race_apart(
    session: Session, district: District
) -> None:
    assert [u.name for u in racing_units(session)] == ["湘家荡区域", "建设街道", "凤桥镇"]
    assert [u.name for u in racing_units(session, level="department")] == ["区经信商务局"]
    with pytest.raises(Invalid, match="未知的排名层级"):
        racing_units(session, level="village")


def test_it_loads_the_stages_reached_in_the_period_with_what_the_rules_look_at(
    session: Session, district: District
) -> None:
    leader = create_enterprise(session, name="浙江示例能源有限公司", is_chain_leader=True)
    project = create_project(
        session,
        name="储能电池项目",
        unit=district.village,
        stage=Stage.TALKS,
        stage_on=date(2026, 3, 2),
        source=SYSTEM,
        now=NOW,
        figures={
            "investment": Money(Decimal(30_000_000), "USD"),
            "capital_origin": "外资",
            "investors": (Investor(leader.id, leader.name),),
        },
    )
    reach_stage(session, project, Stage.SIGNED, on=date(2026, 5, 8), source=SYSTEM, now=NOW)
    (signed,) = stage_events(session, start=date(2026, 5, 1), end=date(2026, 5, 31))
    assert (signed.stage, signed.on, signed.project_name) == (
        Stage.SIGNED,
        date(2026, 5, 8),
        "储能电池项目",
    )
    assert signed.investment_cny == Decimal(213_000_000)  # 3000万美元 × 7.1
    assert signed.foreign_capital and signed.tags == frozenset({"链主"})
    assert signed.unit_path == district.village.path


def test_a_retracted_stage_does_not_count_and_a_move_back_is_marked(
    session: Session, district: District
) -> None:
    project = create_project(
        session,
        name="农机项目",
        unit=district.town,
        source=SYSTEM,
        now=NOW,
        stage_on=date(2026, 4, 1),
    )
    reach_stage(session, project, Stage.PRODUCTION, on=date(2026, 5, 3), source=SYSTEM)
    produced = project_events(session, project.id)[-1]
    record_verdict(
        session, project, target=produced, accept=False, source=SYSTEM, actor=None, reason="误报"
    )
    reach_stage(session, project, Stage.CONSTRUCTION, on=date(2026, 5, 10), source=SYSTEM)
    reach_stage(
        session, project, Stage.SIGNED, on=date(2026, 5, 20), source=SYSTEM, reason="施工许可撤回"
    )
    found = stage_events(session, start=date(2026, 5, 1), end=date(2026, 5, 31))
    assert [(e.stage, e.moved_back) for e in found] == [
        (Stage.CONSTRUCTION, False),
        (Stage.SIGNED, True),
    ]


def test_only_a_person_or_a_sheet_moves_a_project_back_not_a_document(
    session: Session, district: District
) -> None:
    project = create_project(
        session,
        name="新材料项目",
        unit=district.town,
        stage=Stage.SIGNED,
        stage_on=date(2026, 3, 1),
        source=SYSTEM,
        now=NOW,
    )
    reach_stage(session, project, Stage.CONSTRUCTION, on=date(2026, 5, 2), source=SYSTEM)
    news = Source(SourceKind.DOCUMENT, label="新闻", stated_on=date(2026, 5, 12))
    reach_stage(session, project, Stage.LAND, on=date(2026, 5, 12), source=news, reason="旧闻回溯")
    sheet = Source.import_row("项目台账.xlsx", 5)
    reach_stage(session, project, Stage.SIGNED, on=date(2026, 5, 25), source=sheet, reason="停工")
    found = stage_events(session, start=date(2026, 5, 1), end=date(2026, 5, 31))
    assert [(e.stage, e.moved_back) for e in found] == [
        (Stage.CONSTRUCTION, False),
        (Stage.LAND, False),  # the news claims an earlier stage: the projection keeps 开工
        (Stage.SIGNED, True),
    ]
    assert Stage(project.stage) is Stage.SIGNED

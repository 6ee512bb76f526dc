"""Targets, entered values, their history, and year-to-date actuals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Forbidden, Invalid
from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage
from taizhang.org.models import Unit, User
from taizhang.projects.commands import create_project, reach_stage, record_verdict
from taizhang.projects.events import project_events
from taizhang.race.engine.progress import Status, completions
from taizhang.race.models import MetricChange, Target
from taizhang.race.targets import actuals, set_metric_value, set_target, target_history, targets_for
from tests.conftest import District

D = Decimal
NOW = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)
LATER = datetime(2026, 6, 2, 8, 0, tzinfo=UTC)
SYSTEM = Source("system", label="测试")
YI = 100_000_000


def _count(session: Session, column: Any) -> int:
    return session.scalar(select(func.count(column))) or 0


# --- setting targets ----------------------------------------------------------------------------


def test_it_sets_a_target_and_keeps_every_change_with_the_previous_value(
    session: Session, district: District, district_admin: User
) -> None:
    town = district.town
    set_target(
        session, unit=town, year=2026, metric="signed_1yi", value=4, actor=district_admin, now=NOW
    )
    target = set_target(
        session,
        unit="凤桥镇",
        year=2026,
        metric="亿元以上项目签约数",
        value=D(5),
        actor=None,
        now=LATER,
    )
    set_target(
        session, unit=town.id, year=2026, metric="signed_1yi", value=5, actor=None, now=LATER
    )
    assert (target.value, target.updated_by_id, target.updated_at) == (D(5), None, LATER)
    history = target_history(session, unit_id=town.id, year=2026, metric="signed_1yi")
    assert [(c.old_value, c.new_value, c.actor_id, c.changed_at, c.source) for c in history] == [
        (None, D(4), district_admin.id, NOW, "人工录入"),
        (D(4), D(5), None, LATER, "人工录入"),
    ]  # the unchanged third setting recorded nothing
    assert targets_for(session, year=2026) == {(town.id, "signed_1yi"): D(5)}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unit": "不存在镇"}, "未知的单位“不存在镇”"),
        ({"unit": 9999}, "未知的单位“9999”"),
        ({"metric": "招商引资总额"}, "未知的指标“招商引资总额”，应为：亿元以上项目签约数、"),
        ({"value": D(-1)}, "数值不能为负数"),
        ({"value": D("2.5")}, "是项目个数，应为整数"),
        ({"value": D("1.23456"), "metric": "signed_investment"}, "最多 4 位小数"),
        ({"value": D("NaN")}, "数值应为数字"),
        ({"year": 2015}, "年度应在 2016–2028 之间，实为 2015"),
        ({"year": 2029}, "年度应在 2016–2028 之间"),
    ],
)
def test_it_refuses_bad_targets_with_a_chinese_message(
    session: Session, district: District, changes: dict[str, Any], message: str
) -> None:
    given: dict[str, Any] = {"unit": "凤桥镇", "year": 2026, "metric": "signed_1yi", "value": 3}
    with pytest.raises(Invalid, match=message):
        set_target(session, **{**given, **changes}, actor=None, now=NOW)
    assert _count(session, Target.id) == 0


def test_only_district_administrators_set_targets(
    session: Session, district: District, town_staff: User
) -> None:
    with pytest.raises(Forbidden, match="只有区级管理员可以设定目标"):
        set_target(
            session,
            unit=district.town,
            year=2026,
            metric="started",
            value=2,
            actor=town_staff,
            now=NOW,
        )


# --- entered values -----------------------------------------------------------------------------


def test_values_are_entered_only_for_value_metrics_and_their_changes_are_kept(
    session: Session, district: District
) -> None:
    with pytest.raises(Invalid, match="由台账项目事件自动计算，不能填报"):
        set_metric_value(
            session,
            unit=district.town,
            metric="started",
            year=2026,
            month=1,
            value=1,
            actor=None,
            now=NOW,
        )
    with pytest.raises(Invalid, match="月份应为 1–12"):
        set_metric_value(
            session,
            unit=district.town,
            metric="实际利用外资",
            year=2026,
            month=13,
            value=1,
            actor=None,
            now=NOW,
        )
    set_metric_value(
        session,
        unit=district.town,
        metric="foreign_capital",
        year=2026,
        month=1,
        value=D(90),
        actor=None,
        now=NOW,
    )
    row = set_metric_value(
        session,
        unit=district.town,
        metric="foreign_capital",
        year=2026,
        month=1,
        value=D(100),
        actor=None,
        now=LATER,
    )
    assert row.value == D(100)
    changes = session.scalars(select(MetricChange).where(MetricChange.kind == "value")).all()
    assert [(c.month, c.old_value, c.new_value) for c in changes] == [
        (1, None, D(90)),
        (1, D(90), D(100)),
    ]


# --- actuals ------------------------------------------------------------------------------------


def _project(
    session: Session, name: str, unit: Unit, yi: str, stage: Stage, on: date, currency: str = "CNY"
) -> Any:
    return create_project(
        session,
        name=name,
        unit=unit,
        stage=stage,
        stage_on=on,
        source=SYSTEM,
        now=NOW,
        figures={"investment": Money(D(yi) * YI, currency)},
    )


def _small_race(session: Session, district: District) -> None:
    """Jan–May 2026 in three racing units (hand-computed totals in the test below)."""
    village, street, platform = district.village, district.street, district.platform
    p1 = _project(session, "农机一期", village, "3.5", Stage.TALKS, date(2025, 12, 1))
    reach_stage(session, p1, Stage.SIGNED, on=date(2026, 2, 10), source=SYSTEM, now=NOW)
    p2 = _project(session, "电机项目", district.town, "12", Stage.SIGNED, date(2026, 3, 1))
    reach_stage(session, p2, Stage.CONSTRUCTION, on=date(2026, 5, 10), source=SYSTEM, now=NOW)
    _project(session, "小型加工", district.town, "0.6", Stage.SIGNED, date(2026, 4, 1))
    _project(session, "外资电子", street, "0.3", Stage.SIGNED, date(2026, 2, 1), currency="USD")
    p5 = _project(session, "误报项目", street, "20", Stage.TALKS, date(2026, 1, 5))
    reach_stage(session, p5, Stage.SIGNED, on=date(2026, 3, 15), source=SYSTEM, now=NOW)
    signed = project_events(session, p5.id)[-1]
    record_verdict(
        session, p5, target=signed, accept=False, source=SYSTEM, actor=None, reason="误报"
    )
    p6 = _project(session, "老项目", platform, "50", Stage.SIGNED, date(2025, 11, 1))
    reach_stage(session, p6, Stage.PRODUCTION, on=date(2026, 6, 20), source=SYSTEM, now=NOW)
    _project(session, "六月签约", district.town, "5", Stage.SIGNED, date(2026, 6, 10))
    p8 = _project(session, "反复项目", street, "1", Stage.SIGNED, date(2026, 1, 20))
    reach_stage(
        session, p8, Stage.TALKS, on=date(2026, 2, 1), source=SYSTEM, now=NOW, reason="重谈"
    )
    reach_stage(session, p8, Stage.SIGNED, on=date(2026, 4, 2), source=SYSTEM, now=NOW)
    for month, value in ((1, D(100)), (3, D("250.5")), (6, D(300))):
        set_metric_value(
            session,
            unit=district.town,
            metric="foreign_capital",
            year=2026,
            month=month,
            value=value,
            actor=None,
            now=NOW,
        )
    set_metric_value(
        session,
        unit=village,
        metric="foreign_capital",
        year=2026,
        month=2,
        value=D(7),
        actor=None,
        now=NOW,
    )


def test_actuals_count_the_stages_reached_this_year_by_racing_unit(
    session: Session, district: District
) -> None:
    _small_race(session, district)
    town, street, platform = district.town, district.street, district.platform
    found = actuals(session, year=2026, until=date(2026, 5, 31), units=[town, street, platform])
    by_unit = {
        unit.name: {
            code: found[(unit.id, code)]
            for code in (
                "signed_1yi",
                "signed_10yi",
                "started",
                "in_production",
                "signed_investment",
                "foreign_capital",
                "fixed_asset_investment",
            )
        }
        for unit in (town, street, platform)
    }
    # 凤桥镇: 农机一期 (village, 3.5亿, signed 2-10) and 电机项目 (12亿, created signed 3-1, started
    # 5-10) are 亿元以上; 小型加工 0.6亿 only adds to the sum; 六月签约 is after 5-31.
    # 外资 100 + 250.5 (June's 300 is after the reference month; the village's 7 is its own).
    assert by_unit["凤桥镇"] == {
        "signed_1yi": D(2),
        "signed_10yi": D(1),
        "started": D(1),
        "in_production": D(0),
        "signed_investment": D("16.1"),
        "foreign_capital": D("350.5"),
        "fixed_asset_investment": D(0),
    }
    # 建设街道: 外资电子 3000万美元 = 2.13亿元; 误报项目 retracted;
    # 反复项目 (1亿) signed twice, counted once.
    assert by_unit["建设街道"] == {
        "signed_1yi": D(2),
        "signed_10yi": D(0),
        "started": D(0),
        "in_production": D(0),
        "signed_investment": D("3.13"),
        "foreign_capital": D(0),
        "fixed_asset_investment": D(0),
    }
    # 湘家荡区域: signed last year, in production only in June.
    assert set(by_unit["湘家荡区域"].values()) == {D(0)}


def test_actuals_roll_up_to_the_district_and_stop_at_the_reference_date(
    session: Session, district: District
) -> None:
    _small_race(session, district)
    units = {district.district.id: district.district.path}
    found = actuals(
        session,
        year=2026,
        until=date(2026, 12, 31),
        units=units,
        metrics=["signed_1yi", "投产项目数", "foreign_capital"],
    )
    assert found == {
        (district.district.id, "signed_1yi"): D(
            5
        ),  # 农机一期, 电机项目, 外资电子, 反复项目 and 六月签约
        (district.district.id, "in_production"): D(1),
        (district.district.id, "foreign_capital"): D(0),  # entered for the town, not the district
    }
    early = actuals(
        session, year=2026, until=date(2025, 12, 31), units=units, metrics=["signed_1yi"]
    )
    assert early == {(district.district.id, "signed_1yi"): D(0)}


def test_completion_of_a_hand_computed_target(session: Session, district: District) -> None:
    _small_race(session, district)
    set_target(
        session, unit=district.town, year=2026, metric="signed_1yi", value=4, actor=None, now=NOW
    )
    set_target(
        session, unit=district.street, year=2026, metric="signed_1yi", value=8, actor=None, now=NOW
    )
    as_of = date(2026, 5, 31)
    targets = targets_for(session, year=2026)
    done = actuals(session, year=2026, until=as_of, units=[district.town, district.street])
    result = {
        c.unit_id: (c.rate, c.gap_pp, c.status) for c in completions(targets, done, as_of=as_of)
    }
    # 凤桥镇 2/4 = 50% vs 5/12 = 41.67% → +8.33; 建设街道 2/8 = 25% → −16.67 → red.
    assert result == {
        district.town.id: (D("0.5000"), D("8.33"), Status.GREEN),
        district.street.id: (D("0.2500"), D("-16.67"), Status.RED),
    }

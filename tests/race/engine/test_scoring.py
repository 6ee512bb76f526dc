"""Scoring: which events count, which rule pays, and how caps cut — every point explained."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from taizhang.kernel.periods import parse_period
from taizhang.kernel.stages import Stage
from taizhang.race.engine.model import Score, ScorePart, StageEvent, UnitRef
from taizhang.race.engine.rules import RuleSet, load_rules
from taizhang.race.engine.scoring import counted_events, score_units

YI = Decimal(100_000_000)
MAY = parse_period("2026-05")
TOWN = UnitRef(1, "T1", "凤桥镇", "town", "/1/2/")
STREET = UnitRef(2, "S1", "建设街道", "street", "/1/3/")
UNITS = [TOWN, STREET]

HEAD = """\
version = "test"
valid_from = 2026-01-01
valid_to = 2026-12-31

[[bands]]
label = "1亿–10亿"
min_yi = 1
max_yi = 10

[[bands]]
label = "10亿以上"
min_yi = 10

[[stage_points]]
stage = "签约"
points = { "1亿–10亿" = 2, "10亿以上" = 5 }
"""
START = """
[[stage_points]]
stage = "开工"
points = 3
"""
FOREIGN = """
[[bonuses]]
kind = "外资"
stages = ["签约"]
points = 3
"""
OTHER_BONUSES = """
[[bonuses]]
kind = "链主"
stages = ["签约", "开工"]
points = 2

[[bonuses]]
kind = "基金招商"
stages = ["签约"]
points = 1
bands = ["10亿以上"]
"""


def rules(
    extra: str = "", *, head: str = HEAD, start: str = START, foreign: str = FOREIGN
) -> RuleSet:
    """The rules above: 签约 2 / 5 by band, 开工 3, 外资 +3, 链主 +2, 基金招商 (≥10亿) +1."""
    return load_rules(head + start + foreign + OTHER_BONUSES + extra)


def event(event_id: int, **changes: Any) -> StageEvent:
    """签约 of a 5亿 project in 凤桥镇 on 2026-05-10 unless told otherwise."""
    base = StageEvent(
        event_id=event_id,
        project_id=100 + event_id,
        project_name=f"项目{event_id}",
        unit_path="/1/2/",
        stage=Stage.SIGNED,
        on=date(2026, 5, 10),
        investment_cny=5 * YI,
    )
    return replace(base, **changes)


def score_of(events: list[StageEvent], ruleset: RuleSet | None = None) -> Score:
    return score_units(events, UNITS, ruleset or rules(), MAY)[0]


def points(score: Score) -> list[tuple[str, Decimal, int | None]]:
    return [(part.rule, part.points, part.event_id) for part in score.parts]


# ── which events count ──────────────────────────────────────────────────────


def test_a_unit_without_events_gets_a_zero_score_in_the_order_given() -> None:
    scores = score_units([event(1)], [STREET, TOWN], rules(), MAY)
    assert [(s.unit_id, s.total) for s in scores] == [(2, Decimal(0)), (1, Decimal(2))]
    assert scores[0].parts == ()


def test_it_ignores_events_outside_the_period() -> None:
    outside = [event(1, on=date(2026, 4, 30)), event(2, on=date(2026, 6, 1))]
    inside = [event(3, on=date(2026, 5, 1)), event(4, on=date(2026, 5, 31))]
    assert [p[2] for p in points(score_of(outside + inside))] == [3, 4]


def test_it_ignores_events_outside_the_rules_validity() -> None:
    late_rules = rules(head=HEAD.replace("valid_from = 2026-01-01", "valid_from = 2026-05-15"))
    score = score_of([event(1, on=date(2026, 5, 14)), event(2, on=date(2026, 5, 15))], late_rules)
    assert points(score) == [("签约·1亿–10亿", Decimal(2), 2)]


def test_it_attributes_an_event_to_the_deepest_racing_unit_above_it() -> None:
    platform = UnitRef(3, "P1", "高新区", "platform", "/1/2/9/")
    village = event(1, unit_path="/1/2/9/44/")
    scores = score_units([village, event(2, unit_path="/1/2/8/")], [TOWN, platform], rules(), MAY)
    assert [(s.unit_id, [p.event_id for p in s.parts]) for s in scores] == [(1, [2]), (3, [1])]


def test_it_ignores_events_under_no_racing_unit() -> None:
    department = event(1, unit_path="/1/7/")
    district_itself = event(2, unit_path="/1/")
    scores = score_units([department, district_itself], UNITS, rules(), MAY)
    assert [s.total for s in scores] == [0, 0]


def test_a_path_prefix_must_end_at_a_unit_boundary() -> None:
    """/1/20/ is not below /1/2/."""
    assert score_of([event(1, unit_path="/1/20/")]).total == 0


def test_a_move_back_scores_nothing() -> None:
    back = event(1, stage=Stage.SIGNED, moved_back=True)
    assert score_of([back]).parts == ()


def test_a_stage_reached_again_after_moving_back_scores_once_in_the_period() -> None:
    first = event(1, project_id=7, stage=Stage.CONSTRUCTION, on=date(2026, 5, 3))
    back = event(2, project_id=7, stage=Stage.LAND, on=date(2026, 5, 9), moved_back=True)
    again = event(3, project_id=7, stage=Stage.CONSTRUCTION, on=date(2026, 5, 20))
    assert points(score_of([again, back, first])) == [("开工", Decimal(3), 1)]


def test_a_stage_seen_in_an_earlier_event_given_does_not_score_again() -> None:
    """Passing the year so far makes monthly scores add up to the year's."""
    april = event(1, project_id=7, on=date(2026, 4, 3))
    may = event(2, project_id=7, on=date(2026, 5, 20))
    assert score_of([april, may]).total == 0
    assert score_of([may]).total == 2
    assert [e.event_id for e in counted_events([april, may], rules(), MAY)] == []


# ── points ──────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("investment", "expected"),
    [
        (None, []),  # unknown size: no band
        (Decimal("0.99") * YI, []),  # below the lowest band
        (1 * YI, [("签约·1亿–10亿", Decimal(2))]),  # the lower bound is inside
        (Decimal("9.99") * YI, [("签约·1亿–10亿", Decimal(2))]),
        (10 * YI, [("签约·10亿以上", Decimal(5))]),  # the upper bound is the next band's
        (500 * YI, [("签约·10亿以上", Decimal(5))]),
    ],
)
def test_stage_points_follow_the_size_band(
    investment: Decimal | None, expected: list[tuple[str, Decimal]]
) -> None:
    score = score_of([event(1, investment_cny=investment)])
    assert [(p.rule, p.points) for p in score.parts] == expected


def test_flat_stage_points_apply_to_any_size_even_unknown() -> None:
    score = score_of([event(1, stage=Stage.CONSTRUCTION, investment_cny=None)])
    assert points(score) == [("开工", Decimal(3), 1)]


def test_a_stage_without_a_rule_scores_nothing() -> None:
    assert score_of([event(1, stage=Stage.PRODUCTION)]).parts == ()


def test_bonuses_come_from_foreign_capital_tags_and_attraction_method() -> None:
    foreign = event(1, foreign_capital=True)
    leader = event(2, tags=frozenset({"链主", "专精特新"}))
    fund = event(3, attraction_method="基金招商", investment_cny=12 * YI)
    assert points(score_of([foreign, leader, fund])) == [
        ("签约·1亿–10亿", Decimal(2), 1),
        ("外资加分", Decimal(3), 1),
        ("签约·1亿–10亿", Decimal(2), 2),
        ("链主加分", Decimal(2), 2),
        ("签约·10亿以上", Decimal(5), 3),
        ("基金招商加分", Decimal(1), 3),
    ]


def test_a_bonus_pays_only_on_its_stages_and_bands() -> None:
    foreign_start = event(1, stage=Stage.CONSTRUCTION, foreign_capital=True)
    small_fund = event(2, attraction_method="基金招商")  # 5亿: not in 10亿以上
    leader_start = event(3, stage=Stage.CONSTRUCTION, tags=frozenset({"链主"}))
    assert [p.rule for p in score_of([foreign_start, small_fund, leader_start]).parts] == [
        "开工", "签约·1亿–10亿", "开工", "链主加分",
    ]  # fmt: skip


def test_a_bonus_is_paid_even_when_the_project_is_below_every_band() -> None:
    small = event(1, investment_cny=Decimal("0.3") * YI, foreign_capital=True)
    assert points(score_of([small])) == [("外资加分", Decimal(3), 1)]


def test_a_negative_bonus_is_a_deduction() -> None:
    deduction = (
        '\n[[bonuses]]\nkind = "场景招商"\nlabel = "虚报扣分"\nstages = ["签约"]\npoints = -1.5\n'
    )
    score = score_of([event(1, attraction_method="场景招商")], rules(deduction))
    assert points(score) == [("签约·1亿–10亿", Decimal(2), 1), ("虚报扣分", Decimal("-1.5"), 1)]
    assert score.total == Decimal("0.5")


def test_fractional_points_add_up_exactly_in_decimal() -> None:
    ruleset = rules(start=START.replace("3", "0.1"), foreign=FOREIGN.replace("3", "0.2"))
    starts = [event(i, stage=Stage.CONSTRUCTION) for i in (1, 2)]
    score = score_of([*starts, event(3, investment_cny=None, foreign_capital=True)], ruleset)
    assert score.total == Decimal("0.4") and isinstance(score.total, Decimal)


def test_every_part_names_its_rule_event_and_project() -> None:
    score = score_of([event(1, project_id=55, tags=frozenset({"链主"}))])
    assert score.parts == (
        ScorePart("签约·1亿–10亿", Decimal(2), 1, 55),
        ScorePart("链主加分", Decimal(2), 1, 55),
    )


# ── caps ────────────────────────────────────────────────────────────────────


def test_a_bonus_cap_cuts_on_the_event_that_crosses_it() -> None:
    ruleset = rules(foreign=FOREIGN + "cap = 4\n")
    foreign = [event(i, foreign_capital=True, on=date(2026, 5, i)) for i in (3, 1, 2)]
    score = score_of(foreign, ruleset)
    # 外资 3 + 3 + 3 = 9, cap 4: the 2nd event keeps 1 of 3 (−2), the 3rd loses all 3 (−3)
    assert [(p.rule, p.points, p.event_id, p.note) for p in score.parts if p.points < 0] == [
        ("外资加分", Decimal(-2), 2, "封顶：外资加分每期不超过4分"),
        ("外资加分", Decimal(-3), 3, "封顶：外资加分每期不超过4分"),
    ]
    assert score.total == 3 * 2 + 4


def test_the_project_cap_counts_all_of_a_projects_points_in_the_period() -> None:
    ruleset = rules("\n[caps]\nper_project = 4\n")
    signed = event(1, project_id=9, tags=frozenset({"链主"}))  # 2 + 2
    started = event(2, project_id=9, stage=Stage.CONSTRUCTION, on=date(2026, 5, 20))  # 3
    other = event(3, project_id=10, stage=Stage.CONSTRUCTION)  # 3, under its own cap
    score = score_of([signed, started, other], ruleset)
    cut = [p for p in score.parts if p.points < 0]
    assert cut == [ScorePart("单个项目封顶", Decimal(-3), 2, 9, "封顶：单个项目每期不超过4分")]
    assert score.total == 4 + 3


def test_the_unit_cap_cuts_the_last_points_of_the_period() -> None:
    ruleset = rules("\n[caps]\nper_unit = 5\n")
    events = [event(i, project_id=i, on=date(2026, 5, 10 + i)) for i in (1, 2, 3, 4)]
    score = score_of(events, ruleset)
    assert [(p.points, p.event_id) for p in score.parts if p.points < 0] == [
        (Decimal(-1), 3),  # 2 + 2 + 2 = 6 > 5
        (Decimal(-2), 4),
    ]
    assert score.parts[-1].note == "封顶：单个单位每期不超过5分"
    assert score.total == 5


def test_caps_apply_bonus_first_then_project_then_unit() -> None:
    """外资 cap 3, project cap 6, unit cap 8.
    p1 签约 10亿 外资 链主: 5 + 3 + 2 = 10 → project cap: −4 → 6
    p2 签约 5亿 外资:       2 + 3 = 5 → 外资 cap (3 already used): −3 → 2; unit 6 + 2 = 8
    p3 开工:               3 → unit cap: −3 → 0"""
    ruleset = rules("\n[caps]\nper_project = 6\nper_unit = 8\n", foreign=FOREIGN + "cap = 3\n")
    p1 = event(1, investment_cny=10 * YI, foreign_capital=True, tags=frozenset({"链主"}))
    p2 = event(2, foreign_capital=True, on=date(2026, 5, 11))
    p3 = event(3, stage=Stage.CONSTRUCTION, on=date(2026, 5, 12))
    score = score_of([p3, p2, p1], ruleset)
    assert points(score) == [
        ("签约·10亿以上", Decimal(5), 1),
        ("外资加分", Decimal(3), 1),
        ("链主加分", Decimal(2), 1),
        ("单个项目封顶", Decimal(-4), 1),
        ("签约·1亿–10亿", Decimal(2), 2),
        ("外资加分", Decimal(3), 2),
        ("外资加分", Decimal(-3), 2),
        ("开工", Decimal(3), 3),
        ("单个单位封顶", Decimal(-3), 3),
    ]
    assert score.total == 8


def test_a_cap_of_zero_cuts_everything_it_covers() -> None:
    score = score_of([event(1), event(2)], rules("\n[caps]\nper_unit = 0\n"))
    assert score.total == 0 and [p.points for p in score.parts] == [2, -2, 2, -2]


def test_the_shipped_2026_rules_score_a_big_foreign_chain_leader_signing(
    shipped_2026: RuleSet,
) -> None:
    signing = event(1, investment_cny=60 * YI, foreign_capital=True, tags=frozenset({"链主"}))
    # 签约·50亿以上 10 + 外资项目加分 3 + 链主企业加分 5 = 18
    assert points(score_of([signing], shipped_2026)) == [
        ("签约·50亿以上", Decimal(10), 1),
        ("外资项目加分", Decimal(3), 1),
        ("链主企业加分", Decimal(5), 1),
    ]

"""A worked example: three racing units, a small rules file and a month of events, with every
score, part and rank worked out by hand below (as DOMAIN.md's worked examples are).

The district (南湖区, path /1/) races 凤桥镇 (/1/2/), 建设街道 (/1/3/) and 湘家荡区域 (/1/4/);
区经信商务局 (/1/9/) is a department and does not race in the town ranking.

Rules (RULES below): bands 1亿–10亿 [1, 10) and 10亿以上 [10, ∞);
签约 2 / 5, 开工 3 / 6 by band, 投产 4 whatever the size;
外资 +3 on 签约, at most 4 per unit per month; 链主 +2 on 签约 and 开工;
a project at most 10 per month, a unit at most 15 per month.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from taizhang.kernel.periods import parse_period, previous, year_elapsed_share
from taizhang.kernel.stages import Stage
from taizhang.race.engine.model import ScorePart, StageEvent, UnitRef
from taizhang.race.engine.ranking import Ranked, rank_scores
from taizhang.race.engine.rules import load_rules
from taizhang.race.engine.scoring import score_units

RULES = """\
version = "例-2026"
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

[[stage_points]]
stage = "开工"
points = { "1亿–10亿" = 3, "10亿以上" = 6 }

[[stage_points]]
stage = "投产"
points = 4

[[bonuses]]
kind = "外资"
stages = ["签约"]
points = 3
cap = 4

[[bonuses]]
kind = "链主"
stages = ["签约", "开工"]
points = 2

[caps]
per_project = 10
per_unit = 15
"""

FENGQIAO = UnitRef(1, "330402101", "凤桥镇", "town", "/1/2/")
JIANSHE = UnitRef(2, "330402001", "建设街道", "street", "/1/3/")
XIANGJIADANG = UnitRef(3, "330402400", "湘家荡区域", "platform", "/1/4/")
UNITS = [FENGQIAO, JIANSHE, XIANGJIADANG]
YI = Decimal(100_000_000)
LEADER = frozenset({"链主"})


def stage_event(
    event_id: int,
    project_id: int,
    path: str,
    stage: Stage,
    on: str,
    yi: str | None,
    *,
    foreign: bool = False,
    tags: frozenset[str] = frozenset(),
    moved_back: bool = False,
) -> StageEvent:
    return StageEvent(
        event_id=event_id,
        project_id=project_id,
        project_name=f"项目{project_id}",
        unit_path=path,
        stage=stage,
        on=date.fromisoformat(f"2026-{on}"),
        investment_cny=None if yi is None else Decimal(yi) * YI,
        foreign_capital=foreign,
        tags=tags,
        moved_back=moved_back,
    )


S, C, L, P = Stage.SIGNED, Stage.CONSTRUCTION, Stage.LAND, Stage.PRODUCTION
EVENTS = [
    # event id, project id, unit path, stage, day, total investment (亿元), attributes
    # 凤桥镇
    stage_event(1, 101, "/1/2/", S, "05-06", "8", foreign=True),
    stage_event(2, 102, "/1/2/15/", S, "05-12", "12", foreign=True, tags=LEADER),
    stage_event(3, 102, "/1/2/15/", C, "05-20", "12", foreign=True, tags=LEADER),
    stage_event(4, 103, "/1/2/", P, "05-28", None),
    # 建设街道
    stage_event(5, 201, "/1/3/", S, "05-08", "0.5", tags=LEADER),
    stage_event(6, 202, "/1/3/", C, "05-15", "30"),
    stage_event(7, 202, "/1/3/", L, "05-18", "30", moved_back=True),
    stage_event(8, 202, "/1/3/", C, "05-25", "30"),
    stage_event(9, 203, "/1/3/", S, "04-28", "5"),  # April
    # 湘家荡区域, a 社区 below it
    stage_event(10, 301, "/1/4/12/", S, "05-10", "10", foreign=True),
    # 区经信商务局: not racing
    stage_event(11, 901, "/1/9/", S, "05-05", "20"),
]
MAY = parse_period("2026-05")


def may_scores() -> dict[int, tuple[Decimal, tuple[ScorePart, ...]]]:
    scores = score_units(EVENTS, UNITS, load_rules(RULES), MAY)
    return {score.unit_id: (score.total, score.parts) for score in scores}


def test_fengqiao_reaches_every_cap_and_scores_15() -> None:
    # event 1, p101 签约 8亿 外资:      签约·1亿–10亿 2 + 外资 3                     = 5
    # event 2, p102 签约 12亿 外资 链主: 签约·10亿以上 5 + 外资 3 + 链主 2            = 10
    #   外资 cap 4: 3 already from event 1, so 1 of these 3 counts → 外资 −2        → 8
    # event 3, p102 开工 12亿 链主:      开工·10亿以上 6 + 链主 2 (外资 only on 签约) = 8
    #   project cap 10: p102 has 8 already, so 2 of these 8 count → −6             → 2
    # event 4, p103 投产, size unknown:  投产 4 (flat points need no size)          = 4
    #   unit cap 15: 5 + 8 + 2 = 15 already → −4                                   → 0
    # total 5 + 8 + 2 + 0 = 15
    total, parts = may_scores()[1]
    assert parts == (
        ScorePart("签约·1亿–10亿", Decimal(2), 1, 101),
        ScorePart("外资加分", Decimal(3), 1, 101),
        ScorePart("签约·10亿以上", Decimal(5), 2, 102),
        ScorePart("外资加分", Decimal(3), 2, 102),
        ScorePart("链主加分", Decimal(2), 2, 102),
        ScorePart("外资加分", Decimal(-2), 2, 102, "封顶：外资加分每期不超过4分"),
        ScorePart("开工·10亿以上", Decimal(6), 3, 102),
        ScorePart("链主加分", Decimal(2), 3, 102),
        ScorePart("单个项目封顶", Decimal(-6), 3, 102, "封顶：单个项目每期不超过10分"),
        ScorePart("投产", Decimal(4), 4, 103),
        ScorePart("单个单位封顶", Decimal(-4), 4, 103, "封顶：单个单位每期不超过15分"),
    )
    assert total == Decimal(15)


def test_jianshe_scores_a_restart_once_and_ignores_april_8() -> None:
    # event 5, p201 签约 0.5亿 链主: below every band → no 签约 points; 链主 2     = 2
    # event 6, p202 开工 30亿:       开工·10亿以上 6                              = 6
    # event 7, p202 back to 供地:    moved back → nothing
    # event 8, p202 开工 again:      p202 already scored 开工 this month → nothing
    # event 9, p203 签约 on 28 April: outside May → nothing
    # total 2 + 6 = 8
    total, parts = may_scores()[2]
    assert parts == (
        ScorePart("链主加分", Decimal(2), 5, 201),
        ScorePart("开工·10亿以上", Decimal(6), 6, 202),
    )
    assert total == Decimal(8)


def test_xiangjiadang_scores_a_project_of_its_community_on_the_band_boundary() -> None:
    # event 10, p301 签约 exactly 10亿 外资, in /1/4/12/ below 湘家荡区域:
    #   10亿 belongs to 10亿以上 (lower bound inclusive): 5 + 外资 3                 = 8
    # event 11 (区经信商务局, /1/9/) belongs to no racing unit and is ignored.
    total, parts = may_scores()[3]
    assert parts == (
        ScorePart("签约·10亿以上", Decimal(5), 10, 301),
        ScorePart("外资加分", Decimal(3), 10, 301),
    )
    assert total == Decimal(8)


def test_the_may_ranking_with_the_change_since_april() -> None:
    # April: only event 9 counts: 建设街道 签约·1亿–10亿 2; the others 0.
    #   ranks: 建设街道 1; 凤桥镇 and 湘家荡区域 tied 2 (0 points each).
    # May: 凤桥镇 15 → 1; 建设街道 8 and 湘家荡区域 8 tie → both 2 (listed by unit id).
    # change = April rank − May rank: 凤桥镇 2 − 1 = +1; 建设街道 1 − 2 = −1; 湘家荡区域 2 − 2 = 0
    rules = load_rules(RULES)
    april = score_units(EVENTS, UNITS, rules, previous(MAY))
    assert [s.total for s in april] == [Decimal(0), Decimal(2), Decimal(0)]
    may = score_units(EVENTS, UNITS, rules, MAY)
    assert rank_scores(may, april) == [
        Ranked(1, 1, Decimal(15), previous_rank=2, change=1),
        Ranked(2, 2, Decimal(8), previous_rank=1, change=-1),
        Ranked(3, 2, Decimal(8), previous_rank=2, change=0),
    ]


def test_time_progress_at_the_end_of_may_is_five_twelfths() -> None:
    # 序时进度 = months elapsed / 12 = 5 / 12 ≈ 41.67%
    assert MAY.label_zh == "2026年5月"
    assert round(year_elapsed_share(MAY) * 100, 2) == Decimal("41.67")

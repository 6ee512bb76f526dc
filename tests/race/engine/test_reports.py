"""Building the four reports from standings, completions, warnings and moves: pure, by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from taizhang.kernel.errors import Invalid
from taizhang.kernel.periods import parse_period
from taizhang.kernel.report_document import ReportData
from taizhang.kernel.stages import Stage
from taizhang.race.engine.model import Score, StageEvent, UnitRef
from taizhang.race.engine.progress import Completion, completion
from taizhang.race.engine.ranking import Ranked, Standing
from taizhang.race.engine.reports import ReportKind, award_list, build_report, highlights, laggards
from taizhang.race.engine.warnings import ProjectWarning, WarningKind

UNITS = (
    UnitRef(1, "T1", "凤桥镇", "town", "/0/1/"),
    UnitRef(2, "T2", "建设街道", "street", "/0/2/"),
    UnitRef(3, "T3", "湘家荡区域", "platform", "/0/3/"),
    UnitRef(4, "T4", "新丰镇", "town", "/0/4/"),
)
# (unit index, rank, total, previous rank)
BOARD = ((0, 1, "12", 3), (1, 2, "9", 1), (2, 3, "4", 2), (3, 4, "0", 4))
PERIODS = {"weekly": "2026-W20", "monthly": "2026-05", "quarterly": "2026-Q2", "annual": "2026"}


def board() -> list[Standing]:
    return [
        Standing(
            UNITS[i],
            Ranked(UNITS[i].unit_id, rank, Decimal(total), prev, prev - rank),
            Score(UNITS[i].unit_id, Decimal(total)),
        )
        for i, rank, total, prev in BOARD
    ]


def completions(as_of: str = "2026-05") -> list[Completion]:
    period = parse_period(as_of)
    done = {1: "10", 2: "6", 3: "1", 4: "0"}  # of a target of 10
    return [
        completion(
            unit_id=u, metric="signed_1yi", target=Decimal(10), actual=Decimal(a), as_of=period
        )
        for u, a in done.items()
    ]


MOVED = [
    StageEvent(
        7, 70, "外资精密部件项目", "/0/1/5/", Stage.SIGNED, date(2026, 5, 12), Decimal(300_000_000)
    ),
    StageEvent(8, 71, "储能项目", "/0/3/", Stage.CONSTRUCTION, date(2026, 5, 13), None),
]
WARNINGS = [
    ProjectWarning(
        WarningKind.STALE, "已 70 天无新动态", 72, date(2026, 5, 12), "物流园项目", "/0/4/"
    ),
    ProjectWarning(WarningKind.MOVED_BACK, "阶段倒退", 73, date(2026, 3, 1), "文旅项目", "/0/2/"),
]


def sample_report(kind: ReportKind = "quarterly") -> ReportData:
    period = parse_period(PERIODS[kind])
    return build_report(
        kind,
        period,
        standings=board(),
        completions=completions(PERIODS[kind] if kind != "weekly" else "2026-05"),
        warnings=WARNINGS,
        moved=MOVED,
        as_of=date(2026, 7, 3),
        district="南湖区",
        rules_version="2026.1",
        metric_labels={"signed_1yi": "亿元以上项目签约数"},
    )


def test_the_monthly_title_names_the_district_and_month() -> None:
    report = sample_report("monthly")
    assert report.title == "南湖区2026年5月招商引资赛马排名"
    assert report.subtitle == "统计期间：2026年5月1日至2026年5月31日，积分规则 2026.1"
    assert [s.heading for s in report.sections] == ["总体情况", "积分排名", "年度任务完成情况"]


def test_the_ranking_table_lists_rank_unit_score_and_change() -> None:
    ranking = sample_report("monthly").sections[1].tables[0]
    assert ranking.headers == ("名次", "单位", "得分", "较上期")
    assert ranking.rows[:3] == (
        (1, "凤桥镇", Decimal(12), "上升2位"),
        (2, "建设街道", Decimal(9), "下降1位"),
        (3, "湘家荡区域", Decimal(4), "下降1位"),
    )
    assert ranking.rows[3][3] == "持平"


def test_completion_rates_are_percentages_against_time_elapsed() -> None:
    table = sample_report("monthly").sections[2].tables[0]
    # May: 序时进度 5/12 = 41.67%; 凤桥镇 10/10 = 100%, 湘家荡区域 1/10 = 10% is red.
    assert table.rows[0] == (
        "凤桥镇",
        "亿元以上项目签约数",
        Decimal(10),
        Decimal(10),
        Decimal("100.00"),
        Decimal("41.67"),
        "绿",
    )
    assert table.rows[2][4:] == (Decimal("10.00"), Decimal("41.67"), "红")


def test_the_weekly_review_lists_moves_stuck_projects_and_new_warnings() -> None:
    report = sample_report("weekly")
    headings = [s.heading for s in report.sections]
    assert headings == ["总体情况", "本周积分排名", "本周项目进展", "推进滞缓项目", "本周新增预警"]
    moves = report.sections[2].tables[0].rows
    assert moves[0] == ("2026年5月12日", "凤桥镇", "外资精密部件项目", "签约")
    stuck = report.sections[3].tables[0].rows
    assert stuck == (("新丰镇", "物流园项目", "长期无动态", "已 70 天无新动态"),)
    assert [r[1] for r in report.sections[4].tables[0].rows] == ["物流园项目"]  # new in W20


def test_the_quarterly_bulletin_has_highlights_and_laggards() -> None:
    report = sample_report("quarterly")
    sections = {s.heading: s for s in report.sections}
    assert sections["工作亮点"].paragraphs[0] == "凤桥镇以 12 分位列第 1 名。"
    assert "凤桥镇较上期上升 2 位，进步最快。" in sections["工作亮点"].paragraphs
    laggards = sections["后进单位"].paragraphs
    assert laggards[0] == "新丰镇得分 0 分，排名末位，需加快追赶。"
    assert any(p.startswith("湘家荡区域“亿元以上项目签约数”完成 10.00%") for p in laggards)
    assert len(sections["项目预警"].tables[0].rows) == 2


def test_units_tied_at_the_bottom_share_one_line() -> None:
    totals = {1: Decimal(12), 2: Decimal(9), 3: Decimal(4), 4: Decimal(4)}
    tied = [
        Standing(
            s.unit,
            Ranked(s.unit.unit_id, min(s.ranked.rank, 3), totals[s.ranked.rank], None, None),
            Score(s.unit.unit_id, totals[s.ranked.rank]),
        )
        for s in board()
    ]
    assert laggards(tied, [], str, str) == [
        "湘家荡区域、新丰镇得分均为 4 分，并列末位，需加快追赶。"
    ]


def test_highlights_of_an_empty_board_say_so() -> None:
    assert highlights([]) == ["本期暂无得分单位。"]


def test_awards_follow_the_rule() -> None:
    # Year end: 序时进度 100%. 凤桥镇 1st with all done → 一等奖; 建设街道 2nd at 60% is red →
    # not 一等奖 nor 二等奖; 湘家荡区域 3rd at 10% red → none; 新丰镇 0 points → none.
    awards = award_list(board(), completions("2026"))
    assert [(a.award, a.unit) for a in awards] == [("一等奖", "凤桥镇")]
    lenient = award_list(board(), [])
    assert [(a.award, a.unit) for a in lenient] == [
        ("一等奖", "凤桥镇"),
        ("一等奖", "建设街道"),
        ("二等奖", "湘家荡区域"),
    ]


def test_the_annual_report_lists_the_awards() -> None:
    report = sample_report("annual")
    awards = report.sections[-1]
    assert report.title == "南湖区2026年招商引资赛马年度评优结果"
    assert awards.heading == "评优结果" and awards.paragraphs[0].startswith("评优规则")
    assert awards.tables[0].rows[0][:2] == ("一等奖", "凤桥镇")


@pytest.mark.parametrize("kind", ["weekly", "monthly", "quarterly", "annual"])
def test_a_report_round_trips_through_json(kind: ReportKind) -> None:
    report = sample_report(kind)
    assert ReportData.from_json(report.to_json()) == report
    assert ReportData.from_dict(report.to_dict()) == report


def test_a_report_refuses_a_period_of_another_kind() -> None:
    with pytest.raises(Invalid, match="期间应为月"):
        build_report(
            "monthly",
            parse_period("2026-Q2"),
            standings=[],
            completions=[],
            warnings=[],
            moved=[],
            as_of=date(2026, 7, 1),
            district="南湖区",
        )

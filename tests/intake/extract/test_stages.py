"""Stage cues: the stage a sentence says a project has reached, never a plan."""

from __future__ import annotations

from datetime import date

import pytest

from taizhang.intake.extract.stages import find_stage_cues, later_stage

DOC = date(2025, 3, 12)


def reached(text: str, doc_date: date | None = DOC) -> list[str]:
    return [c.stage for c in find_stage_cues(text, doc_date) if not c.planned]


def planned(text: str, doc_date: date | None = DOC) -> list[str | None]:
    return [c.planned_production for c in find_stage_cues(text, doc_date) if c.planned]


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("甲公司的新材料项目昨日正式签约。", "签约"),
        ("该项目已签约落户开发区。", "签约"),
        ("该项目上月完成土地摘牌。", "供地"),
        ("该项目于去年10月开工建设。", "开工"),
        ("厂房正在紧张建设中。", "开工"),
        ("主厂房已经结顶。", "开工"),
        ("工程主体已完成。", "开工"),
        ("目前已完成总工程量的六成。", "开工"),
        ("该项目上月通过竣工验收。", "竣工"),
        ("一期工程已进入试生产。", "投产"),
        ("这条生产线去年建成投产。", "投产"),
        ("园区年初投入运营。", "投产"),
        ("该厂已满负荷生产。", "达产"),
        ("双方正在洽谈合作事宜。", "洽谈"),
    ],
)
def test_it_reads_the_stage_reached(text: str, stage: str) -> None:
    assert stage in reached(text)


@pytest.mark.parametrize(
    "text",
    [
        "项目计划今年6月底投产。",
        "预计2027年下半年建成投产。",
        "力争年内开工。",
        "保障项目早开工、早投产。",
        "该项目将于明年竣工。",
        "全区上下要抢企业复工、项目开工。",
        "项目尚未开工。",
        "达产后年产值可达5亿元。",
        "项目建成后可年产10万吨。",
        "会场签约结束后,领导前往工地。",
        "正在办理施工许可。",
    ],
)
def test_it_reads_no_stage_from_plans_conditions_and_negations(text: str) -> None:
    assert reached(text) == []


@pytest.mark.parametrize(
    ("text", "plan"),
    [
        ("项目计划今年6月底投产。", "2025-06"),
        ("预计2027年下半年建成投产。", "2027"),
        ("计划于2023年7月投产。", "2023-07"),
        ("预计在四季度竣工投产。", "2025"),
        ("将于2023年一季度投入使用。", "2023"),
        ("将于2022年10月部分投产运营。", "2022-10"),
        ("一期计划下月底投产。", "2025-04"),
    ],
)
def test_it_dates_planned_production(text: str, plan: str) -> None:
    assert plan in planned(text)


def test_a_relative_plan_needs_the_document_date() -> None:
    assert planned("项目计划今年6月底投产。", None) == [None]


def test_finishing_construction_is_no_planned_production() -> None:
    assert [p for p in planned("计划于2022年12月底工程竣工。") if p] == []


def test_a_production_date_after_the_document_date_is_a_plan() -> None:
    assert planned("该项目2025年12月建成投产后,年产值可达30亿元。") == ["2025-12"]


def test_a_signing_still_to_come_means_talks() -> None:
    assert reached("该项目将于本月底签约。") == ["洽谈"]


def test_a_ceremony_to_come_is_no_stage() -> None:
    assert reached("项目签约仪式将于下月举行。") == []


@pytest.mark.parametrize(
    ("first", "second", "latest"),
    [
        ("签约", "开工", "开工"),
        ("投产", "签约", "投产"),
        (None, "竣工", "竣工"),
        ("达产", None, "达产"),
    ],
)
def test_the_later_stage_wins(first: str | None, second: str | None, latest: str) -> None:
    assert later_stage(first, second) == latest

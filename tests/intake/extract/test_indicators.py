"""Aggregate figures of a region: counts of projects, totals with their change, rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from taizhang.intake.extract import extract
from taizhang.intake.facts import IndicatorFact

DOC = date(2025, 7, 20)


def indicators(text: str) -> list[IndicatorFact]:
    return extract(text, reference_date=DOC).indicators


def one(text: str, metric: str) -> IndicatorFact:
    (found,) = [i for i in indicators(text) if i.metric == metric]
    return found


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("今年以来,全区洽谈项目158个。", "洽谈项目", 158),
        ("全区落地亿元以上项目27个。", "落地亿元以上项目", 27),
        ("推介重大项目36个,其中新建项目12个、续建项目24个。", "续建项目", 24),
        ("上半年共有19个项目签约。", "签约项目", 19),
    ],
)
def test_it_counts_projects(text: str, metric: str, value: int) -> None:
    found = one(text, metric)
    assert (found.value, found.unit) == (Decimal(value), "个")


def test_it_reads_a_total_with_its_change() -> None:
    found = one("今年上半年,青溪街道完成规上工业总产值26.4亿元,同比增长5.3%。", "规上工业总产值")
    assert found.value == Decimal(2_640_000_000)
    assert found.unit == "元"
    assert found.yoy_pct == Decimal("5.3")
    assert found.region == "青溪街道"
    assert found.period == "2025-01..2025-06"


def test_a_fall_is_negative() -> None:
    assert one("财政总收入2亿元,同比下降3.5%。", "财政总收入").yoy_pct == Decimal("-3.5")


def test_foreign_money_keeps_its_currency() -> None:
    found = one("一季度实际利用外资1.2亿美元,增速20.5%。", "实际利用外资")
    assert (found.value, found.unit, found.yoy_pct) == (
        Decimal(120_000_000),
        "美元",
        Decimal("20.5"),
    )
    assert found.period == "2025-01..2025-03"


def test_it_reads_completion_of_the_annual_target() -> None:
    found = one("一季度完成招商项目4个,完成年度任务的40.5%。", "年度任务完成率")
    assert (found.value, found.unit) == (Decimal("40.5"), "%")


def test_a_growth_rate_without_an_amount_is_its_own_indicator() -> None:
    found = one("1—5月,全区规上工业增加值同比增长6.2%。", "规上工业增加值增速")
    assert (found.value, found.unit, found.period) == (Decimal("6.2"), "%", "2025-01..2025-05")


def test_total_investment_counts_only_when_the_sentence_counts_projects() -> None:
    assert one("12个项目集中开工,总投资41亿元。", "总投资").value == Decimal(4_100_000_000)
    assert [i for i in indicators("华腾项目总投资41亿元,已开工。") if i.metric == "总投资"] == []


def test_the_period_of_a_paragraph_carries_to_its_next_sentence() -> None:
    text = "今年上半年,全区经济稳中有进;财政总收入3.1亿元,同比增长9.2%。"
    assert one(text, "财政总收入").period == "2025-01..2025-06"


def test_evidence_is_the_sentence() -> None:
    text = "前言。\n全区洽谈项目60个。"
    found = one(text, "洽谈项目")
    assert text[found.evidence.start : found.evidence.end] == found.evidence.text
    assert found.evidence.text == "全区洽谈项目60个。"

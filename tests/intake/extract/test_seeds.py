"""The five seed pages (../shared/seeds): the projects issue 3 must find, and no aggregates.

The seeds print no date except 004 (发布时间 2022-05-07); their stories place them in time:
000 reports a signing of April 2026 (001 of May 2026 calls it 今年4月), 002 the Year of the
Horse (February 2026), 003 a summer half-year review of 2024. Each is extracted with that
reference date; relative plans (今年6月底) resolve against it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from taizhang.intake.extract import extract
from taizhang.intake.facts import Extraction, ProjectFact

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
REFERENCE_DATES = {
    "000": date(2026, 4, 20),
    "001": date(2026, 5, 25),
    "002": date(2026, 2, 27),
    "003": date(2024, 8, 20),
    "004": date(2025, 3, 15),
}
YI = Decimal(100_000_000)

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed pages not found at {SEEDS}")


def _normalizer() -> Callable[[str], str]:
    try:
        from taizhang.intake.normalize import normalize
    except ImportError:
        import unicodedata

        import opencc

        converter = opencc.OpenCC("t2s")
        return lambda text: unicodedata.normalize("NFKC", converter.convert(text))
    return lambda text: normalize(text).text


def seed(number: str) -> tuple[str, Extraction]:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    text = _normalizer()(path.read_text(encoding="utf-8"))
    return text, extract(text, reference_date=REFERENCE_DATES[number])


def find(extraction: Extraction, who: str, phase: str | None = None) -> ProjectFact:
    found = [
        p
        for p in extraction.projects
        if who in f"{p.enterprise or ''}{p.name or ''}" and p.phase == phase
    ]
    assert len(found) == 1, [(p.enterprise, p.name, p.phase) for p in extraction.projects]
    return found[0]


def yi(project_amount: object) -> Decimal:
    amount = getattr(project_amount, "amount", None)
    assert isinstance(amount, Decimal)
    return amount / YI


def assert_evidence(text: str, project: ProjectFact) -> None:
    assert project.evidence
    for span in project.evidence:
        assert text[span.start : span.end] == span.text


def test_the_second_phase_of_dangzhuo_is_signed() -> None:
    text, extraction = seed("000")
    second = find(extraction, "当卓", "二期")
    assert yi(second.investment) == 110
    assert [(c.value, c.unit) for c in second.capacity] == [(Decimal(60), "GWh")]
    assert second.stage == "签约"
    assert second.planned_production == "2027"
    assert_evidence(text, second)


def test_the_first_phase_of_dangzhuo_is_under_construction() -> None:
    text, extraction = seed("000")
    first = find(extraction, "当卓", "一期")
    assert first.investment is not None
    assert (yi(first.investment), first.investment.qualifier) == (Decimal(16), "约")
    assert first.land_mu == 150
    assert yi(first.annual_output) == 40
    assert first.stage == "开工"
    assert first.planned_production == f"{REFERENCE_DATES['000'].year}-06"
    assert_evidence(text, first)


def test_the_next_report_on_dangzhuo_agrees() -> None:
    _, extraction = seed("001")
    assert yi(find(extraction, "当卓", "二期").investment) == 110
    first = find(extraction, "当卓", "一期")
    assert (yi(first.investment), yi(first.annual_output)) == (Decimal(16), Decimal(40))


def test_the_sodium_ion_project_is_45_percent_built() -> None:
    text, extraction = seed("003")
    project = find(extraction, "湖纳")
    assert [(c.value, c.unit) for c in project.capacity] == [(Decimal(20), "GWh")]
    assert project.progress_pct == 45
    assert project.stage == "开工"
    assert_evidence(text, project)


def test_the_starpower_project_has_its_investment_and_capacity() -> None:
    text, extraction = seed("004")
    assert extraction.published == date(2022, 5, 7)
    project = find(extraction, "斯达")
    assert yi(project.investment) == 70
    assert [(c.value, c.unit) for c in project.capacity] == [(Decimal(72), "万片")]
    assert_evidence(text, project)


def test_the_kemen_noodle_base_has_its_capacity_and_output() -> None:
    text, extraction = seed("004")
    project = find(extraction, "克明")
    assert [(c.value, c.unit) for c in project.capacity] == [(Decimal("20.87"), "万吨")]
    assert yi(project.annual_output) == Decimal("11.8")
    assert project.planned_production == "2022"
    assert_evidence(text, project)


COUNTED = re.compile(r"\d+个|一批|亿元以上")


@pytest.mark.parametrize("number", sorted(REFERENCE_DATES))
def test_no_aggregate_becomes_a_project(number: str) -> None:
    _, extraction = seed(number)
    for project in extraction.projects:
        assert not COUNTED.search(project.name or ""), project.name
        totals = {Decimal(54), Decimal(176)}  # 37个项目…约54亿元 in 003, and the like
        assert project.investment is None or yi(project.investment) not in totals


def test_the_seeds_give_indicators() -> None:
    _, extraction = seed("003")
    metrics = {i.metric: i for i in extraction.indicators}
    assert metrics["规上工业总产值"].value == Decimal(3_809_000_000)
    assert metrics["规上工业总产值"].yoy_pct == Decimal("7.1")
    _, extraction = seed("004")
    assert {i.metric for i in extraction.indicators} >= {"年度任务完成率", "实际利用外资"}

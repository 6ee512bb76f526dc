"""Each field of a project fact knows its own sentence and the words in it that give it."""

from __future__ import annotations

from datetime import date

from taizhang.intake.facts import FieldSpan, ProjectFact
from taizhang.intake.pipeline import extract_document, in_original

FIRST = "星澜新能源科技有限公司投资18亿元建设年产6GWh储能电池项目，项目用地200亩。"
SECOND = "该项目目前正在加紧建设，计划2026年第三季度建成投产，达产后年产值可达30亿元。"
# laid out as a newspaper column: a line break inside the first sentence
REPORT = "星澜新能源科技有限公司投资18亿元建设年产6GWh储能\n电池项目，项目用地200亩。\n" + SECOND


def _facts(text: str) -> list[ProjectFact]:
    found = extract_document(text, published=date(2026, 5, 12))
    return [in_original(p, found.normalized, text) for p in found.extraction.projects]


def _spans(fact: ProjectFact) -> dict[str, FieldSpan]:
    return {s.field: s for s in fact.field_spans}


def test_each_figure_has_its_sentence_and_its_words() -> None:
    (fact,) = _facts(FIRST + SECOND)
    spans = _spans(fact)
    assert {name: s.words.text for name, s in spans.items()} == {
        "investment": "投资18亿元",
        "capacity": "6GWh",
        "land_mu": "用地200亩",
        "stage": "正在加紧建设",
        "planned_production": "2026年第三季度建成投产",
        "annual_output": "达产后年产值可达30亿元",
    }
    assert spans["investment"].sentence.text == FIRST
    assert spans["land_mu"].sentence.text == FIRST
    assert spans["annual_output"].sentence.text == SECOND
    assert spans["stage"].sentence.text == SECOND


def test_offsets_point_into_the_text_as_read_across_line_breaks() -> None:
    (fact,) = _facts(REPORT)
    for span in fact.field_spans:
        assert REPORT[span.words.start : span.words.end] == span.words.text
        assert REPORT[span.sentence.start : span.sentence.end] == span.sentence.text
        assert span.sentence.start <= span.words.start < span.words.end <= span.sentence.end
    assert _spans(fact)["capacity"].words.text == "6GWh"


def test_a_plan_keeps_the_precision_the_text_gives() -> None:
    quarter, year, month = (
        _facts(text)[0]
        for text in (
            FIRST + SECOND,
            "青禾食品加工项目总投资2.6亿元，已签约落户。项目预计2027年建成投产。",
            "远帆智能装备项目总投资5亿元，主体工程已封顶，力争2026年9月投产。",
        )
    )
    assert (quarter.planned_production, quarter.planned_period) == ("2026", "2026-Q3")
    assert (year.planned_production, year.planned_period) == ("2027", "2027")
    assert (month.planned_production, month.planned_period) == ("2026-09", "2026-09")
    assert _spans(year)["planned_production"].sentence.text == "项目预计2027年建成投产。"


def test_the_json_contract_is_unchanged_by_the_spans() -> None:
    (fact,) = _facts(FIRST + SECOND)
    data = fact.to_json()
    assert "field_spans" not in data and "planned_period" not in data
    assert data["planned_production"] == "2026"

from __future__ import annotations

from taizhang.web.highlight import Stretch, highlight


def test_it_marks_each_fact_sentence_in_the_text() -> None:
    text = "甲项目签约。乙项目开工。"
    assert highlight(text, [(6, 12, 7)]) == [
        Stretch("甲项目签约。"),
        Stretch("乙项目开工。", (7,), anchor=7),
    ]


def test_overlapping_evidence_carries_every_fact_it_covers() -> None:
    stretches = highlight("一二三四五六", [(0, 4, 1), (2, 6, 2)])
    assert stretches == [
        Stretch("一二", (1,), anchor=1),
        Stretch("三四", (1, 2)),
        Stretch("五六", (2,), anchor=2),
    ]


def test_spans_outside_the_text_are_clipped() -> None:
    assert highlight("一二三", [(1, 99, 5)]) == [Stretch("一"), Stretch("二三", (5,), anchor=5)]


def test_a_facts_words_are_marked_within_its_sentence_and_its_anchor_is_given_once() -> None:
    text = "项目总投资8亿元，用地90亩。"
    stretches = highlight(text, [(0, len(text), 3)], [(2, 8, 3), (9, 14, 3)])
    assert [(s.text, s.words) for s in stretches] == [
        ("项目", ()),
        ("总投资8亿元", (3,)),
        ("，", ()),
        ("用地90亩", (3,)),
        ("。", ()),
    ]
    assert [s.anchor for s in stretches] == [3, None, None, None, None]

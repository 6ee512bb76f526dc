"""patterns.quick: a first-character guard never changes what a pattern finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from taizhang.intake.extract import lexicon, mentions, numbers, stages
from taizhang.intake.extract.patterns import quick

GOLD = Path(__file__).parents[1] / "gold"
SENTENCES = [
    "宏远新材料有限公司投资12亿元建设年产5万吨锂电隔膜项目，项目用地120亩。",
    "该项目计划2026年第三季度建成投产，目前已开工建设，形象进度达到45%。",
    "全区共签约项目37个，其中亿元以上项目12个，总投资约86.5亿元。",
    "（3）等5个项目集中开工；３号厂房已封顶，二期工程正在施工。",
    "",
]


def _original(guarded: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern without its guard `(?=[…])(?:…)`."""
    source = guarded.pattern
    assert source.startswith("(?=[")
    return re.compile(source[source.index("])(?:") + 5 : -1], guarded.flags)


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[object, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<!等)项目|基地|\d+个",
        r"(?:今年|明年)?\d{4}年|[一二三四]季度",
        r"(?:约|超)*(?P<n>\d+(?:\.\d+)?)亿元",
        r"^(?:其中)?[,，]?(?P<stage>开工|签约)",
        r"\s+|[A-Za-z]+",
    ],
)
def test_guarded_patterns_find_exactly_the_same(pattern: str) -> None:
    plain = re.compile(pattern)
    guarded = quick(plain)
    assert guarded is not plain
    for text in SENTENCES:
        assert _found(guarded, text) == _found(plain, text)
        assert guarded.sub("", text) == plain.sub("", text)
        for position in range(len(text)):
            assert bool(guarded.match(text, position)) == bool(plain.match(text, position))


@pytest.mark.parametrize("pattern", [r".*项目", r"[^,，]{0,8}项目", r"(?:项目)?", r"(?i)gwh"])
def test_a_pattern_whose_first_characters_cannot_be_listed_is_kept(pattern: str) -> None:
    plain = re.compile(pattern)
    assert quick(plain) is plain


HOT = [lexicon.NAME_STOPS, lexicon.GENERIC_NAME_WORDS, mentions.HEAD, mentions._AGGREGATE]


@pytest.mark.parametrize("guarded", [*HOT, numbers._AMOUNT, stages._CUE, stages._PLAN])
def test_the_extractions_patterns_find_the_same_in_our_texts(guarded: re.Pattern[str]) -> None:
    plain = _original(guarded)
    texts = SENTENCES + [p.read_text("utf-8") for p in sorted((GOLD / "cases").glob("*.txt"))]
    for text in texts:
        assert _found(guarded, text) == _found(plain, text)

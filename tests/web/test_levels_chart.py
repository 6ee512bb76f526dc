"""The class-by-year chart (`web.charts.levels_svg`): levels best on top, a gap where a year
has no class, the other labels written under their year, everything escaped."""

from __future__ import annotations

import re
from xml.etree import ElementTree

from taizhang.web.charts import levels_svg

LEVELS = ["A", "B", "C", "D"]


def _dots(svg: str) -> list[float]:
    return [float(y) for y in re.findall(r'class="level-dot" cx="[^"]+" cy="([^"]+)"', svg)]


def test_better_levels_are_higher_and_gaps_break_the_line() -> None:
    svg = levels_svg(["2021", "2022", "2023", "2024"], LEVELS, ["C", "B", None, "A"], title="等级")
    ElementTree.fromstring(svg)  # well-formed
    ys = _dots(svg)
    assert len(ys) == 3 and ys[0] > ys[1] > ys[2]
    assert svg.count("<polyline") == 1  # 2021–2022 joined; 2024 stands alone
    assert 'data-values="C,B,,A"' in svg and "<desc>2021 C，2022 B，2023 —，2024 A</desc>" in svg


def test_a_label_that_is_no_level_is_written_and_text_is_escaped() -> None:
    svg = levels_svg(["2025"], LEVELS, ["不定<等级>"], title="a & b")
    ElementTree.fromstring(svg)
    assert "不定&lt;等级&gt;" in svg and "a &amp; b" in svg and not _dots(svg)


def test_nothing_to_draw_says_so() -> None:
    svg = levels_svg(["2025"], LEVELS, [None], title="等级")
    assert "暂无数据" in svg

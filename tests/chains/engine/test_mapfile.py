"""Chain map files: the shipped maps read, and a wrong file is refused naming every problem
with its line."""

from __future__ import annotations

import pytest

from taizhang.chains.engine.mapfile import read_chain_map
from taizhang.chains.engine.model import Position
from taizhang.chains.shipped import shipped_map, shipped_maps
from taizhang.kernel.errors import Invalid

GOOD = """key = "tea"
version = "2026.1"
title = "茶产业"
title_en = "Tea"
valid_from = 2026-01-01
weak_below = 2

[[links]]
key = "gardens"
name = "茶园种植"
position = "上游"
products = ["茶园", "茶叶种植"]
industry_codes = ["A0164"]

[[links]]
key = "processing"
name = "精制加工"
position = "中游"
products = ["精制茶"]
industry_codes = ["C1530"]
depends_on = ["gardens"]
weak_below = 4
"""


def test_the_shipped_maps_read_with_their_links() -> None:
    keys = {chain.key for chain in shipped_maps()}
    assert keys == {"new-energy-batteries", "semiconductors", "intelligent-equipment"}
    batteries = shipped_map("new-energy-batteries")
    assert batteries.link("cells").depends_on == ("cathode", "anode", "separator", "electrolyte")
    assert batteries.link("cells").position is Position.MID
    assert all(link.name_en for chain in shipped_maps() for link in chain.links)


def test_a_map_reads_its_links_thresholds_and_english() -> None:
    chain = read_chain_map(GOOD, source="tea.toml")
    assert chain.title_en == "Tea"
    gardens, processing = chain.links
    assert gardens.weak_below == 2  # the chain's default
    assert processing.weak_below == 4  # its own
    assert processing.depends_on == ("gardens",)


def test_an_unknown_chain_is_named_with_the_choices() -> None:
    with pytest.raises(Exception, match="new-energy-batteries"):
        shipped_map("tea")


def test_every_problem_is_named_with_its_line() -> None:
    bad = (
        GOOD.replace('position = "中游"', 'position = "中下游"')
        .replace('depends_on = ["gardens"]', 'depends_on = ["garden"]')
        .replace('industry_codes = ["C1530"]', 'industry_codes = ["Z15"]')
        .replace('products = ["精制茶"]', 'products = ["精制茶"]\ncolour = "green"')
    )
    with pytest.raises(Invalid) as caught:
        read_chain_map(bad, source="tea.toml")
    problems = {(e.row, e.column): e.reason for e in caught.value.errors}
    lines = bad.splitlines()
    assert "中下游" in lines[problems_row(problems, "position") - 1]
    assert any("garden" in reason and "没有名为" in reason for reason in problems.values())
    assert any("Z15" in reason for reason in problems.values())
    assert any("colour" in reason for reason in problems.values())
    assert "tea.toml 有 4 处错误" in caught.value.message


def test_a_link_twice_and_one_depending_on_itself_are_refused() -> None:
    twice = GOOD.replace('key = "processing"', 'key = "gardens"').replace(
        'depends_on = ["gardens"]', 'depends_on = ["gardens"]'
    )
    with pytest.raises(Invalid) as caught:
        read_chain_map(twice, source="tea.toml")
    reasons = " ".join(e.reason for e in caught.value.errors)
    assert "写了两次" in reasons and "不能依赖自己" in reasons


def test_a_chain_without_links_is_refused() -> None:
    head = GOOD.split("[[links]]")[0]
    with pytest.raises(Invalid, match="1 处错误"):
        read_chain_map(head, source="tea.toml")


def problems_row(problems: dict[tuple[int | None, str | None], str], column: str) -> int:
    return next(row for (row, col), _ in problems.items() if col == column and row)

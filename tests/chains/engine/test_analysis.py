"""A chain over a district's firms and projects: placements with their reasons, link strength,
缺链 / 弱链 / 断链, and each 链主's local suppliers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from taizhang.chains.engine.analysis import analyse, gap_sentence, place_firm, place_project
from taizhang.chains.engine.model import (
    ChainMap,
    Firm,
    GapKind,
    Link,
    Position,
    ProjectRef,
    Reason,
)

ORE = Link("ore", "矿石", Position.UP, ("铁矿石",), ("B0810",))
COKE = Link("coke", "焦炭", Position.UP, ("焦炭",), ("C2521",))
STEEL = Link("steel", "炼钢", Position.MID, ("钢材", "特钢"), ("C3120",), ("ore", "coke"), 2)
PARTS = Link(
    "parts", "钢结构件", Position.DOWN, ("钢结构",), ("C3311",), ("steel",), 1, Decimal(50000)
)
CHAIN = ChainMap("steel", "2026.1", "钢铁", date(2026, 1, 1), (ORE, COKE, STEEL, PARTS))


def firm(n: int, code: str | None, name: str = "", **kw: object) -> Firm:
    return Firm(n, name or f"企业{n}", code, **kw)  # type: ignore[arg-type]


def test_a_firm_is_placed_by_its_code_prefix_or_a_product_in_its_words() -> None:
    by_code = place_firm(STEEL, firm(1, "C3120"))
    assert by_code is not None and by_code.reason is Reason.INDUSTRY
    assert by_code.words() == "行业代码 C3120"
    by_word = place_firm(STEEL, firm(2, "C3389", "嘉兴某某特钢有限公司"))
    assert by_word is not None and by_word.reason is Reason.PRODUCT and by_word.evidence == "特钢"
    by_alias = place_firm(STEEL, firm(3, None, "某公司", products="宏达钢材"))
    assert by_alias is not None and by_alias.evidence == "钢材"
    assert place_firm(STEEL, firm(4, "C1713", "某纺织有限公司")) is None


def test_a_project_is_placed_by_a_product_in_its_name_or_its_chain_field() -> None:
    named = place_project(PARTS, ProjectRef(1, "年产10万吨钢结构项目"))
    assert named is not None and named.reason is Reason.PRODUCT
    by_chain = place_project(STEEL, ProjectRef(2, "技改项目", chain="炼钢"))
    assert by_chain is not None and by_chain.reason is Reason.CHAIN
    assert place_project(STEEL, ProjectRef(3, "物流园项目", chain="现代物流")) is None


def test_missing_broken_and_weak_links() -> None:
    firms = [
        firm(1, "C3120", leader=True),
        firm(2, "C3120"),
        firm(3, "C3311", output=Decimal(30000)),
    ]
    view = analyse(CHAIN, firms, [])
    kinds = {link.link.key: link.gap.kind if link.gap else None for link in view.links}
    # steel has local firms and depends on ore and coke, which have none: the chain breaks there
    assert kinds == {"ore": GapKind.BROKEN, "coke": GapKind.BROKEN, "steel": None,
                     "parts": GapKind.WEAK}  # fmt: skip
    parts = view.view("parts")
    assert parts.gap is not None and parts.gap.why == "本地企业产值合计 30000 万元，低于 50000 万元"
    assert gap_sentence(view.view("ore")).startswith("断链 矿石（上游）")


def test_a_link_nobody_locally_depends_on_is_missing_not_broken() -> None:
    view = analyse(CHAIN, [firm(1, "C3311", output=Decimal(90000))], [])
    # parts has a firm, steel (its supplier) has none: steel is broken; ore and coke feed only
    # steel, which has no firm, so they are missing
    assert view.view("steel").gap is not None and view.view("steel").gap.kind is GapKind.BROKEN
    assert view.view("ore").gap is not None and view.view("ore").gap.kind is GapKind.MISSING
    assert view.view("parts").gap is None


def test_weak_by_count_below_the_links_threshold() -> None:
    view = analyse(CHAIN, [firm(1, "C3120"), firm(2, "B0810"), firm(3, "C2521")], [])
    steel = view.view("steel")
    assert steel.gap is not None and steel.gap.kind is GapKind.WEAK
    assert "只有 1 家" in steel.gap.why


def test_a_leaders_suppliers_and_the_links_it_lacks() -> None:
    firms = [firm(1, "C3120", "链主钢铁", leader=True), firm(2, "B0810"), firm(3, "C3120")]
    (leader,) = analyse(CHAIN, firms, []).leaders
    assert leader.link is STEEL
    assert [(link.key, f.id) for link, f in leader.suppliers] == [("ore", 2)]
    assert [link.key for link in leader.missing] == ["coke"]


def test_link_strength_counts_output_and_classes() -> None:
    firms = [
        firm(1, "C3120", output=Decimal(1000), muju_class="A"),
        firm(2, "C3120", output=None, muju_class="C"),
        firm(3, "C3120", output=Decimal(500), muju_class="A"),
    ]
    steel = analyse(CHAIN, firms, []).view("steel")
    assert steel.output == Decimal(1500)
    assert steel.classes() == {"A": 2, "C": 1}

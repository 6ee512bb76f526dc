"""Rules added for recall on the development corpus (issue 12), each with sentences of our own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from taizhang.intake.extract import extract
from taizhang.intake.facts import ProjectFact

YI = Decimal(100_000_000)


def projects(text: str, reference_date: date | None = None) -> list[ProjectFact]:
    return extract(text, reference_date=reference_date).projects


def test_a_bracket_after_a_name_gives_its_investor_and_amount() -> None:
    found = projects(
        "本次签约项目为：精密轴承项目（江苏恒轮轴承有限公司，4.5亿元）；"
        "生物饲料项目（安徽禾牧生物科技有限公司，2亿元）。"
    )
    assert [(p.name, p.enterprise) for p in found] == [
        ("精密轴承项目", "江苏恒轮轴承有限公司"),
        ("生物饲料项目", "安徽禾牧生物科技有限公司"),
    ]
    assert [p.investment.amount for p in found if p.investment] == [Decimal("4.5") * YI, 2 * YI]
    assert all(p.stage == "签约" for p in found)


def test_a_bracket_closed_inside_a_company_name_stays_part_of_it() -> None:
    (project,) = projects("华辰储能（南京）有限公司投资8亿元建设储能系统项目。")
    assert project.enterprise == "华辰储能（南京）有限公司"

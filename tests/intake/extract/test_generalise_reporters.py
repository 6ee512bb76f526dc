"""Ways reporters write that the first look at dev 531–560 showed, in sentences of our own."""

from __future__ import annotations

from datetime import date

from taizhang.intake.extract import extract
from taizhang.intake.facts import ProjectFact

DOC_DATE = date(2025, 6, 1)


def projects(text: str) -> list[ProjectFact]:
    return extract(text, reference_date=DOC_DATE).projects


def only(text: str) -> ProjectFact:
    (project,) = projects(text)
    return project


def test_a_unit_written_with_its_alternative_in_brackets_is_one_unit() -> None:
    project = only("鹤川重工年产800台（套）矿山机械项目总投资3亿元，目前已开工建设。")
    assert [(item.value, item.unit) for item in project.capacity] == [(800, "台套")]


def test_a_chinese_numeral_list_number_is_no_part_of_the_investor() -> None:
    text = (
        "本周备案项目如下。\n"
        "二、岷江清泉酒业有限公司年产5000千升白酒技改项目，总投资1.2亿元。\n"
        "三、川南瑞拓机械有限公司农机配件生产线项目，总投资6000万元。\n"
    )
    found = {p.name: p.enterprise for p in projects(text)}
    assert found == {
        "年产5000千升白酒技改项目": "岷江清泉酒业有限公司",
        "农机配件生产线项目": "川南瑞拓机械有限公司",
    }


def test_a_brand_and_product_short_name_is_the_investors_project() -> None:
    text = (
        "湖南澧兰新材料科技有限公司年产8万吨碳酸锂项目总投资32亿元，已于4月开工。"
        "据介绍，澧兰碳酸锂项目占地300亩，主要生产电池级碳酸锂。"
    )
    (project,) = projects(text)
    assert project.enterprise == "湖南澧兰新材料科技有限公司"
    assert project.land_mu == 300

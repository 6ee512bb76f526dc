"""Ways reporters write that the first look at dev 531–560 showed, in sentences of our own."""

from __future__ import annotations

from datetime import date

from taizhang.intake.extract import extract
from taizhang.intake.extract.enterprises import find_companies
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


def test_a_quoted_brand_before_a_project_name_is_its_investor() -> None:
    text = "园区内“澄峰机械”精密模具产业园和“禾川医疗”康复器械生产基地本月同时开工。"
    found = {p.name: p.enterprise for p in projects(text)}
    assert found == {"精密模具产业园": "澄峰机械", "康复器械生产基地": "禾川医疗"}


def test_a_quoted_brand_with_a_plain_head_word_refers_back_to_its_project() -> None:
    text = (
        "“禾川医疗”康复器械生产基地本月开工。\n"
        "“禾川医疗”基地项目总投资4亿元，建成后年销售收入约9亿元。\n"
    )
    (project,) = projects(text)
    assert (project.name, project.enterprise) == ("康复器械生产基地", "禾川医疗")
    assert project.investment is not None and project.investment.amount == 400_000_000


def test_the_company_whose_project_it_is_before_de() -> None:
    text = (
        "汇林科技有限公司的智能仓储机器人项目和上海和盛精密材料有限公司的特种合金项目"
        "总投资分别为6亿元和5亿元。"
    )
    found = {p.name: p.enterprise for p in projects(text)}
    assert found == {
        "智能仓储机器人项目": "汇林科技有限公司",
        "特种合金项目": "上海和盛精密材料有限公司",  # a place opens the name: 和 is inside it
    }


def test_stages_after_fenbie_go_to_the_listed_projects_in_order() -> None:
    text = (
        "青禾电子有限公司的传感器项目、“远舟科技”无人船制造基地和宁川化工有限公司的"
        "溶剂回收项目近日分别实现开工、竣工和投产。"
    )
    found = {p.name: p.stage for p in projects(text)}
    assert found == {"传感器项目": "开工", "无人船制造基地": "竣工", "溶剂回收项目": "投产"}


def test_a_company_name_opening_with_a_place_keeps_its_he() -> None:
    text = "签约仪式和上海和盛精密材料有限公司的新闻发布会同日举行。"
    assert [c.name for c in find_companies(text)] == ["上海和盛精密材料有限公司"]


def test_words_before_xiangmu_that_are_no_name() -> None:
    text = (
        "汀洲电子有限公司年产2万套电源模块项目总投资3亿元，上月已取得项目用地。"
        "仪式上，镇党委书记宣布项目开工。部分企业反映，一些项目签约后推进较慢。"
    )
    assert [p.name for p in projects(text)] == ["年产2万套电源模块项目"]


def test_a_stage_that_could_not_be_reached_is_no_stage() -> None:
    text = "南溪食品有限公司冻干果蔬项目总投资2亿元，已完成土地摘牌，因环评手续延误至今未能开工。"
    assert only(text).stage == "供地"


def test_a_title_event_gives_its_stage_to_the_listed_projects_without_one() -> None:
    text = (
        "桐溪镇二季度重点项目集中签约\n\n"
        "▌现场签约\n"
        "◎云帆新材料有限公司年产6000吨碳纤维项目，总投资9亿元；\n"
        "◎溪谷食品有限公司冻干水果项目，总投资1.2亿元，已于去年竣工。\n"
    )
    found = {p.name: p.stage for p in projects(text)}
    assert found == {"年产6000吨碳纤维项目": "签约", "冻干水果项目": "竣工"}

"""Projects from short reports: names, investors, figures, phases, lists and aggregates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from taizhang.intake.extract import extract
from taizhang.intake.extract.sentences import split_sentences
from taizhang.intake.facts import ProjectFact

YI = Decimal(100_000_000)


def projects(text: str, reference_date: date | None = None) -> list[ProjectFact]:
    return extract(text, reference_date=reference_date).projects


def only(text: str, reference_date: date | None = None) -> ProjectFact:
    (project,) = projects(text, reference_date)
    return project


# ------------------------------------------------------------------ sentences
def test_it_splits_sentences_and_keeps_closing_quotes() -> None:
    text = "“今年要投产。”他说,项目进展顺利;工人很多!"
    spans = [s.text for s in split_sentences(text)]
    assert spans == ["“今年要投产。”", "他说,项目进展顺利;", "工人很多!"]


def test_it_rejoins_lines_broken_inside_a_sentence() -> None:
    text = "标题一行\n\n甲公司的新材料项目总投资5亿元,用地约\n\n80亩,预计明年投产。"
    sentences = split_sentences(text)
    assert sentences[0].heading
    assert sentences[1].text == "甲公司的新材料项目总投资5亿元,用地约80亩,预计明年投产。"
    assert text[sentences[1].start : sentences[1].end].startswith("甲公司")


# ------------------------------------------------------------------ one project
def test_it_reads_a_project_with_all_its_figures() -> None:
    project = only(
        "浙江禾丰新材料有限公司年产5万吨改性塑料项目昨日签约,总投资12亿元,"
        "用地约120亩,达产后年产值18亿元。"
    )
    assert project.enterprise == "浙江禾丰新材料有限公司"
    assert project.name == "年产5万吨改性塑料项目"
    assert project.investment is not None and project.investment.amount == 12 * YI
    assert [(c.value, c.unit) for c in project.capacity] == [(Decimal(5), "万吨")]
    assert project.land_mu == Decimal(120)
    assert project.annual_output is not None and project.annual_output.amount == 18 * YI
    assert project.stage == "签约"


def test_evidence_spans_point_into_the_text() -> None:
    text = "开头一句话。\n锦程光电有限公司投资6亿元的显示模组项目今年开工。"
    project = only(text)
    assert project.evidence
    for span in project.evidence:
        assert text[span.start : span.end] == span.text
        assert "显示模组项目" in span.text


def test_it_keeps_the_qualifier_of_an_investment() -> None:
    project = only("总投资超百亿元的恒远储能电池项目签约落户高新区。")
    assert project.investment is not None
    assert (project.investment.amount, project.investment.qualifier) == (100 * YI, "超")


@pytest.mark.parametrize(
    ("text", "mu"),
    [
        ("瑞拓机械项目占地8公顷,已开工。", Decimal(120)),
        ("瑞拓机械项目用地面积4万平方米,已开工。", Decimal("60")),
        ("瑞拓机械项目用地约95亩,已开工。", Decimal(95)),
    ],
)
def test_it_converts_land_to_mu(text: str, mu: Decimal) -> None:
    land = only(text).land_mu
    assert land is not None and abs(land - mu) < Decimal("0.1")


def test_floor_area_is_no_land() -> None:
    assert only("瑞拓机械项目新增建筑面积3万平方米,已开工。").land_mu is None


def test_a_capacity_in_the_name_counts_but_a_daily_one_does_not() -> None:
    assert [c.unit for c in only("天衡2GW硅片项目已开工。").capacity] == ["GW"]
    assert only("园区日处理污水2万吨的水质净化项目已开工。").capacity == []


def test_it_reads_progress() -> None:
    project = only("青禾生物医药项目现场一片忙碌,目前已完成总工程量的60%。")
    assert (project.stage, project.progress_pct) == ("开工", Decimal(60))


def test_spent_money_is_no_investment() -> None:
    project = only("城南综合管廊项目今年年度计划投资1.5亿元,上半年完成投资0.9亿元,已经结顶。")
    assert project.investment is None
    assert project.stage == "开工"


def test_a_range_is_no_annual_output() -> None:
    project = only("海纳环保科技有限公司投资的电池回收项目已开工,预计年营收150亿至200亿元。")
    assert project.annual_output is None


# ------------------------------------------------------------------ dates
def test_a_relative_plan_resolves_against_the_printed_date() -> None:
    text = "发布时间:2025-03-12\n远航电子项目已开工,计划今年9月底投产。"
    assert only(text).planned_production == "2025-09"


def test_a_relative_plan_without_any_date_stays_empty() -> None:
    assert only("远航电子项目已开工,计划今年9月底投产。").planned_production is None


def test_a_relative_plan_uses_the_reference_date_when_nothing_is_printed() -> None:
    project = only("远航电子项目已开工,计划今年9月底投产。", date(2026, 4, 1))
    assert project.planned_production == "2026-09"


# ------------------------------------------------------------------ investors
def test_it_reads_the_investor_of_a_project() -> None:
    project = only("由浙江启明智能装备有限公司投资的仓储机器人项目已经开工。")
    assert project.enterprise == "浙江启明智能装备有限公司"


def test_a_builder_is_never_the_investor() -> None:
    project = only("城北体育中心项目由中建某局有限公司负责施工总承包,总投资8亿元,目前已经结顶。")
    assert project.enterprise is None


def test_a_brand_prefix_is_the_investor_but_an_ordinary_word_is_not() -> None:
    assert only("星海科技年产30万台电机项目已开工。").enterprise == "星海科技"
    assert only("智能网联汽车零部件项目已开工。").enterprise is None


def test_a_company_moving_into_a_park_is_not_its_investor() -> None:
    text = "新兴光电有限公司今年入驻东方科技园。东方科技园年初投入运营。"
    assert all(p.enterprise is None for p in projects(text))


# ------------------------------------------------------------------ phases
def test_phases_with_own_figures_get_own_entries() -> None:
    text = (
        "华晟玻璃有限公司的光伏玻璃基地项目总投资50亿元,全部达产后年销售收入45亿元。"
        "一期总投资20亿元,已进入试生产;二期总投资30亿元,计划2026年6月建成投产。"
    )
    found = {p.phase: p for p in projects(text)}
    assert set(found) == {None, "一期", "二期"}
    whole, first, second = found[None], found["一期"], found["二期"]
    assert whole.investment is not None and whole.investment.amount == 50 * YI
    assert whole.stage == "投产"  # its first phase produces
    assert first.investment is not None and first.investment.amount == 20 * YI
    assert first.stage == "投产"
    assert second.investment is not None and second.investment.amount == 30 * YI
    assert second.planned_production == "2026-06"
    assert second.stage is None
    assert {p.enterprise for p in found.values()} == {"华晟玻璃有限公司"}


def test_a_bare_project_after_a_phase_sentence_is_that_phase() -> None:
    text = "永丰电池项目分两期实施。二期项目总投资6亿元。项目计划2026年8月建成投产。"
    found = {p.phase: p for p in projects(text)}
    assert found["二期"].planned_production == "2026-08"


def test_only_phases_when_the_whole_has_no_figures_of_its_own() -> None:
    text = (
        "总投资超百亿元的凯旋新能源电池项目签约。凯旋一期项目总投资约16亿元,正在建设中。"
        "凯旋二期项目总投资110亿元,产能达60GWh。"
    )
    phases = sorted(p.phase or "" for p in projects(text))
    assert phases == ["一期", "二期"]


# ------------------------------------------------------------------ references
def test_back_references_reach_the_project_of_the_previous_sentence() -> None:
    text = "鼎盛食品生产基地项目落户港区。该项目由鼎盛食品股份有限公司投资,年产8万吨速冻食品。"
    project = only(text)
    assert project.enterprise == "鼎盛食品股份有限公司"
    assert [(c.value, c.unit) for c in project.capacity] == [(Decimal(8), "万吨")]


def test_a_sentence_naming_no_project_continues_the_one_before() -> None:
    text = "天启半导体投资30亿元的芯片项目去年开工。目前,部分厂房已经封顶,预计年底完工。"
    assert only(text).stage == "开工"


def test_facts_before_the_name_in_the_same_paragraph_belong_to_it() -> None:
    text = "标题\n“全面达产以后年产值有望达到5亿元。”随着瑞达模具项目投产,企业负责人很高兴。"
    project = only(text)
    assert project.annual_output is not None and project.annual_output.amount == 5 * YI
    assert project.stage == "投产"


def test_mentions_of_one_project_merge() -> None:
    text = "标题:金鹰纺织项目开工\n总投资6亿元的金鹰纺织项目今天开工。金鹰纺织项目用地100亩。"
    project = only(text)
    assert project.land_mu == Decimal(100)


# ------------------------------------------------------------------ lists and aggregates
def test_every_project_of_a_signed_list_is_signed() -> None:
    text = "年初,云帆机器人华东总部、北辰智造中心等项目相继签约落户。"
    assert sorted(p.name or "" for p in projects(text)) == ["云帆机器人华东总部", "北辰智造中心"]
    assert {p.stage for p in projects(text)} == {"签约"}


def test_investors_named_alone_in_a_list_are_projects() -> None:
    text = "该镇推动远星、恒力等项目开工建设。"
    found = projects(text)
    assert sorted(p.enterprise or "" for p in found) == ["恒力", "远星"]
    assert {p.stage for p in found} == {"开工"}


def test_each_listed_project_keeps_its_own_investment() -> None:
    text = "总投资30亿元的天成汽车零部件项目、总投资12亿元的华源包装项目实现当年签约、当年开工。"
    found = {p.name: p for p in projects(text)}
    assert found["天成汽车零部件项目"].investment is not None
    assert found["天成汽车零部件项目"].investment.amount == 30 * YI
    assert {p.stage for p in found.values()} == {"开工"}


@pytest.mark.parametrize(
    "text",
    [
        "37个项目签约,涉及总投资约54亿元。",
        "全区已落地亿元以上项目42个。",
        "9个项目集中开工,总投资176亿元。",
        "今年又签约一批重大产业项目。",
        "今年以来共签约项目15个,总投资80亿元。",
    ],
)
def test_aggregates_are_never_projects(text: str) -> None:
    assert projects(text) == []


def test_a_named_project_inside_a_count_sentence_still_counts() -> None:
    text = "全区签约项目15个,其中蓝海新材料项目总投资10亿元。"
    project = only(text)
    assert project.investment is not None and project.investment.amount == 10 * YI


def test_a_paragraph_under_a_stage_heading_gives_its_projects_that_stage() -> None:
    text = "签约项目中,万通实业有限公司计划投资2亿元建设物流分拨中心;远达物流项目计划投资1亿元。"
    assert {p.stage for p in projects(text)} == {"签约"}


@pytest.mark.parametrize(
    "text",
    [
        "市数据法律服务中心成立,为企业提供服务。",
        "我们要坚持项目为王,抓好招商引资。",
        "该企业正在研发新产品,产品供不应求。",
        "居民节能消费券活动今年继续举办,奖励池300万元。",
    ],
)
def test_text_without_projects_yields_none(text: str) -> None:
    assert projects(text) == []


# ------------------------------------------------------------------ harder shapes
def test_a_figure_leading_a_counted_list_belongs_to_the_list() -> None:
    text = "计划总投资达60亿元的蓝星光伏组件项目、青松电池回收项目等2大项目签约落地。"
    found = projects(text)
    assert len(found) == 2
    assert all(p.investment is None for p in found)
    assert {p.stage for p in found} == {"签约"}


def test_projects_after_a_counted_sentence_take_its_stage() -> None:
    text = "3个项目昨天同时开工。其中,远帆新材料有限公司的碳纤维项目总投资6亿元。"
    assert only(text).stage == "开工"


def test_a_bare_project_after_listed_phases_is_the_whole() -> None:
    text = (
        "恒星储能产业园项目分三期实施,其中一期总投资40亿元;二期总投资30亿元;"
        "三期总投资30亿元。项目达产后年产值约60亿元。"
    )
    found = {p.phase: p for p in projects(text)}
    whole = found[None]
    assert whole.annual_output is not None and whole.annual_output.amount == 60 * YI
    assert found["三期"].annual_output is None


def test_a_second_total_in_a_phase_sentence_is_the_whole_projects() -> None:
    text = "晶源硅业项目占地250亩,首期投资2.8亿元,计划总投资8亿元。"
    found = {p.phase: p for p in projects(text)}
    assert found[None].investment is not None and found[None].investment.amount == 8 * YI
    assert found["一期"].investment is not None
    assert found["一期"].investment.amount == Decimal("2.8") * YI


def test_what_a_project_builds_is_not_a_project() -> None:
    text = "蓝天电子项目总投资9亿元,将新建生产厂房、研发中心及仓库,建成后年产值12亿元。"
    project = only(text)
    assert project.annual_output is not None and project.annual_output.amount == 12 * YI


def test_a_company_building_something_makes_it_its_project() -> None:
    project = only("江南冷链物流有限公司计划投资3亿元建设区域分拨中心。")
    assert (project.name, project.enterprise) == ("区域分拨中心", "江南冷链物流有限公司")


def test_estates_in_a_list_are_names_not_investors() -> None:
    found = projects("今年以来,阳光花园、滨江广场等项目新开工建设。")
    assert sorted(p.name or "" for p in found) == ["滨江广场", "阳光花园"]
    assert all(p.enterprise is None for p in found)


def test_it_remembers_where_a_project_sits() -> None:
    assert only("华立精密项目签约落户临港开发区。").location == "临港开发区"


def test_projects_a_counted_sentence_includes_take_its_stage() -> None:
    text = "集中开工的8个项目总投资50亿元,包括锦程年产3万吨涂料项目、北湖科技园二期等。"
    found = {p.name: p for p in projects(text)}
    assert found["锦程年产3万吨涂料项目"].stage == "开工"
    assert all(p.investment is None for p in found.values())


def test_a_phase_in_brackets_belongs_to_the_name() -> None:
    text = "今年,星河轮毂(二期)项目、东岸花园等5个项目新开工建设。"
    found = {p.name: p for p in projects(text)}
    assert found["星河轮毂项目"].phase == "二期"
    assert {p.stage for p in found.values()} == {"开工"}


def test_a_leading_figure_for_something_else_is_not_the_projects() -> None:
    text = "共计30个、总投资500亿元的全省重大项目在宏业新材年产5万吨膜材料项目现场集中开工。"
    project = only(text)
    assert project.investment is None
    assert project.stage == "开工"

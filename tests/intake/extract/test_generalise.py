"""Issue 12, generalising: each phenomenon in forms of our own, not copied from any corpus text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from taizhang.intake.extract import extract
from taizhang.intake.facts import ProjectFact

DOC_DATE = date(2025, 6, 1)


def only(text: str) -> ProjectFact:
    (project,) = extract(text, reference_date=DOC_DATE).projects
    return project


@pytest.mark.parametrize(
    ("words", "stage"),
    [
        ("日前举行奠基仪式", "开工"),
        ("施工队伍已全面进场", "开工"),
        ("首批产品成功下线", "投产"),
        ("已开始投料生产", "投产"),
        ("上周开机生产", "投产"),
        ("已达到设计产能", "达产"),
        ("已取得不动产权证书", "供地"),
        ("已获批用地", "供地"),
        ("与园区达成投资协议", "签约"),
        ("上月成功签下", "签约"),
        ("已正式入驻园区", "签约"),
        ("完成签约", "签约"),
        ("已实现投产", "投产"),
        ("目前已进入试生产阶段", "投产"),
        ("上月建成投用", "投产"),
        ("正式落地高新区", "签约"),
        ("主体结构封顶", "开工"),
        ("已与园区签订投资意向书", "洽谈"),
        ("双方正就落户细节进行洽谈", "洽谈"),
        ("4月通过挂牌方式取得首宗工业用地", "供地"),
    ],
)
def test_stage_words_in_their_nominal_and_passive_forms(words: str, stage: str) -> None:
    project = only(f"澄川精密轴承项目{words}，总投资5亿元。")
    assert project.stage == stage


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("年产医用注射器3亿支", 3, "亿支"),
        ("年产疫苗8000万剂", 8000, "万剂"),
        ("年产加气砌块1.5亿块", Decimal("1.5"), "亿块"),
        ("年产方便食品2亿袋", 2, "亿袋"),
        ("年产果酒2万千升", 2, "万千升"),
        ("年产ABS树脂30万吨", 30, "万吨"),
    ],
)
def test_capacity_units_with_a_magnitude_and_products_with_letters(
    sentence: str, value: Decimal | int, unit: str
) -> None:
    project = only(f"岭南新材项目总投资9亿元，已开工，建成后{sentence}。")
    assert [(c.value, c.unit) for c in project.capacity] == [(Decimal(value), unit)]


@pytest.mark.parametrize(
    ("sentence", "enterprise"),
    [
        ("中创能江门鹤山电池项目总投资30亿元，今年3月开工。", "中创能"),
        ("远航合肥研发中心项目总投资5亿元，已签约。", "远航"),
        ("安徽合肥研发中心项目总投资5亿元，已签约。", None),
        ("新建合肥研发中心项目总投资5亿元，已签约。", None),
    ],
)
def test_a_brand_followed_by_a_city_is_the_investor(sentence: str, enterprise: str | None) -> None:
    assert only(sentence).enterprise == enterprise


def test_a_project_of_that_place_is_named_and_its_investor_follows() -> None:
    project = only(
        "该区智能网联汽车零部件项目由浙江远岱汽车科技有限公司投资建设，总投资10亿元，目前已开工。"
    )
    assert (project.name, project.enterprise, project.stage) == (
        "智能网联汽车零部件项目",
        "浙江远岱汽车科技有限公司",
        "开工",
    )


def test_a_list_of_brands_before_a_count_of_companies_gives_one_project_each() -> None:
    found = extract(
        "3月2日，滨江区举行总部项目签约仪式，星辉科技、蓝鲸智能、海川生物三家企业区域总部签约落户。"
        "其中，海川生物华南研发及生产基地项目总投资8亿元。",
        reference_date=DOC_DATE,
    ).projects
    assert [(p.enterprise, p.stage) for p in found] == [
        ("星辉科技", "签约"),
        ("蓝鲸智能", "签约"),
        ("海川生物", "签约"),
    ]
    assert found[2].investment is not None and found[2].investment.amount == 8 * 10**8


def test_a_count_of_companies_alone_names_no_project() -> None:
    assert extract("全区有五家企业总部签约落户。", reference_date=DOC_DATE).projects == []


def test_a_product_word_holding_a_numeral_character_is_no_number() -> None:
    project = only("翔云航材项目总投资3亿元，已开工，建成后年产精密零部件120万件。")
    assert [(c.value, c.unit) for c in project.capacity] == [(Decimal(120), "万件")]


def test_what_the_whole_will_do_after_a_phase_goes_to_the_whole() -> None:
    found = extract(
        "广东澜岳新材料有限公司年产80万吨包装纸项目日前开工。项目总投资50亿元，分两期建设，"
        "其中一期建设年产40万吨生产线。全部建成后年销售收入约60亿元。",
        reference_date=DOC_DATE,
    ).projects
    whole = next(p for p in found if p.phase is None)
    assert whole.annual_output is not None and whole.annual_output.amount == 60 * 10**8
    assert all(p.annual_output is None for p in found if p.phase == "一期")


def test_output_said_of_the_present_is_read() -> None:
    project = only("澄湖精工齿轮项目总投资4亿元，去年投产，目前年产值达9亿元。")
    assert project.annual_output is not None and project.annual_output.amount == 9 * 10**8


def test_a_short_name_ending_the_full_name_is_the_same_project() -> None:
    found = extract(
        "滨海：电解铝项目开工\n\n"
        "5月6日，山东滨铝新材料有限公司年产50万吨绿色电解铝项目开工。"
        "据介绍，电解铝项目占地约900亩，投产后年销售收入约100亿元。",
        reference_date=DOC_DATE,
    ).projects
    assert len(found) == 1
    assert found[0].land_mu == 900


@pytest.mark.parametrize(
    "sentence",
    [
        "高端轴承项目总投资8亿元，宏轮轴承为项目业主，目前已开工。",
        "高端轴承项目总投资8亿元，宏轮轴承是该项目的投资主体，目前已开工。",
        "高端轴承项目总投资8亿元，由宏轮轴承投资建设，目前已开工。",
    ],
)
def test_an_investor_introduced_after_the_project(sentence: str) -> None:
    assert only(sentence).enterprise == "宏轮轴承"


def test_the_paragraph_after_a_counted_signing_tells_of_signed_projects() -> None:
    found = extract(
        "9月12日，临港新片区举行外资项目签约活动，8个外资项目签约，合计投资约6亿美元。\n"
        "德国瑞格机械公司投资5000万欧元建设精密齿轮箱工厂，"
        "新加坡海润集团投资1亿美元建设冷链物流中心项目。",
        reference_date=DOC_DATE,
    ).projects
    assert [p.stage for p in found] == ["签约", "签约"]


def test_a_list_title_with_a_stage_gives_it_to_the_rows_below() -> None:
    from taizhang.intake.normalize import normalize

    text = (
        "附：滨江区2025年第二季度集中签约项目清单\n"
        "序号\t项目名称\t建设单位\t总投资（亿元）\n"
        "1\t精密齿轮项目\t杭州澄齿传动有限公司\t3.2\n"
        "2\t智能仓储项目\t杭州云仓物流有限公司\t2.5\n"
    )
    found = extract(normalize(text).text, reference_date=DOC_DATE).projects
    assert [p.stage for p in found] == ["签约", "签约"]


def test_a_figure_with_a_thousands_comma_stays_in_the_name() -> None:
    project = only("云岭硅材年产1,200吨高纯石英砂项目总投资3亿元，已签约。")
    assert project.name is not None and project.name.endswith("年产1,200吨高纯石英砂项目")
    assert [(c.value, c.unit) for c in project.capacity] == [(Decimal(1200), "吨")]


def test_a_name_the_project_is_called_by_is_the_same_project() -> None:
    found = extract(
        "近日，江西澄锂新材料有限公司年产3万吨正极材料项目投产。"
        "这个被当地称为“澄锂正极项目”的工程总投资15亿元。",
        reference_date=DOC_DATE,
    ).projects
    assert len(found) == 1
    assert found[0].investment is not None and found[0].investment.amount == 15 * 10**8


def test_the_name_a_project_is_called_by_finds_it_again_later() -> None:
    found = extract(
        "近日，江西澄锂新材料有限公司年产3万吨正极材料项目投产。"
        "这个被当地称为“澄锂正极项目”的工程总投资15亿元。"
        "澄锂正极项目占地约200亩。",
        reference_date=DOC_DATE,
    ).projects
    assert len(found) == 1 and found[0].land_mu == 200


def test_brands_listed_before_a_count_of_companies_and_de() -> None:
    found = extract(
        "此前，华澄、安拓、远屹三家企业的区域总部项目已于去年投入运营。", reference_date=DOC_DATE
    ).projects
    assert [(p.enterprise, p.stage) for p in found] == [
        ("华澄", "投产"),
        ("安拓", "投产"),
        ("远屹", "投产"),
    ]


def test_a_short_name_in_brackets_after_the_full_name_is_the_same_project() -> None:
    found = extract(
        "江苏澄海重工有限公司投资建设的年产300套风电塔筒项目（澄海塔筒项目）首期已建成。"
        "澄海塔筒项目总投资12亿元，占地约400亩。",
        reference_date=DOC_DATE,
    ).projects
    assert {p.name for p in found} == {"年产300套风电塔筒项目"}  # the whole and its 首期
    assert found[0].enterprise == "江苏澄海重工有限公司" and found[0].land_mu == 400


def test_the_former_and_the_latter_of_two_projects_just_named() -> None:
    found = extract(
        "园区内，年产5万吨特种树脂项目和智能仓储物流中心项目相邻而建。"
        "前者由浙江澄树新材料有限公司投资建设，总投资12亿元；"
        "后者由杭州云栖物流有限公司投资，总投资3亿元，建成后每年可实现营业收入5亿元。",
        reference_date=DOC_DATE,
    ).projects
    assert [(p.enterprise, p.investment and p.investment.amount) for p in found] == [
        ("浙江澄树新材料有限公司", 12 * 10**8),
        ("杭州云栖物流有限公司", 3 * 10**8),
    ]
    assert found[1].annual_output is not None and found[1].annual_output.amount == 5 * 10**8


def test_amounts_said_respectively_go_to_the_listed_projects_in_order() -> None:
    found = extract(
        "星澄智造、海岚数科、澄川物流三家企业区域总部项目日前集中签约，三个项目分别计划投资6亿元、4亿元和2亿元。",
        reference_date=DOC_DATE,
    ).projects
    assert [(p.enterprise, p.investment and p.investment.amount) for p in found] == [
        ("星澄智造", 6 * 10**8),
        ("海岚数科", 4 * 10**8),
        ("澄川物流", 2 * 10**8),
    ]


def test_investments_respectively_after_two_named_projects() -> None:
    found = extract(
        "精密齿轮项目和智能仓储项目同日开工，总投资分别为3亿元和1.5亿元。", reference_date=DOC_DATE
    ).projects
    assert [p.investment and p.investment.amount for p in found] == [
        3 * 10**8,
        Decimal("1.5") * 10**8,
    ]


def test_a_headline_project_with_only_a_stage_is_the_body_project_it_shares_words_with() -> None:
    from taizhang.intake.normalize import normalize

    text = (
        "如东：海上风电装备项目建成\n\n"
        "记者获悉，南通澄海海洋装备有限公司投资建设的年产150套大型海上风电塔筒项目近日建成，"
        "项目总投资12亿元。\n"
    )
    found = extract(normalize(text).text, reference_date=DOC_DATE).projects
    assert len(found) == 1
    assert found[0].enterprise == "南通澄海海洋装备有限公司" and found[0].stage == "竣工"


def test_progress_in_tenths_and_a_plan_to_put_into_use() -> None:
    project = only("澄江偏光片项目总投资8亿元，目前已完成总工程量的六成，计划2026年9月前建成投用。")
    assert project.progress_pct == 60
    assert project.planned_production == "2026-09"

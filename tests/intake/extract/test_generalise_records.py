"""Ways reporters write that the first look at dev 561–572 showed, in sentences of our own:
records of fields, list-item headings, listed companies' 公告, Q&A interviews, nicknames."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from taizhang.intake.extract import extract
from taizhang.intake.facts import ProjectFact

DOC_DATE = date(2026, 6, 1)


def projects(text: str) -> list[ProjectFact]:
    return extract(text, reference_date=DOC_DATE).projects


def only(text: str) -> ProjectFact:
    (project,) = projects(text)
    return project


def yuan(project: ProjectFact) -> Decimal | None:
    return project.investment.amount if project.investment else None


def test_field_lines_under_a_list_heading_are_that_projects_record() -> None:
    project = only(
        "▶ 项目二：高端轴承滚子项目\n"
        "投资方：洛阳恒钧轴承科技有限公司\n"
        "总投资：6.5亿元\n"
        "项目用地：约90亩\n"
        "建设内容：建设热处理及磨加工生产线，年产轴承滚子3000万粒\n"
    )
    assert project.enterprise == "洛阳恒钧轴承科技有限公司"
    assert yuan(project) == Decimal("650000000")
    assert project.land_mu == 90
    assert [(item.value, item.unit) for item in project.capacity] == [(3000, "万粒")]


def test_the_paragraph_under_a_list_heading_names_its_investor() -> None:
    project = only(
        "▶ 项目一：“澜芯”射频芯片封测项目\n"
        "由苏州澜芯半导体有限公司投资建设，总投资9亿元，达产后年营收12亿元。\n"
    )
    assert project.enterprise == "苏州澜芯半导体有限公司"
    assert yuan(project) == Decimal("900000000")


def test_a_list_heading_record_ends_where_another_project_is_named() -> None:
    found = projects(
        "1．年产2万吨环氧树脂项目\n"
        "由江苏宏昕化工有限公司投资，总投资5亿元。\n"
        "同期，南通翔宇纺织有限公司投资1亿元的无纺布项目开工。\n"
    )
    by_name = {p.name: (p.enterprise, yuan(p)) for p in found}
    assert by_name["年产2万吨环氧树脂项目"] == ("江苏宏昕化工有限公司", Decimal("500000000"))
    assert by_name["无纺布项目"] == ("南通翔宇纺织有限公司", Decimal("100000000"))


def test_a_location_line_of_a_record_is_no_project_of_its_own() -> None:
    project = only(
        "1．项目名称：年产5万吨锂电隔膜项目\n"
        "2．项目选址：湖州南太湖新区长东片区产业园\n"
        "3．投资规模：项目总投资约18亿元\n"
        "4．用地规模：约10公顷\n"
    )
    assert project.name == "年产5万吨锂电隔膜项目"
    assert yuan(project) == Decimal("1800000000")
    assert project.land_mu == 150


def test_a_listed_companys_announcement_invests_through_the_announcer() -> None:
    text = (
        "证券代码：603999　　证券简称：甬川精工　　公告编号：2026-012\n\n"
        "宁波甬川精工股份有限公司\n关于对外投资的公告\n\n"
        "公司拟在慈溪滨海经济开发区投资建设精密压铸件项目，项目总投资不超过6亿元。\n"
    )
    project = only(text)
    assert project.enterprise == "宁波甬川精工股份有限公司"
    assert yuan(project) == Decimal("600000000")
    assert project.investment is not None and project.investment.qualifier == "不超过"


def test_a_subsidiary_named_with_its_relation_is_written_without_it() -> None:
    project = only("公司另一全资子公司绍兴恒岳酶工程有限公司投资2亿元建设的酶制剂项目已开工。")
    assert project.enterprise == "绍兴恒岳酶工程有限公司"


def test_a_q_and_a_interviews_company_is_the_projects_investor() -> None:
    text = (
        "光伏新材“加速度”\n——对话宁夏晟辉硅材料有限公司董事长马骏\n\n"
        "问：年产5万吨高纯多晶硅项目进展如何？\n\n"
        "答：项目总投资45亿元，其中一期20亿元，一期已经投产。\n"
    )
    found = projects(text)
    assert {p.enterprise for p in found} == {"宁夏晟辉硅材料有限公司"}
    whole = next(p for p in found if p.phase is None)
    assert yuan(whole) == Decimal("4500000000")  # 总投资…，其中一期…: the total is the whole's
    first = next(p for p in found if p.phase == "一期")
    assert yuan(first) == Decimal("2000000000")


def test_a_nickname_in_quotes_is_the_same_project() -> None:
    text = (
        "宁夏晟辉硅材料有限公司的年产5万吨高纯多晶硅项目被当地人称为“晶光工程”。"
        "目前，“晶光工程”已完成主体封顶，总投资45亿元。"
    )
    project = only(text)
    assert project.enterprise == "宁夏晟辉硅材料有限公司"
    assert yuan(project) == Decimal("4500000000")


def test_some_project_without_an_investor_is_not_reported() -> None:
    text = (
        "此次签约的项目中，湖北汇川电机有限公司投资3亿元建设电机项目；"
        "另有一个总投资8亿元的新材料项目，投资方暂未公开。"
    )
    assert [p.enterprise for p in projects(text)] == ["湖北汇川电机有限公司"]


def test_a_figure_cue_overlapping_the_phase_before_it_is_that_phases() -> None:
    text = (
        "湖南宏晟电池科技有限公司一期项目已于去年投产，"
        "此次签约的二期项目投资25亿元，建成后新增产能8GWh。"
    )
    second = next(p for p in projects(text) if p.phase == "二期")
    assert yuan(second) == Decimal("2500000000")


def test_land_in_the_middle_of_a_transfer_is_not_yet_supplied() -> None:
    project = only(
        "江苏中睿硅业股份有限公司的电子级多晶硅项目去年12月签约，目前正在办理土地出让手续。"
    )
    assert project.stage == "签约"


def test_invoiced_sales_after_full_production_are_the_annual_output() -> None:
    project = only("宿迁华研智能装备有限公司高端数控机床项目总投资8亿元，达产后年开票销售10亿元。")
    assert project.annual_output is not None
    assert project.annual_output.amount == Decimal("1000000000")


def test_a_company_with_its_foreign_name_in_brackets_still_acts() -> None:
    project = only(
        "11月19日，德国克朗精密技术集团（Kron Precision Technik GmbH）"
        "在太仓高新区举行新工厂奠基仪式。项目总投资8000万欧元。"
    )
    assert project.enterprise == "德国克朗精密技术集团"
    assert project.stage == "开工"


def test_a_descriptor_of_origin_is_no_brand() -> None:
    text = (
        "港资新材料项目落户高新区\n\n"
        "香港华辉新材料有限公司投资20亿元建设的高性能复合材料基地项目昨日签约。\n"
    )
    assert [p.enterprise for p in projects(text)] == ["香港华辉新材料有限公司"]


def test_walking_into_a_site_is_no_part_of_the_name() -> None:
    project = only("走进江西铜博科技有限公司年产3万吨锂电铜箔项目现场，2号车间主体已完工。")
    assert project.enterprise == "江西铜博科技有限公司"
    assert project.name == "年产3万吨锂电铜箔项目"


# Ways the first look at dev 573–584 showed.


def test_a_place_after_zai_is_not_who_invests() -> None:
    project = only(
        "越南安平汽车集团（An Binh Motors）3日与北部湾经济区签署合作协议，"
        "将在钦州投资3.5亿美元建设右舵车出口生产基地。"
    )
    assert project.enterprise == "越南安平汽车集团"


def test_a_parent_before_qixia_is_no_part_of_the_subsidiarys_name() -> None:
    project = only("散热模组厂双鸿旗下双鸿科技（重庆）有限公司的重庆二厂扩建案已完工。")
    assert project.enterprise == "双鸿科技（重庆）有限公司"
    assert project.stage == "竣工"


def test_an_electric_tool_is_no_groundbreaking() -> None:
    project = only("湖南锐力五金工具有限公司智能电动工具生产项目总投资6.5亿元。")
    assert project.stage is None


def test_a_markdown_table_under_a_signing_list_title() -> None:
    text = (
        "2026年6月经开区招商引资签约项目一览\n\n"
        "| 序号 | 项目名称 | 投资方 | 投资额（亿元） |\n"
        "|---|---|---|---|\n"
        "| 1 | 智能电动工具生产项目 | 湖南锐力五金工具有限公司 | 6.5 |\n"
        "| 2 | 发制品精深加工项目 | 邵阳瑞丽发制品有限公司 | 3 |\n"
    )
    found = projects(text)
    assert [(p.enterprise, yuan(p), p.stage) for p in found] == [
        ("湖南锐力五金工具有限公司", Decimal("650000000"), "签约"),
        ("邵阳瑞丽发制品有限公司", Decimal("300000000"), "签约"),
    ]


def test_a_posts_emoji_field_lines_under_its_title() -> None:
    text = (
        "年产50万台新能源电机项目在我们镇开工啦🎉\n\n"
        "📍地点：石湾镇先进制造产业园\n"
        "🏭投资：浙江宏驰电机股份有限公司\n"
        "💰总投资：15亿元\n"
        "📅计划：2027年6月投产\n"
    )
    project = only(text)
    assert project.enterprise == "浙江宏驰电机股份有限公司"
    assert yuan(project) == Decimal("1500000000")
    assert project.planned_production == "2027-06"


def test_a_list_item_titled_by_a_generic_project_name_is_a_project() -> None:
    text = (
        "浙江科润智控股份有限公司2025年年度报告（摘要）\n\n"
        "1．年产500万套智能控制器项目：计划总投资5.8亿元，项目正在建设中。\n"
        "2．研发中心建设项目：计划总投资1.2亿元，项目正在建设中。\n\n"
        "浙江科润智控股份有限公司董事会\n"
    )
    found = {p.name: (p.enterprise, yuan(p)) for p in projects(text)}
    assert found["研发中心建设项目"] == ("浙江科润智控股份有限公司", Decimal("120000000"))


def test_the_land_winner_of_a_parcel_invests_in_the_project_named_next() -> None:
    text = (
        "土地面积：100005平方米，土地用途：工业用地，竞得人：江苏丰海新能源装备有限公司，"
        "成交价：3150万元。该地块将用于建设年产300套海上风电塔筒项目，项目总投资12亿元。"
    )
    project = only(text)
    assert project.enterprise == "江苏丰海新能源装备有限公司"
    assert project.stage == "供地"
    assert project.land_mu == 150


def test_a_post_dated_by_fabuyu() -> None:
    from taizhang.intake.extract.dates import find_published

    assert find_published("……\n（发布于2026年4月18日　石湾镇融媒体中心）\n") == date(2026, 4, 18)


# Ways the first look at dev 585–596 showed.


def test_a_plan_table_of_projects_under_way_gives_them_construction() -> None:
    text = (
        "2026年续建重点项目计划表（部分）\n\n"
        "序号  项目名称                建设单位                总投资(亿元)\n"
        "1     年产5万吨高端铜线缆项目    江西鹰铜线缆有限公司        8.5\n"
        "2     智能水表生产基地项目        江西汇智水务科技有限公司    3.6\n"
    )
    assert {p.stage for p in projects(text)} == {"开工"}


def test_a_lead_sentence_holding_a_signing_event_gives_the_listed_projects_their_stage() -> None:
    text = (
        "园区外资项目签约　首季到账外资创新高\n\n"
        "3月28日，苏州工业园区举行一季度外资项目签约活动。"
        "美国艾森医疗器械公司增资1.5亿美元扩建高端导管生产线；"
        "日本东丽精密化学株式会社投资30亿日元建设电子化学品工厂。\n"
    )
    assert [p.stage for p in projects(text)] == ["签约", "签约"]


def test_the_answering_company_of_a_q_and_a_and_its_yearly_output() -> None:
    text = (
        "【专访】把“风电母港”建在家门口\n\n"
        "记者：海上风电装备项目进展如何？\n\n"
        "广东明阳海装科技有限公司总经理李振华：我们这个项目总投资30亿元，现在叶片厂已经投产。\n\n"
        "记者：建成后能形成多大产能？\n\n"
        "李振华：全部建成后，每年可以生产海上风电机组200台套，年产值80亿元左右。\n"
    )
    project = only(text)
    assert project.enterprise == "广东明阳海装科技有限公司"
    assert [(item.value, item.unit) for item in project.capacity] == [(200, "台套")]
    assert project.stage == "投产"


def test_the_company_told_of_before_invests_in_its_companion_project() -> None:
    text = (
        "贵州蓝源农业开发有限公司投资1.2亿元建设的蓝莓种植基地迎来采摘季。"
        "该公司负责人介绍，配套建设的蓝莓深加工项目已完成厂房建设，正在安装生产线。"
    )
    found = {p.name: (p.enterprise, p.stage) for p in projects(text)}
    assert found["蓝莓深加工项目"] == ("贵州蓝源农业开发有限公司", "开工")


def test_a_power_station_connected_to_the_grid_is_in_production() -> None:
    project = only("国家电投江西电力有限公司投资建设的200MW光伏电站项目实现全容量并网发电。")
    assert project.stage == "投产"


# Ways the first look at dev 597–608 showed.


def test_a_table_header_with_single_spaces_and_thousands_separators() -> None:
    text = (
        "科华数控（300986）4月10日晚间披露定增预案，募集资金用于以下项目：\n"
        "项目名称　　　　　　　　　投资总额（万元）　拟使用募集资金（万元）\n"
        "五轴联动数控机床扩产项目　　86,000　　　　　　80,000\n"
        "补充流动资金　　　　　　　　30,000　　　　　　30,000\n"
    )
    project = only(text)
    assert project.name == "五轴联动数控机床扩产项目"
    assert project.enterprise == "科华数控"  # the listed company named with its stock code
    assert yuan(project) == Decimal("860000000")


def test_a_check_mark_before_a_company_is_no_part_of_it() -> None:
    project = only("✅ 东台海鹰船舶配件有限公司船用推进器项目：总投资4亿元，本周完成桩基施工。")
    assert project.enterprise == "东台海鹰船舶配件有限公司"
    assert project.name == "船用推进器项目"


def test_a_capacity_raised_to_a_figure_is_that_figure() -> None:
    project = only(
        "福建安步鞋业有限公司改造项目投资1.6亿元，年产运动鞋能力由600万双提升至900万双。"
    )
    assert [(item.value, item.unit) for item in project.capacity] == [(900, "万双")]


def test_a_headline_brand_and_the_bodys_company_with_the_same_project_name() -> None:
    text = (
        "形象进度85%！大冶特钢高端轴承钢项目冲刺投产\n\n"
        "湖北大冶特殊钢有限公司高端轴承钢项目总投资32亿元，主体设备正在调试。\n"
    )
    project = only(text)
    assert project.enterprise == "湖北大冶特殊钢有限公司"
    assert project.stage == "开工"  # 冲刺投产 is where it is heading

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


def test_a_table_aligned_with_spaces_is_read_row_by_row() -> None:
    from taizhang.intake.normalize import normalize

    text = (
        "今年首批项目集中开工，12个项目集中开工，总投资88亿元。开工项目情况如下表：\n\n"
        "序号  项目名称              建设单位               总投资（亿元）  主要建设内容\n"
        "1     智能电表项目          江苏瀚表电气有限公司      6            年产智能电表300万只\n"
        "2     冷链仓储中心          苏州冻鲜物流有限公司      3.5          建设冷库及分拣车间\n"
    )
    found = projects(normalize(text).text)
    assert [(p.name, p.enterprise) for p in found] == [
        ("智能电表项目", "江苏瀚表电气有限公司"),
        ("冷链仓储中心", "苏州冻鲜物流有限公司"),
    ]
    assert [p.investment.amount for p in found if p.investment] == [6 * YI, Decimal("3.5") * YI]
    assert [p.stage for p in found] == ["开工", "开工"]


def test_projects_under_sub_headings_of_a_counted_event_take_its_stage() -> None:
    text = (
        "5月8日，全市20个项目集中签约，总投资150亿元。主会场项目为一家企业的总部项目。"
        "各区签约项目如下：\n"
        "【东城区】\n"
        "◆浙江澄澈水务有限公司净水设备项目（总投资3亿元）\n"
        "【西城区】\n"
        "◆杭州翎羽服饰有限公司智能制衣项目（总投资2亿元）\n"
    )
    found = projects(text)
    assert [(p.enterprise, p.stage) for p in found] == [
        ("浙江澄澈水务有限公司", "签约"),
        ("杭州翎羽服饰有限公司", "签约"),
    ]


def test_a_pipe_table_reads_its_rows_and_续建_means_under_construction() -> None:
    from taizhang.intake.normalize import normalize

    text = (
        "附件：2025年重点项目计划表\n\n"
        "序号 | 项目名称 | 项目业主 | 建设性质 | 总投资（万元） | 主要建设内容\n"
        "1 | 精密齿轮项目 | 湖南衡齿传动有限公司 | 续建 | 45000 | 年产齿轮箱3万台\n"
        "2 | 食品冷链中心 | 湖南鲜链物流有限公司 | 新建 | 12000 | 建设冷库\n"
    )
    found = projects(normalize(text).text)
    assert [(p.enterprise, p.stage) for p in found] == [
        ("湖南衡齿传动有限公司", "开工"),
        ("湖南鲜链物流有限公司", None),
    ]
    assert [p.investment.amount for p in found if p.investment] == [
        Decimal("4.5") * YI,
        Decimal("1.2") * YI,
    ]
    assert [(c.value, c.unit) for c in found[0].capacity] == [(Decimal(3), "万台")]


def test_records_of_fields_give_one_project_each() -> None:
    from taizhang.intake.normalize import normalize

    text = (
        "现将备案信息公开如下：\n"
        "一、\n"
        "项目名称：新型墙材项目\n"
        "项目单位：云南砺石建材有限公司\n"
        "建设规模及内容：用地面积13334平方米，年产蒸压砖1.5亿块\n"
        "总投资：9000万元\n"
        "二、\n"
        "1.项目名称：茶叶精制项目；投资方：普洱云雾茶业有限公司；总投资：2亿元；建设内容：年产精制茶2000吨。\n"
    )
    found = projects(normalize(text).text)
    assert [(p.name, p.enterprise) for p in found] == [
        ("新型墙材项目", "云南砺石建材有限公司"),
        ("茶叶精制项目", "普洱云雾茶业有限公司"),
    ]
    assert found[0].land_mu == Decimal(20)
    assert [p.investment.amount for p in found if p.investment] == [Decimal("0.9") * YI, 2 * YI]
    assert [(c.value, c.unit) for c in found[1].capacity] == [(Decimal(2000), "吨")]


def test_a_single_space_between_header_cells_of_a_wide_table_is_a_column() -> None:
    from taizhang.intake.normalize import normalize

    text = (
        "序号  项目名称          建设单位              总投资(亿元) 年度计划投资(亿元) 形象进度\n"
        "1     年产8万吨铜箔项目  江西铜韵材料有限公司  26    9     完成总工程量的40%\n"
        "2     智慧物流园        赣州捷运物流有限公司  8     3     主体结构封顶\n"
    )
    found = projects(normalize(text).text)
    assert [(p.enterprise, p.stage, p.progress_pct) for p in found] == [
        ("江西铜韵材料有限公司", "开工", Decimal(40)),
        ("赣州捷运物流有限公司", "开工", None),
    ]
    assert [p.investment.amount for p in found if p.investment] == [26 * YI, 8 * YI]


def test_a_header_or_speech_date_line_is_the_publication_date() -> None:
    from taizhang.intake.extract.dates import find_published

    header = (
        "首页 > 要闻\n\n新闻标题一行\n\n滨江日报　2025年6月3日　第04版\n\n正文第一句，项目开工。"
    )
    assert find_published(header) == date(2025, 6, 3)
    speech = "某县政府工作报告\n——2026年2月10日在某县第九届人民代表大会第三次会议上\n正文。"
    assert find_published(speech) == date(2026, 2, 10)
    status = "进展情况表\n截至2025年6月30日\n正文。"
    assert find_published(status) is None
    event = "2025年5月8日，园区举行集中签约仪式。"
    assert find_published(event) is None


def test_the_project_then_its_phases_and_the_names_capacity_is_the_wholes() -> None:
    text = (
        "昨日，安徽瑞岚新材料有限公司年产12万吨电解液项目一期已全面投产，二期正在进行钢结构吊装。"
        "据了解，该项目总投资约30亿元，一期年产4万吨，总投资10亿元；二期年产8万吨，投资20亿元。"
        "全部达产后，项目年营业收入预计达60亿元。"
    )
    by_phase = {p.phase: p for p in projects(text)}
    whole, first, second = by_phase[None], by_phase["一期"], by_phase["二期"]
    assert whole.investment is not None and whole.investment.amount == 30 * YI
    assert [(c.value, c.unit) for c in whole.capacity] == [(Decimal(12), "万吨")]
    assert whole.annual_output is not None and whole.annual_output.amount == 60 * YI
    assert whole.stage == "投产"
    assert first.investment is not None and first.investment.amount == 10 * YI
    assert [(c.value, c.unit) for c in first.capacity] == [(Decimal(4), "万吨")]
    assert second.stage == "开工"
    assert second.annual_output is None


def test_equipment_being_set_up_is_construction_and_量产_plans_are_production_plans() -> None:
    text = "7月1日讯 湖南沐川电子有限公司显示模组项目已完成设备调试，预计明年第三季量产。"
    (project,) = projects(text, reference_date=date(2025, 7, 1))
    assert project.stage == "开工"
    assert project.planned_production == "2026"
    (other,) = projects("江西禾丰光电有限公司研发中心项目专注开发量产技术，目前已开工建设。")
    assert other.stage == "开工"


def test_a_brand_before_年产_or_a_phase_is_the_investor() -> None:
    (battery,) = projects("去年，沐阳锂电年产5GWh储能电池项目建成投产。")
    assert battery.enterprise == "沐阳锂电"
    (park,) = projects("岚图电机零部件产业园二期主体结顶。")
    assert (park.enterprise, park.phase, park.stage) == ("岚图电机", "二期", "开工")
    (hq,) = projects("澜海医疗华东总部项目签约，总投资8亿元。")
    assert hq.enterprise == "澜海医疗"


def test_a_district_word_is_no_brand() -> None:
    (project,) = projects("城东医疗器械产业园项目签约，总投资3亿元。")
    assert project.enterprise is None


def test_a_brand_named_project_is_its_companys_one_project() -> None:
    text = (
        "浙江曜石新材料有限公司年产8万吨特种钢项目今日开工。"
        "据悉，曜石新材料特种钢项目总投资12亿元。"
    )
    (project,) = projects(text)
    assert project.enterprise == "浙江曜石新材料有限公司"
    assert project.investment is not None and project.investment.amount == 12 * YI


def test_an_investor_in_brackets_is_the_projects() -> None:
    (described,) = projects(
        "●精密模具项目。华东某汽配龙头企业（恒锐精工）拟投资六亿元，建设精密模具生产线。"
    )
    assert described.enterprise == "恒锐精工"
    assert described.investment is not None and described.investment.amount == 6 * YI
    (labelled,) = projects("●光学镜片项目（投资方：澄明光学）已完成土地摘牌，总投资九亿元。")
    assert (labelled.enterprise, labelled.stage) == ("澄明光学", "供地")


def test_a_stage_heading_gives_its_stage_to_the_projects_below() -> None:
    text = (
        "【在谈项目】\n"
        "●智能座舱项目，浙江舜驰电子有限公司拟投资5亿元。\n"
        "【签约项目】\n"
        "●江西澜瓷新材料有限公司陶瓷基板项目总投资3亿元。\n"
        "【工作小结】\n"
        "全年新签约项目12个。"
    )
    assert [(p.enterprise, p.stage) for p in projects(text)] == [
        ("浙江舜驰电子有限公司", "洽谈"),
        ("江西澜瓷新材料有限公司", "签约"),
    ]


def test_amounts_and_capacities_in_mixed_and_chinese_numerals() -> None:
    (project,) = projects(
        "江西赣晟材料有限公司硬质合金项目签约，总投资八亿五千万元，建成后年产硬质合金刀具两万吨。"
    )
    assert project.investment is not None and project.investment.amount == Decimal("8.5") * YI
    assert [(c.value, c.unit) for c in project.capacity] == [(Decimal(2), "万吨")]
    (other,) = projects("湖南澜泽热能有限公司热泵项目开工，总投资1亿2000万元，年产热泵80万台套。")
    assert other.investment is not None and other.investment.amount == Decimal("1.2") * YI
    assert [(c.value, c.unit) for c in other.capacity] == [(Decimal(80), "万台套")]


def test_throughput_and_installed_power_are_no_capacity() -> None:
    (plant,) = projects(
        "四川蜀果农业有限公司柑橘加工项目签约，年处理鲜果十万吨，年加工果汁原料5万吨。"
    )
    assert plant.capacity == []
    (station,) = projects("深圳澜储能源有限公司100MW/200MWh独立储能电站投入运营，总投资4亿元。")
    assert station.capacity == []


def test_a_companys_own_park_after_在_is_its_project() -> None:
    (project,) = projects("在江苏澜庭家居有限公司智能家居产业园，厂房主体已封顶，项目总投资9亿元。")
    assert (project.enterprise, project.name) == ("江苏澜庭家居有限公司", "智能家居产业园")
    assert project.stage == "开工"


def test_a_phase_named_only_by_its_figure_is_the_projects_phase() -> None:
    text = (
        "广西澜桂新能源有限公司投资30亿元建设的年产10万吨负极材料项目，"
        "首期5万吨生产线已于今年3月试产。"
    )
    by_phase = {p.phase: p for p in projects(text)}
    assert set(by_phase) == {None, "一期"}
    assert [(c.value, c.unit) for c in by_phase["一期"].capacity] == [(Decimal(5), "万吨")]
    assert by_phase["一期"].stage == "投产"


def test_a_province_before_an_industry_word_is_no_brand() -> None:
    (project,) = projects("云南新能源电池材料项目开工，总投资5亿元。")
    assert project.enterprise is None


def test_investors_by_reference_and_before_将投资() -> None:
    (tea,) = projects(
        "普洱市与云南岚雾茶业集团有限公司签订投资协议，由该集团投资三亿元，建设茶饮料项目。"
    )
    assert tea.enterprise == "云南岚雾茶业集团有限公司"
    (roastery,) = projects("孟连县与品牌“豆屿”签约，豆屿将投资一点五亿元建设咖啡烘焙工厂。")
    assert roastery.enterprise == "豆屿"
    assert roastery.investment is not None and roastery.investment.amount == Decimal("1.5") * YI


def test_an_unnamed_company_names_no_project() -> None:
    assert projects("一家新材料企业与某县就碳纤维项目深入洽谈。") == []


def test_land_in_its_other_wordings() -> None:
    text = (
        "3月2日，江苏澄宇新材料有限公司以3100万元竞得一宗工业用地，面积约100000平方米，"
        "标志着该公司年产3万吨特种尼龙项目正式进入供地阶段。"
    )
    (project,) = projects(text)
    assert (project.enterprise, project.name) == ("江苏澄宇新材料有限公司", "年产3万吨特种尼龙项目")
    assert project.land_mu == Decimal(150)
    assert project.stage == "供地"
    (farm,) = projects("四川岷禾农业有限公司柑橘项目签约，规划建设标准化种植基地一点五万亩。")
    assert farm.land_mu == Decimal(15000)
    (rice,) = projects("四川稻乡生态农业有限公司三千亩稻渔综合种养示范园项目签约，总投资9000万元。")
    assert rice.land_mu == Decimal(3000)
    (bought,) = projects("台商澄光电子有限公司扩建电池厂项目已完成土地购置约90亩。")
    assert bought.land_mu == Decimal(90)


def test_a_logistics_park_after_an_hkd_amount_is_named_without_the_amount() -> None:
    (project,) = projects("香港澜港集团将投资20亿港元兴建防城港国际冷链物流园，项目占地约300亩。")
    assert project.name == "防城港国际冷链物流园"
    assert project.land_mu == Decimal(300)


def test_a_stage_column_of_a_weekly_table() -> None:
    from taizhang.intake.normalize import normalize

    text = (
        "序号｜投资方｜项目名称｜投资额｜推进阶段\n"
        "1｜辽宁澜川精工有限公司｜精密轴承项目｜6亿元｜已摘牌，用地80亩\n"
        "2｜某新能源车企（驰澜）｜电驱系统项目｜约20亿元｜已开展第二轮洽谈\n"
    )
    found = projects(normalize(text).text)
    assert [(p.enterprise, p.stage, p.land_mu) for p in found] == [
        ("辽宁澜川精工有限公司", "供地", Decimal(80)),
        ("驰澜", "洽谈", None),
    ]


def test_taiwan_business_page_wording() -> None:
    text = (
        "面板廠澄曜光電昨（3）日公告，將在福建漳州增資新台幣30億元（約合人民幣6.8億元），"
        "擴建車用面板模組廠，新廠規劃年產能300萬片，預計2026年第二季量產。"
        "澄曜表示，新廠已於5月取得土地使用權，用地約4公頃。\n"
        "另一家扣件廠岳鈞工業則表示，其廈門二廠已完成建廠，上月起試產，總投資約人民幣3億元。"
    )
    from taizhang.intake.normalize import normalize

    found = projects(normalize(text).text, reference_date=date(2025, 6, 4))
    assert [(p.enterprise, p.name) for p in found] == [
        ("澄曜光电", "车用面板模组厂"),
        ("岳钧工业", "厦门二厂"),
    ]
    panel, fastener = found
    assert panel.investment is not None and panel.investment.amount == Decimal("6.8") * YI
    assert [(c.value, c.unit) for c in panel.capacity] == [(Decimal(300), "万片")]
    assert (panel.land_mu, panel.stage, panel.planned_production) == (Decimal(60), "供地", "2026")
    assert fastener.investment is not None and fastener.investment.amount == 3 * YI
    assert fastener.stage == "投产"


def test_a_brand_opening_a_sentence_is_what_its_back_references_mean() -> None:
    text = (
        "晶瀚科技的新厂已签约落地。"
        "另一家连接器厂澜硕精密位于漳州的新厂已完成厂房封顶，该厂投资约1亿美元。"
    )
    found = projects(text)
    assert [(p.enterprise, p.stage) for p in found][-1] == ("澜硕精密", "开工")
    assert found[-1].investment is not None and found[-1].investment.currency == "USD"


def test_a_company_named_after_为_is_a_project_not_a_description() -> None:
    text = "投产项目为大连澜洋化学有限公司电子化学品项目。该项目总投资2亿美元，当天正式投产。"
    (project,) = projects(text)
    assert (project.enterprise, project.stage) == ("大连澜洋化学有限公司", "投产")
    assert project.investment is not None and project.investment.currency == "USD"


def test_a_verb_before_a_phase_is_no_name_and_the_whole_follows_its_first_phase() -> None:
    text = (
        "新疆澜能化工有限公司年产40万吨煤制甲醇项目一期施工现场塔吊林立。"
        "该项目总投资约120亿元，分两期建设：一期投资60亿元，目前已完成一期总工程量的30%；"
        "二期投资60亿元，计划2028年建成投产。"
    )
    by_phase = {p.phase: p for p in projects(text)}
    assert set(by_phase) == {None, "一期", "二期"}
    assert by_phase["一期"].progress_pct == Decimal(30)
    assert by_phase[None].stage == "开工"


def test_投资方为_names_the_investor() -> None:
    text = (
        "1.数联云智算中心项目。投资方为数联云（贵州）科技有限公司，项目总投资45亿元，已正式签约。"
    )
    (project,) = projects(text)
    assert project.enterprise == "数联云（贵州）科技有限公司"


def test_what_is_built_with_the_project_stays_its_part() -> None:
    text = (
        "黑龙江澜稻米业有限公司与某区签约，投资十亿元建设年产二十万吨大米加工项目，"
        "并配套建设一万亩优质水稻种植基地。"
    )
    (project,) = projects(text)
    assert project.enterprise == "黑龙江澜稻米业有限公司"
    assert project.land_mu == Decimal(10000)


def test_a_long_product_before_a_capacity_and_engineering_plastics_are_no_head() -> None:
    (reducer,) = projects(
        "日本澄和精机株式会社投资30亿日元的减速机项目落户，建成后年产工业机器人用精密减速机20万台。"
    )
    assert [(c.value, c.unit) for c in reducer.capacity] == [(Decimal(20), "万台")]
    (polymer,) = projects(
        "法国澜诺化学集团投资2亿欧元的特种聚合物项目开工。项目主要生产工程塑料用改性树脂。"
    )
    assert polymer.name == "特种聚合物项目"


def test_list_intros_and_category_sub_headings_name_no_project() -> None:
    text = (
        "9月1日，20个项目集中开工，总投资120亿元。具体项目如下：\n"
        "（一）先进制造业项目（8个）\n"
        "1．湖北澜锐电子有限公司显示模组项目，总投资6亿元；\n"
    )
    assert [(p.enterprise, p.stage) for p in projects(text)] == [("湖北澜锐电子有限公司", "开工")]


def test_a_brands_short_project_name_is_its_companys_project() -> None:
    text = (
        "重庆澜芯微电子有限公司投资50亿元的澜芯微电子功率芯片项目已开工。\n"
        "记者了解到，澜芯项目目前已完成总工程量的40%。"
    )
    (project,) = projects(text)
    assert project.enterprise == "重庆澜芯微电子有限公司"
    assert project.progress_pct == Decimal(40)


def test_a_headlines_short_name_still_folds_into_the_bodys_project() -> None:
    text = (
        "嘉禾新材料项目在凤鸣镇签约\n"
        "昨天，浙江嘉禾新材料有限公司年产3万吨改性塑料项目签约落户凤鸣镇，总投资6亿元。\n"
    )
    (project,) = projects(text)
    assert project.enterprise == "浙江嘉禾新材料有限公司"


def test_joint_venture_and_trade_words_and_reduplicated_counts_are_no_brands() -> None:
    (venture,) = projects("中外合资锂电材料项目投产，总投资3亿欧元。")
    assert venture.enterprise is None
    assert projects("车间里，一条条自动化生产线满负荷运转。") == []


def test_an_investor_written_short_takes_the_full_name_the_text_gives() -> None:
    text = (
        "3月26日，园区与山东澜泰锂能科技有限公司正式签约，总投资超50亿元的锂电池产业链项目落户。"
        "根据协议，澜泰锂能将在园区投资55亿元，建设年产10GWh锂离子电池项目，规划用地约600亩。"
    )
    found = projects(text)
    assert {p.enterprise for p in found} == {"山东澜泰锂能科技有限公司"}
    battery = next(p for p in found if p.name == "年产10GWh锂离子电池项目")
    assert battery.land_mu == Decimal(600)

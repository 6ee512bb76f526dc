"""Report layouts: numbered and bulleted lists, tables flattened to text, projects listed
under a 集中签约/集中开工 event, and the full investor name given before a short one."""

from __future__ import annotations

from decimal import Decimal

from taizhang.intake.extract import extract
from taizhang.intake.extract.tables import find_tables
from taizhang.intake.facts import ProjectFact
from taizhang.intake.normalize import normalize

YI = Decimal(100_000_000)


def read(original: str) -> list[ProjectFact]:
    """Projects of a text as the pipeline reads it: normalized first."""
    return extract(normalize(original).text).projects


def by_enterprise(found: list[ProjectFact]) -> dict[str | None, ProjectFact]:
    return {p.enterprise: p for p in found}


# ------------------------------------------------------------------ list markers
def test_a_list_number_or_bullet_is_no_part_of_the_investor() -> None:
    text = (
        "本次签约项目如下：\n"
        "1．江西岚峰新材料有限公司年产2万吨电子铜箔项目，总投资12亿元；\n"
        "(2)湖南青湾食品有限公司预制菜项目，总投资3亿元；\n"
        "●广东铧鑫电器有限公司小家电项目，总投资5亿元。\n"
    )
    found = by_enterprise(read(text))
    assert set(found) == {"江西岚峰新材料有限公司", "湖南青湾食品有限公司", "广东铧鑫电器有限公司"}
    assert found["江西岚峰新材料有限公司"].name == "年产2万吨电子铜箔项目"


def test_a_decimal_number_is_not_a_list_number() -> None:
    text = "蚌埠晶岳显示科技有限公司8.5代玻璃基板项目总投资62亿元，目前已开工建设。"
    (project,) = read(text)
    assert project.name is not None and project.name.startswith("8.5代")


# ------------------------------------------------------------------ tables
TAB_TABLE = (
    "某市2025年重点项目推进情况表\n\n"
    "项目名称\t建设单位\t总投资(万元)\t建设内容\t形象进度\n"
    "光学镜片产业园\t安徽晶澈光学有限公司\t250000\t年产光学镜片5000万片\t主体完工，完成工程量的70%\n"
    "冷链物流园\t安徽淮禾冷链有限公司\t32000\t建设冷库及分拣中心\t正在洽谈\n"
)


def test_a_tab_separated_table_gives_one_project_per_row() -> None:
    found = by_enterprise(read(TAB_TABLE))
    lens = found["安徽晶澈光学有限公司"]
    assert lens.name == "光学镜片产业园"
    assert lens.investment is not None and lens.investment.amount == 25 * YI
    assert [(c.value, c.unit) for c in lens.capacity] == [(Decimal(5000), "万片")]
    assert lens.stage == "开工"
    assert lens.progress_pct == 70
    cold = found["安徽淮禾冷链有限公司"]
    assert cold.investment is not None and cold.investment.amount == Decimal(320_000_000)
    assert cold.stage == "洽谈"


def test_a_table_row_is_its_own_evidence() -> None:
    text = normalize(TAB_TABLE).text
    (table,) = find_tables(text)
    assert [text[r.start : r.end].split("\t")[0] for r in table.rows] == [
        "光学镜片产业园",
        "冷链物流园",
    ]
    project = by_enterprise(extract(text).projects)["安徽晶澈光学有限公司"]
    assert all(span.text.startswith("光学镜片产业园") for span in project.evidence)


def test_single_spaced_and_space_aligned_tables_are_read() -> None:
    single = (
        "序号 项目名称 投资方 投资额（亿元）\n"
        "1 年产5万吨锂电隔膜项目 山东澄川新材料有限公司 35\n"
        "2 磁性材料产业园项目 临沂磁昊电子有限公司 20\n"
        "3 风电齿轮箱项目 山东恒轴传动科技有限公司 18\n"
    )
    aligned = (
        "项目名称              业主单位                总投资(亿元)   建设年限\n"
        "年产10万吨铜箔项目    四川眉川新材料有限公司  45             2024-2026\n"
        "绿色食品加工园        眉山东川味业有限公司    5.6            2023-2025\n"
    )
    spaced = by_enterprise(read(single))
    assert spaced["山东澄川新材料有限公司"].investment is not None
    assert spaced["山东澄川新材料有限公司"].investment.amount == 35 * YI
    assert spaced["临沂磁昊电子有限公司"].name == "磁性材料产业园项目"
    columns = by_enterprise(read(aligned))
    food = columns["眉山东川味业有限公司"]
    assert food.investment is not None and food.investment.amount == Decimal("5.6") * YI
    # 建设年限 is a construction period, not a production plan
    assert all(p.planned_production is None for p in columns.values())


def test_prose_with_spaces_is_not_a_table() -> None:
    text = "项目名称 为 年产 5万吨 新材料 项目，总投资 5亿元。\n这是 一段 正文，不是 表格。\n"
    assert "\t" not in normalize(text).text


# ------------------------------------------------------------------ listed under an event
def test_projects_listed_under_a_signing_event_are_signed() -> None:
    text = (
        "9月23日，某区秋季重大项目集中签约活动举行，3个项目签约，总投资20亿元。"
        "签约项目为：年产2万吨特种纸项目（浙江澜川纸业有限公司，6亿元）；"
        "高端紧固件项目（宁波甬川紧固件有限公司，3.5亿元）；"
        "光学膜材料项目（浙江光川新材料有限公司，10.5亿元）。\n"
        "区主要负责人表示，将保障签约项目早落地、早见效。\n"
    )
    found = read(text)
    assert {p.name for p in found} >= {"年产2万吨特种纸项目", "高端紧固件项目", "光学膜材料项目"}
    assert {p.stage for p in found} == {"签约"}


def test_a_numbered_list_after_a_groundbreaking_takes_its_stage_until_the_list_ends() -> None:
    text = (
        "9月26日，某区三季度重大项目集中动工活动举行，12个项目集中动工，总投资超80亿元。"
        "部分重点项目如下：\n"
        "——美川电器智能厨电产业基地，总投资50亿元；\n"
        "——佛山格川新材料有限公司年产3万吨改性尼龙项目，总投资5.2亿元。\n"
        "另外，广东远川机器人有限公司机器人项目总投资8亿元，正在办理前期手续。\n"
    )
    found = {p.name: p for p in read(text)}
    assert found["美川电器智能厨电产业基地"].stage == "开工"
    assert found["年产3万吨改性尼龙项目"].stage == "开工"
    assert found["机器人项目"].stage is None


def test_a_list_after_a_sentence_that_counts_nothing_gets_no_stage() -> None:
    text = (
        "某区召开项目推进会，部署下一阶段工作。部分重点项目如下：\n"
        "1．浙江川禾科技有限公司智能装备项目，总投资6亿元；\n"
        "2．浙江川木家居有限公司定制家居项目，总投资3亿元。\n"
    )
    assert {p.stage for p in read(text)} == {None}


# ------------------------------------------------------------------ full name before a short one
def test_the_full_investor_name_given_first_is_kept_over_its_short_form() -> None:
    text = (
        "4月2日，德国施川汽车技术集团在无锡高新区的新能源汽车热泵系统项目完成土地摘牌。"
        "该项目由施川集团追加投资1.5亿欧元建设，达产后年产热泵系统50万套。"
    )
    (project,) = read(text)
    assert project.enterprise == "德国施川汽车技术集团"


def test_an_investors_nameless_project_joins_its_named_project() -> None:
    text = (
        "4月27日，重大项目集中开工活动在宜宾凯川新能源材料有限公司项目现场举行。\n"
        "主会场的凯川新能源年产8万吨正极材料项目总投资36亿元，占地约400亩。\n"
    )
    (project,) = read(text)
    assert project.enterprise == "宜宾凯川新能源材料有限公司"
    assert project.stage == "开工"
    assert project.investment is not None and project.investment.amount == 36 * YI


# ------------------------------------------------------------------ headline phrases
def test_a_season_or_a_part_of_a_batch_is_no_project_name() -> None:
    text = (
        "某区2025年秋季重大项目集中签约\n"
        "9月23日，某区秋季重大项目集中签约活动举行，2个项目签约，总投资9亿元。"
        "部分重点项目如下：年产2万吨特种纸项目（浙江澜川纸业有限公司，6亿元）；"
        "高端紧固件项目（宁波甬川紧固件有限公司，3亿元）。\n"
    )
    names = {p.name for p in read(text)}
    assert names == {"年产2万吨特种纸项目", "高端紧固件项目"}

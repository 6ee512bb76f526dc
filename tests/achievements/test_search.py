"""Searching the library (Tantivy over jieba's tokens with the domain dictionary): a firm
found by its short name, a technical term found where jieba's own dictionary cuts it apart,
the filters, the index rebuilt when the library changes, and bad input named."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from taizhang.achievements.engine.terms import TERMS
from taizhang.achievements.engine.tokens import plain_tokenizer, tokenizer_for
from taizhang.achievements.library import AchievementDraft, add_achievements
from taizhang.achievements.search import open_library, search_library
from taizhang.enterprises.models import Enterprise, EnterpriseAlias
from taizhang.kernel.errors import Invalid

NOW = datetime(2026, 6, 1, 2, tzinfo=UTC)
LIBRARY = [
    AchievementDraft(
        "高导热石墨烯薄膜连续制备工艺",
        "以氧化石墨烯为原料，经涂布、热还原得到导热膜，面向手机散热。",
        "新材料",
        "浙江恒嘉新材料科技有限公司",
        "中试",
        "嘉兴市南湖区",
        "C01B 32/184",
        "C2659",
    ),
    AchievementDraft(
        "注塑模具热流道温度控制系统",
        "多点温度闭环控制，减少注塑件缩痕。",
        "高端装备",
        "浙江大学",
        "产业化",
        "杭州市",
        "B29C 45/27",
        "C3525",
    ),
    AchievementDraft(
        "高镍三元前驱体制备与洗涤工艺",
        "共沉淀法得到球形颗粒，振实密度高，用于动力电池正极。",
        "新能源",
        "中南大学",
        "小试",
        "长沙市",
    ),
    AchievementDraft(
        "硫化物固态电解质及全固态电池",
        "硫化物固态电解质离子电导率高，与锂金属负极界面稳定。",
        "新能源",
        "中国科学院宁波材料技术与工程研究所",
        "实验室",
        "宁波市",
    ),
    AchievementDraft(
        "汽车内饰件注塑成型工艺",
        "低压注塑减少翘曲，适合大型件。",
        "高端装备",
        "宁波某汽车部件有限公司",
        "产业化",
        "宁波市",
    ),
]


@pytest.fixture
def library_session(session: Session) -> Session:
    firm = Enterprise(name="浙江恒嘉新材料科技有限公司", industry_code="C2659")
    session.add(firm)
    session.flush()
    session.add(EnterpriseAlias(enterprise_id=firm.id, alias="恒嘉科技"))
    add_achievements(session, LIBRARY, actor=None, now=NOW)
    return session


def _titles(session: Session, folder: Path, query: str, **filters: str) -> list[str]:
    found = search_library(session, open_library(session, folder), query, **filters)  # type: ignore[arg-type]
    return [f.achievement.title for f in found.items]


def test_it_finds_a_firm_by_its_short_name(library_session: Session, tmp_path: Path) -> None:
    for said in ("恒嘉新材", "恒嘉科技", "恒嘉"):
        assert _titles(library_session, tmp_path, said) == ["高导热石墨烯薄膜连续制备工艺"], said


def test_jieba_alone_misses_the_short_name_and_the_terms_the_dictionary_keeps() -> None:
    plain = plain_tokenizer()
    assert "恒嘉新材" in plain.tokens("恒嘉新材")
    assert "恒嘉新材" not in plain.tokens("浙江恒嘉新材料科技有限公司")
    assert "模具" not in plain.tokens("注塑模具热流道温度控制系统")  # 注塑模 / 具
    assert "前驱体" not in plain.tokens("高镍三元前驱体制备与洗涤工艺")  # 前驱 / 体制 / 备
    ours = tokenizer_for((*TERMS,))
    assert "模具" in ours.tokens("注塑模具热流道温度控制系统")
    assert "前驱体" in ours.tokens("高镍三元前驱体制备与洗涤工艺")


def test_a_term_jieba_cuts_apart_is_found(library_session: Session, tmp_path: Path) -> None:
    assert _titles(library_session, tmp_path, "模具")[0] == "注塑模具热流道温度控制系统"
    assert _titles(library_session, tmp_path, "前驱体") == ["高镍三元前驱体制备与洗涤工艺"]
    first = _titles(library_session, tmp_path, "固态电池电解质")[0]
    assert first == "硫化物固态电解质及全固态电池"


def test_it_filters_by_field_and_region(library_session: Session, tmp_path: Path) -> None:
    assert set(_titles(library_session, tmp_path, "注塑")) == {
        "注塑模具热流道温度控制系统", "汽车内饰件注塑成型工艺",
    }  # fmt: skip
    assert _titles(library_session, tmp_path, "注塑", region="宁波市") == ["汽车内饰件注塑成型工艺"]
    assert _titles(library_session, tmp_path, "注塑", region="浙江") != []
    assert _titles(library_session, tmp_path, "注塑", field="新能源") == []
    assert _titles(library_session, tmp_path, "电池", field="新能源", region="湖南省") == [
        "高镍三元前驱体制备与洗涤工艺"
    ]


def test_the_index_follows_the_library(library_session: Session, tmp_path: Path) -> None:
    assert _titles(library_session, tmp_path, "气凝胶") == []
    add_achievements(library_session, [AchievementDraft(
        "二氧化硅气凝胶保温毡", "常压干燥制备气凝胶。", "新材料", "某大学", "中试", "330402",
    )], actor=None, now=NOW)  # fmt: skip
    assert _titles(library_session, tmp_path, "气凝胶") == ["二氧化硅气凝胶保温毡"]


def test_the_reasons_name_the_terms_found(library_session: Session, tmp_path: Path) -> None:
    library = open_library(library_session, tmp_path)
    found = search_library(library_session, library, "固态电解质")
    assert found.items[0].reasons.terms == ("固态电解质",)


@pytest.mark.parametrize(
    ("query", "filters", "message"),
    [
        ("", {}, "请输入要搜索的内容"),
        ("电池", {"field": "航天"}, "技术领域应为"),
        ("电池", {"region": "火星"}, "不认识的地区：火星"),
        ("电池", {"limit": 0}, "条数应在 1 到 100 之间"),
        ("电" * 201, {}, "不能超过 200 字"),
    ],
)
def test_it_names_bad_input(
    library_session: Session, tmp_path: Path, query: str, filters: dict, message: str
) -> None:
    library = open_library(library_session, tmp_path)
    with pytest.raises(Invalid, match=message):
        search_library(library_session, library, query, **filters)


def test_it_names_each_bad_achievement_by_row(session: Session) -> None:
    bad = AchievementDraft("", "摘要", "航天", "某大学", "量产", "火星", "X99", "123")
    with pytest.raises(Invalid) as caught:
        add_achievements(session, [LIBRARY[0], bad], actor=None, now=NOW)
    said = [str(e) for e in caught.value.errors]
    assert "第 2 行，“成果名称”列：成果名称不能为空 (required)" in said
    assert any("技术领域应为" in s and "航天" in s for s in said)
    assert any("成熟度应为 实验室、小试、中试、产业化：量产" in s for s in said)
    assert any("不认识的地区：火星" in s for s in said)
    assert any("IPC" in s for s in said) and any("行业代码" in s for s in said)

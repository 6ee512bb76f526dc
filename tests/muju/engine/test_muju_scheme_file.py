"""Specs for reading 亩均 scheme files: every problem at once, each with its line."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from taizhang.kernel.errors import FieldError, Invalid
from taizhang.muju.engine.scheme import Boundary, Normalisation
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.schemes import SCHEMES_DIR

GOOD = """\
version = "测试-2024"
valid_from = 2024-01-01
valid_to = 2024-12-31

[[categories]]
name = "规上"
size = "规上"

[[indicators]]
category = "规上"
name = "亩均税收"
formula = "评价税收 / 用地面积"
weight = 60
normalise = "对标"
benchmark = 20

[[indicators]]
category = "规上"
name = "单位能耗税收"
formula = "评价税收 / 综合能耗"
weight = 40
normalise = "逆向"
benchmark = 3

[[grades]]
name = "A"
up_to = 0.2

[[grades]]
name = "B"

[ranking]
boundary = "向下取整"
"""


def errors_of(text: str) -> list[FieldError]:
    with pytest.raises(Invalid) as caught:
        load_scheme(text, source="bad.toml")
    return caught.value.errors


def test_it_reads_a_good_scheme() -> None:
    scheme = load_scheme(GOOD)
    assert [i.normalisation for i in scheme.indicators] == [
        Normalisation.RATIO,
        Normalisation.INVERSE,
    ]
    assert scheme.boundary is Boundary.FLOOR
    assert [g.name for g in scheme.grades_of("规上")] == ["A", "B"]


def test_it_lists_every_error_of_a_file_with_its_line() -> None:
    text = (
        GOOD.replace('size = "规上"', 'size = "规模以上"')  # line 7
        .replace('formula = "评价税收 / 综合能耗"', 'formula = "评价税收 / 能耗总量"')  # line 20
        .replace("weight = 40", "weight = 45")  # weights now 105 (line 6, the category)
        .replace('normalise = "对标"', 'normalise = "对比"')  # line 14
        .replace("up_to = 0.2", "up_to = 20")  # line 27
        .replace('boundary = "向下取整"', 'bondary = "向下取整"')  # line 33
    )
    errors = errors_of(text)
    assert [(e.row, e.column) for e in errors] == [
        (6, "name"),
        (7, "size"),
        (14, "normalise"),
        (20, "formula"),
        (27, "up_to"),
        (32, "boundary"),
        (33, "bondary"),
    ]
    reasons = [e.reason for e in errors]
    assert "权重合计 105，应为 100" in reasons[0]
    assert "能耗总量 不是已知的数据项" in reasons[3] and "综合能耗" in reasons[3]
    assert "20% 写 0.20" in reasons[4]
    assert "缺少 boundary" in reasons[5]
    assert "是否想写 boundary？" in reasons[6]
    assert str(errors[1]).startswith("第 7 行，“size”列：size 不认识“规模以上”")


def test_it_refuses_a_syntax_error_with_its_line() -> None:
    (error,) = errors_of(GOOD.replace('name = "亩均税收"', "name = 亩均税收"))
    assert error.row == 11 and error.reason.startswith("TOML 语法错误")


@pytest.mark.parametrize(
    ("old", "new", "column", "reason"),
    [
        ("benchmark = 20", "", "benchmark", "二者选一"),
        ('normalise = "对标"', 'normalise = "最小最大"', "benchmark", "不写 benchmark"),
        (
            'category = "规上"\nname = "亩均税收"',
            'category = "规下"\nname = "亩均税收"',
            "category",
            "未知的评价类别 规下",
        ),
        ('[[grades]]\nname = "B"', '[[grades]]\nname = "A"', "name", "等级 A 重复"),
        ('name = "B"', 'name = "B"\nup_to = 0.1', "up_to", "应大于 A"),
    ],
)
def test_it_refuses_an_inconsistent_scheme(old: str, new: str, column: str, reason: str) -> None:
    errors = errors_of(GOOD.replace(old, new))
    assert any(e.column == column and reason in e.reason for e in errors), errors


def test_it_refuses_an_unknown_grade_to_treat_exclusions_as() -> None:
    errors = errors_of(GOOD + '\n[exclusions]\ntreat_as = "乙"\n')
    assert [(e.row, e.column) for e in errors] == [(36, "treat_as")]


ADDED_ENGLISH = (
    ("valid_from = 2024-01-01", 'title = "测试办法"\ntitle_en = "A test"\nvalid_from = 2024-01-01'),
    ('name = "规上"\n', 'name = "规上"\nname_en = "above designated size"\n'),
    ('name = "亩均税收"\n', 'name = "亩均税收"\nname_en = "tax per mu"\nunit = "万元/亩"\n'
     'unit_en = "CNY 10k/mu"\n'),
)  # fmt: skip
ENGLISH = functools.reduce(lambda text, pair: text.replace(*pair), ADDED_ENGLISH, GOOD) + (
    '\n[exclusions]\nlabel = "不定等级"\nlabel_en = "not graded"\n'
    'kinds = ["公用事业", "政策性搬迁"]\nkinds_en = ["public utility", "policy relocation"]\n'
)


def test_it_reads_the_english_names() -> None:
    scheme = load_scheme(ENGLISH)
    assert (scheme.title, scheme.title_en) == ("测试办法", "A test")
    assert scheme.categories[0].name_en == "above designated size"
    assert (scheme.indicators[0].name_en, scheme.indicators[0].unit_en) == (
        "tax per mu",
        "CNY 10k/mu",
    )
    assert scheme.indicators[1].name_en == ""  # optional: left out, the page shows the Chinese
    assert scheme.exclusions.kinds_en == ("public utility", "policy relocation")
    assert scheme.grade_en("不定等级") == "not graded" and scheme.grade_en("A") == ""


@pytest.mark.parametrize(
    ("old", "new", "column", "reason"),
    [
        ('name_en = "tax per mu"', "name_en = true", "name_en", "应为一段文字"),
        ('unit_en = "CNY 10k/mu"', 'unit_en = ["CNY 10k/mu"]', "unit_en", "应为一段文字"),
        ('title_en = "A test"', 'title_en = "测试 test"', "title_en", "不含汉字"),
        ('label_en = "not graded"', 'label_en = "不定等级"', "label_en", "不含汉字"),
        ('kinds_en = ["public utility", "policy relocation"]', 'kinds_en = ["public utility"]',
         "kinds_en", "应一一对应"),
        ('kinds_en = ["public utility", "policy relocation"]', "kinds_en = 1", "kinds_en",
         "文字列表"),
        ('unit = "万元/亩"\n', "", "unit_en", "却没有 unit"),
    ],
)  # fmt: skip
def test_a_wrong_english_key_is_named_at_its_line(
    old: str, new: str, column: str, reason: str
) -> None:
    text = ENGLISH.replace(old, new)
    (error,) = errors_of(text)
    assert error.column == column and reason in error.reason, error
    line = text.splitlines()[(error.row or 0) - 1]
    assert line.startswith(f"{column} ="), line


@pytest.mark.parametrize("path", sorted(SCHEMES_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_scheme_names_what_pages_show_in_english(path: Path) -> None:
    scheme = load_scheme(path.read_text(encoding="utf-8"), source=path.name)
    assert scheme.title_en and all(c.name_en for c in scheme.categories)
    assert all(i.name_en and (i.unit_en or not i.unit) for i in scheme.indicators)
    assert all(a.name_en for a in scheme.adjustments)
    assert scheme.exclusions.label.isascii() or scheme.exclusions.label_en
    assert len(scheme.exclusions.kinds_en) == len(scheme.exclusions.kinds)

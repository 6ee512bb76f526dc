"""The points-rules file: the shipped example loads; every mistake is named with its line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.stages import Stage
from taizhang.race.engine.rules import RuleSet, check_no_overlap, load_rules

# A correct file; the bad files below change one line of it. Lines: 2 valid_from, 3 valid_to,
# 7–8 first band's min/max, 12 second band's min, 15–16 签约 stage/points, 19–20 开工,
# 23–26 外资 bonus kind/stages/points/cap, 28–29 [caps] and per_project.
GOOD = """\
version = "t1"
valid_from = 2026-01-01
valid_to = 2026-12-31

[[bands]]
label = "1亿–10亿"
min_yi = 1
max_yi = 10

[[bands]]
label = "10亿以上"
min_yi = 10

[[stage_points]]
stage = "签约"
points = { "1亿–10亿" = 2, "10亿以上" = 5 }

[[stage_points]]
stage = "开工"
points = 3

[[bonuses]]
kind = "外资"
stages = ["签约"]
points = 3
cap = 6

[caps]
per_project = 20
"""


def errors_of(text: str) -> list[FieldError]:
    with pytest.raises(Invalid) as caught:
        load_rules(text, source="bad.toml")
    assert "bad.toml" in caught.value.message and "整个文件未应用" in caught.value.message
    return caught.value.errors


def with_line(line: int, new: str) -> str:
    """GOOD with its line `line` (1-based) replaced."""
    lines = GOOD.splitlines()
    lines[line - 1] = new
    return "\n".join(lines) + "\n"


def test_the_shipped_2026_rules_load(shipped_2026: RuleSet) -> None:
    rules = shipped_2026
    assert rules.source == "2026.toml"
    assert rules.version == "2026.1"
    assert (rules.valid_from, rules.valid_to) == (date(2026, 1, 1), date(2026, 12, 31))
    assert [b.label for b in rules.bands] == ["1亿–10亿", "10亿–50亿", "50亿以上"]
    stages = [r.stage for r in rules.stage_points]
    assert stages == [Stage.SIGNED, Stage.LAND, Stage.CONSTRUCTION, Stage.PRODUCTION,
                      Stage.FULL_CAPACITY]  # fmt: skip
    assert {b.kind for b in rules.bonuses} >= {"外资", "世界500强", "链主", "二次招商", "基金招商"}
    assert (rules.cap_per_project, rules.cap_per_unit) == (Decimal(30), Decimal(200))


def test_a_good_file_reads_into_plain_values() -> None:
    rules = load_rules(GOOD)
    assert isinstance(rules, RuleSet)
    signed = rules.stage_points[0]
    assert [(b.label if b else None, p) for b, p in signed.points] == [
        ("1亿–10亿", Decimal(2)),
        ("10亿以上", Decimal(5)),
    ]
    assert signed.part_label(signed.points[0][0]) == "签约·1亿–10亿"
    assert rules.stage_points[1].points == ((None, Decimal(3)),)
    bonus = rules.bonuses[0]
    assert (bonus.label, bonus.stages, bonus.points, bonus.cap) == (
        "外资加分", frozenset({Stage.SIGNED}), Decimal(3), Decimal(6)
    )  # fmt: skip
    assert rules.bands[1].max_cny is None and rules.bands[0].max_cny == Decimal(1_000_000_000)
    assert (rules.cap_per_project, rules.cap_per_unit) == (Decimal(20), None)
    assert rules.valid_from_line == 2


def test_bands_are_half_open_in_yuan() -> None:
    low, high = load_rules(GOOD).bands
    assert low.contains(Decimal(100_000_000)) and not low.contains(Decimal(999_999_999) + 1)
    assert high.contains(Decimal(1_000_000_000)) and not low.contains(None)


def test_band_labels_match_whatever_dash_is_typed() -> None:
    rules = load_rules(GOOD.replace('{ "1亿–10亿" = 2', '{ "1亿-10亿" = 2'))
    assert rules.stage_points[0].points[0][0] == rules.bands[0]


def test_points_may_be_fractions_and_deductions_may_be_negative() -> None:
    text = GOOD + '\n[[bonuses]]\nkind = "场景招商"\nstages = ["签约"]\npoints = -0.5\n'
    rules = load_rules(text.replace("points = 3\n", "points = 0.5\n"))
    assert rules.stage_points[1].points == ((None, Decimal("0.5")),)
    assert rules.bonuses[1].points == Decimal("-0.5")


def test_new_bonus_kinds_are_allowed_through_extra_kinds() -> None:
    text = with_line(1, 'version = "t1"\nextra_kinds = ["专精特新"]')
    text += '\n[[bonuses]]\nkind = "专精特新"\nstages = ["投产"]\npoints = 1\n'
    assert load_rules(text).bonuses[1].kind == "专精特新"


@pytest.mark.parametrize(
    ("line", "replacement", "row", "column", "reason"),
    [
        (15, 'stage = "签定"', 15, "stage", "未知的事件“签定”，是否想写 签约？"),
        (15, 'stage = "签约"\nlable = "签约"', 16, "lable", "未知的键 lable，是否想写 label？"),
        (20, "points = -3", 20, "points", "points 不能为负数：-3"),
        (16, 'points = { "1亿–10亿" = -2 }', 16, "points", "1亿–10亿 的积分 不能为负数：-2"),
        (26, "cap = -6", 26, "cap", "cap 不能为负数：-6"),
        (29, "per_project = -1", 29, "per_project", "per_project 不能为负数：-1"),
        (29, "per_prject = 20", 29, "per_prject", "未知的键 per_prject，是否想写 per_project？"),
        (3, "valid_to = 2025-12-31", 3, "valid_to", "有效期止 2025-12-31 早于有效期起 2026-01-01"),
        (3, 'valid_to = "明年"', 3, "valid_to", "valid_to 应为日期，如 2026-01-01"),
        (12, "min_yi = 8", 12, "min_yi", "规模档次 10亿以上 与 1亿–10亿 重叠"),
        (8, "max_yi = 0.5", 8, "max_yi", "规模档次 1亿–10亿 的上限 0.5 不大于下限 1"),
        (16, 'points = { "1亿–20亿" = 2 }', 16, "points", "规模档次 1亿–20亿，是否想写 1亿–10亿"),
        (23, 'kind = "外咨"', 23, "kind", "未知的加分类别 外咨，是否想写 外资？"),
        (23, 'kind = "熊猫"', 23, "kind", "未知的加分类别 熊猫，新的类别请先写进 extra_kinds"),
        (24, 'stages = ["签约", "投厂"]', 24, "stages", "未知的事件“投厂”，是否想写 投产？"),
        (24, "stages = []", 24, "stages", "stages 应写成文字列表"),
        (25, 'points = "3"', 25, "points", "points 应为数字，不加引号"),
        (25, "points = -3", 26, "cap", "扣分项不能设封顶"),
        (19, 'stage = "SIGNED"', 19, "stage", "签约 的节点积分重复定义"),
        (1, "# no version", 1, "version", "缺少 version"),
        (2, "# no valid_from", 1, "valid_from", "缺少 valid_from"),
        (28, "[caps]\ncolour = 1", 29, "colour", "可用的键：per_project、per_unit"),
    ],
)
def test_it_rejects_a_mistake_naming_its_line(
    line: int, replacement: str, row: int, column: str, reason: str
) -> None:
    errors = errors_of(with_line(line, replacement))
    assert len(errors) == 1, errors
    assert (errors[0].row, errors[0].column) == (row, column)
    assert reason in errors[0].reason
    assert str(errors[0]).startswith(f"第 {row} 行")


@pytest.mark.parametrize(
    ("text", "row", "reason"),
    [
        (with_line(16, 'points = { "1亿–10亿" = 2 "10亿以上" = 5 }'), 16, "第 25 列"),
        (with_line(7, "min_yi = "), 7, "值的写法不对"),
        (with_line(11, "min_yi 10"), 11, "键后面缺少“=”"),
        (with_line(20, "points = 3 3"), 20, "一行只能写一项"),
        (with_line(15, "stage = 签约"), 15, "值的写法不对"),
    ],
)
def test_it_maps_toml_syntax_errors_to_their_line(text: str, row: int, reason: str) -> None:
    errors = errors_of(text)
    assert [error.row for error in errors] == [row]
    assert errors[0].reason.startswith("TOML 语法错误") and reason in errors[0].reason


def test_a_misspelt_key_is_named_with_the_key_it_resembles() -> None:
    errors = errors_of(with_line(16, 'poitns = { "1亿–10亿" = 2 }'))
    assert [(e.row, e.column, e.reason) for e in errors] == [
        (14, "points", "缺少 points (missing points)"),
        (16, "poitns", "未知的键 poitns，是否想写 points？ (unknown key)"),
    ]
    assert (
        str(errors[1]) == "第 16 行，“poitns”列：未知的键 poitns，是否想写 points？ (unknown key)"
    )


def test_it_reports_every_mistake_at_once_in_line_order() -> None:
    text = with_line(26, "cap = -6").replace('stage = "签约"', 'stage = "签定"')
    text = text.replace("valid_to = 2026-12-31", "valid_to = 2025-06-30")
    errors = errors_of(text)
    assert [(e.row, e.column) for e in errors] == [(3, "valid_to"), (15, "stage"), (26, "cap")]


def test_it_finds_the_line_of_a_key_in_the_third_table_of_a_kind() -> None:
    text = GOOD + '\n[[stage_points]]\nstage = "投产"\n\npoints = -1\n'
    assert [(e.row, e.column) for e in errors_of(text)] == [(34, "points")]


def test_it_finds_keys_written_in_a_sub_table_of_an_array_element() -> None:
    text = GOOD.replace(
        'points = { "1亿–10亿" = 2, "10亿以上" = 5 }',
        '[stage_points.points]\n"1亿–10亿" = 2\n"10亿以上" = -5',
    )
    assert [(e.row, e.column) for e in errors_of(text)] == [(16, "points")]


def test_a_multi_line_string_does_not_confuse_the_line_finder() -> None:
    text = 'title = """\npoints = 1\n"""\n' + with_line(20, "points = -3")
    assert [(e.row, e.column) for e in errors_of(text)] == [(23, "points")]


def test_a_bonus_label_must_not_repeat_a_stage_label() -> None:
    text = with_line(23, 'kind = "外资"\nlabel = "开工"')
    assert [(e.row, e.column) for e in errors_of(text)] == [(24, "label")]


def rules_valid(valid_from: str, valid_to: str, source: str) -> RuleSet:
    text = with_line(2, f"valid_from = {valid_from}")
    text = text.replace("valid_to = 2026-12-31", f"valid_to = {valid_to}")
    return load_rules(text, source=source)


def test_rule_sets_following_each_other_do_not_overlap() -> None:
    check_no_overlap(
        [
            rules_valid("2026-07-01", "2026-12-31", "2026b.toml"),
            rules_valid("2026-01-01", "2026-06-30", "2026a.toml"),
            rules_valid("2027-01-01", "2027-12-31", "2027.toml"),
        ]
    )


def test_it_rejects_rule_sets_whose_validity_overlaps_naming_the_later_file() -> None:
    with pytest.raises(Invalid, match="有效期重叠") as caught:
        check_no_overlap(
            [
                rules_valid("2026-01-01", "2026-12-31", "2026.toml"),
                rules_valid("2026-12-31", "2027-12-31", "2027.toml"),
            ]
        )
    (error,) = caught.value.errors
    assert (error.row, error.column) == (2, "valid_from")
    assert "2027.toml 的有效期 2026-12-31 至 2027-12-31 与 2026.toml" in error.reason


def test_it_names_every_rule_set_overlapping_a_longer_one() -> None:
    year = rules_valid("2026-01-01", "2026-12-31", "2026.toml")
    spring = rules_valid("2026-02-01", "2026-03-31", "spring.toml")
    summer = rules_valid("2026-06-01", "2026-07-31", "summer.toml")
    with pytest.raises(Invalid) as caught:
        check_no_overlap([summer, spring, year])
    assert [e.reason.split(" ")[0] for e in caught.value.errors] == ["spring.toml", "summer.toml"]


def test_the_rules_file_carries_the_warning_thresholds() -> None:
    from taizhang.race.engine.rules import load_rules

    base = 'version = "w.1"\nvalid_from = 2026-01-01\nvalid_to = 2026-12-31\n'
    rules = load_rules(base + "[warnings]\nnot_started_months = 4\nstale_days = 45\n")
    assert (rules.warnings.not_started_months, rules.warnings.stale_days) == (4, 45)
    assert rules.warnings.plan_grace_days == 0  # left out: the default


def test_a_fractional_warning_threshold_is_refused_naming_its_line() -> None:
    from taizhang.kernel.errors import Invalid
    from taizhang.race.engine.rules import load_rules

    base = 'version = "w.1"\nvalid_from = 2026-01-01\nvalid_to = 2026-12-31\n'
    with pytest.raises(Invalid) as caught:
        load_rules(base + "[warnings]\nstale_days = 4.5\n")
    assert (caught.value.errors[0].row, caught.value.errors[0].column) == (5, "stale_days")

"""Specs for explanations: every point of a result is a step of a rule, said in Chinese (as the
notices word it) or in English (with the scheme's `*_en` names, else its Chinese ones), stored as
JSON and read back to say the same; a sentence stored before steps existed still reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.explain import Step, say, step, step_json, step_of, steps_of
from taizhang.muju.engine.model import EnterpriseYear, Evaluation, SizeClass
from taizhang.muju.engine.schemefile import load_scheme

D = Decimal
AS_OF = date(2024, 12, 31)
SCHEME = """\
version = "测试-2024"
title = "测试办法"
title_en = "A test scheme"
valid_from = 2024-01-01
valid_to = 2024-12-31

[[categories]]
name = "规上"
name_en = "above designated size"
size = "规上"

[[indicators]]
category = "规上"
name = "亩均税收"
name_en = "tax per mu"
formula = "评价税收 / 用地面积"
unit = "万元/亩"
unit_en = "CNY 10k/mu"
weight = 60
normalise = "对标"
benchmark_times = 1
benchmark_of = "本年"
cap_times_weight = 1.5

[[indicators]]
category = "规上"
name = "单位能耗税收"
formula = "评价税收 / 综合能耗"
weight = 40
normalise = "对标"
benchmark = 2
missing = "平均分"

[[adjustments]]
name = "出租土地"
name_en = "land let to others"
points = -5
first = -10

[exclusions]
label = "不定等级"
label_en = "not graded"
treat_as = "B"
kinds = ["公用事业"]
kinds_en = ["public utility"]

[[grades]]
name = "A"
up_to = 0.5

[[grades]]
name = "B"

[ranking]
boundary = "向下取整"
"""


def firm(n: int, tax: int, **kwargs: object) -> EnterpriseYear:
    return EnterpriseYear(n, f"企业{n}", SizeClass.ABOVE, land_mu=D(10), tax=D(tax), **kwargs)  # type: ignore[arg-type]


def results() -> list[Evaluation]:
    firms = [
        firm(1, 900, energy_tce=D(100), adjustments={"出租土地": 2}),
        firm(2, 100),
        firm(3, 50, kinds=frozenset({"公用事业"})),
    ]
    return evaluate(firms, load_scheme(SCHEME), as_of=AS_OF)


def test_an_item_is_said_in_chinese_and_in_english() -> None:
    best = results()[0]
    assert best.items[0].explanation == (
        "亩均税收 = 评价税收 900 ÷ 用地面积 10 = 90 万元/亩；基准 = 1 × 本年平均 50 = 50；"
        "对标 90 ÷ 50 × 60，封顶 1.5 × 60 = 90 = 90 分"
    )
    assert best.items[0].explained("en") == (
        "Tax per mu = evaluated tax 900 ÷ land area 10 = 90 CNY 10k/mu; benchmark = 1 × this"
        " year's average 50 = 50; against the benchmark 90 ÷ 50 × 60, capped at 1.5 × 60 = 90"
        " = 90 points"
    )
    # no English name in the file: the Chinese name stands in the English sentence
    assert best.items[1].explained("en").startswith("单位能耗税收 = evaluated tax 900 ÷ energy")


def test_a_missing_figure_an_adjustment_and_the_grade_in_english() -> None:
    best, second, _ = results()
    assert second.items[1].explained("en") == (
        "单位能耗税收: no evaluated tax or energy use, the average of its category's"
        " enterprises = 180 points"
    )
    assert best.adjustments[0].explained("en") == (
        "Deduction for land let to others, counted 2: the first -10, the other 1 × -5 = -15 points"
    )
    assert best.grade_rule == "名次 1/2：1 ≤ 0.5 × 2 = 1（向下取整 1） → A"
    assert best.grade_rule_in("en") == "Rank 1/2: 1 ≤ 0.5 × 2 = 1 (floor 1) → A"
    assert second.grade_rule_in("en") == "Rank 2/2: 2 > 0.5 × 2 = 1 (floor 1), → B"
    assert (best.category_en, best.group_en) == ("above designated size",) * 2


def test_an_excluded_enterprise_says_why_and_how_it_is_managed() -> None:
    utility = results()[2]
    assert (utility.grade, utility.grade_in("en"), utility.grade_in("zh")) == (
        "不定等级", "not graded", "不定等级",
    )  # fmt: skip
    assert utility.explanation == "不参与排名：公用事业\n等级：不定等级，按 B 类管理"
    assert utility.explained("en") == "Not ranked: Public utility\nClass: not graded, managed as B"


def test_stored_steps_say_the_same_in_both_languages() -> None:
    for result in results():
        for item in result.items:
            stored = tuple(step_of(s) for s in step_json(item.steps))
            for language in ("zh", "en"):
                assert say(stored, language) == item.explained(language)
        grading = steps_of(step_json(result.grading))
        assert say(grading, "en") == result.grade_rule_in("en")


def test_a_sentence_stored_before_steps_reads_as_it_was() -> None:
    old = "亩均税收 = 评价税收 1500 ÷ 用地面积 50 = 30 万元/亩；对标 30 ÷ 24 × 30 = 37.5 分"
    steps = steps_of(None, old)
    assert steps == (Step("said", {"text": old}),)
    assert say(steps, "zh") == say(steps, "en") == old
    assert steps_of([], "") == ()


def test_numbers_are_written_when_said_points_to_two_places() -> None:
    said = say([step("ratio", value=D("1.234567"), benchmark=D(2), weight=D(30)),
                step("points", points=D("18.51851"))])  # fmt: skip
    assert said == "；对标 1.2346 ÷ 2 × 30 = 18.52 分"

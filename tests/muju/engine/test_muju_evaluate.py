"""Specs for evaluating enterprises: normalisations, caps, missing figures, adjustments,
exclusions, ranking groups and the rounding of the cut-offs' boundary ranks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.grading import last_rank
from taizhang.muju.engine.model import EnterpriseYear, SizeClass
from taizhang.muju.engine.scheme import Boundary, Scheme
from taizhang.muju.engine.schemefile import load_scheme

D = Decimal
AS_OF = date(2024, 3, 31)
HEAD = """\
version = "测试"
valid_from = 2024-01-01
valid_to = 2024-12-31
[[categories]]
name = "规上"
size = "规上"
[[categories]]
name = "规下"
size = "规下"
"""
GRADES = """
[[grades]]
name = "A"
up_to = 0.2
[[grades]]
name = "B"
up_to = 0.6
[[grades]]
name = "C"
up_to = 0.95
[[grades]]
name = "D"
[ranking]
boundary = "{boundary}"
"""


def indicator(category: str, weight: int, extra: str) -> str:
    return (
        f'[[indicators]]\ncategory = "{category}"\nname = "亩均税收"\n'
        f'formula = "评价税收 / 用地面积"\nweight = {weight}\n{extra}\n'
    )


def scheme(extra: str, *, boundary: str = "向下取整", tail: str = "") -> Scheme:
    below = indicator("规下", 100, 'normalise = "对标"\nbenchmark = 10')
    text = HEAD + indicator("规上", 100, extra) + below + GRADES.format(boundary=boundary)
    return load_scheme(text + tail)


def firm(n: int, tax: int | None, *, land: int = 10, **kwargs: object) -> EnterpriseYear:
    size = kwargs.pop("size", SizeClass.ABOVE)
    return EnterpriseYear(
        n,
        f"企业{n}",
        size,
        land_mu=D(land),
        tax=None if tax is None else D(tax),
        **kwargs,  # type: ignore[arg-type]
    )


def points(extra: str, taxes: list[int | None], **kwargs: object) -> list[Decimal | None]:
    firms = [firm(i, tax) for i, tax in enumerate(taxes, start=1)]
    return [r.score for r in evaluate(firms, scheme(extra, **kwargs), as_of=AS_OF)]  # type: ignore[arg-type]


def test_ratio_scores_value_over_benchmark_times_weight() -> None:
    assert points('normalise = "对标"\nbenchmark = 20', [300]) == [D("150.00")]


def test_a_cap_limits_an_item_to_a_multiple_of_its_weight() -> None:
    extra = 'normalise = "对标"\nbenchmark = 20\ncap_times_weight = 1.2'
    (result,) = evaluate([firm(1, 300)], scheme(extra), as_of=AS_OF)
    assert result.score == D("120.00")
    assert "封顶 1.2 × 100 = 120" in result.items[0].explanation


def test_inverse_scores_two_minus_the_ratio_and_never_below_zero() -> None:
    # 亩均 1, 2, 5 against a benchmark of 2: (2 − 0.5), (2 − 1), and 0 for ≥ twice the benchmark
    assert points('normalise = "逆向"\nbenchmark = 2', [10, 20, 50]) == [
        D("150.00"), D("100.00"), D("0.00"),
    ]  # fmt: skip


def test_best_as_benchmark_gives_the_best_full_marks() -> None:
    assert points('normalise = "最优对标"', [10, 40, 20]) == [D("25.00"), D("100.00"), D("50.00")]


def test_min_max_gives_the_lowest_the_floor_and_the_highest_the_weight() -> None:
    assert points('normalise = "最小最大"', [20, 60, 40]) == [D("20.00"), D("100.00"), D("60.00")]


def test_a_computed_benchmark_averages_this_years_category() -> None:
    # Σ tax / Σ land = 600 / 30 = 20 亩均; benchmark = 2 × 20 = 40
    extra = 'normalise = "对标"\nbenchmark_times = 2\nbenchmark_of = "本年"'
    assert points(extra, [100, 200, 300]) == [D("25.00"), D("50.00"), D("75.00")]


def test_a_missing_figure_scores_zero_or_the_categorys_average() -> None:
    assert points('normalise = "对标"\nbenchmark = 10', [100, None]) == [D("100.00"), D("0.00")]
    extra = 'normalise = "对标"\nbenchmark = 10\nmissing = "平均分"'
    firms = [firm(1, 100), firm(2, 200), firm(3, None)]
    results = evaluate(firms, scheme(extra), as_of=AS_OF)
    assert [r.score for r in results] == [D("100.00"), D("200.00"), D("150.00")]
    assert "按规上企业该项平均分计 = 150 分" in results[2].items[0].explanation


def test_bonuses_and_deductions_follow_first_free_and_cap() -> None:
    tail = """
[[adjustments]]
name = "规上出租给规下企业"
points = -5
free = 1
category = "规上"
[[adjustments]]
name = "规下出租给规下企业"
points = -5
first = -10
category = "规下"
[[adjustments]]
name = "高新技术企业"
points = 3
cap = 5
"""
    rules = scheme('normalise = "对标"\nbenchmark = 10', tail=tail)
    above = firm(1, 100, adjustments={"规上出租给规下企业": 3, "高新技术企业": 2})
    below = firm(2, 100, size=SizeClass.BELOW, adjustments={"规下出租给规下企业": 3})
    first, second = evaluate([above, below], rules, as_of=AS_OF)
    assert [p.points for p in first.adjustments] == [D(-10), D(5)]
    assert first.score == D("95.00")
    assert second.adjustments[0].explanation == (
        "减分·规下出租给规下企业 3 次：首次 -10，其余 2 × -5 = -20 分"
    )
    assert second.score == D("80.00")


def test_excluded_enterprises_are_labelled_and_left_out_of_the_spread() -> None:
    tail = (
        '[exclusions]\nlabel = "不定等级"\ntreat_as = "B"\nkinds = ["公用事业"]\n'
        "registered_years_under = 2\nland_supplied_years_under = 3\n"
    )
    rules = scheme('normalise = "最优对标"', tail=tail)
    firms = [
        firm(1, 100),
        firm(2, 900, kinds=frozenset({"公用事业"})),
        firm(3, 50, registered_on=date(2022, 4, 1)),
        firm(4, 50, registered_on=date(2022, 3, 31), land_supplied_on=date(2021, 3, 31)),
        firm(5, 50, land_supplied_on=date(2021, 4, 1)),
    ]
    results = evaluate(firms, rules, as_of=AS_OF)
    assert [r.excluded for r in results] == [
        "", "公用事业", "注册不满 2 年（2022-04-01）", "", "新供地出让不满 3 年（2021-04-01）",
    ]  # fmt: skip
    assert results[0].score == D("100.00")  # the utility's 900 is no benchmark
    assert (results[1].grade, results[1].treated_as, results[1].score) == ("不定等级", "B", None)
    assert results[1].rank is None and results[0].ranked == 2


@pytest.mark.parametrize(
    ("boundary", "cuts"),
    [
        (Boundary.FLOOR, (7, 22, 35)),
        (Boundary.CEIL, (8, 23, 36)),
        (Boundary.ROUND, (7, 22, 35)),
    ],
)
def test_the_boundary_rank_is_rounded_as_the_scheme_says(
    boundary: Boundary, cuts: tuple[int, int, int]
) -> None:
    assert tuple(last_rank(D(u), 37, boundary) for u in ("0.2", "0.6", "0.95")) == cuts
    assert last_rank(D("0.25"), 10, Boundary.ROUND) == 3  # 2.5 rounds half up
    assert last_rank(D("0.25"), 10, Boundary.FLOOR) == 2


def test_ceiling_moves_boundary_ranks_up_a_grade() -> None:
    firms = [firm(i, 1000 - i) for i in range(1, 38)]
    rules = scheme('normalise = "对标"\nbenchmark = 10', boundary="向上取整")
    grades = [r.grade for r in evaluate(firms, rules, as_of=AS_OF)]
    assert [grades.count(g) for g in "ABCD"] == [8, 15, 13, 1]


def test_equal_scores_share_a_rank_and_a_grade() -> None:
    firms = [firm(i, tax) for i, tax in enumerate([50, 50, 40, 30, 20], start=1)]
    results = evaluate(firms, scheme('normalise = "对标"\nbenchmark = 10'), as_of=AS_OF)
    assert [r.rank for r in results] == [1, 1, 3, 4, 5]
    # N = 5, 向下取整: A ≤ 1, B ≤ 3, C ≤ 4 (4.75), D the rest
    assert [r.grade for r in results] == ["A", "A", "B", "C", "D"]


def test_cut_offs_per_category_and_ranking_within_industry_groups() -> None:
    """Wenling 2022: 规下 B starts at 5%; each industry group is ranked on its own."""
    tail = """
[[grades]]
name = "A"
up_to = 0.05
category = "规下"
[[grades]]
name = "B"
up_to = 0.75
category = "规下"
[[grades]]
name = "C"
up_to = 0.95
category = "规下"
[[grades]]
name = "D"
category = "规下"
[[industry_groups]]
name = "机械"
codes = ["C33", "C34"]
[[industry_groups]]
name = "塑料"
codes = ["C29"]
"""
    rules = load_scheme(
        HEAD
        + indicator("规上", 100, 'normalise = "对标"\nbenchmark = 10')
        + indicator("规下", 100, 'normalise = "对标"\nbenchmark = 10')
        + GRADES.format(boundary="向上取整").replace(
            'boundary = "向上取整"', 'boundary = "向上取整"\nwithin_industry_groups = true'
        )
        + tail
    )
    assert rules.grades_of("规下")[0].up_to == D("0.05")
    assert rules.grades_of("规上")[0].up_to == D("0.2")
    machines = [firm(i, 100 - i, industry_code="C3311") for i in range(1, 6)]
    plastics = [firm(10 + i, 10 - i, industry_code="C2922") for i in range(1, 6)]
    small = [firm(20 + i, 100 - i, size=SizeClass.BELOW) for i in range(1, 21)]
    results = evaluate(machines + plastics + small, rules, as_of=AS_OF)
    assert [r.rank for r in results[:10]] == [1, 2, 3, 4, 5] * 2
    assert {r.group for r in results[:10]} == {"规上·机械", "规上·塑料"}
    assert results[10].group == "规下·其他行业"
    assert [r.grade for r in results[10:]].count("A") == 1  # ceil(0.05 × 20) = 1

"""The columnar scorer gives every enterprise the Decimal engine's score, grade and rank: on each
shipped scheme and on variants using every other feature of the engine, over generated
enterprises with ties at the cut-offs, missing and zero figures, excluded firms and scores that
fall exactly on a rounding tie."""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

import taizhang.muju
from taizhang.kernel.errors import Invalid
from taizhang.muju.engine.columnar import Unsupported, evaluate_table, scores_of, table_of
from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.model import EnterpriseYear, SizeClass
from taizhang.muju.engine.scheme import (
    Adjustment,
    BenchmarkBase,
    Boundary,
    Grade,
    Indicator,
    IndustryGroup,
    Missing,
    Normalisation,
    Scheme,
)
from taizhang.muju.engine.schemefile import load_scheme

SCHEMES = Path(taizhang.muju.__file__).parent / "schemes"
SHIPPED = sorted(path.name for path in SCHEMES.glob("*.toml"))
AS_OF = date(2025, 3, 31)
D = Decimal
INDUSTRIES = ("C3311", "C3412", "C2651", "C1711", "c3899", " C34 ", "D4411", "")
FIGURES = ("tax", "revenue", "value_added", "energy_tce", "electricity_kwh", "emissions_t",
           "water_t", "employees", "rnd")  # fmt: skip


def shipped(name: str) -> Scheme:
    return load_scheme((SCHEMES / name).read_text(encoding="utf-8"), source=name)


def _amount(rng: random.Random, low: float, high: float, places: int) -> Decimal | None:
    roll = rng.random()
    if roll < 0.08:
        return None
    if roll < 0.10:
        return D(0)
    return D(str(round(rng.uniform(low, high), places)))


def generated(seed: int, count: int, scheme: Scheme, *, first_id: int = 1) -> list[EnterpriseYear]:
    """Enterprises with every awkward case: copies of others (ties), missing and zero figures,
    land on a category's border, excluded kinds, recent registrations and land, adjustments."""
    rng = random.Random(seed)
    kinds = list(scheme.exclusions.kinds) or ["公用事业"]
    rules = [rule.name for rule in scheme.adjustments]
    firms: list[EnterpriseYear] = []
    for n in range(first_id, first_id + count):
        if firms and rng.random() < 0.12:  # an exact copy: equal scores, a tie in the ranking
            twin = rng.choice(firms)
            firms.append(replace(twin, enterprise_id=n, name=f"企业{n}"))
            continue
        land = rng.choice([D(3), D(2), D("2.99"), D(1)]) if rng.random() < 0.1 else None
        land = land or _amount(rng, 0.5, 300, rng.choice([0, 1, 2]))
        figures = {name: _amount(rng, 1, 5000, rng.choice([0, 2, 4])) for name in FIGURES}
        figures["electricity_kwh"] = _amount(rng, 1e5, 5e7, 0)
        roll = rng.random()
        registered = AS_OF - timedelta(days=rng.randint(100, 4000))
        firms.append(
            EnterpriseYear(
                n,
                f"企业{n}",
                rng.choice([SizeClass.ABOVE, SizeClass.ABOVE, SizeClass.BELOW]),
                land_mu=land,
                **figures,
                industry_code=rng.choice(INDUSTRIES),
                kinds=frozenset(
                    rng.sample(kinds, rng.randint(1, len(kinds)))
                    if roll < 0.04
                    else ["其他"]
                    if roll < 0.06
                    else []
                ),
                registered_on=registered if rng.random() < 0.9 else None,
                land_supplied_on=AS_OF - timedelta(days=rng.randint(30, 3000)),
                adjustments={r: rng.randint(0, 3) for r in rules if rng.random() < 0.3},
            )
        )
    return firms


def assert_same(
    firms: list[EnterpriseYear],
    scheme: Scheme,
    last_year: list[EnterpriseYear] | None = None,
    *,
    grades: int = 3,
) -> None:
    expected = evaluate(firms, scheme, as_of=AS_OF, last_year=last_year or ())
    result = evaluate_table(
        table_of(firms, scheme),
        scheme,
        as_of=AS_OF,
        last_year=table_of(last_year, scheme) if last_year else None,
    )
    scores = scores_of(result, scheme.total_places)
    rows = result.to_dicts()
    assert [row["enterprise_id"] for row in rows] == [f.enterprise_id for f in firms]
    for want, got in zip(expected, rows, strict=True):
        seen = (
            scores[want.enterprise_id], got["grade"], got["category"], got["rank"],
            got["ranked"], got["group"], got["excluded"], got["treated_as"],
        )  # fmt: skip
        wanted = (
            want.score, want.grade, want.category, want.rank, want.ranked, want.group,
            want.excluded, want.treated_as,
        )  # fmt: skip
        assert seen == wanted, f"enterprise {want.enterprise_id}"
        if want.score is not None:
            assert D(repr(got["score"])) == want.score
    graded = {r.grade for r in expected}
    assert len(graded) >= grades, graded  # the data reach several grades


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_scheme_scores_as_the_decimal_engine(name: str) -> None:
    scheme = shipped(name)
    last_year = generated(7, 300, scheme, first_id=10_001)
    assert_same(generated(11, 400, scheme), scheme, last_year)


def _with(scheme: Scheme, **changes: object) -> Scheme:
    indicators = tuple(replace(i, **changes) for i in scheme.indicators)
    return replace(scheme, indicators=indicators)


ADJUSTMENTS = (
    Adjustment("出租给规下企业", D(-5)),
    Adjustment("首次加分", D(3), first=D(10)),
    Adjustment("免计次数", D("-2.5"), free=1),
    Adjustment("有上限", D("4.2"), cap=D(10)),
    Adjustment("只对规下", D(-7), category="规下"),
)
INDUSTRY_GROUPS = (
    IndustryGroup("机械", ("C33", "C34")),
    IndustryGroup("化纤", ("C28", "C17")),
    IndustryGroup("电子", ("C26",)),
)


def variants() -> dict[str, Scheme]:
    huangyan, minmax = shipped("huangyan-2022.toml"), shipped("jingde-minmax-example.toml")
    capped = _with(huangyan, cap_times_weight=D("1.2"))
    inverse = replace(
        huangyan,
        indicators=tuple(
            replace(i, normalisation=Normalisation.INVERSE) if n % 2 else i
            for n, i in enumerate(huangyan.indicators)
        ),
    )
    this_year = _with(
        shipped("huaian-2024.toml"), benchmark_of=BenchmarkBase.THIS_YEAR, benchmark_times=D(1)
    )
    return {
        "caps": capped,
        "inverse": inverse,
        "best as benchmark": _with(minmax, normalisation=Normalisation.MAX),
        "min–max floor 0.1, missing as average": _with(
            minmax, floor=D("0.1"), missing=Missing.AVERAGE
        ),
        "adjustments": replace(huangyan, adjustments=ADJUSTMENTS),
        "industry groups, ceiling": replace(
            huangyan,
            industry_groups=INDUSTRY_GROUPS,
            rank_within_industry_groups=True,
            boundary=Boundary.CEIL,
        ),
        "per-category cut-offs, round half up": replace(
            capped,
            boundary=Boundary.ROUND,
            grades=(
                Grade("A", D("0.3"), "规下"),
                Grade("C", D("0.9"), "规下"),
                Grade("D", None, "规下"),
                *huangyan.grades,
            ),
        ),
        "item places, total in whole points": replace(
            _with(huangyan, missing=Missing.AVERAGE, cap_times_weight=D("1.5")),
            item_places=2,
            total_places=0,
            adjustments=ADJUSTMENTS,
        ),
        "one place, exclusions by registration and land": replace(
            this_year,
            total_places=1,
            exclusions=replace(this_year.exclusions, treat_as="B", land_supplied_years_under=3),
        ),
    }


@pytest.mark.parametrize("name", list(variants()))
def test_every_feature_scores_as_the_decimal_engine(name: str) -> None:
    scheme = variants()[name]
    last_year = generated(5, 300, scheme, first_id=10_001)
    assert_same(generated(3, 500, scheme), scheme, last_year)


def _tie_scheme(extra: str = "") -> Scheme:
    return load_scheme(
        'version = "测试"\nvalid_from = 2024-01-01\nvalid_to = 2024-12-31\n'
        '[[categories]]\nname = "全部"\n'
        '[[indicators]]\ncategory = "全部"\nname = "亩均税收"\nformula = "评价税收 / 用地面积"\n'
        f'weight = 100\nnormalise = "对标"\nbenchmark = 10\n{extra}'
        '[[grades]]\nname = "A"\nup_to = 0.5\n[[grades]]\nname = "B"\n'
        '[ranking]\nboundary = "向下取整"\n'
    )


def test_a_score_exactly_on_a_rounding_tie_rounds_half_up_as_decimals_do() -> None:
    # 12.345 is 12.3449999… as a float: the float alone would round it down to 12.34
    taxes = ["1.2345", "2.0005", "0.0125", "3.3335", "1.1115", "7"]
    firms = [
        EnterpriseYear(n, f"企业{n}", SizeClass.ABOVE, land_mu=D(1), tax=D(tax))
        for n, tax in enumerate(taxes, start=1)
    ]
    scheme = _tie_scheme()
    scores = scores_of(evaluate_table(table_of(firms), scheme, as_of=AS_OF), 2)
    assert [scores[f.enterprise_id] for f in firms] == [
        D("12.35"), D("20.01"), D("0.13"), D("33.34"), D("11.12"), D("70.00"),
    ]  # fmt: skip
    assert_same(firms + generated(1, 60, scheme, first_id=100), scheme, grades=2)


def test_a_cap_reached_exactly_and_an_item_tie_agree_with_the_engine() -> None:
    scheme = replace(_tie_scheme("cap_times_weight = 1.2\n"), item_places=1)
    taxes = ["12", "11.99", "12.01", "0.125", "1.25", "3.335"]
    firms = [
        EnterpriseYear(n, f"企业{n}", SizeClass.BELOW, land_mu=D("1"), tax=D(tax))
        for n, tax in enumerate(taxes, start=1)
    ]
    assert_same(firms + generated(2, 60, scheme, first_id=100), scheme, grades=2)


def test_a_figure_a_float_cannot_hold_exactly_is_refused() -> None:
    firm = EnterpriseYear(1, "甲", SizeClass.ABOVE, land_mu=D("1.234567890123456789"))
    with pytest.raises(Unsupported, match="15 位有效数字"):
        table_of([firm])


def test_a_normalisation_the_columnar_scorer_does_not_know_is_refused() -> None:
    scheme = _tie_scheme()
    strange = replace(scheme.indicators[0], normalisation="分段")
    with pytest.raises(Unsupported, match="分段"):
        evaluate_table(table_of([]), replace(scheme, indicators=(strange,)), as_of=AS_OF)


def test_a_table_with_a_repeated_enterprise_is_refused() -> None:
    firm = EnterpriseYear(1, "甲", SizeClass.ABOVE, land_mu=D(1), tax=D(1))
    with pytest.raises(Invalid, match="重复"):
        evaluate_table(table_of([firm, firm]), _tie_scheme(), as_of=AS_OF)


def test_a_benchmark_of_last_year_without_last_year_is_refused_as_by_the_engine() -> None:
    scheme = shipped("huaian-2024.toml")
    firms = generated(4, 20, scheme)
    with pytest.raises(Invalid, match="上年没有可用数据"):
        evaluate(firms, scheme, as_of=AS_OF)
    with pytest.raises(Invalid, match="上年没有可用数据"):
        evaluate_table(table_of(firms, scheme), scheme, as_of=AS_OF)


def test_an_empty_table_gives_an_empty_result() -> None:
    result = evaluate_table(table_of([]), shipped("huangyan-2022.toml"), as_of=AS_OF)
    assert result.height == 0
    assert "grade" in result.columns


def test_a_computed_benchmark_over_figures_of_many_places_is_summed_exactly() -> None:
    scheme = _with(
        shipped("huaian-2024.toml"), benchmark_of=BenchmarkBase.THIS_YEAR, benchmark_times=D(2)
    )
    rng = random.Random(9)
    firms = [
        EnterpriseYear(
            n,
            f"企业{n}",
            SizeClass.ABOVE,
            land_mu=D(str(round(rng.uniform(1, 90), 9))),
            tax=D(str(round(rng.uniform(0, 900), 8))),
            revenue=D(rng.randint(1, 99_999)),
            energy_tce=D(str(round(rng.uniform(0.001, 50), 7))),
        )
        for n in range(1, 200)
    ]
    assert_same(firms, scheme)


def test_an_average_for_missing_figures_on_an_item_tie_rounds_as_the_engine() -> None:
    # items 12.0 and 12.5: their average 12.25 becomes 12.3 for the firm without a figure
    scheme = replace(_with(_tie_scheme(), missing=Missing.AVERAGE), item_places=1)
    firms = [
        EnterpriseYear(1, "甲", SizeClass.ABOVE, land_mu=D(1), tax=D("1.2")),
        EnterpriseYear(2, "乙", SizeClass.ABOVE, land_mu=D(1), tax=D("1.25")),
        EnterpriseYear(3, "丙", SizeClass.ABOVE, land_mu=D(1)),
    ]
    result = evaluate_table(table_of(firms), scheme, as_of=AS_OF)
    assert scores_of(result, 2)[3] == D("12.30")
    assert_same(firms, scheme, grades=2)


def test_nan_in_a_table_means_not_reported() -> None:
    firms = [
        EnterpriseYear(1, "甲", SizeClass.ABOVE, land_mu=D(1), tax=D(3)),
        EnterpriseYear(2, "乙", SizeClass.ABOVE, land_mu=D(1)),
    ]
    table = table_of(firms).with_columns(tax=pl.Series([3.0, float("nan")]))
    result = evaluate_table(table, _tie_scheme(), as_of=AS_OF)
    assert scores_of(result, 2) == {1: D("30.00"), 2: D("0.00")}


def _nice(rng: random.Random, n: int) -> EnterpriseYear:
    """Figures of few digits over round benchmarks: many totals fall exactly on x.xx5."""

    def figure() -> Decimal | None:
        return None if rng.random() < 0.1 else D(rng.randint(0, 4000)) / rng.choice([8, 16, 40])

    return EnterpriseYear(
        n, f"企业{n}", rng.choice(list(SizeClass)), land_mu=D(rng.choice([1, 2, 4, 5, 8])),
        tax=figure(), revenue=figure(), value_added=figure(), energy_tce=figure(),
        emissions_t=figure(), employees=figure(), rnd=figure(), electricity_kwh=figure(),
        adjustments={"加分": rng.randint(0, 2)},
    )  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_many_exact_ties_still_score_as_the_decimal_engine(seed: int) -> None:
    if seed < 3:  # ratios to a round benchmark
        base = _with(shipped("huangyan-2022.toml"), benchmark=D(8))
    else:  # min–max, and best as benchmark
        base = shipped("jingde-minmax-example.toml")
        if seed == 5:
            base = _with(base, normalisation=Normalisation.MAX)
    scheme = replace(
        _with(base, missing=Missing.AVERAGE, cap_times_weight=D("1.25")),
        adjustments=(Adjustment("加分", D("0.125"), first=D("0.375")),),
        item_places=(None, 2, 1)[seed % 3],
        total_places=(2, 1)[seed % 2],
        boundary=(Boundary.FLOOR, Boundary.CEIL, Boundary.ROUND)[seed % 3],
    )
    rng = random.Random(seed)
    firms = [_nice(rng, n) for n in range(1, 301)]
    firms += [replace(f, enterprise_id=f.enterprise_id + 1000) for f in firms[:40]]
    assert_same(firms, scheme)


@dataclass(frozen=True)
class _PiecewiseIndicator(Indicator):
    """An indicator as a later engine might have it: a field this scorer has never seen."""

    steps: tuple[Decimal, ...] = ()


def test_a_scheme_field_the_columnar_scorer_does_not_know_is_refused() -> None:
    scheme = _tie_scheme()
    plain = scheme.indicators[0]
    unused = _PiecewiseIndicator(**{f.name: getattr(plain, f.name) for f in fields(plain)})
    evaluate_table(table_of([]), replace(scheme, indicators=(unused,)), as_of=AS_OF)  # default
    used = replace(unused, steps=(D(1), D(2)))
    with pytest.raises(Unsupported, match="steps"):
        evaluate_table(table_of([]), replace(scheme, indicators=(used,)), as_of=AS_OF)

"""Each condition kind judged met, not met and unknown (naming what is missing), with the
figure, the threshold and the source of what it read; and the DOMAIN §6 example."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from taizhang.policies.engine.conditions import (
    AboveScale,
    Condition,
    Context,
    FigureBound,
    HeldWords,
    Industry,
    MujuClass,
    NoIncident,
    Registered,
    RegistrationAge,
    RndRatio,
    RndStaffShare,
    SalesGrowth,
    Size,
    SizeClasses,
    sales_growth,
    size_class,
)
from taizhang.policies.engine.model import Field, Figure, Missing, Place, Profile, Status

CONTEXT = Context(2024, date(2024, 12, 31))
STATS = "区统计局2024年工业企业主要指标.xlsx 第 7 行"


def firm(**yearly: object) -> Profile:
    """A firm from keyword figures: revenue_2024=4600, registered=date(…), place=Place(…)."""
    standing = {}
    place = yearly.pop("place", Place())
    if "registered" in yearly:
        standing[Field.REGISTERED_ON] = Figure(yearly.pop("registered"), source="市场监管局")
    if "industry" in yearly:
        standing[Field.INDUSTRY] = Figure(yearly.pop("industry"))
    facts = {}
    for key, value in yearly.items():
        name, year = key.rsplit("_", 1)
        if isinstance(value, int | float):
            value = D(str(value))
        if isinstance(value, set):
            value = frozenset(value)
        facts[Field(name), int(year)] = Figure(value, int(year), STATS, 11)  # type: ignore[arg-type]
    return Profile(1, "甲公司", place=place, standing=standing, yearly=facts)


DOMAIN_EXAMPLE = {
    "revenue_2022": 3000, "revenue_2023": 4000, "revenue_2024": 4600,
    "rnd_2022": 160, "rnd_2023": 190, "rnd_2024": 230,
}  # fmt: skip

CASES: list[tuple[str, Condition, dict[str, object], Status]] = [
    ("age met", RegistrationAge(1), {"registered": date(2023, 12, 31)}, Status.MET),
    ("age one day short", RegistrationAge(1), {"registered": date(2024, 1, 1)}, Status.NOT_MET),
    ("age under max", RegistrationAge(0, 2), {"registered": date(2023, 6, 1)}, Status.MET),
    ("age unknown", RegistrationAge(1), {}, Status.UNKNOWN),
    ("place in unit", Registered(units=("330402-GXQ",)),
     {"place": Place(("330402009", "330402-GXQ", "330402"), "七星街道")}, Status.MET),
    ("place elsewhere", Registered(units=("330402-XJD",)),
     {"place": Place(("330402101", "330402"), "凤桥镇")}, Status.NOT_MET),
    ("place by region", Registered(regions=("3304",)), {"place": Place((), "", "330402")},
     Status.MET),
    ("place unknown", Registered(units=("330402-GXQ",)), {}, Status.UNKNOWN),
    ("above", AboveScale(), {"size_2024": "ABOVE"}, Status.MET),
    ("below", AboveScale(), {"size_2024": "BELOW"}, Status.NOT_MET),
    ("size unknown", AboveScale(), {}, Status.UNKNOWN),
    ("medium", SizeClasses((Size.MEDIUM,)), {"employees_2024": 300, "revenue_2024": 2000},
     Status.MET),
    ("small for lack of revenue", SizeClasses((Size.MEDIUM,)),
     {"employees_2024": 500, "revenue_2024": 1999}, Status.NOT_MET),
    ("micro from one figure", SizeClasses((Size.MICRO,)), {"employees_2024": 12}, Status.MET),
    ("size class unknown", SizeClasses((Size.SMALL,)), {"employees_2024": 50}, Status.UNKNOWN),
    ("industry prefix", Industry(("C38",)), {"industry": "C3841"}, Status.MET),
    ("industry digits", Industry(("39",)), {"industry": "C3841"}, Status.NOT_MET),
    ("industry unknown", Industry(("C",)), {}, Status.UNKNOWN),
    ("class A", MujuClass(("A",)), {"muju_class_2024": "A"}, Status.MET),
    ("class C", MujuClass(("A", "B")), {"muju_class_2024": "C"}, Status.NOT_MET),
    ("class unknown", MujuClass(("A",)), {"muju_class_2023": "A"}, Status.UNKNOWN),
    ("title held", HeldWords(Field.TAGS, any_of=("高新技术企业",)),
     {"tags_2024": {"高新技术企业", "专精特新中小企业"}}, Status.MET),
    ("first time, held before", HeldWords(Field.TAGS, none_of=("高新技术企业",)),
     {"tags_2024": {"高新技术企业"}}, Status.NOT_MET),
    ("stated: none held", HeldWords(Field.TAGS, any_of=("专精特新小巨人",)), {"tags_2024": set()},
     Status.NOT_MET),
    ("titles unknown", HeldWords(Field.TAGS, any_of=("隐形冠军",)), {}, Status.UNKNOWN),
    ("qualification", HeldWords(Field.QUALIFICATIONS, all_of=("市级企业研发中心",)),
     {"qualifications_2024": {"市级企业研发中心"}}, Status.MET),
    ("qualification missing", HeldWords(Field.QUALIFICATIONS, any_of=("绿色工厂",)),
     {"qualifications_2024": {"数字化车间"}}, Status.NOT_MET),
    ("qualifications unknown", HeldWords(Field.QUALIFICATIONS, any_of=("绿色工厂",)), {},
     Status.UNKNOWN),
    ("R&D ratio: DOMAIN §6 example", RndRatio(), DOMAIN_EXAMPLE, Status.MET),
    ("R&D ratio one 万元 short", RndRatio(), DOMAIN_EXAMPLE | {"rnd_2024": 229}, Status.NOT_MET),
    ("R&D ratio: the 4 % band above 5000万", RndRatio(),
     {**DOMAIN_EXAMPLE, "revenue_2024": 5001, "rnd_2024": 215}, Status.MET),
    ("R&D ratio unknown", RndRatio(), {k: v for k, v in DOMAIN_EXAMPLE.items() if k != "rnd_2022"},
     Status.UNKNOWN),
    ("R&D staff share", RndStaffShare(D("0.1")), {"rnd_staff_2024": 10, "employees_2024": 100},
     Status.MET),
    ("R&D staff short", RndStaffShare(D("0.1")), {"rnd_staff_2024": 9, "employees_2024": 100},
     Status.NOT_MET),
    ("R&D staff unknown", RndStaffShare(D("0.1")), {"employees_2024": 100}, Status.UNKNOWN),
    ("growth 24.2 % ≥ 20 %", SalesGrowth(D("0.2")), DOMAIN_EXAMPLE, Status.MET),
    ("growth 24.2 % < 25 %", SalesGrowth(D("0.25")), DOMAIN_EXAMPLE, Status.NOT_MET),
    ("growth unknown", SalesGrowth(D("0.1")), {"revenue_2024": 4600}, Status.UNKNOWN),
    ("no incident", NoIncident(), {"incidents_2024": 0}, Status.MET),
    ("an incident", NoIncident(), {"incidents_2024": 1}, Status.NOT_MET),
    ("incidents unknown", NoIncident(), {}, Status.UNKNOWN),
    ("tax at least", FigureBound(Field.TAX, at_least=D(50)), {"tax_2024": 50}, Status.MET),
    ("tax below", FigureBound(Field.TAX, at_least=D(50)), {"tax_2024": 49.9}, Status.NOT_MET),
    ("tax unknown", FigureBound(Field.TAX, at_least=D(50)), {}, Status.UNKNOWN),
]  # fmt: skip


@pytest.mark.parametrize(("condition", "figures", "status"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_each_condition_kind_is_met_not_met_or_unknown(
    condition: Condition, figures: dict[str, object], status: Status
) -> None:
    outcome = condition.judge(firm(**dict(figures)), CONTEXT)
    assert outcome.status is status
    assert outcome.threshold.zh and outcome.condition.en
    if status is Status.UNKNOWN:
        assert outcome.missing, "an unknown names what is missing"
    else:
        assert outcome.missing == () and outcome.figure.zh != "缺数据"


def test_the_domain_example_passes_at_5_percent_with_its_figures_and_sources() -> None:
    outcome = RndRatio().judge(firm(**DOMAIN_EXAMPLE), CONTEXT)
    assert outcome.status is Status.MET
    assert outcome.figure.zh == "580 ÷ 11600 = 5.00%"
    assert outcome.threshold.zh == "≥ 5%"
    assert {(u.field, u.year, u.value) for u in outcome.used} >= {(Field.RND, 2022, "160")}
    assert all(u.source == STATS and u.event_id == 11 for u in outcome.used)


def test_sales_growth_of_the_domain_example_is_24_2_percent() -> None:
    growth = sales_growth(D(3000), D(4000), D(4600))
    assert growth.quantize(D("0.001")) == D("0.242")
    outcome = SalesGrowth(D("0.2")).judge(firm(**DOMAIN_EXAMPLE), CONTEXT)
    assert outcome.figure.zh.endswith("= 24.2%")


def test_an_unknown_ratio_names_each_missing_year_and_figure() -> None:
    outcome = RndRatio().judge(firm(revenue_2024=4600, rnd_2024=230), CONTEXT)
    assert set(outcome.missing) == {
        Missing(Field.RND, 2022), Missing(Field.RND, 2023),
        Missing(Field.REVENUE, 2022), Missing(Field.REVENUE, 2023),
    }  # fmt: skip
    assert Missing(Field.RND, 2022).said().zh == "2022 年R&D经费支出"


def test_size_classes_follow_the_statistics_rules() -> None:
    assert size_class(D(1000), D(40000)) is Size.LARGE
    assert size_class(D(1000), D(39999)) is Size.MEDIUM  # drops a class for one bound
    assert size_class(D(19), None) is Size.MICRO  # micro needs one figure only
    assert size_class(D(25), D(350)) is Size.SMALL
    assert size_class(None, D(350)) is None

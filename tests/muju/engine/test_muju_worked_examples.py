"""DOMAIN.md §1.7's worked examples, computed through the shipped scheme files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import taizhang.muju
from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.model import EnterpriseYear, Evaluation, SizeClass
from taizhang.muju.engine.scheme import Scheme
from taizhang.muju.engine.schemefile import load_scheme

SCHEMES = Path(taizhang.muju.__file__).parent / "schemes"
AS_OF = date(2023, 3, 31)
D = Decimal


def shipped(name: str) -> Scheme:
    return load_scheme((SCHEMES / name).read_text(encoding="utf-8"), source=name)


def one(firm: EnterpriseYear, scheme: Scheme, **kwargs: object) -> Evaluation:
    (result,) = evaluate([firm], scheme, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]
    return result


def test_every_shipped_scheme_reads_without_errors() -> None:
    names = sorted(path.name for path in SCHEMES.glob("*.toml"))
    assert len(names) >= 2
    for name in names:
        assert shipped(name).indicators


def test_huangyan_2022_above_size_scores_106_32() -> None:
    firm = EnterpriseYear(
        1, "规上甲", SizeClass.ABOVE, land_mu=D(50), tax=D(1500), value_added=D(6000),
        energy_tce=D(2000), emissions_t=D("1.5"), employees=D(300), rnd=D(1200), revenue=D(40000),
    )  # fmt: skip
    result = one(firm, shipped("huangyan-2022.toml"))
    assert result.score == D("106.32")
    shown = [round(item.points, 2) for item in result.items]
    assert shown == [D("37.35"), D("17.63"), D("22.27"), D("8.11"), D("11.03"), D("9.93")]
    assert result.items[0].explanation == (
        "亩均税收 = 评价税收 1500 ÷ 用地面积 50 = 30 万元/亩；对标 30 ÷ 24.097 × 30 = 37.35 分"
    )


def test_huangyan_2022_below_size_scores_115_53() -> None:
    firm = EnterpriseYear(
        2, "规下乙", SizeClass.BELOW, land_mu=D(20), tax=D(240), electricity_kwh=D(8_000_000)
    )
    result = one(firm, shipped("huangyan-2022.toml"))
    assert result.category == "规下"
    assert result.score == D("115.53")
    assert "评价税收 240 ÷ 用电量 8000000 × 10000 = 0.3 元/度" in result.items[1].explanation


def test_linhai_scores_102() -> None:
    # tax 18 万/亩, sales 360 万/亩, 2.4 万/tce, 400 万/t COD, 0.12 万/t water, 12 万/人 on 10 亩
    firm = EnterpriseYear(
        3, "临海丙", SizeClass.ABOVE, land_mu=D(10), tax=D(180), revenue=D(3600),
        value_added=D(2400), energy_tce=D(1000), emissions_t=D(6), water_t=D(20000),
        employees=D(200),
    )  # fmt: skip
    result = one(firm, shipped("linhai-2016.toml"))
    assert [item.points for item in result.items] == [48, 12, 16, 12, 6, 8]
    assert result.score == D("102.00")


def test_jingde_min_max_scores_22_93() -> None:
    # 亩均税收 2, 30 and 62 万元/亩 among the 规下 firms; the weight in the example is 40
    text = (SCHEMES / "jingde-minmax-example.toml").read_text(encoding="utf-8")
    text = text.replace("weight = 100", "weight = 40").replace(
        'category = "规下"\nname = "亩均税收"',
        'category = "规下"\nname = "亩均税收"\nfloor = 0.2',
    )
    text += '\n[[indicators]]\ncategory = "规下"\nname = "亩均销售收入"\nformula = "销售收入 / 用地面积"\nweight = 60\nnormalise = "最小最大"\n'  # noqa: E501
    scheme = load_scheme(text)
    firms = [
        EnterpriseYear(i, f"规下{i}", SizeClass.BELOW, land_mu=D(1), tax=D(tax), revenue=D(1))
        for i, tax in enumerate((2, 30, 62), start=1)
    ]
    middle = evaluate(firms, scheme, as_of=AS_OF)[1]
    assert round(middle.items[0].points, 2) == D("22.93")
    assert "40 × [0.2 + 0.8 × (30 − 最小 2) ÷ (最大 62 − 最小 2)]" in middle.items[0].explanation


def test_huaian_cut_offs_for_37_firms() -> None:
    scheme = shipped("huaian-2024.toml")
    firms = [
        EnterpriseYear(i, f"企业{i}", SizeClass.ABOVE, land_mu=D(10), tax=D(1000 - i * 10),
                       revenue=D(5000), energy_tce=D(100))
        for i in range(1, 38)
    ]  # fmt: skip
    last_year = [
        EnterpriseYear(0, "上年", SizeClass.ABOVE, D(100), D(1000), D(20000), energy_tce=D(500))
    ]
    results = evaluate(firms, scheme, as_of=date(2024, 3, 31), last_year=last_year)
    grades = {r.rank: r.grade for r in results}
    assert [grades[rank] for rank in (1, 7, 8, 22, 23, 35, 36, 37)] == list("AABBCCDD")
    assert [r.grade for r in results].count("B") == 15
    assert results[6].grade_rule == "名次 7/37：7 ≤ 0.2 × 37 = 7.4（向下取整 7） → A"
    assert "基准 = 2 × 上年平均 10 = 20" in results[0].items[0].explanation

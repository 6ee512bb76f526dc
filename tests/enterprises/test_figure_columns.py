"""Reading the bureaus' headers and cells (pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from taizhang.enterprises.figure_columns import (
    Column,
    column_of,
    read_figure,
    read_size,
    read_text,
)
from taizhang.enterprises.ledger import FactField, SizeClass


@pytest.mark.parametrize(
    ("header", "key", "factor"),
    [
        ("纳税人名称", "name", Decimal(1)),
        ("统一社会信用代码", "credit_code", Decimal(1)),
        ("用电户号", "account", Decimal(1)),
        ("实缴税金（元）", FactField.TAX, Decimal("0.0001")),
        ("税收 (万元)", FactField.TAX, Decimal(1)),
        ("营业收入\n（千元）", FactField.REVENUE, Decimal("0.1")),
        ("综合能耗(吨标准煤)", FactField.ENERGY_TCE, Decimal(1)),
        ("用电量（万千瓦时）", FactField.ELECTRICITY_KWH, Decimal(10000)),
        ("用电量(kWh)", FactField.ELECTRICITY_KWH, Decimal(1)),
        ("从业人员平均人数", FactField.EMPLOYEES, Decimal(1)),
        ("R&D经费支出（万元）", FactField.RND, Decimal(1)),
        ("用地面积（平方米）", FactField.LAND_MU, Decimal("0.0015")),
    ],
)
def test_headers_and_their_units(header: str, key: object, factor: Decimal) -> None:
    column = column_of(header)
    assert isinstance(column, Column)
    assert (column.key, column.factor) == (key, factor)


def test_an_unknown_unit_or_header() -> None:
    assert "单位“桶”无法识别" in str(column_of("综合能耗（桶）"))
    assert column_of("备注") is None


def test_cells() -> None:
    tax = Column(FactField.TAX, "税收（元）", Decimal("0.0001"))
    land = Column(FactField.LAND_MU, "用地面积")
    assert read_figure("1,234,500", tax) == Decimal("123.45")
    assert read_figure("-", tax) is None
    assert read_figure(Decimal(-20000), tax) == Decimal(-2)  # a refund year
    with pytest.raises(ValueError, match="不能为负数"):
        read_figure(Decimal(-1), land)
    with pytest.raises(ValueError, match="不是数字"):
        read_figure("约十亩", land)
    assert (read_size("规上"), read_size("否"), read_size("")) == (
        SizeClass.ABOVE,
        SizeClass.BELOW,
        None,
    )
    assert read_text(Decimal("3300012345")) == "3300012345"

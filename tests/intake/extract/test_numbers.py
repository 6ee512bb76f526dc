"""Amounts, percentages and capacities as Chinese reports write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from taizhang.intake.extract.numbers import (
    find_amounts,
    find_capacity_items,
    find_percents,
    parse_amount,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "amount", "currency", "qualifier"),
    [
        ("110亿元", "11000000000", "CNY", None),
        ("约16亿元", "1600000000", "CNY", "约"),
        ("超百亿元", "10000000000", "CNY", "超"),
        ("超过5亿元", "500000000", "CNY", "超"),
        ("近千亿元", "100000000000", "CNY", "近"),
        ("逾2.6亿欧元", "260000000", "EUR", "逾"),
        ("1.2万亿元", "1200000000000", "CNY", None),
        ("3000万美元", "30000000", "USD", None),
        ("5亿欧元", "500000000", "EUR", None),
        ("两千万元", "20000000", "CNY", None),
        ("64万元", "640000", "CNY", None),
        ("10余亿元", "1000000000", "CNY", "逾"),
        ("100多亿元", "10000000000", "CNY", "超"),
        ("50亿", "5000000000", "CNY", None),
        ("不低于30亿元", "3000000000", "CNY", "不低于"),
        ("1,500万元", "15000000", "CNY", None),
    ],
)
def test_it_reads_amounts_with_their_qualifier(
    text: str, amount: str, currency: str, qualifier: str | None
) -> None:
    parsed = parse_amount(text)
    assert parsed is not None
    assert parsed.amount == Decimal(amount)
    assert parsed.currency == currency
    assert parsed.qualifier == qualifier


@pytest.mark.parametrize("text", ["数亿元", "亿元以上", "20万吨", "几十亿元"])
def test_it_refuses_what_is_no_amount(text: str) -> None:
    assert all(a.amount.amount != Decimal(10) for a in find_amounts(text))
    assert parse_amount(text) is None


def test_it_finds_amounts_with_their_offsets() -> None:
    text = "甲项目总投资8亿元,乙项目投资3000万美元。"
    found = find_amounts(text)
    assert [text[a.start : a.end] for a in found] == ["8亿元", "3000万美元"]


def test_it_marks_both_ends_of_a_range() -> None:
    found = find_amounts("年营收预计150亿至200亿元之间")
    assert [a.is_range for a in found] == [True, True]


@pytest.mark.parametrize(
    ("text", "value"),
    [("16", "16"), ("20.87", "20.87"), ("两千", "2000"), ("百", "100"), ("十五", "15")],
)
def test_it_reads_arabic_and_chinese_numbers(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


def test_it_finds_percentages() -> None:
    assert [v for _, _, v in find_percents("同比增长7.1%,占比55.56%")] == [
        Decimal("7.1"),
        Decimal("55.56"),
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("60GWh", "60", "GWh"),
        ("20.87万吨", "20.87", "万吨"),
        ("72万片", "72", "万片"),
        ("65条", "65", "条"),
        ("300万套", "300", "万套"),
        ("6亿安时", "6", "亿安时"),
    ],
)
def test_it_reads_capacity_items_as_written(text: str, value: str, unit: str) -> None:
    (item,) = find_capacity_items(text, 0, len(text))
    assert (item.value, item.unit) == (Decimal(value), unit)

from __future__ import annotations

from decimal import Decimal

import pytest

from taizhang.kernel.money import (
    Money,
    amount_in_unit,
    format_money,
    money_unit,
    parse_money,
    plain_number,
)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("110亿元", Decimal("11000000000"), "CNY"),
        ("1.6亿", Decimal("160000000"), "CNY"),
        ("5000万元", Decimal("50000000"), "CNY"),
        ("3000万美元", Decimal("30000000"), "USD"),
        ("２０万元", Decimal("200000"), "CNY"),
        ("1,250万元", Decimal("12500000"), "CNY"),
        ("800", Decimal("800"), "CNY"),
        ("120亿", Decimal("12000000000"), "CNY"),
        ("5000万", Decimal("50000000"), "CNY"),
        ("3.5亿元", Decimal("350000000"), "CNY"),
        ("1.2万亿", Decimal("1200000000000"), "CNY"),
        ("800万元", Decimal("8000000"), "CNY"),
        ("5千万", Decimal("50000000"), "CNY"),
        ("3百万美元", Decimal("3000000"), "USD"),
        ("2亿欧元", Decimal("200000000"), "EUR"),
        ("1.5亿港币", Decimal("150000000"), "HKD"),
        ("100万英镑", Decimal("1000000"), "GBP"),
        ("500万美金", Decimal("5000000"), "USD"),
        ("一百亿", Decimal("10000000000"), "CNY"),
        ("两千万元", Decimal("20000000"), "CNY"),
        ("十二亿", Decimal("1200000000"), "CNY"),
        (" 120 亿 ", Decimal("12000000000"), "CNY"),
        ("１２０亿元", Decimal("12000000000"), "CNY"),
        ("12，000万元", Decimal("120000000"), "CNY"),
        ("0.005元", Decimal("0.01"), "CNY"),
    ],
)
def test_it_reads_amounts_the_way_ledgers_write_them(
    text: str, amount: Decimal, currency: str
) -> None:
    assert parse_money(text) == Money(amount, currency)


def test_a_bare_number_takes_the_magnitude_of_its_column() -> None:
    assert parse_money("16", default_magnitude="亿") == Money(Decimal("1600000000"))
    assert parse_money(Decimal("2.5"), default_magnitude="万") == Money(Decimal("25000"))


def test_a_bare_number_typed_in_a_yi_field_is_read_in_yi() -> None:
    assert parse_money("120", default_magnitude="亿") == Money(Decimal("12000000000"))
    assert parse_money("120亿", default_magnitude="亿") == Money(Decimal("12000000000"))
    assert parse_money("5000万", default_magnitude="亿") == Money(Decimal("50000000"))
    assert parse_money("3.3000000000000003", default_magnitude="亿").amount == Decimal(330_000_000)


NOT_AMOUNTS = ["12亿人民币元", "十二三亿", "abc", "1.2.3亿", "1e5", "约120亿", "亿"]


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_it_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError, match=f"无法识别的金额“{text}”，示例：120亿"):
        parse_money(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("12三亿", "金额“12三亿”混用了阿拉伯数字和汉字数字，请写成 12亿 或 十二亿"),
        ("3五千万", "混用了阿拉伯数字和汉字数字"),
        ("-5万元", "金额不能为负数：-5万元"),
        ("－120亿", "金额不能为负数"),
        ("100000万亿", "金额“100000万亿”过大：超过 1000万亿元，请检查单位"),
        ("2000000000000000", "过大"),
        ("", "请填写金额，示例：120亿"),
        ("   ", "请填写金额"),
    ],
)
def test_it_refuses_with_a_message_naming_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_money(text)


def test_a_negative_or_endless_bare_number_is_refused() -> None:
    with pytest.raises(ValueError, match="负数"):
        parse_money(Decimal(-1))
    with pytest.raises(ValueError, match="无法识别"):
        parse_money(float("inf"))


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("120亿", "亿元", Decimal(120)),
        ("120", "亿元", Decimal(120)),
        ("5000万", "亿元", Decimal("0.5")),
        ("3000万美元", "万美元", Decimal(3000)),
        ("3000", "万美元", Decimal(3000)),
        ("1.2万亿", "亿元", Decimal(12000)),
        ("800万元", "万元", Decimal(800)),
    ],
)
def test_it_reads_an_amount_as_a_number_of_a_unit(text: str, unit: str, value: Decimal) -> None:
    assert amount_in_unit(text, unit) == value


def test_an_amount_in_another_currency_than_the_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="币种与单位“亿元”不符"):
        amount_in_unit("3000万美元", "亿元")


def test_it_reads_money_units() -> None:
    assert money_unit("亿元") == ("亿", "CNY")
    assert money_unit("万美元") == ("万", "USD")
    assert money_unit("元") == (None, "CNY")
    with pytest.raises(ValueError, match="不是金额单位"):
        money_unit("个")


@pytest.mark.parametrize(
    ("amount", "currency", "written"),
    [
        (Decimal("11000000000"), "CNY", "110亿元"),
        (Decimal("1600000000"), "CNY", "16亿元"),
        (Decimal("50000000"), "CNY", "5000万元"),
        (Decimal("30000000"), "USD", "3000万美元"),
        (Decimal("3500"), "CNY", "3500元"),
        (None, "CNY", "—"),
    ],
)
def test_it_writes_amounts_in_yi_and_wan(
    amount: Decimal | None, currency: str, written: str
) -> None:
    assert format_money(amount, currency) == written


def test_it_rounds_half_up_as_reports_do() -> None:
    assert plain_number(Decimal("0.125")) == "0.13"
    assert plain_number(Decimal("60.000")) == "60"


def test_foreign_amounts_count_in_cny_at_the_reference_rate() -> None:
    assert Money(Decimal(10_000_000), "USD").in_cny_equivalent() == Decimal(71_000_000)


def test_an_english_page_writes_yi_as_billions_without_losing_a_digit() -> None:
    from taizhang.kernel.money import format_money_english, format_total, total_number

    yuan = Decimal("51188000000")  # 511.88亿元
    assert format_total(yuan, "zh") == "511.88 亿元"
    assert format_total(yuan, "en") == "CNY 51.188 bn"
    assert total_number(yuan, "en") == "51.188" and total_number(yuan, "zh") == "511.88"
    assert total_number(Decimal("4E+10"), "zh") == "400.00"
    assert format_money_english(yuan) == "CNY 51.188 bn"
    assert format_money_english(Decimal("3.5E+8")) == "CNY 350 m"
    assert format_money_english(Decimal("5000"), "USD") == "USD 5000"


def test_chinese_numerals_with_a_decimal_point() -> None:
    from taizhang.kernel.money import parse_number

    assert parse_number("一点五") == Decimal("1.5")
    assert parse_number("十二点零五") == Decimal("12.05")
    assert parse_number("零点八") == Decimal("0.8")
    assert parse_number("点五") is None
    assert parse_number("一点") is None

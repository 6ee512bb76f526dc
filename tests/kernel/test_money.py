from __future__ import annotations

from decimal import Decimal

import pytest

from taizhang.kernel.money import Money, format_money, parse_money, plain_number


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
    ],
)
def test_it_reads_amounts_the_way_ledgers_write_them(
    text: str, amount: Decimal, currency: str
) -> None:
    assert parse_money(text) == Money(amount, currency)


def test_a_bare_number_takes_the_magnitude_of_its_column() -> None:
    assert parse_money("16", default_magnitude="亿") == Money(Decimal("1600000000"))
    assert parse_money(Decimal("2.5"), default_magnitude="万") == Money(Decimal("25000"))


@pytest.mark.parametrize("text", ["一百亿", "12亿人民币元", "abc", "", "-5万元"])
def test_it_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError, match="金额"):
        parse_money(text)


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

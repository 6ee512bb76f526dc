"""The one number formatter: fixed-point, rounded half up, never exponent notation."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from taizhang.kernel.numbers import cell_number_format, format_number, plain_decimal

EXPONENT = re.compile(r"\d[eE][+-]?\d")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (40, "40"),
        (0, "0"),
        (Decimal("4E+1"), "40"),
        (Decimal("1.5E+10"), "15000000000"),
        (Decimal("0E-8"), "0"),
        (Decimal("40.00000000"), "40"),
        (Decimal("12.50"), "12.5"),
        (Decimal("-3.20"), "-3.2"),
        (Decimal("-4E+1"), "-40"),
        (Decimal("-0E-8"), "0"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("123456789012345678901234567890"), "123456789012345678901234567890"),
        (1e20, "100000000000000000000"),
        (0.1, "0.1"),
    ],
)
def test_it_writes_every_number_in_fixed_point_without_trailing_zeros(
    value: Decimal | int | float, expected: str
) -> None:
    assert format_number(value) == expected
    assert not EXPONENT.search(format_number(value))


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("1.005"), 2, "1.01"),
        (Decimal("1.004"), 2, "1"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("-2.5"), 0, "-3"),
        (Decimal("-0.004"), 2, "0"),
        (Decimal("4E+1"), 2, "40"),
        (Decimal("51.1875"), 3, "51.188"),
        (Decimal("0E-8"), 2, "0"),
    ],
)
def test_it_rounds_half_up_to_the_places_asked(value: Decimal, places: int, expected: str) -> None:
    assert format_number(value, places=places) == expected


def test_it_keeps_the_places_asked_when_told_not_to_trim() -> None:
    assert format_number(Decimal("68"), places=2, trim=False) == "68.00"
    assert format_number(Decimal("-0.001"), places=2, trim=False) == "0.00"
    assert format_number(Decimal("68.00"), trim=False) == "68.00"  # as written
    assert format_number(Decimal("4E+1"), trim=False) == "40"


def test_it_groups_thousands_when_asked() -> None:
    assert format_number(Decimal("51188000000"), grouping=True) == "51,188,000,000"
    assert format_number(Decimal("1.5E+10"), places=2, trim=False, grouping=True) == (
        "15,000,000,000.00"
    )
    assert format_number(Decimal("-1234.5"), grouping=True) == "-1,234.5"


def test_it_refuses_what_is_not_a_finite_number() -> None:
    with pytest.raises(ValueError, match="有限"):
        format_number(Decimal("NaN"))
    with pytest.raises(ValueError, match="有限"):
        format_number(float("inf"))


def test_a_plain_decimal_prints_without_an_exponent() -> None:
    assert str(plain_decimal(Decimal("4E+1"))) == "40"
    assert str(plain_decimal(Decimal("0E-8"))) == "0"
    assert plain_decimal(Decimal("12.50")) == Decimal("12.5")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("4E+1"), "#,##0"),
        (40, "#,##0"),
        (Decimal("68.00"), "#,##0.00"),
        (Decimal("12.5"), "#,##0.0"),
        (Decimal("1E-12"), "#,##0.00000000"),
    ],
)
def test_a_workbook_cell_gets_a_number_format_never_general(
    value: Decimal | int, expected: str
) -> None:
    assert cell_number_format(value) == expected


def test_it_rounds_long_numbers_without_losing_digits() -> None:
    long = Decimal("123456789012345678901234567890.125")
    assert format_number(long, places=2) == "123456789012345678901234567890.13"

"""How a number is written wherever people read it: pages, workbooks, documents.

`format_number` is the one formatter every Decimal goes through on its way to a reader. It
writes fixed-point, never exponent notation (`str(Decimal(40).normalize())` is "4E+1", and a
column of scale 8 gives "0E-8"), rounds half up (四舍五入) when told how many places, and never
writes "-0". `plain_decimal` is the same number as a Decimal without an exponent (for cells and
stored values), and `cell_number_format` the matching format for a workbook cell.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

Number = Decimal | int | float
MAX_CELL_PLACES = 8  # a workbook cell shows at most this many decimals


def format_number(
    value: Number,
    *,
    places: int | None = None,
    trim: bool = True,
    grouping: bool = False,
) -> str:
    """A number in fixed-point: 4E+1 → "40", 0E-8 → "0", 12.50 → "12.5".

    - `places`: round half up to that many decimals (None: keep every digit);
    - `trim`: drop trailing zeros after the point (False: keep them, 68.00 stays "68.00");
    - `grouping`: thousands separators (1,234.5).
    """
    number = _decimal(value)
    if not number.is_finite():
        raise ValueError(f"不是有限的数：{value!r} (not a finite number)")
    if places is not None:
        number = _rounded(number, places)
    text = f"{number:,f}" if grouping else f"{number:f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return _without_negative_zero(text)


def plain_decimal(value: Number) -> Decimal:
    """The number as a Decimal that prints without an exponent: 4E+1 → 40, 12.50 → 12.5."""
    return Decimal(format_number(value))


def cell_number_format(value: Number) -> str:
    """A workbook cell's format for the number as written: #,##0 or #,##0.00 (never General,
    which shows long numbers as 1.5E+10)."""
    exponent = _decimal(value).as_tuple().exponent
    places = min(-exponent, MAX_CELL_PLACES) if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0." + "0" * places if places else "#,##0"


def _rounded(number: Decimal, places: int) -> Decimal:
    digits = max(len(number.as_tuple().digits) + places + 2, 28)
    with localcontext(prec=digits):
        return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def _without_negative_zero(text: str) -> str:
    if text.startswith("-") and not text.strip("-0.,"):
        return text[1:]
    return text

"""Money as Decimal yuan with its currency; parsing of 亿元/万元 amounts as districts write them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from taizhang.kernel.numbers import format_number

CURRENCY_WORDS = {
    "元": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "美金": "USD",
    "欧元": "EUR",
    "港元": "HKD",
    "港币": "HKD",
    "日元": "JPY",
}
CURRENCY_LABELS = {"CNY": "元", "USD": "美元", "EUR": "欧元", "HKD": "港元", "JPY": "日元"}
MAGNITUDES = {"亿": Decimal(100_000_000), "千万": Decimal(10_000_000), "万": Decimal(10_000)}
# Reference rates that put foreign-currency projects into CNY totals and size bands (亿元以上 …).
# Rounded 2025–26 levels; the amount a project states is always kept in its own currency.
REFERENCE_RATES_TO_CNY = {
    "CNY": Decimal(1),
    "USD": Decimal("7.1"),
    "EUR": Decimal("7.8"),
    "HKD": Decimal("0.91"),
    "JPY": Decimal("0.048"),
}
YI = Decimal(100_000_000)

_AMOUNT = re.compile(
    r"^(?P<number>[0-9]+(?:\.[0-9]+)?)\s*(?P<magnitude>亿|千万|万)?\s*(?P<currency>"
    + "|".join(CURRENCY_WORDS)
    + r")?$"
)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str = "CNY"

    def in_cny_equivalent(self) -> Decimal:
        return self.amount * REFERENCE_RATES_TO_CNY.get(self.currency, Decimal(1))

    def __str__(self) -> str:
        return format_money(self.amount, self.currency)


def to_half_width(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def parse_money(
    text: str | int | float | Decimal,
    *,
    default_magnitude: str | None = None,
    default_currency: str = "CNY",
) -> Money:
    """Parse '110亿元', '1.6亿', '5000万元', '3000万美元' or a bare number.

    A bare number is multiplied by `default_magnitude` ('亿' or '万') when given,
    which is how a column headed 总投资（亿元） is read.
    """
    if isinstance(text, int | float | Decimal):
        number, magnitude, currency = Decimal(str(text)), default_magnitude, default_currency
    else:
        number, magnitude, currency = _split_amount(text, default_magnitude, default_currency)
    if number < 0:
        raise ValueError(f"金额不能为负数：{text} (amount cannot be negative)")
    factor = MAGNITUDES[magnitude] if magnitude else Decimal(1)
    return Money((number * factor).normalize() + 0, currency)


def _split_amount(
    text: str, magnitude: str | None, currency: str
) -> tuple[Decimal, str | None, str]:
    cleaned = to_half_width(text).replace(",", "").replace(" ", "").strip()
    match = _AMOUNT.match(cleaned)
    if not match:
        raise ValueError(
            f"无法识别的金额“{text}”，示例：110亿元、5000万元、3000万美元 (bad amount)"
        )
    try:
        number = Decimal(match["number"])
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only decimals
        raise ValueError(f"无法识别的金额“{text}” (bad amount)") from exc
    if match["magnitude"]:
        magnitude = match["magnitude"]
    if match["currency"]:
        currency = CURRENCY_WORDS[match["currency"]]
    return number, magnitude, currency


def format_money(amount: Decimal | None, currency: str = "CNY") -> str:
    """110亿元, 5000万元, 3000万美元 — the way a report writes it."""
    if amount is None:
        return "—"
    label = CURRENCY_LABELS.get(currency, currency)
    if abs(amount) >= YI:
        return f"{plain_number(amount / YI)}亿{label}"
    if abs(amount) >= 10_000:
        return f"{plain_number(amount / 10_000)}万{label}"
    return f"{plain_number(amount)}{label}"


BILLION = Decimal(1_000_000_000)
# (size, word, places): 亿 with two decimals is billions with three, so no figure loses a digit.
ENGLISH_SCALES = ((BILLION, "bn", 3), (Decimal(1_000_000), "m", 2))


def format_money_english(amount: Decimal | None, currency: str = "CNY") -> str:
    """CNY 11 bn, CNY 51.188 bn, CNY 350 m, USD 30 m, CNY 5000 — the way an English page
    writes it (1亿 is 100 million: 511.88亿元 is CNY 51.188 bn)."""
    if amount is None:
        return "—"
    for size, word, places in ENGLISH_SCALES:
        if abs(amount) >= size:
            return f"{currency} {format_number(amount / size, places=places)} {word}"
    return f"{currency} {plain_number(amount)}"


def format_money_in(amount: Decimal | None, currency: str, language: str) -> str:
    """`format_money` on a Chinese page, `format_money_english` on an English one."""
    if language == "en":
        return format_money_english(amount, currency)
    return format_money(amount, currency)


def plain_number(value: Decimal) -> str:
    """Two decimals at most, rounded half up (四舍五入), no trailing zeros, never 6E+1."""
    return format_number(value, places=2)


def total_number(amount: Decimal, language: str, *, yi_places: int = 2) -> str:
    """A total as a table of totals shows it: in 亿 on a Chinese page (511.88), in billions on
    an English one (51.188), to the same precision and with thousands separators."""
    if language == "en":
        places, size = yi_places + 1, BILLION
    else:
        places, size = yi_places, YI
    return format_number(amount / size, places=places, trim=False, grouping=True)


def format_total(amount: Decimal, language: str, *, yi_places: int = 2) -> str:
    """511.88 亿元 on a Chinese page, CNY 51.188 bn on an English one."""
    number = total_number(amount, language, yi_places=yi_places)
    return f"CNY {number} bn" if language == "en" else f"{number} 亿元"


def yi(amount: Decimal | None) -> Decimal:
    """Amount in 亿 (for sums shown on dashboards)."""
    return (amount or Decimal(0)) / YI

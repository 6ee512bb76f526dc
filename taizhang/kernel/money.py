"""Money as Decimal yuan with its currency; parsing of 亿元/万元 amounts as districts write them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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
    "英镑": "GBP",
}
CURRENCY_LABELS = {
    "CNY": "元",
    "USD": "美元",
    "EUR": "欧元",
    "HKD": "港元",
    "JPY": "日元",
    "GBP": "英镑",
}
MAGNITUDES = {
    "万亿": Decimal(10) ** 12,
    "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "万": Decimal(10) ** 4,
}
# Reference rates that put foreign-currency projects into CNY totals and size bands (亿元以上 …).
# Rounded 2025–26 levels; the amount a project states is always kept in its own currency.
REFERENCE_RATES_TO_CNY = {
    "CNY": Decimal(1),
    "USD": Decimal("7.1"),
    "EUR": Decimal("7.8"),
    "HKD": Decimal("0.91"),
    "JPY": Decimal("0.048"),
    "GBP": Decimal("9.2"),
}
YI = Decimal(100_000_000)
# The largest amount the ledger takes (千万亿元): far above any project, far below 2^63 fen.
MAX_AMOUNT = Decimal(10) ** 15
FEN = Decimal("0.01")

CN_NUMERALS = "零〇一二两三四五六七八九十百千"
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_MAX_TYPED = 40  # 3.3000000000000003: what a spreadsheet keeps of 3.3
_MAGNITUDE = "|".join(MAGNITUDES)  # longest first: 万亿 before 亿, 千万 before 万
_CURRENCY = "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"^(?P<sign>[-−])?(?P<number>[0-9]+(?:\.[0-9]+)?|[{CN_NUMERALS}]+)"
    rf"(?P<magnitude>{_MAGNITUDE})?(?P<currency>{_CURRENCY})?$"
)
_MIXED = re.compile(rf"[0-9][{CN_NUMERALS}]|[{CN_NUMERALS}][0-9]")
EXAMPLES = "120亿、5000万、3.5亿元、3000万美元、1.2万亿"


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
    """Read an amount as people write it: '120亿', '5000万', '3.5亿元', '3000万美元', '1.2万亿',
    '800万元', '一百亿', '1,250万元', '２０万元', or a bare number.

    A bare number is multiplied by `default_magnitude` ('亿' or '万') when given, which is how a
    column headed 总投资（亿元） or a form field labelled 亿元 is read. The amount is rounded to
    the fen. Refused, with a message naming what is wrong (a `ValueError`): an empty text, digits
    mixed with Chinese numerals (12三亿), a negative amount, one above 千万亿元, anything else.
    """
    if isinstance(text, int | float | Decimal):
        number, magnitude, currency = _bare_number(text), default_magnitude, default_currency
    else:
        number, magnitude, currency = _split_amount(text, default_magnitude, default_currency)
    if number < 0:
        raise ValueError(f"金额不能为负数：{text} (amount cannot be negative)")
    amount = number * (MAGNITUDES[magnitude] if magnitude else Decimal(1))
    if amount > MAX_AMOUNT:
        raise ValueError(f"金额“{text}”过大：超过 1000万亿元，请检查单位 (amount too large)")
    if amount != amount.quantize(FEN, rounding=ROUND_HALF_UP):
        amount = amount.quantize(FEN, rounding=ROUND_HALF_UP)
    return Money(amount.normalize() + 0, currency)


def _bare_number(value: int | float | Decimal) -> Decimal:
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"无法识别的金额“{value}” (bad amount)")
    return number


def _split_amount(
    text: str, magnitude: str | None, currency: str
) -> tuple[Decimal, str | None, str]:
    cleaned = to_half_width(text).replace(",", "").replace("，", "")
    cleaned = "".join(cleaned.split())
    if not cleaned:
        raise ValueError("请填写金额，示例：" + EXAMPLES + " (amount is empty)")
    match = _AMOUNT.match(cleaned)
    number = parse_number(match["number"], max_length=_MAX_TYPED) if match else None
    if match is None and _MIXED.search(cleaned):
        raise ValueError(
            f"金额“{text}”混用了阿拉伯数字和汉字数字，请写成 12亿 或 十二亿 (digits mixed with"
            " Chinese numerals)"
        )
    if match is None or number is None:
        raise ValueError(f"无法识别的金额“{text}”，示例：{EXAMPLES} (bad amount)")
    if match["sign"]:
        raise ValueError(f"金额不能为负数：{text} (amount cannot be negative)")
    if match["magnitude"]:
        magnitude = match["magnitude"]
    if match["currency"]:
        currency = CURRENCY_WORDS[match["currency"]]
    return number, magnitude, currency


def parse_number(text: str, *, max_length: int = 16) -> Decimal | None:
    """'16' → 16, '20.87' → 20.87, '1,000' → 1000, '两千' → 2000, '百' → 100; else None
    (also for digits longer than `max_length`: a running text's figures are never that long)."""
    if not text:
        return None
    if text[0].isdigit():
        if len(text) > max_length:
            return None
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    return _chinese_number(text)


def _chinese_number(text: str) -> Decimal | None:
    if "点" in text:  # 一点五 → 1.5, 十二点零五 → 12.05
        whole, _, fraction = text.partition("点")
        head = _chinese_number(whole) if whole not in ("零", "〇") else Decimal(0)
        digits = [_CN_DIGITS.get(char) for char in fraction]
        if head is None or not digits or any(d is None for d in digits):
            return None
        return head + Decimal("0." + "".join(str(d) for d in digits))
    total, digit = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            if digit:  # 十二三: two digits in a row say no one number
                return None
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (digit or 1) * _CN_UNITS[char]
            digit = 0
        else:
            return None
    value = total + digit
    return Decimal(value) if value else None


def tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros without scientific notation: 1600000000.00 → 1600000000."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


_MONEY_UNIT = re.compile(rf"(?P<magnitude>{_MAGNITUDE})?(?P<currency>{_CURRENCY})")


def money_unit(unit: str) -> tuple[str | None, str]:
    """(magnitude, currency) of a unit such as 亿元, 万元, 元 or 万美元, or a `ValueError`."""
    match = _MONEY_UNIT.fullmatch("".join(to_half_width(unit).split()))
    if not match:
        raise ValueError(
            f"单位“{unit}”不是金额单位，应为亿元、万元、元、万美元等 (not a money unit)"
        )
    return match["magnitude"], CURRENCY_WORDS[match["currency"]]


def is_money_unit(unit: str) -> bool:
    return _MONEY_UNIT.fullmatch("".join(to_half_width(unit).split())) is not None


def amount_in_unit(text: str, unit: str) -> Decimal:
    """An amount as a number of `unit` (亿元, 万美元 …): '120亿' in 亿元 is 120, '5000万' in
    亿元 is 0.5, a bare '120' is 120 of the unit. The currency written must be the unit's."""
    magnitude, currency = money_unit(unit)
    money = parse_money(text, default_magnitude=magnitude, default_currency=currency)
    if money.currency != currency:
        raise ValueError(
            f"金额“{text}”的币种与单位“{unit}”不符 (currency differs from the unit {unit})"
        )
    return tidy(money.amount / (MAGNITUDES[magnitude] if magnitude else Decimal(1)))


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

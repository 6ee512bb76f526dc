"""Numbers as Chinese reports write them: amounts, percentages and capacities.

`110亿元` → 11000000000 CNY; `约16亿元` keeps 约; `超百亿元` → 10000000000 with 超;
`3000万美元` → 30000000 USD; `两千万元` → 20000000; `10余亿元` → 1000000000 with 逾.
A number needs 亿/万亿 or a currency word to be an amount (`20万吨` is not money).
Capacities are number + unit as written (`20.87万吨` → 20.87 万吨, `60GWh`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from taizhang.intake.extract.patterns import quick
from taizhang.intake.facts import Amount
from taizhang.kernel.money import CN_NUMERALS, CURRENCY_WORDS, MAGNITUDES, parse_number, tidy

__all__ = [
    "NUMBER",
    "AmountMatch",
    "CapacityMatch",
    "find_amounts",
    "find_capacity_items",
    "find_percents",
    "match_capacity",
    "parse_amount",
    "parse_number",
    "tidy",
]

CN_NUMERAL = CN_NUMERALS
NUMBER = (
    rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?"
    rf"|[{CN_NUMERAL}]+(?:点[零〇一二两三四五六七八九]+)?"
)
# Words before a figure that bound or soften it, mapped to the qualifier we keep.
_QUALIFIERS = {
    "约": "约",
    "约为": "约",
    "大约": "约",
    "超": "超",
    "超过": "超",
    "突破": "超",
    "近": "近",
    "将近": "近",
    "接近": "近",
    "逾": "逾",
    "不低于": "不低于",
    "不少于": "不低于",
    "不超过": "不超过",
    "不高于": "不超过",
    "最高": "不超过",
}
QUALIFIER = (
    r"约为|大约|约|超过|超|突破|将近|接近|近|逾|不低于|不少于|不超过|不高于|最高|多达|高达|达到|达"
)
_AMOUNT = re.compile(
    rf"(?P<q>{QUALIFIER})?(?<![数几若\d.])(?P<num>{NUMBER})(?P<approx>余|多)?"
    r"(?:(?P<mag>万亿|亿|千万|百万|万)"
    rf"(?:(?<=亿)零?(?P<tail>\d+(?:\.\d+)?|[{CN_NUMERAL}]+)(?P<tmag>千万|百万|万)(?=[元人美欧港日英]))?"
    r"(?P<cur>人民币|元|美元|欧元|港元|港币|日元|英镑)?"
    r"|(?P<cur2>元|美元|欧元|港元|日元|英镑))(?P<after>以上|左右)?"
)
_RANGE_AFTER = re.compile(r"\s*(?:至|到|-|~|～|—|－)\s*\d")
_RANGE_BEFORE = re.compile(r"\d(?:亿|万)?(?:元)?\s*(?:至|到|-|~|～|—|－)\s*$")
_PERCENT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*%")

# A measure word, with 亿/万/千 before it as written (2亿支, 5000万剂, 1万千升, 3亿袋).
_MEASURE_WORDS = (
    r"千瓦时|千瓦|千升|千克|吨|台套|台[（(]套[）)]|台|套|辆|条|件|只|颗|片|锭|米|张|块|组|箱|瓶|双|支|部|盒|个|头"
    r"|羽|剂|袋|升|包|卷|粒|根|枚|平方米|立方米|方|安时|Ah|标箱|艘|架|株|尾"
)
_UNIT_BRACKETS = str.maketrans("", "", "（()）")
CAPACITY_UNIT = rf"GWh|GWH|GW|MWh|MWH|MW|kWh|KWh|kW|KW|(?:亿|万|千)?(?:{_MEASURE_WORDS})"
_CAPACITY_ITEM = re.compile(rf"(?P<num>{NUMBER})(?:余|多)?(?P<unit>{CAPACITY_UNIT})")


@dataclass(frozen=True)
class AmountMatch:
    start: int
    end: int
    amount: Amount
    is_range: bool


@dataclass(frozen=True)
class CapacityMatch:
    start: int
    end: int
    value: Decimal
    unit: str


@lru_cache(maxsize=64)
def find_amounts(text: str) -> tuple[AmountMatch, ...]:
    """Money amounts in a sentence: each with offsets, value, currency and qualifier."""
    found = []
    for match in _AMOUNT.finditer(text):
        amount = _amount(match)
        if amount is not None:
            found.append(AmountMatch(match.start(), match.end(), amount, _is_range(text, match)))
    return tuple(found)


def parse_amount(text: str) -> Amount | None:
    """The amount that is all of `text` ('约16亿元'), or None."""
    match = _AMOUNT.fullmatch(text)
    return _amount(match) if match else None


def _amount(match: re.Match[str]) -> Amount | None:
    magnitude = match.group("mag")
    currency_word = match.group("cur") or match.group("cur2")
    if currency_word is None and magnitude not in ("亿", "万亿"):
        return None
    number = parse_number(match.group("num"))
    if number is None:
        return None
    value = number * MAGNITUDES[magnitude] if magnitude else number
    if match.group("tail"):  # 8亿5000万元, 八亿五千万元
        tail = parse_number(match.group("tail"))
        value += tail * MAGNITUDES[match.group("tmag")] if tail is not None else 0
    return Amount(tidy(value), CURRENCY_WORDS.get(currency_word or "元", "CNY"), _qualifier(match))


def _qualifier(match: re.Match[str]) -> str | None:
    if match.group("approx") == "余":
        return "逾"
    if match.group("approx") == "多" or match.group("after") == "以上":
        return "超"
    if match.group("after") == "左右":
        return "约"
    return _QUALIFIERS.get(match.group("q") or "")


def _is_range(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 12) : match.start()]
    return bool(_RANGE_AFTER.match(text, match.end()) or _RANGE_BEFORE.search(before))


def find_percents(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int, Decimal]]:
    """(start, end, value) of each 'X%' in text[start:end]."""
    stop = len(text) if end is None else end
    return [
        (m.start(), m.end(), Decimal(m.group("num"))) for m in _PERCENT.finditer(text, start, stop)
    ]


def measure_unit(written: str) -> str:
    """A unit as recorded: 台（套） → 台套."""
    return written.translate(_UNIT_BRACKETS) if "套" in written else written


def match_capacity(text: str, position: int) -> CapacityMatch | None:
    """The capacity item (number + unit) that starts exactly at `position`, if any."""
    match = _CAPACITY_ITEM.match(text, position)
    if match is None:
        return None
    value = parse_number(match.group("num"))
    if value is None:
        return None
    return CapacityMatch(match.start(), match.end(), tidy(value), measure_unit(match.group("unit")))


def find_capacity_items(text: str, start: int, end: int) -> list[CapacityMatch]:
    """Every number + capacity unit in text[start:end] (used after a 年产/产能 cue)."""
    found = []
    for match in _CAPACITY_ITEM.finditer(text, start, end):
        value = parse_number(match.group("num"))
        if value is not None:
            unit = measure_unit(match.group("unit"))
            found.append(CapacityMatch(match.start(), match.end(), tidy(value), unit))
    return found


# Same matches, scanned faster (see patterns.quick).
_AMOUNT, _CAPACITY_ITEM = quick(_AMOUNT), quick(_CAPACITY_ITEM)

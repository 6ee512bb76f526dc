"""The columns of the yearly lists a district receives — the tax bureau's (统一社会信用代码,
纳税人名称, 税收), the statistics bureau's (主营业务收入, 工业增加值, 综合能耗, 职工人数, R&D)
and the power company's (户号, 用电量) — by their Chinese headers and the other names they go
by, and how one cell of each is read. Pure: no database, no files.

- Headers are matched after folding full-width characters (NFKC) and dropping spaces and line
  breaks; a unit in brackets after the name (税收（元）, 用电量（万千瓦时）) says what the
  numbers are in, and they are converted to the ledger's units (万元, tce, kWh, 吨, 亩, 人).
- Numbers: Excel numbers, or text with thousands separators (1,234.5). An empty cell, “-”, “—”
  or “/” means not stated: the ledger keeps what it had. Negative figures are refused, except
  税收 (a refund year can be negative).
- 规模: 规上/规下, 是/否 under 是否规上, 规模以上/规模以下.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from taizhang.enterprises.ledger import FactField, SizeClass
from taizhang.kernel.codes import CodeError, parse_industry_code, validate_credit_code
from taizhang.kernel.labels import LabelledEnum
from taizhang.kernel.sheets import CellValue, as_text

CREDIT_CODE = "credit_code"
NAME = "name"
ACCOUNT = "account"
YEAR = "year"
IDENTITY = (CREDIT_CODE, NAME, ACCOUNT)


class SheetKind(LabelledEnum):
    """Whose list a file is, and so which figure it must carry."""

    TAX = "tax", "税务局税收清单", "tax bureau list"
    STATS = "stats", "统计局工业企业指标", "statistics bureau list"
    POWER = "power", "供电公司用电清单", "power company list"
    STANDING = "standing", "部门企业资质与研发清单", "departments' titles and R&D list"


# The columns a list must have one of, besides the enterprise's code or name.
REQUIRED: dict[SheetKind, tuple[FactField, ...]] = {
    SheetKind.TAX: (FactField.TAX,),
    SheetKind.STATS: (FactField.REVENUE,),
    SheetKind.POWER: (FactField.ELECTRICITY_KWH,),
    # 科技局 (称号, 研发人员), 经信局 (资质), 应急管理局 (事故): any one of them
    SheetKind.STANDING: (
        FactField.TAGS,
        FactField.QUALIFICATIONS,
        FactField.RND_STAFF,
        FactField.INCIDENTS,
    ),
}

# Column key → the headers it goes by (after folding). The first is the one we write.
HEADERS: dict[str, tuple[str, ...]] = {
    CREDIT_CODE: (
        "统一社会信用代码",
        "社会信用代码",
        "信用代码",
        "纳税人识别号",
        "统一代码",
        "组织机构代码/统一社会信用代码",
    ),
    NAME: ("企业名称", "纳税人名称", "单位名称", "单位详细名称", "户名", "用户名称", "客户名称"),
    ACCOUNT: ("户号", "用电户号", "电力户号", "客户编号", "用户编号", "电费户号"),
    YEAR: ("年度", "年份", "所属年度"),
    FactField.TAX: (
        "税收",
        "评价税收",
        "实缴税金",
        "实缴税收",
        "税收合计",
        "入库税收",
        "实际入库税收",
        "税收实绩",
        "纳税总额",
        "实缴税费",
    ),
    FactField.REVENUE: (
        "主营业务收入",
        "营业收入",
        "销售收入",
        "主营业务收入/营业收入",
        "营业收入(主营业务收入)",
    ),
    FactField.VALUE_ADDED: ("工业增加值", "增加值"),
    FactField.ENERGY_TCE: (
        "综合能耗",
        "综合能源消费量",
        "能耗",
        "能源消费量",
        "综合能源消耗量",
        "综合能耗(等价值)",
    ),
    FactField.EMPLOYEES: (
        "年平均职工人数",
        "职工人数",
        "平均职工人数",
        "从业人员平均人数",
        "从业人员年平均人数",
        "年平均从业人员",
        "从业人员",
    ),
    FactField.RND: (
        "R&D经费",
        "R&D经费支出",
        "研发经费",
        "研发经费支出",
        "研究与试验发展经费支出",
        "研发费用",
    ),
    FactField.RND_STAFF: (
        "研发人员数",
        "研发人员",
        "R&D人员",
        "研究与试验发展人员",
        "科技活动人员",
    ),
    FactField.INCIDENTS: ("重大事故", "重大安全质量环境事故", "重大事故起数", "事故起数"),
    FactField.TAGS: ("称号", "企业称号", "认定称号", "荣誉称号"),
    FactField.QUALIFICATIONS: ("资质", "企业资质", "研发机构", "资质与研发机构"),
    FactField.ELECTRICITY_KWH: ("用电量", "年用电量", "全年用电量", "用电量合计", "售电量"),
    FactField.WATER_T: ("用水量", "年用水量"),
    FactField.EMISSIONS_T: ("主要污染物排放量", "污染物排放量", "排放量"),
    FactField.LAND_MU: ("用地面积", "土地面积", "占地面积"),
    FactField.SIZE: ("规模", "企业规模", "是否规上", "规上/规下"),
    FactField.INDUSTRY: ("行业代码", "国民经济行业代码", "所属行业代码"),
}
_BY_HEADER = {variant: key for key, variants in HEADERS.items() for variant in variants}

# The units a figure may be given in (after folding), as factors to the ledger's unit.
_TEN_THOUSAND = Decimal(10000)
_UNITS: dict[FactField, dict[str, Decimal]] = {
    FactField.TAX: {"万元": Decimal(1), "元": 1 / _TEN_THOUSAND, "千元": Decimal("0.1")},
    FactField.ENERGY_TCE: {
        "吨标准煤": Decimal(1),
        "吨标煤": Decimal(1),
        "tce": Decimal(1),
        "吨": Decimal(1),
        "万吨标准煤": _TEN_THOUSAND,
    },
    FactField.ELECTRICITY_KWH: {
        "千瓦时": Decimal(1),
        "度": Decimal(1),
        "kwh": Decimal(1),
        "kw·h": Decimal(1),
        "kw.h": Decimal(1),
        "万千瓦时": _TEN_THOUSAND,
        "万度": _TEN_THOUSAND,
        "万kwh": _TEN_THOUSAND,
    },
    FactField.WATER_T: {"吨": Decimal(1), "立方米": Decimal(1), "m3": Decimal(1)},
    FactField.EMISSIONS_T: {"吨": Decimal(1), "t": Decimal(1), "千克": Decimal("0.001")},
    FactField.LAND_MU: {
        "亩": Decimal(1),
        "平方米": Decimal("0.0015"),
        "m2": Decimal("0.0015"),
        "公顷": Decimal(15),
    },
    FactField.EMPLOYEES: {"人": Decimal(1)},
    FactField.RND_STAFF: {"人": Decimal(1)},
    FactField.INCIDENTS: {"起": Decimal(1), "次": Decimal(1)},
}
for _money in (FactField.REVENUE, FactField.VALUE_ADDED, FactField.RND):
    _UNITS[_money] = _UNITS[FactField.TAX]
_UNIT_IN_BRACKETS = re.compile(r"^(?P<name>.+?)\((?P<unit>[^()]*)\)$")
NOT_STATED = frozenset({"-", "—", "–", "/", "无", "——"})


def fold(text: str) -> str:
    """A header as matched: full-width folded, spaces and line breaks dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Column:
    """A recognised column: what it holds, the header as written, and the unit's factor."""

    key: str | FactField
    header: str
    factor: Decimal = Decimal(1)


def column_of(header: str) -> Column | str | None:
    """The column a header names; a text saying why when its unit is unknown; None when the
    header is not one of ours."""
    folded = fold(header)
    key = _BY_HEADER.get(folded) or _BY_HEADER.get(folded.upper())
    if key is not None:
        return Column(key, header)
    match = _UNIT_IN_BRACKETS.match(folded)
    if match is None:
        return None
    key = _BY_HEADER.get(match["name"])
    if key is None:
        return None
    if not isinstance(key, FactField) or key not in _UNITS:
        return Column(key, header)
    units = _UNITS[key]
    unit = match["unit"]
    factor = units.get(unit) or units.get(unit.lower())
    if factor is None:
        known = "、".join(units)
        return f"“{header}”的单位“{unit}”无法识别，可用：{known} (unknown unit)"
    return Column(key, header, factor)


def read_figure(value: CellValue, column: Column) -> Decimal | None:
    """A figure in the ledger's unit; None when not stated. `ValueError` says what is wrong."""
    if isinstance(value, Decimal):
        number = value
    else:
        text = as_text(value).replace(",", "").replace("，", "").strip()
        if text in NOT_STATED or not text:
            return None
        try:
            number = Decimal(fold(text))
        except InvalidOperation:
            raise ValueError(f"“{as_text(value)}”不是数字 (not a number)") from None
        if not number.is_finite():
            raise ValueError(f"“{as_text(value)}”不是数字 (not a number)")
    if number < 0 and column.key != FactField.TAX:
        raise ValueError(f"不能为负数：{as_text(value)} (must not be negative)")
    return number * column.factor


def read_size(value: CellValue) -> SizeClass | None:
    text = fold(as_text(value))
    if text in NOT_STATED or not text:
        return None
    if text in ("规上", "规模以上", "是", "规上企业", "Y", "y"):
        return SizeClass.ABOVE
    if text in ("规下", "规模以下", "否", "规下企业", "N", "n"):
        return SizeClass.BELOW
    raise ValueError(f"“{as_text(value)}”应为 规上 或 规下 (size class: 规上 or 规下)")


WORD_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def read_words(value: CellValue) -> frozenset[str] | None:
    """称号 or 资质 as a list writes them: 高新技术企业、专精特新 (any of 、，；/ between them);
    “无” says none is held (an empty set), an empty cell or “-” says nothing."""
    text = as_text(value).strip()
    if not text or text in NOT_STATED - {"无"}:
        return None
    if text == "无":
        return frozenset()
    return frozenset(word for word in WORD_SEPARATORS.split(text) if word)


def read_industry(value: CellValue) -> str | None:
    text = as_text(value).strip()
    if not text or text in NOT_STATED:
        return None
    try:
        return parse_industry_code(text).code
    except CodeError as exc:
        raise ValueError(str(exc)) from exc


def read_credit_code(value: CellValue) -> str | None:
    text = as_text(value).strip().upper()
    if not text or text in NOT_STATED:
        return None
    try:
        return validate_credit_code(text)
    except CodeError as exc:
        raise ValueError(str(exc)) from exc


def read_text(value: CellValue) -> str | None:
    text = as_text(value).strip()
    if isinstance(value, Decimal) and value == value.to_integral_value():
        text = f"{value:f}".split(".")[0]  # 户号 typed as a number: 3300012345
    return text or None

"""The columns of a 项目台账 sheet: Chinese headers, the other names districts give them, and
how one cell of each is read. Pure: no database, no files.

How cells are read (the decisions behind `taizhang import projects`):
- Headers are matched after folding full-width characters and dropping spaces and line breaks;
  a unit in brackets after the name (总投资（亿元）, 用地(亩)) tells how bare numbers are meant.
- Amounts: under a header with a unit, a bare number is in that unit (1.6 under 总投资（亿元） is
  1.6亿元). Under a header without one (总投资, 计划总投资) the cell must state its unit — 110亿元,
  5000万元, 3000万美元 — and a bare number is refused rather than guessed. The currency is the
  cell's, else the header's (总投资（万美元）), else the row's 币种, else 人民币. Qualifiers
  约/超过/超/近/逾 in front and 以上/左右 behind are dropped: "约16亿元" is read as 16亿元.
- Dates: Excel dates, 2026-06-30, 2026/6/30, 2026.6.30, 2026年6月30日. A month alone (2026年6月,
  2026-06, 2026年6月底) is its last day and a year alone (2026年) is 31 December: a plan such as
  计划投产 2026年6月 holds until the month is out and is not overdue on 2 June.
- Land is in 亩 unless the header or the cell says 公顷 or 平方米.
- Capacity: items separated by ；, ; or a line break; each is a number, a unit (GWh, 万片, 吨 …)
  and the product before or after it: "60GWh 新型电池电芯；72万片晶圆".
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from taizhang.kernel.codes import mu_from_hectares, mu_from_square_metres
from taizhang.kernel.errors import FieldError
from taizhang.kernel.money import CURRENCY_LABELS, CURRENCY_WORDS, parse_money
from taizhang.kernel.money import money_unit as read_money_unit
from taizhang.kernel.numbers import format_number
from taizhang.kernel.sheets import CellValue, as_text
from taizhang.kernel.stages import STAGES, Stage
from taizhang.projects.projection import Capacity

Parser = Callable[[CellValue, "Header"], Any]

_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"
_QUALIFIERS = re.compile(r"^(?:约|超过|超|近|逾)|(?:以上|左右)$")
_DATE = re.compile(
    r"(?P<year>[0-9]{4})(?:[-/.年](?P<month>[0-9]{1,2})(?:[-/.月](?P<day>[0-9]{1,2})日?|月)?)?年?"
    r"(?:底|末)?"
)
_LAND_UNITS: dict[str, Callable[[Decimal], Decimal]] = {
    "亩": lambda mu: mu,
    "公顷": mu_from_hectares,
    "平方米": mu_from_square_metres,
    "m2": mu_from_square_metres,
}
_LAND = re.compile(f"(?P<number>{_NUMBER})(?P<unit>{'|'.join(_LAND_UNITS)})?")
_PERCENT = re.compile(f"(?P<number>{_NUMBER})%?")
_MEASURE_WORDS = (
    "台套|平方米|立方米|千瓦时|千瓦|吨|片|台|套|辆|件|只|条|个|组|块|颗|支|张|米|头|箱|瓶"
)
_CAPACITY_UNIT = rf"(?:万|亿|千)?(?:[A-Za-z]+(?:/[A-Za-z]+)?|{_MEASURE_WORDS})"
_CAPACITY = re.compile(rf"(?P<number>[0-9]+(?:\.[0-9]+)?)(?P<unit>{_CAPACITY_UNIT})")
_LIST = re.compile(r"[、，,;；\n]+")
_ITEMS = re.compile(r"[;；\n]+")
_BRACKETED_UNIT = re.compile(r"(?P<name>.+?)[(\[【](?P<unit>[^)\]】]*)[)\]】]")
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class Amount:
    """An amount in yuan as a cell states it; currency None when cell and header name none."""

    amount: Decimal
    currency: str | None


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # what an export writes
    parse: Parser
    synonyms: tuple[str, ...] = ()
    read_unit: Callable[[str], object] | None = None  # refuses a header unit it cannot use
    width: int = 12

    @property
    def names(self) -> tuple[str, ...]:
        return (split_header(self.header)[0], *self.synonyms)


@dataclass(frozen=True)
class Header:
    """One recognised header cell of a sheet."""

    text: str  # as the sheet writes it (spaces and line breaks removed)
    column: Column
    position: int  # index of the cell in its row
    unit: str | None


@dataclass(frozen=True)
class HeaderRow:
    row: int
    headers: tuple[Header, ...]
    ignored: tuple[str, ...]
    errors: tuple[FieldError, ...]

    def find(self, key: str) -> Header | None:
        return next((h for h in self.headers if h.column.key == key), None)

    def text_of(self, key: str) -> str:
        """The header of a column as the sheet writes it (its standard name if absent)."""
        found = self.find(key)
        return found.text if found else COLUMNS_BY_KEY[key].header


def _folded(text: str) -> str:
    """Full-width to half-width, without spaces or thousands separators."""
    return "".join(unicodedata.normalize("NFKC", text).split()).replace(",", "")


def _plain_number(value: CellValue) -> str:
    return _QUALIFIERS.sub("", _folded(as_text(value)))


def split_header(text: str) -> tuple[str, str | None]:
    """'总投资（亿元）' → ('总投资', '亿元'); '项目名称' → ('项目名称', None)."""
    cleaned = "".join(unicodedata.normalize("NFKC", text).split()).rstrip(":")
    match = _BRACKETED_UNIT.fullmatch(cleaned)
    if match:
        return match["name"], match["unit"] or None
    return cleaned, None


def money_unit(unit: str) -> tuple[str | None, str | None]:
    """(magnitude, currency) of a header unit such as 亿元 or 万美元; 元 leaves currency open."""
    try:
        magnitude, currency = read_money_unit(unit)
    except ValueError as exc:
        message = f"表头单位“{unit}”无法识别，应为亿元、万元、元、万美元等 (unknown unit)"
        raise ValueError(message) from exc
    return magnitude, None if currency == "CNY" else currency


def land_unit(unit: str) -> Callable[[Decimal], Decimal]:
    if unit not in _LAND_UNITS:
        raise ValueError(f"表头单位“{unit}”无法识别，应为亩、公顷或平方米 (unknown area unit)")
    return _LAND_UNITS[unit]


def text_of(max_length: int) -> Parser:
    def parse(value: CellValue, header: Header) -> str:
        text = as_text(value)
        if len(text) > max_length:
            raise ValueError(f"内容超过 {max_length} 个字 (longer than {max_length} characters)")
        return text

    return parse


def choice(*options: str) -> Parser:
    def parse(value: CellValue, header: Header) -> str:
        text = _folded(as_text(value))
        if text not in options:
            allowed = "或".join(options)
            raise ValueError(f"应填{allowed}，实为“{text}” (expected {' or '.join(options)})")
        return text

    return parse


def parse_stage(value: CellValue, header: Header) -> Stage:
    return Stage.parse(as_text(value).removeprefix("已"))


def parse_amount(value: CellValue, header: Header) -> Amount:
    magnitude, currency = money_unit(header.unit) if header.unit else (None, None)
    text = _plain_number(value)
    if header.unit is None and re.fullmatch(_NUMBER, text):
        raise ValueError(
            f"金额“{text}”没有单位：请写成 16亿元、5000万元，或在表头注明单位，如“总投资（亿元）”"
            " (amount without a unit)"
        )
    money = parse_money(text, default_magnitude=magnitude, default_currency=currency or "")
    return Amount(money.amount, money.currency or None)


def parse_currency(value: CellValue, header: Header) -> str:
    text = _folded(as_text(value))
    if text in CURRENCY_WORDS:
        return CURRENCY_WORDS[text]
    if text.upper() in CURRENCY_LABELS:
        return text.upper()
    raise ValueError(f"未知的币种“{text}”，应为人民币、美元、欧元、港元或日元 (unknown currency)")


def parse_land(value: CellValue, header: Header) -> Decimal:
    text = _plain_number(value)
    match = _LAND.fullmatch(text)
    if not match:
        raise ValueError(f"用地面积“{text}”无法识别，示例：150、150亩、10公顷 (bad land area)")
    mu = land_unit(match["unit"] or header.unit or "亩")(Decimal(match["number"]))
    if mu < 0:
        raise ValueError(f"用地面积不能为负数：{text} (land area cannot be negative)")
    return mu


def parse_progress(value: CellValue, header: Header) -> Decimal:
    text = _plain_number(value)
    match = _PERCENT.fullmatch(text)
    if not match:
        raise ValueError(f"形象进度“{text}”无法识别，示例：45、45% (bad progress)")
    number = Decimal(match["number"])
    if not 0 <= number <= 100:
        raise ValueError(f"形象进度应在 0–100 之间，实为 {text} (progress must be 0-100)")
    return number


def parse_date(value: CellValue, header: Header) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, Decimal) and value != value.to_integral_value():
        # Excel keeps 2026.10 as the number 2026.1: a month cannot be told from a number.
        raise ValueError(
            f"日期“{value}”是数字，请写成 2026-06-30 或 2026年6月 (date typed as a number)"
        )
    text = (as_text(value).split() or [""])[0].split("T")[0]
    match = _DATE.fullmatch(_folded(text))
    if not match or not 1900 <= int(match["year"]) <= 2100:
        raise ValueError(f"日期“{text}”无法识别，示例：2026-06-30、2026年6月 (bad date)")
    year, month, day = (int(match[k]) if match[k] else None for k in ("year", "month", "day"))
    try:
        return _end_of(year or 0, month, day)
    except ValueError as exc:
        raise ValueError(f"日期“{text}”不存在 (no such date)") from exc


def _end_of(year: int, month: int | None, day: int | None) -> date:
    """The day itself, or the last day of the month or year when only those are known."""
    if month is None:
        return date(year, 12, 31)
    return date(year, month, day or calendar.monthrange(year, month)[1])


def parse_investors(value: CellValue, header: Header) -> tuple[str, ...]:
    names = tuple(name.strip() for name in _LIST.split(as_text(value)) if name.strip())
    for name in names:
        if len(name) > MAX_NAME_LENGTH:
            raise ValueError(f"企业名称超过 {MAX_NAME_LENGTH} 个字：{name[:20]}… (name too long)")
    return names


def parse_capacities(value: CellValue, header: Header) -> tuple[Capacity, ...]:
    return tuple(_capacity(item) for item in _ITEMS.split(as_text(value)) if item.strip())


def _capacity(item: str) -> Capacity:
    text = unicodedata.normalize("NFKC", item).replace("年产", "").replace("产能", "").strip()
    match = _CAPACITY.search(text)
    if not match or len(match["unit"]) > 20:
        raise ValueError(
            f"产能“{item.strip()}”无法识别，示例：60GWh 新型电池电芯；72万片晶圆 (bad capacity)"
        )
    product = (text[: match.start()] + text[match.end() :]).strip() or None
    if product and len(product) > 100:
        raise ValueError(f"产品名称超过 100 个字：{product[:20]}… (product name too long)")
    return Capacity(Decimal(match["number"]), match["unit"], product)


def capacity_text(capacity: Capacity) -> str:
    """How an export writes one capacity item: value and unit first, so it reads back the same."""
    value = f"{format_number(capacity.value)}{capacity.unit}"
    return f"{value} {capacity.product}" if capacity.product else value


def planned_key(stage: Stage) -> str:
    return f"planned:{stage.value}"


def reached_key(stage: Stage) -> str:
    return f"reached:{stage.value}"


def _date_columns() -> list[Column]:
    columns = []
    for stage in STAGES[1:]:
        label = stage.label
        columns += [
            Column(
                planned_key(stage),
                f"计划{label}",
                parse_date,
                (f"计划{label}时间", f"计划{label}日期"),
            ),
            Column(
                reached_key(stage),
                f"实际{label}",
                parse_date,
                (f"实际{label}时间", f"实际{label}日期", f"{label}时间", f"{label}日期"),
            ),
        ]
    return columns


COLUMNS: tuple[Column, ...] = (
    Column("code", "项目编号", text_of(40), ("编号", "项目代码")),
    Column("name", "项目名称", text_of(MAX_NAME_LENGTH), ("项目",), width=36),
    Column("phase", "期次", text_of(20), ("一期二期", "分期"), width=8),
    Column("investors", "投资主体", parse_investors, ("投资方", "企业", "投资企业"), width=30),
    Column("unit", "所属单位", text_of(100), ("属地", "镇街", "所在镇街", "属地单位"), width=14),
    Column("chain", "产业链", text_of(50), ("所属产业链", "产业")),
    Column("stage", "项目阶段", parse_stage, ("阶段", "进度阶段", "当前阶段"), width=10),
    Column(
        "investment",
        "总投资（亿元）",
        parse_amount,
        ("计划总投资", "总投资额", "项目总投资"),
        read_unit=money_unit,
    ),
    Column("currency", "币种", parse_currency, width=8),
    Column("land_mu", "用地面积（亩）", parse_land, ("用地", "占地面积"), read_unit=land_unit),
    Column(
        "annual_output",
        "达产年产值（亿元）",
        parse_amount,
        ("年产值", "达产后年产值", "预计年产值"),
        read_unit=money_unit,
        width=14,
    ),
    Column("capacities", "产能", parse_capacities, ("设计产能", "年产能"), width=30),
    Column("build_type", "新建/续建", choice("新建", "续建"), ("建设性质", "新建续建"), width=10),
    Column("capital_origin", "内资/外资", choice("内资", "外资"), ("内外资",), width=10),
    Column("attraction_method", "招商方式", text_of(20)),
    Column("progress_pct", "形象进度（%）", parse_progress, ("进度", "工程进度")),
    *_date_columns(),
    Column("reason", "变更原因", text_of(500), ("调整原因",), width=24),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
COLUMNS_BY_NAME = {name: column for column in COLUMNS for name in column.names}
REQUIRED_KEYS = ("name", "unit")


def find_column(text: str) -> Column | None:
    return COLUMNS_BY_NAME.get(split_header(text)[0])


def match_headers(cells: Sequence[CellValue | None], row: int) -> HeaderRow:
    """Recognise the header cells of a sheet; unknown headers are set aside, not refused."""
    headers: list[Header] = []
    ignored: list[str] = []
    errors: list[FieldError] = []
    for position, cell in enumerate(cells):
        text = "".join(as_text(cell).split()) if cell is not None else ""
        column = find_column(text) if text else None
        if column is None:
            if text:
                ignored.append(text)
            continue
        unit = split_header(text)[1]
        problem = _header_problem(column, unit, headers)
        if problem:
            errors.append(FieldError(problem, row=row, column=text))
        else:
            headers.append(Header(text, column, position, unit))
    found = {h.column.key for h in headers}
    for key in REQUIRED_KEYS:
        if key not in found:
            missing = COLUMNS_BY_KEY[key].header
            errors.append(
                FieldError("缺少这一必填列 (required column missing)", row=row, column=missing)
            )
    return HeaderRow(row, tuple(headers), tuple(ignored), tuple(errors))


def _header_problem(column: Column, unit: str | None, headers: list[Header]) -> str | None:
    twin = next((h for h in headers if h.column is column), None)
    if twin is not None:
        return f"与“{twin.text}”列重复 (duplicate column)"
    if unit and column.read_unit:
        try:
            column.read_unit(unit)
        except ValueError as exc:
            return str(exc)
    return None


def parse_cell(header_text: str, value: CellValue) -> Any:
    """Read one value as the column with that header would (for forms and tests)."""
    column = find_column(header_text)
    if column is None:
        raise ValueError(f"未知的列“{header_text}” (unknown column)")
    unit = split_header(header_text)[1]
    return column.parse(value, Header(header_text, column, 0, unit))

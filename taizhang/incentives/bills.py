"""Monthly electricity bills per 户号 as the power company sends them (.csv or .xlsx, Chinese
headers), read into the engine's `Bill`s — all or nothing: every problem is listed with its row
and column, the same 户号 twice in one month is refused, and months missing between an
account's first and last bill are reported.

Headers are matched by name, spaces, brackets and units ignored (用电量（千瓦时） = 用电量):

    户号 (用户编号, 客户编号)            required
    电费年月 (账期, 月份, 抄表年月)        required: 2025-07, 202507, 2025年7月 or a date
    用电量 (电量, 抄见电量)               required: kWh, at most two places
    电费 (电费金额, 应收电费)             required: 元, to the fen
    户名 (用户名称, 客户名称)             optional: a change between years is 过户
    电表编号 (表号, 电能表编号)           optional: a change between years is a changed meter
    用户类别 (用电类别, 客户类别)          optional: 居民 (居民生活, 城乡居民) or 企业 (工商业 …)
    所属镇街 (镇街, 乡镇街道)             optional
    是否空置 (空置)                      optional: 是/否
    申请时间                             optional: for first-come programs
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from taizhang.incentives.cells import cell_text, header_key, number_in
from taizhang.incentives.engine.checks import Gap, duplicate_errors, find_gaps
from taizhang.incentives.engine.model import AccountKind, Bill
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.sheets import (
    HEADER_SEARCH_ROWS,
    CellValue,
    as_text,
    read_table,
    refuse_if_any,
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "account": ("户号", "用户编号", "客户编号", "用电户号"),
    "month": ("电费年月", "账期", "月份", "抄表年月", "电费月份"),
    "kwh": ("用电量", "电量", "抄见电量", "结算电量"),
    "yuan": ("电费", "电费金额", "应收电费", "金额"),
    "holder": ("户名", "用户名称", "客户名称"),
    "meter": ("电表编号", "表号", "电能表编号", "电表号"),
    "kind": ("用户类别", "用电类别", "客户类别"),
    "town": ("所属镇街", "镇街", "乡镇街道", "所属乡镇"),
    "vacant": ("是否空置", "空置"),
    "applied_at": ("申请时间",),
}
REQUIRED = ("account", "month", "kwh", "yuan")
# 用户类别: 非居民 and the business classes first, then anything with 居民 (居民生活, 城乡居民 …)
ENTERPRISE_WORDS = ("非居民", "企业", "工商业", "工业", "商业")
HOUSEHOLD_WORD = "居民"
YES, NO = ("是", "y", "yes", "1", "true", "空置"), ("否", "n", "no", "0", "false", "")
MOMENT_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})(?:\s*月)?(?:[-/.]\d{1,2}日?)?$")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class BillFile:
    name: str
    bills: list[Bill]
    rows: list[int]  # each bill's row number in the file
    gaps: list[Gap]
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def accounts(self) -> int:
        return len({b.account for b in self.bills})


def match_headers(cells: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Which column holds which field, and the headers not recognised."""
    aliases = {header_key(a): name for name, names in COLUMNS.items() for a in names}
    found: dict[str, int] = {}
    ignored = []
    for index, cell in enumerate(cells):
        name = aliases.get(header_key(cell))
        if name and name not in found:
            found[name] = index
        elif cell:
            ignored.append(cell)
    return found, ignored


def read_bills(path: Path) -> BillFile:
    """The file's bills; `Invalid` listing every problem when any row is wrong."""
    table = read_table(path)
    where, columns, ignored = _find_header(table, path.name)
    bills: list[Bill] = []
    rows: list[int] = []
    errors: list[FieldError] = []
    for number, cells in table[where + 1 :]:
        if not any(c not in (None, "") for c in cells):
            continue
        bill = _bill(number, cells, columns, errors)
        if bill is not None:
            bills.append(bill)
            rows.append(number)
    errors += duplicate_errors(bills, rows)
    refuse_if_any(errors)
    if not bills:
        raise Invalid(f"{path.name} 没有账单行 (no bills in the file)")
    return BillFile(path.name, bills, rows, find_gaps(bills), ignored)


def _find_header(
    table: list[tuple[int, list[CellValue | None]]], name: str
) -> tuple[int, dict[str, int], list[str]]:
    for index, (_, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        texts = [as_text(c) if c is not None else "" for c in cells]
        columns, ignored = match_headers(texts)
        if all(r in columns for r in REQUIRED):
            return index, columns, ignored
    wanted = "、".join(COLUMNS[r][0] for r in REQUIRED)
    raise Invalid(
        f"{name} 的前 {HEADER_SEARCH_ROWS} 行中找不到表头（须有 {wanted} 四列）"
        " (no header row with 户号, 电费年月, 用电量, 电费)"
    )


def _bill(
    row: int, cells: list[CellValue | None], columns: dict[str, int], errors: list[FieldError]
) -> Bill | None:
    def cell(name: str) -> CellValue | None:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    before = len(errors)
    account = cell_text(cell("account"))
    if not account:
        errors.append(FieldError("缺少户号 (missing account number)", row, "户号"))
    month = parse_month(cell("month"), row, errors)
    kwh = _amount(cell("kwh"), row, "用电量", errors)
    yuan = _amount(cell("yuan"), row, "电费", errors)
    kind = parse_kind(cell_text(cell("kind")), row, errors)
    vacant = _flag(cell_text(cell("vacant")), row, errors)
    applied = _moment(cell("applied_at"), row, errors)
    if len(errors) > before or month is None or kwh is None or yuan is None:
        return None
    return Bill(
        account, month, kwh, yuan, cell_text(cell("holder")), cell_text(cell("meter")), kind,
        cell_text(cell("town")), vacant, applied,
    )  # fmt: skip


def parse_month(value: CellValue | None, row: int, errors: list[FieldError]) -> date | None:
    if isinstance(value, date):
        return value.replace(day=1)
    text = cell_text(value)
    if isinstance(value, Decimal) and value == value.to_integral_value():
        text = f"{int(value)}"  # 202507 typed as a number
    found = _MONTH.match(text)
    if found and 1 <= int(found.group(2)) <= 12 and 1900 < int(found.group(1)) < 2200:
        return date(int(found.group(1)), int(found.group(2)), 1)
    reason = f"电费年月“{text}”应写成 2025-07 (expected a month)" if text else "缺少电费年月"
    errors.append(FieldError(reason, row, "电费年月"))
    return None


def _amount(
    value: CellValue | None, row: int, what: str, errors: list[FieldError]
) -> Decimal | None:
    number = number_in(value, row, what, errors)
    if number is not None and number != number.quantize(_CENT):
        errors.append(
            FieldError(f"{what} {number} 最多写到两位小数 (at most two places)", row, what)
        )
        return None
    return None if number is None else number.quantize(_CENT)


def parse_kind(text: str, row: int, errors: list[FieldError]) -> AccountKind:
    if any(word in text for word in ENTERPRISE_WORDS):
        return AccountKind.ENTERPRISE
    if not text or HOUSEHOLD_WORD in text:
        return AccountKind.HOUSEHOLD
    errors.append(FieldError(f"用户类别“{text}”应为 居民 或 企业 (unknown kind)", row, "用户类别"))
    return AccountKind.HOUSEHOLD


def _flag(text: str, row: int, errors: list[FieldError]) -> bool:
    if text.lower() in YES:
        return True
    if text.lower() not in NO:
        errors.append(FieldError(f"是否空置“{text}”应为 是 或 否", row, "是否空置"))
    return False


def _moment(value: CellValue | None, row: int, errors: list[FieldError]) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = cell_text(value).replace("/", "-").replace("T", " ")
    for layout in MOMENT_FORMATS:
        with contextlib.suppress(ValueError):
            return datetime.strptime(text, layout)
    reason = f"申请时间“{text}”应写成 2025-08-01 09:30 (expected a time)"
    errors.append(FieldError(reason, row, "申请时间"))
    return None

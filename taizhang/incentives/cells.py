"""Reading the cells of the files the power and grid companies send: headers matched by name
(spaces, brackets and units ignored), the header row found among the top rows, numbers, days
and times of day as people write them — each problem a `FieldError` with its row and column."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from taizhang.incentives.engine.load import MINUTES_PER_DAY
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.sheets import HEADER_SEARCH_ROWS, CellValue, Table, as_text

_NOISE = re.compile(r"[\s()（）\[\]【】/]|千瓦时|kwh|千瓦|kw|小时|元|度", re.IGNORECASE)
_DAY = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$|^(\d{4})(\d{2})(\d{2})$")
_CLOCK = re.compile(r"^(\d{1,2})[:：](\d{2})(?:[:：]00)?$")


def header_key(text: str) -> str:
    """A header without spaces, brackets and units: 基线负荷（千瓦） → 基线负荷."""
    return _NOISE.sub("", text)


def find_header(
    table: Table, name: str, columns: Mapping[str, Sequence[str]], required: Sequence[str]
) -> tuple[int, dict[str, int]]:
    """The first of the top rows that names every required column, and where each known column
    is (by any of its names; the first such column counts); `Invalid` naming those wanted."""
    aliases = {header_key(a): field for field, names in columns.items() for a in names}
    for index, (_, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for column, cell in enumerate(cells):
            field = aliases.get(header_key(as_text(cell))) if cell is not None else None
            if field is not None:
                found.setdefault(field, column)
        if all(r in found for r in required):
            return index, found
    wanted = "、".join(columns[r][0] for r in required)
    raise Invalid(
        f"{name} 的前 {HEADER_SEARCH_ROWS} 行中找不到表头（须有 {wanted}） (no header row)"
    )


def cell_text(value: CellValue | None) -> str:
    return "" if value is None else as_text(value)


def parse_day(
    value: CellValue | None, row: int, label: str, errors: list[FieldError]
) -> date | None:
    """A day as written: a date cell, 2025-07-22, 2025/7/22, 2025年7月22日 or 20250722."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    found = _DAY.match(text)
    if found:
        year, month, day = (int(g) for g in found.groups() if g is not None)
        try:
            return date(year, month, day)
        except ValueError:
            pass
    reason = f"{label}“{text}”应写成 2025-07-22 (expected a day)" if text else f"缺少{label}"
    errors.append(FieldError(reason, row, label))
    return None


def number_in(
    value: CellValue | None,
    row: int,
    label: str,
    errors: list[FieldError],
    *,
    negative: bool = False,
) -> Decimal | None:
    """A number as written (1,234.5 too); not below 0 unless `negative`."""
    text = cell_text(value).replace(",", "")
    try:
        number = value if isinstance(value, Decimal) else Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        reason = f"{label}“{text}”不是数字 (not a number)" if text else f"缺少{label} (missing)"
        errors.append(FieldError(reason, row, label))
        return None
    if number < 0 and not negative:
        errors.append(FieldError(f"{label} {text} 不能为负数 (must not be negative)", row, label))
        return None
    return number


def clock_minutes(text: str) -> int | None:
    """14:15 → 855, 24:00 → 1440; None for anything else."""
    found = _CLOCK.match(text.strip())
    if not found:
        return None
    hours, minutes = int(found.group(1)), int(found.group(2))
    total = hours * 60 + minutes
    return total if minutes < 60 and total <= MINUTES_PER_DAY else None

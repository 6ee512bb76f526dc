"""Sheets, as districts exchange them: reading an .xlsx (first sheet) or .csv (UTF-8 or GB18030)
into numbered rows of cells — text, Decimals (never floats) and dates — and writing workbooks of
one shape: a caption row, a bold header row, the rows, fixed column widths, dates as dates.

Row numbers are the ones Excel shows, so "第 5 行" points at the row the user sees. Each domain
matches its own headers and reads its own cells; `refuse_if_any` turns the problems into one
`Invalid`, so an import is all or nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile, ZipFile, ZipInfo

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.numbers import cell_number_format
from taizhang.kernel.text import without_controls

CellValue = str | Decimal | date
Table = list[tuple[int, list[CellValue | None]]]
HEADER_SEARCH_ROWS = 10
TOTAL_ROW_NAMES = frozenset({"合计", "小计", "总计"})
SheetValue = str | int | Decimal | date | None
# What a sheet may hold before it is refused unread: Excel's own row limit; a cell count and an
# unpacked size far above any district ledger; parts that unpack beyond 100× their size.
MAX_ROWS = 1_048_576
MAX_CELLS = 2_000_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 1_000
MAX_RATIO = 100


# --- reading ------------------------------------------------------------------------------


def read_table(path: Path, *, times: bool = False) -> Table:
    """The rows of an .xlsx (first sheet) or .csv file as (row number, cells), shared by imports.

    A date-and-time cell of a workbook reads as its day; with `times` one whose time is not
    midnight keeps it (a `datetime`), for sheets whose rows are moments (load readings)."""
    if not path.is_file():
        raise Invalid(f"找不到文件 {path} (file not found)")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_table(path, times)
    if suffix == ".csv":
        return _csv_table(path)
    raise Invalid(
        f"只能导入 .xlsx 或 .csv 文件（.xls 请先另存为 .xlsx）：{path.name} (.xlsx or .csv only)"
    )


def _xlsx_table(path: Path, times: bool = False) -> Table:
    """The first sheet, streamed (read-only), after the archive passed `check_workbook`."""
    check_workbook(path)
    try:
        workbook = load_workbook(path, data_only=True, read_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise Invalid(f"无法读取 Excel 文件 {path.name} (cannot read the workbook)") from exc
    try:
        sheet = workbook.worksheets[0]
        if not isinstance(sheet, ReadOnlyWorksheet):
            raise Invalid(f"{path.name} 的第一个工作表不是数据表 (first sheet holds no cells)")
        return _bounded_rows(sheet.iter_rows(min_row=1, min_col=1), path.name, times)
    except (ParseError, KeyError, ValueError) as exc:
        raise Invalid(f"无法读取 Excel 文件 {path.name} (cannot read the workbook)") from exc
    finally:
        workbook.close()


def _bounded_rows(rows: Iterable[Sequence[Any]], name: str, times: bool = False) -> Table:
    table: Table = []
    cells = 0
    for number, row in enumerate(rows, start=1):
        cells += len(row)
        if number > MAX_ROWS or cells > MAX_CELLS:
            raise Invalid(
                f"{name} 过大：最多 {MAX_ROWS:,} 行、{MAX_CELLS:,} 个单元格"
                " (the sheet is too large)"
            )
        table.append((number, [_cell(c.value, c.number_format or "General", times) for c in row]))
    return table


def check_workbook(path: Path) -> None:
    """Refuse, before anything parses it, a workbook that could exhaust the server: more than
    `MAX_ARCHIVE_ENTRIES` parts, more than `MAX_UNCOMPRESSED_BYTES` once unpacked, a part that
    unpacks to more than `MAX_RATIO` times its size (a zip bomb), or XML that declares a
    document type (entity expansion, "billion laughs")."""
    try:
        with ZipFile(path) as archive:
            entries = archive.infolist()
            _check_sizes(entries, path.name)
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")):
                    _check_no_doctype(archive.open(entry).read(4096), path.name)
    except (BadZipFile, OSError, RuntimeError) as exc:
        raise Invalid(f"无法读取 Excel 文件 {path.name} (cannot read the workbook)") from exc


def _check_sizes(entries: Sequence[ZipInfo], name: str) -> None:
    unpacked = sum(entry.file_size for entry in entries)
    bomb = any(
        entry.file_size > MAX_RATIO * max(entry.compress_size, 1) and entry.file_size > 1 << 20
        for entry in entries
    )
    if len(entries) > MAX_ARCHIVE_ENTRIES or unpacked > MAX_UNCOMPRESSED_BYTES or bomb:
        raise Invalid(
            f"{name} 解压后过大或结构异常，拒绝读取 (the workbook unpacks too large; refused)"
        )


def _check_no_doctype(head: bytes, name: str) -> None:
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise Invalid(f"{name} 含有不允许的 XML 声明，拒绝读取 (XML entities are refused)")


def _csv_table(path: Path) -> Table:
    text = _decode(path.read_bytes(), path.name)
    table: Table = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if number > MAX_ROWS:
                raise Invalid(f"{path.name} 超过 {MAX_ROWS:,} 行 (the file has too many rows)")
            table.append((number, [_cell(v) for v in row]))
    except csv.Error as exc:
        raise Invalid(f"无法读取 CSV 文件 {path.name}：{exc} (malformed CSV)") from exc
    return table


def _decode(raw: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Invalid(f"无法识别 {name} 的编码，请存为 UTF-8 或 GB18030 (unknown text encoding)")


def _cell(value: object, number_format: str = "General", times: bool = False) -> CellValue | None:
    """A cell as the parsers take it: text, a Decimal (never a float) or a date (with `times`, a
    datetime when it has a time of day)."""
    if isinstance(value, datetime):
        return value if times and value.time() != time() else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
        return f"{number * 100:f}%" if "%" in number_format else number
    text = "" if value is None else without_controls(str(value)).strip()
    return text or None


def as_text(value: CellValue) -> str:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    return value.strip()


def refuse_if_any(errors: list[FieldError]) -> None:
    """Raise one `Invalid` listing every problem, ordered by row, when there are any."""
    if errors:
        count = len({e.row for e in errors})
        raise Invalid(
            f"{count} 行有误，未导入任何数据 ({count} row(s) with errors; nothing was imported)",
            sorted(errors, key=lambda e: e.row or 0),
        )


# --- writing ------------------------------------------------------------------------------

# Text Excel would read as a formula (or that ends a CSV field early when pasted).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
clean_text = without_controls  # the control characters a workbook cannot hold


def put_value(cell: Cell | MergedCell, value: SheetValue) -> None:
    """Write a value as it is: text is always text, never a formula — even `=HYPERLINK(…)` typed
    into the public form — and dates are shown as dates."""
    cell.value = clean_text(value) if isinstance(value, str) else value
    _keep_as_written(cell)


def append_values(sheet: Worksheet, values: Sequence[SheetValue]) -> None:
    """Append a row as `put_value` writes each value (an empty row for no values). The cells
    are made here and handed to `append`: finding the new row again (`max_row`) would scan the
    whole sheet for every row."""
    cells = [  # `append` gives each cell its row
        Cell(sheet, row=1, column=n, value=clean_text(v) if isinstance(v, str) else v)
        for n, v in enumerate(values, start=1)
    ]
    for cell in cells:
        _keep_as_written(cell)
    sheet.append(cells)


def _keep_as_written(cell: Cell | MergedCell) -> None:
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True  # as if typed with a leading ', so editing keeps it text
    elif isinstance(cell.value, date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(cell.value, Decimal):
        cell.number_format = cell_number_format(cell.value)


def write_table(
    sheet: Worksheet,
    *,
    caption: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[SheetValue]],
    widths: Sequence[int],
) -> None:
    append_values(sheet, [caption])
    sheet["A1"].font = Font(bold=True, size=13)
    append_values(sheet, list(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        append_values(sheet, list(row))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"


def new_sheet(workbook: Workbook, title: str) -> Worksheet:
    """The new workbook's default sheet renamed, or a new sheet after the others."""
    sheets = workbook.worksheets
    if len(sheets) == 1 and sheets[0].title == "Sheet" and isinstance(sheets[0], Worksheet):
        sheets[0].title = title
        return sheets[0]
    sheet: Worksheet = workbook.create_sheet(title)
    return sheet


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

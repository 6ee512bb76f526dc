"""The appeals layer's Excel sheets share one shape: a caption row, a bold header row, the rows,
and fixed column widths; dates are written as dates."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

SheetValue = str | int | Decimal | date | None


def write_table(
    sheet: Worksheet,
    *,
    caption: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[SheetValue]],
    widths: Sequence[int],
) -> None:
    sheet.append([caption])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(headers))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
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

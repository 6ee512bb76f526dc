"""A report as an XLSX workbook: one sheet per section with a table, numbers kept as numbers.

The first sheet (概况) holds the title, subtitle, the sections' paragraphs and the issuer; each
section with tables gets its own sheet: a merged title row, bold bordered headers, column
widths fitted to the text (a CJK character counts as two).
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from taizhang.kernel.report_document import Cell, ReportData, Section
from taizhang.kernel.sheets import append_values
from taizhang.race.engine.warnings import zh_date
from taizhang.reports import cell_text, chinese_number

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(name="黑体", size=16, bold=True)
HEAD_FONT = Font(name="黑体", bold=True)
MAX_WIDTH = 60


def render_xlsx(report: ReportData) -> bytes:
    """The report as an .xlsx file's bytes."""
    book = Workbook()
    _overview(book.active, report)  # type: ignore[arg-type]
    for number, section in enumerate(report.sections, start=1):
        if section.tables:
            _section_sheet(book.create_sheet(_sheet_name(number, section)), report, section)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(number: int, section: Section) -> str:
    name = f"{chinese_number(number)}、{section.heading}"
    return "".join(ch for ch in name if ch not in "[]:*?/\\")[:31]


def _overview(sheet: Worksheet, report: ReportData) -> None:
    sheet.title = "概况"
    append_values(sheet, [report.title])
    sheet["A1"].font = TITLE_FONT
    append_values(sheet, [report.subtitle])
    for number, section in enumerate(report.sections, start=1):
        append_values(sheet, [f"{chinese_number(number)}、{section.heading}"])
        sheet.cell(sheet.max_row, 1).font = HEAD_FONT
        for text in section.paragraphs:
            append_values(sheet, [text])
    sheet.append([])
    append_values(sheet, [report.issuer])
    append_values(sheet, [zh_date(report.issued_on)])
    sheet.column_dimensions["A"].width = 100


def _section_sheet(sheet: Worksheet, report: ReportData, section: Section) -> None:
    width = max(len(t.headers) for t in section.tables)
    append_values(sheet, [f"{report.title}·{section.heading}"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
    sheet["A1"].font = TITLE_FONT
    sheet["A1"].alignment = Alignment(horizontal="center")
    for table in section.tables:
        if table.caption:
            append_values(sheet, [table.caption])
        append_values(sheet, list(table.headers))
        for cell in sheet[sheet.max_row]:
            cell.font, cell.border = HEAD_FONT, BOX
            cell.alignment = Alignment(horizontal="center")
        for row in table.rows:
            append_values(sheet, [_value(cell) for cell in row])
            for cell in sheet[sheet.max_row]:
                cell.border = BOX
        sheet.append([])
    _fit_columns(sheet, section)


def _value(cell: Cell) -> Cell:
    """Numbers stay numbers (a Decimal is a number cell, formatted by `append_values`)."""
    return cell


def _fit_columns(sheet: Worksheet, section: Section) -> None:
    widths: dict[int, int] = {}
    for table in section.tables:
        for row in (table.headers, *table.rows):
            for index, cell in enumerate(row, start=1):
                widths[index] = max(widths.get(index, 0), _display_width(cell))
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)


def _display_width(cell: Cell) -> int:
    text = cell_text(cell)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

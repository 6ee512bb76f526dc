"""Reports as files: a `ReportData` rendered as an HTML page, an XLSX workbook or a DOCX document.

Each renderer is `render_*(report) -> bytes`; `render(report, fmt)` picks one by name.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from taizhang.kernel.errors import Invalid
from taizhang.kernel.numbers import format_number
from taizhang.kernel.report_document import ReportData

FORMATS = ("html", "xlsx", "docx")


def render(report: ReportData, fmt: str) -> bytes:
    """The report in a format: html, xlsx or docx."""
    from taizhang.reports.docx import render_docx
    from taizhang.reports.html import render_html
    from taizhang.reports.xlsx import render_xlsx

    renderers: dict[str, Callable[[ReportData], bytes]] = {
        "html": render_html,
        "xlsx": render_xlsx,
        "docx": render_docx,
    }
    if fmt not in renderers:
        raise Invalid(f"未知的报告格式 {fmt}，应为 {'、'.join(FORMATS)} (unknown format)")
    return renderers[fmt](report)


def chinese_number(n: int) -> str:
    """一 … 九十九: how an official document numbers its sections (一、二、…)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def cell_text(cell: object) -> str:
    """A cell as text: numbers in fixed-point as written (68.00 stays 68.00, 4E+1 is 40)."""
    if isinstance(cell, Decimal | int) and not isinstance(cell, bool):
        return format_number(cell, trim=False)
    return str(cell)

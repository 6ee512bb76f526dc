"""A report as a DOCX document in the look of a Chinese official document (GB/T 9704).

- A4, margins top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm;
- the title centred in 方正小标宋简体 二号 (22 pt); where that font is missing Word falls back
  to 黑体, which is set as the run's Latin font (the East Asian font is set through
  `w:rFonts w:eastAsia`, which `font.name` alone does not write);
- body in 仿宋_GB2312 三号 (16 pt), first line indented two characters, fixed 28 pt lines;
- section headings numbered 一、二、… in 黑体 三号;
- tables with single borders, headers in 黑体;
- the issuing unit and the date at the end, right-aligned.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from taizhang.kernel.report_document import ReportData, Section, Table
from taizhang.race.engine.warnings import zh_date
from taizhang.reports import cell_text, chinese_number

TITLE_FONT = "方正小标宋简体"
TITLE_FALLBACK = "黑体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
SUBTITLE_FONT = "楷体_GB2312"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
TABLE_SIZE = Pt(12)  # 小四
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}


def render_docx(report: ReportData) -> bytes:
    """The report as a .docx file's bytes."""
    document = Document()
    _page(document)
    _title(document, report)
    for number, section in enumerate(report.sections, start=1):
        _section(document, number, section)
    _signature(document, report)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def set_font(run: Run, east_asia: str, size: Pt, *, latin: str | None = None) -> None:
    """A run's font: `east_asia` for Chinese characters (w:eastAsia), `latin` for the rest."""
    run.font.name = latin or east_asia
    run.font.size = size
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), east_asia)


def _page(document: DocxDocument) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin = Cm(MARGINS_CM["top"])
        section.bottom_margin = Cm(MARGINS_CM["bottom"])
        section.left_margin = Cm(MARGINS_CM["left"])
        section.right_margin = Cm(MARGINS_CM["right"])


def _title(document: DocxDocument, report: ReportData) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run(report.title), TITLE_FONT, TITLE_SIZE, latin=TITLE_FALLBACK)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(subtitle.add_run(report.subtitle), SUBTITLE_FONT, BODY_SIZE)


def _section(document: DocxDocument, number: int, section: Section) -> None:
    heading = _body_paragraph(document)
    set_font(
        heading.add_run(f"{chinese_number(number)}、{section.heading}"), HEADING_FONT, BODY_SIZE
    )
    for text in section.paragraphs:
        set_font(_body_paragraph(document).add_run(text), BODY_FONT, BODY_SIZE)
    for table in section.tables:
        _table(document, table)


def _body_paragraph(document: DocxDocument) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(32)  # two characters of 三号
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    return paragraph


def _table(document: DocxDocument, table: Table) -> None:
    grid: DocxTable = document.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, header in enumerate(table.headers):
        _cell(grid, 0, column, header, HEADING_FONT)
    for row_number, row in enumerate(table.rows, start=1):
        for column, cell in enumerate(row):
            _cell(grid, row_number, column, cell_text(cell), BODY_FONT)


def _cell(grid: DocxTable, row: int, column: int, text: str, font: str) -> None:
    paragraph = grid.cell(row, column).paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), font, TABLE_SIZE)


def _signature(document: DocxDocument, report: ReportData) -> None:
    document.add_paragraph()
    for text in (report.issuer, zh_date(report.issued_on)):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(64)  # 右空四字, as GB/T 9704 places it
        set_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)

"""The 项目台账 import template: the exact headers the import reads, one example row that imports
as it stands, and a 填写说明 sheet explaining each column. Built with openpyxl when asked for."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from taizhang.kernel.sheets import put_value
from taizhang.kernel.stages import STAGES
from taizhang.projects.sheet_columns import COLUMNS, REQUIRED_KEYS, Column, planned_key, reached_key
from taizhang.projects.sheet_files import ExportValue

EXAMPLE_NAME = "示例：新型储能电池项目"
DATA_SHEET = "项目台账"
NOTES_SHEET = "填写说明"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GENERAL_NOTE = "第一行是表头，请勿改动；示例行可删除或改写。任何一行有错，整份文件都不导入。"
STAGE_WORDS = "、".join(s.label for s in STAGES)
NOTES: dict[str, str] = {
    "code": "选填。台账中已有的项目编号（如 XM000012）表示更新该项目；留空则按名称、期次和所属单位"
    "匹配，匹配不到即新建",
    "name": "必填。项目全称",
    "phase": "选填。如 一期、二期",
    "investors": "选填。投资主体（企业），多家用顿号、逗号或分号分隔；"
    "与企业库自动匹配，新企业自动登记",
    "unit": "必填。所属镇街、平台或部门的全称或单位代码，须在您的管辖范围内",
    "chain": "选填。所属产业链，如 新能源、智能装备",
    "stage": f"选填。当前阶段：{STAGE_WORDS}；留空为洽谈",
    "investment": "选填。单位亿元：只写数字按亿元计（120 即 120亿元）；也可写 120亿、5000万、"
    "3000万美元、1.2万亿",
    "currency": "选填。人民币、美元、欧元、港元、日元、英镑；留空为人民币，"
    "金额中写了币种的以金额为准",
    "land_mu": "选填。单位亩；也可写 10公顷、6667平方米",
    "annual_output": "选填。达产后年产值，单位亿元，写法同总投资",
    "capacities": "选填。设计产能，多项用分号分隔，如 60GWh 电芯；72万片 晶圆",
    "build_type": "选填。新建或续建",
    "capital_origin": "选填。内资或外资",
    "attraction_method": "选填。如 以商招商、基金招商",
    "progress_pct": "选填。0–100，可带 %",
    "reason": "选填。退回阶段或改写已过阶段的日期时必填",
}


def template_workbook(unit_name: str, today: date) -> bytes:
    """The template as .xlsx bytes; the example row names `unit_name` and dates near `today`."""
    workbook = Workbook()
    data: Worksheet = workbook.active  # type: ignore[assignment]
    data.title = DATA_SHEET
    _write_data(data, example_row(unit_name, today))
    _write_notes(workbook.create_sheet(NOTES_SHEET))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def example_row(unit_name: str, today: date) -> list[ExportValue]:
    """One value per column, in the columns' order (blank where the example states nothing)."""
    values: dict[str, ExportValue] = {
        "name": EXAMPLE_NAME,
        "phase": "一期",
        "investors": "示例储能科技有限公司",
        "unit": unit_name,
        "chain": "新能源",
        "stage": "签约",
        "investment": Decimal(120),
        "currency": "人民币",
        "land_mu": Decimal(150),
        "annual_output": Decimal(200),
        "capacities": "10GWh 储能电池",
        "build_type": "新建",
        "capital_origin": "内资",
        "attraction_method": "以商招商",
        "progress_pct": Decimal(0),
        reached_key(STAGES[1]): today,
        planned_key(STAGES[2]): date(today.year, 12, 31),
        planned_key(STAGES[3]): date(today.year + 1, 3, 31),
        planned_key(STAGES[5]): date(today.year + 2, 6, 30),
    }
    return [values.get(column.key) for column in COLUMNS]


def _write_data(sheet: Worksheet, example: list[ExportValue]) -> None:
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=position, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(position)].width = column.width
        put_value(sheet.cell(row=2, column=position), example[position - 1])
    sheet.freeze_panes = "C2"


def _write_notes(sheet: Worksheet) -> None:
    sheet.append(["列名", "是否必填", "填写说明"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in COLUMNS:
        required = "必填" if column.key in REQUIRED_KEYS else "选填"
        sheet.append([column.header, required, note_of(column)])
    sheet.append([])
    sheet.append(
        ["说明", "", "第一行是表头，请勿改动；示例行可删除或改写。任何一行有错，整份文件都不导入。"]
    )
    for letter, width in (("A", 18), ("B", 10), ("C", 90)):
        sheet.column_dimensions[letter].width = width


def note_of(column: Column) -> str:
    if column.key in NOTES:
        return NOTES[column.key]
    kind, _, stage = column.key.partition(":")
    label = next(s.label for s in STAGES if s.value == stage)
    if kind == "planned":
        return f"选填。计划{label}日期，如 2026-06-30；只写到月（2026年6月）按月底计"
    return f"选填。实际{label}日期，如 2026-06-30；填写后项目至少推进到{label}阶段"

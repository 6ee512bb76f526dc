"""A 项目台账 sheet and its rows, without the database: reading .xlsx/.csv files into
`ProjectRow`s and writing rows of cells to an .xlsx.

The header row is the first of the top ten rows with a 项目名称 cell, so title rows above it
are fine. Headers we do not know (序号, 备注 …) are ignored and reported; rows that are empty or
named 合计/小计/总计 are skipped. How each cell is read is in `tabular_columns`. Row numbers are
the ones Excel shows, so a message such as "第 5 行" points at the row the user sees.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.money import CURRENCY_LABELS, YI, Money
from taizhang.kernel.numbers import format_number, plain_decimal
from taizhang.kernel.sheets import (
    HEADER_SEARCH_ROWS,
    TOTAL_ROW_NAMES,
    CellValue,
    Table,
    put_value,
    read_table,
    refuse_if_any,
)
from taizhang.kernel.stages import STAGES, Stage
from taizhang.projects.projection import ProjectState
from taizhang.projects.sheet_columns import (
    COLUMNS,
    REQUIRED_KEYS,
    Amount,
    HeaderRow,
    capacity_text,
    find_column,
    match_headers,
    planned_key,
    reached_key,
)

ROW_FIGURES = (
    "phase",
    "chain",
    "build_type",
    "capital_origin",
    "attraction_method",
    "land_mu",
    "progress_pct",
    "capacities",
)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ExportValue = str | Decimal | date | None


@dataclass(frozen=True)
class ProjectRow:
    """One project as a sheet row states it: only the cells that are filled in."""

    row: int  # as Excel numbers it
    name: str
    unit: str  # unit code or name as written
    code: str | None = None
    stage: Stage | None = None
    investors: tuple[str, ...] = ()
    figures: Mapping[str, Any] = field(default_factory=dict)  # projection field → value
    planned: Mapping[Stage, date] = field(default_factory=dict)
    reached: Mapping[Stage, date] = field(default_factory=dict)
    reason: str | None = None


@dataclass(frozen=True)
class Sheet:
    header: HeaderRow
    rows: list[ProjectRow]
    errors: list[FieldError]


def read_project_rows(path: Path) -> list[ProjectRow]:
    """The project rows of a sheet, or `Invalid` naming every bad cell."""
    sheet = read_sheet(path)
    refuse_if_any(sheet.errors)
    return sheet.rows


def read_sheet(path: Path) -> Sheet:
    table = read_table(path)
    start = _header_index(table)
    header = match_headers(table[start][1], row=table[start][0])
    if header.errors:
        return Sheet(header, [], list(header.errors))
    rows: list[ProjectRow] = []
    errors: list[FieldError] = []
    for number, cells in table[start + 1 :]:
        if not _is_skipped(cells, header):
            row, problems = _parse_row(number, cells, header)
            rows += [row] if row else []
            errors += problems
    return Sheet(header, rows, errors + _duplicate_codes(rows, header))


def _header_index(table: Table) -> int:
    for index, (_, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        for cell in cells:
            column = find_column(cell) if isinstance(cell, str) else None
            if column is not None and column.key == "name":
                return index
    raise Invalid(
        f"前 {HEADER_SEARCH_ROWS} 行中找不到含“项目名称”的表头行 (no header row with 项目名称)"
    )


def _at(cells: Sequence[CellValue | None], position: int) -> CellValue | None:
    return cells[position] if position < len(cells) else None


def _is_skipped(cells: Sequence[CellValue | None], header: HeaderRow) -> bool:
    name = header.find("name")
    text = _at(cells, name.position) if name else None
    total = isinstance(text, str) and "".join(text.split()) in TOTAL_ROW_NAMES
    return total or all(c is None for c in cells)


def _parse_row(
    number: int, cells: Sequence[CellValue | None], header: HeaderRow
) -> tuple[ProjectRow | None, list[FieldError]]:
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for cell_header in header.headers:
        cell = _at(cells, cell_header.position)
        if cell is None:
            if cell_header.column.key in REQUIRED_KEYS:
                errors.append(
                    FieldError("不能为空 (required)", row=number, column=cell_header.text)
                )
            continue
        try:
            values[cell_header.column.key] = cell_header.column.parse(cell, cell_header)
        except ValueError as exc:
            errors.append(FieldError(str(exc), row=number, column=cell_header.text))
    errors += _stage_date_problems(number, values, header)
    return (None if errors else _project_row(number, values)), errors


def _project_row(number: int, values: Mapping[str, Any]) -> ProjectRow:
    return ProjectRow(
        row=number,
        name=values["name"],
        unit=values["unit"],
        code=values.get("code"),
        stage=values.get("stage"),
        investors=values.get("investors", ()),
        figures=_figures(values),
        planned=_dates(values, planned_key),
        reached=_dates(values, reached_key),
        reason=values.get("reason"),
    )


def _figures(values: Mapping[str, Any]) -> dict[str, Any]:
    figures = {key: values[key] for key in ROW_FIGURES if key in values}
    for key in ("investment", "annual_output"):
        amount: Amount | None = values.get(key)
        if amount is not None:
            currency = amount.currency or values.get("currency", "CNY")
            figures[key] = Money(amount.amount, currency)
    return figures


def _dates(values: Mapping[str, Any], key_of: Callable[[Stage], str]) -> dict[Stage, date]:
    return {stage: values[key_of(stage)] for stage in STAGES if key_of(stage) in values}


def _stage_date_problems(
    number: int, values: Mapping[str, Any], header: HeaderRow
) -> list[FieldError]:
    stage: Stage | None = values.get("stage")
    if stage is None:
        return []
    return [
        FieldError(
            f"项目阶段为“{stage.label}”，还不应有“{later.label}”的实际日期"
            " (actual date of a stage not yet reached)",
            row=number,
            column=header.text_of(reached_key(later)),
        )
        for later in _dates(values, reached_key)
        if later.order > stage.order
    ]


def _duplicate_codes(rows: list[ProjectRow], header: HeaderRow) -> list[FieldError]:
    first: dict[str, int] = {}
    errors = []
    for row in rows:
        if row.code and first.setdefault(row.code, row.row) != row.row:
            reason = f"项目编号 {row.code} 与第 {first[row.code]} 行重复 (duplicate project code)"
            errors.append(FieldError(reason, row=row.row, column=header.text_of("code")))
    return errors


def export_cells(state: ProjectState, unit_label: str) -> list[ExportValue]:
    """One project's row of an export, in the order of `COLUMNS`."""
    currency = _sheet_currency(state)
    values: dict[str, ExportValue] = {
        "code": state.code,
        "name": state.name,
        "phase": state.phase,
        "investors": "、".join(i.name for i in state.investors) or None,
        "unit": unit_label,
        "chain": state.chain,
        "stage": state.stage.label if state.stage else None,
        "investment": _yi_cell(state.investment, currency),
        "currency": None if currency is None else _currency_label(currency),
        "land_mu": _plain(state.land_mu),
        "annual_output": _yi_cell(state.annual_output, currency),
        "capacities": "；".join(capacity_text(c) for c in state.capacities) or None,
        "build_type": state.build_type,
        "capital_origin": state.capital_origin,
        "attraction_method": state.attraction_method,
        "progress_pct": _plain(state.progress_pct),
    }
    for stage in STAGES:
        values[planned_key(stage)] = state.planned.get(stage)
        values[reached_key(stage)] = state.reached.get(stage)
    return [values.get(column.key) for column in COLUMNS]


def _sheet_currency(state: ProjectState) -> str | None:
    money = state.investment or state.annual_output
    return money.currency if money else None


def _currency_label(currency: str) -> str:
    return "人民币" if currency == "CNY" else CURRENCY_LABELS.get(currency, currency)


def _yi_cell(money: Money | None, currency: str | None) -> Decimal | str | None:
    """A number in 亿 of the row's 币种, or text such as 0.3亿美元 in another currency."""
    if money is None:
        return None
    yi = money.amount / YI
    if money.currency == currency:
        return plain_decimal(yi)
    return f"{format_number(yi)}亿{CURRENCY_LABELS.get(money.currency, money.currency)}"


def _plain(value: Decimal | None) -> Decimal | None:
    return None if value is None else plain_decimal(value)


def write_workbook(path: Path, title: str, rows: Sequence[Sequence[ExportValue]]) -> None:
    workbook = Workbook()
    sheet: Worksheet = workbook.create_sheet("项目台账", 0)
    workbook.remove(workbook.worksheets[1])  # the empty sheet a new workbook starts with
    _write_heading(sheet, title)
    for number, cells in enumerate(rows, start=3):
        for position, value in enumerate(cells, start=1):
            put_value(sheet.cell(row=number, column=position), value)
    sheet.freeze_panes = "C3"
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(COLUMNS))}{len(rows) + 2}"
    try:
        workbook.save(path)
    except OSError as exc:
        raise Invalid(f"无法写入文件 {path} (cannot write the file)") from exc


def _write_heading(sheet: Worksheet, title: str) -> None:
    put_value(sheet.cell(row=1, column=1), title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=2, column=position, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(position)].width = column.width

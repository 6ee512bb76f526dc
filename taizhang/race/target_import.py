"""Targets (年度任务) from an .xlsx/.csv sheet: 单位 (or 单位代码), 年度, 指标, 目标值.

Every row is checked before anything is written; one bad row and nothing is, each problem named
by the row number Excel shows and the column as written. Title rows above the header, blank
rows and 合计 rows are fine. Each written target records "file 第N行" as where it came from.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.sheets import (
    HEADER_SEARCH_ROWS,
    TOTAL_ROW_NAMES,
    CellValue,
    as_text,
    read_table,
    refuse_if_any,
)
from taizhang.org.access import require_district_admin
from taizhang.org.models import Unit, User
from taizhang.org.units import find_unit
from taizhang.race.metrics import Metric, find_metric, fold, list_metrics, value_problem
from taizhang.race.models import Target
from taizhang.race.targets import Outcome, Said, target_unit_problem, upsert_figure, year_problem

logger = logging.getLogger(__name__)

TARGET_COLUMNS: dict[str, tuple[str, ...]] = {
    "unit_code": ("单位代码",),
    "unit": ("单位", "单位名称", "所属单位"),
    "year": ("年度", "年份"),
    "metric": ("指标", "指标名称", "考核指标"),
    "value": ("目标值", "目标", "年度目标", "目标任务"),
}
MISSING_COLUMN = "缺少这一必填列 (required column missing)"
Table = list[tuple[int, list[CellValue | None]]]
Cells = Sequence[CellValue | None]
Columns = dict[str, tuple[int, str]]  # column key → (position in the row, header as written)


@dataclass(frozen=True)
class TargetImport:
    created: int
    updated: int
    unchanged: int


@dataclass(frozen=True)
class _Row:
    row: int
    unit_id: int
    year: int
    metric: str
    value: Decimal


def import_targets(
    session: Session, path: Path, *, actor: User | None, now: datetime
) -> TargetImport:
    """Targets from an .xlsx/.csv with columns 单位 (or 单位代码), 年度, 指标, 目标值: every
    row is checked first; one bad row and nothing is written, each problem named by row and
    column. Title rows above the header, blank rows and 合计 rows are fine."""
    require_district_admin(actor, "导入目标 (import targets)")
    table = read_table(path)
    index, columns = _target_header(table)
    rows, problems = _target_rows(session, table[index + 1 :], columns, now)
    refuse_if_any(problems)
    outcomes: Counter[Outcome] = Counter()
    with session.begin_nested():
        for r in rows:
            key = {"unit_id": r.unit_id, "year": r.year, "metric": r.metric}
            said = Said(actor, now, f"{path.name} 第{r.row}行")
            outcomes[upsert_figure(session, Target, key, r.value, said)[1]] += 1
    logger.info("imported targets from %s: %s", path.name, dict(outcomes))
    return TargetImport(outcomes["created"], outcomes["updated"], outcomes["unchanged"])


def _target_header(table: Table) -> tuple[int, Columns]:
    """The header row (the first of the top rows naming 指标 and 目标值) and its columns."""
    for index, (number, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        columns = _header_columns(cells)
        if "metric" in columns and "value" in columns:
            missing = [] if "year" in columns else ["年度"]
            if "unit" not in columns and "unit_code" not in columns:
                missing.append("单位/单位代码")
            refuse_if_any([FieldError(MISSING_COLUMN, number, title) for title in missing])
            return index, columns
    raise Invalid(
        f"前 {HEADER_SEARCH_ROWS} 行中找不到含“指标”和“目标值”的表头行 (no header row found)"
    )


def _header_columns(cells: Cells) -> Columns:
    columns: Columns = {}
    for position, cell in enumerate(cells):
        text = fold(as_text(cell)) if cell is not None else ""
        key = next((k for k, names in TARGET_COLUMNS.items() if text in names), None)
        if key is not None:
            columns.setdefault(key, (position, text))
    return columns


def _target_rows(
    session: Session, table: Table, columns: Columns, now: datetime
) -> tuple[list[_Row], list[FieldError]]:
    reader = _RowReader(session, list_metrics(session), columns, now)
    rows: list[_Row] = []
    errors: list[FieldError] = []
    first: dict[tuple[int, int, str], int] = {}
    for number, cells in table:
        if _is_blank_or_total(cells, columns):
            continue
        row, problems = reader.read(number, cells)
        if row is not None:
            key = (row.unit_id, row.year, row.metric)
            if first.setdefault(key, number) == number:
                rows.append(row)
            else:
                reason = f"与第 {first[key]} 行重复：同一单位、年度、指标只能有一个目标 (duplicate)"
                problems.append(FieldError(reason, number, columns["metric"][1]))
        errors += problems
    return rows, errors


def _at(cells: Cells, columns: Columns, key: str) -> CellValue | None:
    position = columns[key][0] if key in columns else len(cells)
    return cells[position] if position < len(cells) else None


def _is_blank_or_total(cells: Cells, columns: Columns) -> bool:
    unit = _at(cells, columns, "unit") or _at(cells, columns, "unit_code")
    total = isinstance(unit, str) and fold(unit) in TOTAL_ROW_NAMES
    return total or all(_at(cells, columns, key) is None for key in columns)


class _RowReader:
    """Reads and checks the cells of one row; a reader returns a value or a problem (str)."""

    def __init__(self, session: Session, metrics: list[Metric], columns: Columns, now: datetime):
        self.session, self.metrics, self.columns, self.now = session, metrics, columns, now
        self.units: dict[str, Unit | str] = {}

    def read(self, number: int, cells: Cells) -> tuple[_Row | None, list[FieldError]]:
        problems: list[FieldError] = []

        def cell(key: str, reader: Callable[[CellValue], Any]) -> Any:
            value = _at(cells, self.columns, key)
            result = "不能为空 (required)" if value is None else reader(value)
            if isinstance(result, str):
                problems.append(FieldError(result, number, self.columns[key][1]))
                return None
            return result

        unit_key = "unit_code" if _at(cells, self.columns, "unit_code") is not None else "unit"
        unit = cell(unit_key if unit_key in self.columns else "unit_code", self._unit)
        year = cell("year", lambda value: _read_year(value, self.now))
        metric = cell("metric", self._metric)
        value = cell("value", lambda value: _read_value(value, metric))
        if problems:
            return None, problems
        return _Row(number, unit.id, year, metric.code, value), []

    def _unit(self, value: CellValue) -> Unit | str:
        text = as_text(value)
        if text not in self.units:
            self.units[text] = self._unit_or_problem(text)
        return self.units[text]

    def _unit_or_problem(self, text: str) -> Unit | str:
        try:
            found = find_unit(self.session, text)
        except Invalid as exc:
            return exc.message
        if found is None:
            return f"未知的单位“{text}”，请填单位代码或全称 (unknown unit)"
        return target_unit_problem(found) or found

    def _metric(self, value: CellValue) -> Metric | str:
        text = as_text(value)
        known = "、".join(m.label for m in self.metrics)
        return (
            find_metric(self.metrics, text) or f"未知的指标“{text}”，应为：{known} (unknown metric)"
        )


def _read_year(cell: CellValue, now: datetime) -> int | str:
    if isinstance(cell, Decimal) and cell == cell.to_integral_value():
        cell = str(int(cell))
    text = fold(as_text(cell)).removesuffix("年")
    if not re.fullmatch(r"[0-9]{4}", text):
        return f"年度应为四位年份，如 2026，实为“{as_text(cell)}” (bad year)"
    return year_problem(int(text), now) or int(text)


def _read_value(cell: CellValue, metric: Metric | None) -> Decimal | str:
    try:
        value = cell if isinstance(cell, Decimal) else Decimal(fold(as_text(cell)).replace(",", ""))
    except InvalidOperation:
        return f"目标值应为数字，实为“{as_text(cell)}” (not a number)"
    if metric is None:
        return value
    return value_problem(metric, value) or value

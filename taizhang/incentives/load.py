"""Enterprises' load as the power company exports it (.csv or .xlsx, Chinese headers), read into
the engine's `DayEnergy`s and `Reading`s — all or nothing: every wrong cell is named by row and
column, the same 户号 twice for one day (or one moment) is refused with its rows, and the days
missing between an account's first and last day are reported with the rows around them.

Headers are matched by name, spaces, brackets and units ignored (峰段电量（千瓦时） = 峰段电量):

    户号 (用户编号, 客户编号, 用电户号)             required
    企业名称 (用户名称, 客户名称, 户名)             optional
    日期 (数据日期, 用电日期, 抄表日期)             2025-07-22, 2025/7/22, 20250722 or a date
  each day's energy by time-of-use band, kWh:
    峰段电量 (峰电量, 高峰电量, 峰)                 with 尖峰电量 (尖峰), when given, counted as 峰
    平段电量 (平电量, 平)                          optional column
    谷段电量 (谷电量, 低谷电量, 谷)
  interval load, kW (the average over the interval; negative when the site feeds the grid):
    one column per interval on the day's row — 00:00 … 23:45 (15 minutes) or 00:00 … 23:00
    (hourly) name each interval's start, 00:15 … 24:00 or 01:00 … 24:00 its end; a blank cell
    is a missing reading — or one row per reading: 时间 (数据时间, 采集时间: 2025-07-22 14:15,
    or a 时刻 such as 14:15 beside 日期), the interval's start, and 负荷 (有功功率, 平均负荷).

A file holds daily energy, interval load, or both on the same rows; several files may be read
together (`read_load_files`), and a record given in two of them is refused naming both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from taizhang.incentives.cells import (
    cell_text,
    clock_minutes,
    header_key,
    number_in,
    parse_day,
)
from taizhang.incentives.engine.load import (
    MINUTES_PER_DAY,
    DayEnergy,
    LoadData,
    LoadGap,
    Reading,
    clock,
    duplicate_load_errors,
    find_load_gaps,
)
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.sheets import HEADER_SEARCH_ROWS, CellValue, as_text, read_table

COLUMNS: dict[str, tuple[str, ...]] = {
    "account": ("户号", "用户编号", "客户编号", "用电户号"),
    "name": ("企业名称", "用户名称", "客户名称", "户名"),
    "day": ("日期", "数据日期", "用电日期", "抄表日期"),
    "sharp": ("尖峰电量", "尖峰", "尖峰段电量"),
    "peak": ("峰段电量", "峰电量", "高峰电量", "峰", "峰时电量"),
    "flat": ("平段电量", "平电量", "平", "平时电量"),
    "valley": ("谷段电量", "谷电量", "低谷电量", "谷", "谷时电量"),
    "moment": ("时间", "数据时间", "采集时间", "时刻", "时点"),
    "load": ("负荷", "有功功率", "平均负荷", "功率", "有功负荷"),
}
LABELS = {"sharp": "尖峰电量", "peak": "峰段电量", "flat": "平段电量", "valley": "谷段电量",
          "load": "负荷", "moment": "时间", "day": "日期"}  # fmt: skip
_MOMENT = re.compile(r"^(.+?)[\sT]+(\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)$")


@dataclass(frozen=True)
class LoadFile:
    name: str
    days: list[DayEnergy]
    readings: list[Reading]
    ignored_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LoadSet:
    """The load of several files together, and the gaps found in it."""

    data: LoadData
    gaps: list[LoadGap]


@dataclass(frozen=True)
class _Layout:
    columns: dict[str, int]
    times: dict[int, int]  # wide files: column → its interval's start, minutes after midnight
    ignored: list[str]
    titles: dict[int, str] = field(default_factory=dict)  # the time columns' headers as written

    @property
    def daily(self) -> bool:
        return "peak" in self.columns and "valley" in self.columns


def read_load_files(paths: Sequence[Path]) -> LoadSet:
    """Every file's load; `Invalid` for the first file with a wrong cell, or naming each record
    given twice (in one file or two)."""
    files = [read_load(path) for path in paths]
    days = [d for f in files for d in f.days]
    readings = [r for f in files for r in f.readings]
    errors = duplicate_load_errors(days, readings)
    if errors:
        raise Invalid(
            f"负荷数据有 {len(errors)} 处重复，未计算任何补贴 (duplicate load; nothing computed)",
            errors,
        )
    data = LoadData(days, readings)
    return LoadSet(data, find_load_gaps(data))


def read_load(path: Path) -> LoadFile:
    table = read_table(path, times=True)
    where, layout = _find_header(table, path.name)
    days: list[DayEnergy] = []
    readings: list[Reading] = []
    errors: list[FieldError] = []
    for number, cells in table[where + 1 :]:
        if any(c not in (None, "") for c in cells):
            _row(path.name, number, cells, layout, days, readings, errors)
    errors += duplicate_load_errors(days, readings)
    if errors:
        rows = len({e.row for e in errors})
        raise Invalid(
            f"{path.name} 有 {rows} 行有误，未计算任何补贴 ({rows} row(s) with errors; nothing"
            " computed)",
            sorted(errors, key=lambda e: e.row or 0),
        )
    if not days and not readings:
        raise Invalid(f"{path.name} 没有负荷数据行 (no load in the file)")
    return LoadFile(path.name, days, readings, layout.ignored)


def _find_header(table: list[tuple[int, list[CellValue | None]]], name: str) -> tuple[int, _Layout]:
    aliases = {header_key(a): n for n, names in COLUMNS.items() for a in names}
    for index, (_, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        times: dict[int, int] = {}
        titles: dict[int, str] = {}
        ignored: list[str] = []
        for column, cell in enumerate(cells):
            text = "" if cell is None else as_text(cell)
            found = aliases.get(header_key(text))
            if found and found not in columns:
                columns[found] = column
            elif (minutes := clock_minutes(text)) is not None:
                times[column], titles[column] = minutes, text
            elif text:
                ignored.append(text)
        layout = _Layout(columns, _starts(times, name), ignored, titles)
        if "account" in columns and _has_load(layout):
            return index, layout
    raise Invalid(
        f"{name} 的前 {HEADER_SEARCH_ROWS} 行中找不到表头：须有户号，以及日期与峰段、谷段电量，"
        "或日期与各时刻（00:15 … 24:00）的负荷，或时间与负荷"
        " (no header with 户号 and daily energy or interval load)"
    )


def _has_load(layout: _Layout) -> bool:
    has = layout.columns.__contains__
    return (has("day") and (layout.daily or bool(layout.times))) or (has("moment") and has("load"))


def _starts(labels: dict[int, int], name: str) -> dict[int, int]:
    """Column → interval start: labels that reach 24:00 name the intervals' ends."""
    if not labels:
        return {}
    odd = sorted({m for m in labels.values() if m % 15})
    twice = sorted({m for m in labels.values() if list(labels.values()).count(m) > 1})
    if odd or twice:
        listed = "、".join(clock(m) for m in odd or twice)
        problem = "不在 15 分钟或整点上" if odd else "出现不止一次"
        raise Invalid(f"{name} 表头的时刻 {listed} {problem} (interval columns are wrong)")
    step = 15 if any(m % 60 for m in labels.values()) else 60
    shift = step if MINUTES_PER_DAY in labels.values() else 0
    return {c: m - shift for c, m in labels.items() if 0 <= m - shift < MINUTES_PER_DAY}


def _row(
    source: str,
    row: int,
    cells: list[CellValue | None],
    layout: _Layout,
    days: list[DayEnergy],
    readings: list[Reading],
    errors: list[FieldError],
) -> None:
    def cell(name: str) -> CellValue | None:
        index = layout.columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    before = len(errors)
    account = cell_text(cell("account"))
    if not account:
        errors.append(FieldError("缺少户号 (missing account number)", row, "户号"))
    name = cell_text(cell("name"))
    if "moment" in layout.columns and "load" in layout.columns:
        if cell("load") in (None, ""):
            return  # a reading not taken: a gap, not a wrong cell
        start = _moment(cell("moment"), cell("day"), row, errors)
        kw = number_in(cell("load"), row, "负荷", errors, negative=True)
        if len(errors) == before and start is not None and kw is not None:
            readings.append(Reading(account, start, kw, name, row, source))
        return
    day = parse_day(cell("day"), row, "日期", errors)
    energy = _energy(cell, row, layout, errors)
    wide = _wide(cells, layout, row, errors)
    if len(errors) > before or day is None:
        return
    if energy is not None:
        days.append(DayEnergy(account, day, *energy, name, row, source))
    midnight = datetime.combine(day, time())
    readings += [
        Reading(account, midnight + timedelta(minutes=m), kw, name, row, source) for m, kw in wide
    ]


def _energy(
    cell: Callable[[str], CellValue | None], row: int, layout: _Layout, errors: list[FieldError]
) -> tuple[Decimal, Decimal, Decimal] | None:
    """(峰 with 尖峰, 平, 谷) of a row, or None when the file (or the row) gives no bands."""
    if not layout.daily:
        return None
    bands = ("sharp", "peak", "flat", "valley")
    given = {b: cell(b) for b in bands if b in layout.columns}
    if all(v in (None, "") for v in given.values()):
        return None
    values = {b: number_in(v, row, LABELS[b], errors) for b, v in given.items() if b != "sharp"}
    sharp = given.get("sharp")
    extra = number_in(sharp, row, LABELS["sharp"], errors) if sharp not in (None, "") else None
    if any(v is None for v in values.values()):
        return None
    peak = (values["peak"] or Decimal(0)) + (extra or Decimal(0))
    return peak, values.get("flat") or Decimal(0), values["valley"] or Decimal(0)


def _wide(
    cells: list[CellValue | None], layout: _Layout, row: int, errors: list[FieldError]
) -> list[tuple[int, Decimal]]:
    found = []
    for column, minutes in layout.times.items():
        value = cells[column] if column < len(cells) else None
        if value in (None, ""):
            continue
        kw = number_in(value, row, layout.titles[column], errors, negative=True)
        if kw is not None:
            found.append((minutes, kw))
    return found


def _moment(
    value: CellValue | None, day_value: CellValue | None, row: int, errors: list[FieldError]
) -> datetime | None:
    """时间 as a moment: a date-time cell, 2025-07-22 14:15, or 14:15 beside 日期."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        text = cell_text(value)
        found = _MOMENT.match(text)
        day_text, clock_text = (found.group(1), found.group(2)) if found else (None, text)
        minutes = clock_minutes(clock_text)
        day = parse_day(day_text or day_value, row, "时间" if day_text else "日期", errors)
        if minutes is None or minutes >= MINUTES_PER_DAY:
            wrong = f"时间“{text}”应写成 2025-07-22 14:15 (expected a time)"
            errors.append(FieldError(wrong if text else "缺少时间", row, "时间"))
            return None
        if day is None:
            return None
        moment = datetime.combine(day, time()) + timedelta(minutes=minutes)
    if moment.minute % 15 or moment.second:
        reason = f"时间 {moment:%Y-%m-%d %H:%M} 不在 15 分钟或整点上 (15-minute steps)"
        errors.append(FieldError(reason, row, "时间"))
        return None
    return moment

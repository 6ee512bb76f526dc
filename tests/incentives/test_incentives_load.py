"""Specs for reading enterprises' load and the demand-response events from the power company's
files: the header variants, every wrong cell named, duplicates and gaps with their rows."""

from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from taizhang.incentives.engine.load import Window
from taizhang.incentives.engine.program import ResponseKind
from taizhang.incentives.events import read_events
from taizhang.incentives.load import read_load, read_load_files
from taizhang.kernel.errors import Invalid

QUARTERS = [f"{m // 60:02d}:{m % 60:02d}" for m in range(15, 24 * 60 + 1, 15)]  # 00:15 … 24:00


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def wide_row(account: str, day: str, bands: list[object], kw: object = 100) -> list[object]:
    return [account, "甲公司", day, *bands, *([kw] * 96)]


WIDE_HEADER = ["户号", "用户名称", "数据日期", "尖峰电量（千瓦时）", "峰段电量（千瓦时）",
               "平段电量（千瓦时）", "谷段电量（千瓦时）", *QUARTERS]  # fmt: skip


def test_a_day_row_gives_its_bands_and_its_96_quarter_hours(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "load.csv", [
        WIDE_HEADER,
        wide_row("9001", "2025/7/22", [200, 800, 600, 900]),
        wide_row("9001", "20250723", [0, 1000, 600, 900]),
    ])  # fmt: skip
    read = read_load(path)
    first = read.days[0]
    assert (first.account, first.day, first.name) == ("9001", date(2025, 7, 22), "甲公司")
    assert (first.peak, first.flat, first.valley) == (Decimal(1000), Decimal(600), Decimal(900))
    assert (first.row, first.source) == (2, "load.csv")
    assert len(read.readings) == 2 * 96
    # the headers name each quarter's end: 00:15 is the quarter from 00:00
    assert read.readings[0].start == datetime(2025, 7, 22, 0, 0)
    assert read.readings[95].start == datetime(2025, 7, 22, 23, 45)


def test_an_hourly_curve_named_by_starts(tmp_path: Path) -> None:
    hours = [f"{h}:00" for h in range(24)]
    path = write_csv(
        tmp_path / "h.csv", [["户号", "日期", *hours], ["9001", "2025-07-22", *range(24)]]
    )
    readings = read_load(path).readings
    assert [r.start.hour for r in readings] == list(range(24))
    assert readings[14].kw == 14 and read_load(path).days == []


def test_a_workbook_of_one_reading_a_row_keeps_each_readings_time(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["国网某供电公司 用户负荷曲线"])
    sheet.append(["用户编号", "客户名称", "数据时间", "有功功率（kW）"])
    sheet.append(["9001", "甲公司", datetime(2025, 7, 22, 0, 0), 1500])
    sheet.append(["9001", "甲公司", datetime(2025, 7, 22, 14, 15), 1400.5])
    sheet.append(["9001", "甲公司", datetime(2025, 7, 22, 14, 30), None])  # not taken
    book.save(tmp_path / "curve.xlsx")
    readings = read_load(tmp_path / "curve.xlsx").readings
    assert [(r.start, r.kw, r.row) for r in readings] == [
        (datetime(2025, 7, 22, 0, 0), Decimal(1500), 3),
        (datetime(2025, 7, 22, 14, 15), Decimal("1400.5"), 4),
    ]


def test_a_day_and_a_time_of_day_in_two_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [
        ["户号", "日期", "时刻", "负荷（千瓦）"],
        ["9001", "2025-07-22", "14:15", "1400"],
        ["9001", "2025-07-22", "14:30:00", "-20"],  # feeding the grid
    ])  # fmt: skip
    readings = read_load(path).readings
    assert [(r.start, r.kw) for r in readings] == [
        (datetime(2025, 7, 22, 14, 15), Decimal(1400)),
        (datetime(2025, 7, 22, 14, 30), Decimal(-20)),
    ]


def test_every_wrong_cell_is_named_and_nothing_is_read(tmp_path: Path) -> None:
    bad = wide_row("9001", "2025-07-32", [0, -5, 600, ""], kw=100)
    bad[20] = "abc"
    path = write_csv(tmp_path / "bad.csv", [
        WIDE_HEADER,
        wide_row("9001", "2025-07-22", [0, 800, 600, 900]),
        bad,
        wide_row("", "2025-07-23", [0, 800, 600, 900]),
    ])  # fmt: skip
    with pytest.raises(Invalid) as caught:
        read_load(path)
    found = [(e.row, e.column) for e in caught.value.errors]
    assert found == [(3, "日期"), (3, "峰段电量"), (3, "谷段电量"), (3, "03:30"), (4, "户号")]
    assert "bad.csv 有 2 行有误，未计算任何补贴" in caught.value.message
    reasons = [e.reason for e in caught.value.errors]
    assert "峰段电量 -5 不能为负数" in reasons[1] and "缺少谷段电量" in reasons[2]


def test_a_day_given_twice_names_both_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "d.csv", [
        WIDE_HEADER,
        wide_row("9001", "2025-07-22", [0, 800, 600, 900]),
        wide_row("9002", "2025-07-22", [0, 800, 600, 900]),
        wide_row("9001", "2025-07-22", [0, 800, 600, 900]),
    ])  # fmt: skip
    with pytest.raises(Invalid) as caught:
        read_load(path)
    reasons = [e.reason for e in caught.value.errors]
    assert "户号 9001 2025-07-22 的分时电量重复出现：第 2 行、第 4 行 (duplicate)" in reasons
    assert "户号 9001 2025-07-22 00:00 的负荷曲线重复出现：第 2 行、第 4 行 (duplicate)" in reasons


def test_the_same_day_in_two_files_names_both_files(tmp_path: Path) -> None:
    one = write_csv(
        tmp_path / "六月.csv", [["户号", "日期", "峰", "谷"], ["9001", "2025-06-30", 1, 2]]
    )
    two = write_csv(
        tmp_path / "七月.csv", [["户号", "日期", "峰", "谷"], ["9001", "2025-06-30", 1, 2]]
    )
    with pytest.raises(Invalid) as caught:
        read_load_files([one, two])
    (error,) = caught.value.errors
    assert "重复出现：六月.csv 第 2 行、七月.csv 第 2 行" in error.reason


def test_days_missing_between_the_first_and_last_are_reported_with_their_rows(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path / "load.csv", [
        WIDE_HEADER,
        wide_row("9001", "2025-07-01", [0, 800, 600, 900]),
        wide_row("9001", "2025-07-02", [0, 800, 600, 900]),
        wide_row("9001", "2025-07-05", [0, 800, 600, 900]),
        wide_row("9001", "2025-07-06", [0, 800, 600, 900], kw=""),
    ])  # fmt: skip
    gaps = [g.describe() for g in read_load_files([path]).gaps]
    assert gaps == [
        "户号 9001 缺 2025-07-03、2025-07-04 的分时电量（load.csv 第 3 行与第 4 行之间）",
        "户号 9001 缺 2025-07-03、2025-07-04 的负荷曲线（load.csv 第 3 行与第 4 行之间）",
    ]


def test_an_incomplete_curve_day_is_reported(tmp_path: Path) -> None:
    row = wide_row("9001", "2025-07-01", [0, 800, 600, 900])
    row[40:44] = ["", "", "", ""]
    path = write_csv(tmp_path / "load.csv", [WIDE_HEADER, row])
    (gap,) = read_load_files([path]).gaps
    assert gap.describe() == "户号 9001 2025-07-01 的负荷曲线只有 92 个时段（应有 96 个）"


def test_a_file_without_load_columns_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [["户号", "日期", "电费"], ["9001", "2025-07-01", 5]])
    with pytest.raises(Invalid, match="找不到表头：须有户号"):
        read_load(path)


EVENT_HEADER = ["响应日期", "响应类型", "响应时段", "出清价格（元/千瓦时）", "邀约日期", "户号"]


def test_it_reads_events_and_gathers_the_enterprises_invited(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", [
        EVENT_HEADER,
        ["2025-07-22", "日前削峰", "14:00-16:00", "3", "", "9001"],
        ["2025-07-22", "日前削峰", "14:00–16:00", "3", "", "9002"],
        ["2025-07-29", "移峰填谷", "全天", "", "2025-07-25", ""],
        ["2025-08-12", "实时响应", "15:00~24:00", "", "", ""],
    ])  # fmt: skip
    peak, shift, realtime = read_events(path)
    assert (peak.kind, peak.window, peak.clearing_price) == (
        ResponseKind.DAY_AHEAD_PEAK, Window(840, 960), Decimal(3),
    )  # fmt: skip
    assert peak.accounts == ("9001", "9002") and peak.invitation == date(2025, 7, 21)
    assert (shift.window, shift.accounts, shift.invitation) == (None, (), date(2025, 7, 25))
    assert realtime.window == Window(900, 1440) and realtime.invitation == date(2025, 8, 12)
    assert realtime.label == "2025-08-12 15:00–24:00"


def test_every_wrong_event_cell_is_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", [
        EVENT_HEADER,
        ["2025-07-22", "削峰", "14:00-16:00", "3", "", ""],
        ["2025-07-22", "日前削峰", "16:00-14:00", "", "", ""],
        ["2025-07-23", "日前削峰", "14:10-16:00", "3", "2025-07-24", ""],
        ["2025-07-29", "移峰填谷", "08:00-11:00", "", "", ""],
        ["2025-07-30", "日前填谷", "11:00-13:00", "", "", "9001"],
        ["2025-07-30", "日前填谷", "11:00-13:00", "", "", "9001"],
    ])  # fmt: skip
    with pytest.raises(Invalid) as caught:
        read_events(path)
    found = [(e.row, e.column) for e in caught.value.errors]
    assert found == [
        (2, "响应类型"), (3, "响应时段"), (3, "出清价格"), (4, "响应时段"), (4, "邀约日期"),
        (5, "响应时段"), (7, "户号"),
    ]  # fmt: skip
    reasons = " ".join(e.reason for e in caught.value.errors)
    assert "应以 15 分钟为单位" in reasons and "邀约日期 2025-07-24 晚于响应日期" in reasons
    assert "户号 9001 在 2025-07-30 11:00–13:00 日前填谷 中重复出现：第 6 行、第 7 行" in reasons


def test_two_kinds_in_one_window_are_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "events.csv", [
        EVENT_HEADER,
        ["2025-07-22", "日前削峰", "14:00-16:00", "3", "", ""],
        ["2025-07-22", "实时响应", "14:00-16:00", "", "", ""],
    ])  # fmt: skip
    with pytest.raises(Invalid) as caught:
        read_events(path)
    assert "2025-07-22 14:00–16:00 有 日前削峰、实时响应 两种响应" in caught.value.errors[0].reason

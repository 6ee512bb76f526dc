"""Specs for kernel.sheets: the rows of the .xlsx and .csv files districts exchange, and the
workbooks we write, read back cell by cell."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zipfile import ZipFile

import pytest
from openpyxl import Workbook, load_workbook

from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.sheets import (
    append_values,
    as_text,
    clean_text,
    new_sheet,
    put_value,
    read_table,
    refuse_if_any,
    workbook_bytes,
    write_table,
)


def test_it_reads_a_gb18030_csv_with_excels_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "户表.csv"
    path.write_bytes("户主,面积\n张三,89.5\n\n李四,120\n".encode("gb18030"))
    rows = read_table(path)
    assert rows[0] == (1, ["户主", "面积"])
    assert rows[1] == (2, ["张三", "89.5"])
    assert rows[3] == (4, ["李四", "120"])


def test_it_reads_xlsx_numbers_as_decimals_dates_as_dates_and_percentages_as_text(
    tmp_path: Path,
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["名称", "金额", "日期", "比例"])
    sheet.append(["甲", 0.1, date(2026, 6, 30), 0.45])
    sheet["D2"].number_format = "0%"
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    assert read_table(path)[1] == (2, ["甲", Decimal("0.1"), date(2026, 6, 30), "45.00%"])


def test_a_moment_keeps_its_time_only_when_asked(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["时间", "负荷"])
    sheet.append([datetime(2025, 7, 22, 14, 15), 1400])
    sheet.append([datetime(2025, 7, 23, 0, 0), 1500])
    path = tmp_path / "load.xlsx"
    workbook.save(path)
    assert [row[0] for _, row in read_table(path)[1:]] == [date(2025, 7, 22), date(2025, 7, 23)]
    moments = [row[0] for _, row in read_table(path, times=True)[1:]]
    assert moments == [datetime(2025, 7, 22, 14, 15), date(2025, 7, 23)]


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("a.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
        ("a.xlsx", b"not a zip", "无法读取 Excel 文件"),
        ("a.csv", "名称\n甲\n".encode("utf-16"), "无法识别"),
    ],
)
def test_it_refuses_files_it_cannot_read_naming_them(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(Invalid, match=words):
        read_table(path)


def test_refuse_if_any_counts_rows_and_orders_the_problems() -> None:
    refuse_if_any([])
    with pytest.raises(Invalid, match="2 行有误，未导入任何数据") as caught:
        refuse_if_any([FieldError("b", row=7), FieldError("a", row=3), FieldError("c", row=7)])
    assert [e.row for e in caught.value.errors] == [3, 7, 7]


def test_as_text_writes_numbers_plainly_and_dates_in_iso() -> None:
    assert as_text(Decimal("1E+1")) == "10"
    assert as_text(date(2026, 1, 2)) == "2026-01-02"
    assert as_text("  甲 ") == "甲"


def test_a_written_table_reads_back_with_caption_header_and_dates(tmp_path: Path) -> None:
    workbook = Workbook()
    write_table(
        new_sheet(workbook, "民情一本账"),
        caption="湘城花苑 2026年5月",
        headers=["编号", "受理日期", "天数"],
        rows=[["A1", date(2026, 5, 6), 3]],
        widths=[10, 12, 6],
    )
    path = tmp_path / "out.xlsx"
    path.write_bytes(workbook_bytes(workbook))
    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "民情一本账"
    assert [c.value for c in sheet[1]][:1] == ["湘城花苑 2026年5月"]
    assert [c.value for c in sheet[2]] == ["编号", "受理日期", "天数"]
    assert sheet["B3"].value.date() == date(2026, 5, 6)
    assert sheet["B3"].number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "A3"


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil","点此")', "+86 138", "-1+1", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path, text: str) -> None:
    workbook = Workbook()
    sheet = new_sheet(workbook, "t")
    append_values(sheet, [text, "普通"])
    put_value(sheet.cell(row=2, column=1), text)
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook_bytes(workbook))
    with ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    read = load_workbook(path).worksheets[0]
    for row in (1, 2):
        assert read.cell(row=row, column=1).data_type == "s"
        assert read.cell(row=row, column=1).quotePrefix
        assert read.cell(row=row, column=1).value == text


def test_control_characters_are_dropped_and_the_workbook_still_saves() -> None:
    workbook = Workbook()
    sheet = new_sheet(workbook, "t")
    append_values(sheet, ["楼道\x00灯\x1b坏了\t第二行\n"])
    assert sheet["A1"].value == "楼道灯坏了\t第二行\n"
    assert workbook_bytes(workbook)[:2] == b"PK"
    assert clean_text("a\x7fb\x0bc") == "abc"

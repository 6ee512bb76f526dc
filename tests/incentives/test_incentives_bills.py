"""Specs for reading the power company's bills from a workbook."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from taizhang.incentives.bills import read_bills
from taizhang.incentives.engine.model import AccountKind
from taizhang.kernel.errors import Invalid


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["国网某供电公司 居民电费清单"])
    sheet.append(["户号", "户名", "用电类别", "抄表年月", "抄见电量", "应收电费", "表号"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_it_reads_a_workbook_below_its_caption_and_reports_gaps(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "bills.xlsx",
        [
            ["3300001", "张三", "居民生活", "2024年7月", 320, 171.2, "M1"],
            ["3300001", "张三", "居民生活", "2024年9月", 300, 160.5, "M1"],
            ["3300002", "某公司", "大工业", 202407, 52000.5, 31200, "M9"],
        ],
    )
    read = read_bills(path)
    first = read.bills[0]
    assert (first.account, first.month, first.kwh, first.yuan) == (
        "3300001",
        date(2024, 7, 1),
        Decimal(320),
        Decimal("171.2"),
    )
    assert read.bills[2].kind is AccountKind.ENTERPRISE
    assert read.rows == [3, 4, 5]
    assert [g.describe() for g in read.gaps] == ["户号 3300001 缺 2024-08 的账单"]


def test_it_lists_every_wrong_cell_and_imports_nothing(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "bad.xlsx",
        [
            ["3300001", "张三", "居民", "2024-13", 320, 171.2, "M1"],
            ["", "李四", "路灯", "2024-07", -5, "171.234", "M2"],
        ],
    )
    with pytest.raises(Invalid) as caught:
        read_bills(path)
    found = [(e.row, e.column) for e in caught.value.errors]
    assert found == [(3, "电费年月"), (4, "户号"), (4, "用电量"), (4, "电费"), (4, "用户类别")]
    assert "未导入任何数据" in caught.value.message


def test_it_refuses_a_file_without_the_four_columns(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("户号,户名\n1,张三\n", encoding="utf-8")
    with pytest.raises(Invalid, match="户号、电费年月、用电量、电费"):
        read_bills(path)


def test_it_reads_responses_and_names_every_wrong_cell(tmp_path: Path) -> None:
    from taizhang.incentives.responses import read_responses

    path = tmp_path / "r.csv"
    path.write_text(
        "户号,响应日期,响应类型,基线负荷（千瓦）,实际负荷（千瓦）,响应时长（小时）,出清价格\n"
        "9001,2025-07-22,日前削峰,2000,1400,2,3\n"
        "9002,2025-07-32,削峰,2000,abc,2,\n"
        "9001,2025-07-22,日前削峰,2000,1400,2,3\n",
        encoding="utf-8",
    )
    with pytest.raises(Invalid) as caught:
        read_responses(path)
    found = [(e.row, e.column) for e in caught.value.errors]
    assert found == [(3, "响应日期"), (3, "响应类型"), (3, "实际负荷"), (4, "户号")]
    assert "9001/2025-07-22 的响应重复出现：第 2 行、第 4 行" in caught.value.errors[-1].reason

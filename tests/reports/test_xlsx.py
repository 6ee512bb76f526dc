"""The XLSX of a report, opened again and checked cell by cell."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from taizhang.reports.xlsx import render_xlsx
from tests.race.engine.test_reports import sample_report


def test_it_has_an_overview_and_one_sheet_per_section_with_tables() -> None:
    book = load_workbook(BytesIO(render_xlsx(sample_report("quarterly"))))
    assert book.sheetnames == ["概况", "二、积分排名", "三、年度任务完成情况", "六、项目预警"]
    overview = book["概况"]
    assert overview["A1"].value == "南湖区2026年第二季度招商引资赛马情况通报"
    assert overview["A3"].value == "一、总体情况"


def test_the_ranking_sheet_has_a_merged_title_bold_headers_and_numbers() -> None:
    sheet = load_workbook(BytesIO(render_xlsx(sample_report("monthly"))))["二、积分排名"]
    assert sheet["A1"].value == "南湖区2026年5月招商引资赛马排名·积分排名"
    assert "A1:D1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[2]] == ["名次", "单位", "得分", "较上期"]
    assert sheet["A2"].font.bold
    assert [c.value for c in sheet[3]] == [1, "凤桥镇", 12, "上升2位"]
    assert isinstance(sheet["C3"].value, int | float)
    assert sheet.column_dimensions["B"].width >= 8


def test_completion_rates_are_number_cells() -> None:
    sheet = load_workbook(BytesIO(render_xlsx(sample_report("monthly"))))["三、年度任务完成情况"]
    assert [c.value for c in sheet[2]][4:6] == ["完成率（%）", "序时进度（%）"]
    assert sheet["E3"].value == 100 and sheet["F3"].value == 41.67
    assert sheet["G5"].value == "红"

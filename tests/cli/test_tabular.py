from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from click.testing import CliRunner, Result
from openpyxl import load_workbook

from taizhang.cli.main import cli
from tests.conftest import District

HEADER = ["项目编号", "项目名称", "所属单位", "项目阶段", "总投资", "计划开工"]
GOOD_ROWS = [
    ["F-1", "智能装备产业园项目", "凤桥镇", "签约", "12亿元", "2026年9月"],
    ["F-2", "冷链物流中心项目", "建设街道", "洽谈", "8000万元", None],
]


def _csv(path: Path, rows: Sequence[Sequence[str | None]]) -> Path:
    with path.open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _run(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--database", database_url, *args])


def test_import_of_a_file_with_a_bad_row_exits_1_and_names_row_and_column(
    database_url: str, district: District, tmp_path: Path
) -> None:
    bad = ["F-3", "光伏组件项目", "凤桥镇", "开工", "很多钱", None]
    path = _csv(tmp_path / "台账.csv", [HEADER, *GOOD_ROWS, bad])

    result = _run(database_url, "import", "projects", str(path))

    assert result.exit_code == 1
    assert "1 行有误，未导入任何数据" in result.output
    assert "第 4 行，“总投资”列" in result.output
    assert _run(database_url, "export", "projects", str(tmp_path / "o.xlsx")).output.startswith(
        "已导出 0 个项目"
    )


def test_import_of_a_good_file_prints_what_it_did(
    database_url: str, district: District, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "台账.csv", [[*HEADER, "备注"], *GOOD_ROWS])

    first = _run(database_url, "import", "projects", str(path))
    again = _run(database_url, "import", "projects", str(path))

    assert first.exit_code == 0, first.output
    assert "新增 2 个，更新 0 个，未变 0 个" in first.output
    assert "未识别而忽略的列：备注" in first.output
    assert "导入的“台账.csv”内容相同，未作改动" in again.output


def test_import_of_a_missing_file_exits_1(database_url: str, tmp_path: Path) -> None:
    result = _run(database_url, "import", "projects", str(tmp_path / "没有.xlsx"))
    assert result.exit_code == 1
    assert "找不到文件" in result.output


def test_export_writes_the_projects_of_one_unit(
    database_url: str, district: District, tmp_path: Path
) -> None:
    _run(database_url, "import", "projects", str(_csv(tmp_path / "台账.csv", [HEADER, *GOOD_ROWS])))
    path = tmp_path / "凤桥镇.xlsx"

    result = _run(database_url, "export", "projects", str(path), "--unit", "330402101")

    assert result.exit_code == 0, result.output
    assert "已导出 1 个项目" in result.output
    sheet = load_workbook(path).worksheets[0]
    assert [sheet.cell(row=3, column=n).value for n in (1, 2)] == ["F-1", "智能装备产业园项目"]
    assert sheet.cell(row=4, column=1).value is None


def test_export_for_an_unknown_unit_exits_1(
    database_url: str, district: District, tmp_path: Path
) -> None:
    result = _run(database_url, "export", "projects", str(tmp_path / "x.xlsx"), "--unit", "999")
    assert result.exit_code == 1
    assert "未找到单位代码 999" in result.output

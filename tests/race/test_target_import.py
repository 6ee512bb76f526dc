"""The targets sheet: read, every row checked, then written all or nothing."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import FieldError, Forbidden, Invalid
from taizhang.org.models import User
from taizhang.race.models import MetricChange, Target
from taizhang.race.target_import import TargetImport, import_targets
from taizhang.race.targets import target_history, targets_for
from tests.conftest import District

D = Decimal
NOW = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)
LATER = datetime(2026, 6, 2, 8, 0, tzinfo=UTC)
HEADER = ["单位", "年度", "指标", "目标值"]


def _count(session: Session, column: Any) -> int:
    return session.scalar(select(func.count(column))) or 0


def _xlsx(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["南湖区2026年招商引资目标任务分解表"])
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def test_it_imports_targets_from_xlsx_by_unit_name_or_code_and_metric_name(
    session: Session, district: District, district_admin: User, tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "目标.xlsx",
        [
            HEADER,
            ["凤桥镇", 2026, "亿元以上项目签约数", 4],
            ["330402001", "2026年", "招大引强", 1],
            [],
            ["湘家荡区域", 2026, "实际利用外资", "1,200.5"],
            ["合计", None, None, None],
        ],
    )
    summary = import_targets(session, path, actor=district_admin, now=NOW)
    assert summary == TargetImport(created=3, updated=0, unchanged=0)
    assert targets_for(session, year=2026) == {
        (district.town.id, "signed_1yi"): D(4),
        (district.street.id, "signed_10yi"): D(1),
        (district.platform.id, "foreign_capital"): D("1200.5"),
    }
    again = _xlsx(
        tmp_path / "目标2.xlsx",
        [HEADER, ["凤桥镇", 2026, "signed_1yi", 6], ["建设街道", 2026, "招大引强", 1]],
    )
    assert import_targets(session, again, actor=district_admin, now=LATER) == TargetImport(0, 1, 1)
    history = target_history(session, unit_id=district.town.id, year=2026, metric="signed_1yi")
    assert [(c.old_value, c.new_value, c.source) for c in history] == [
        (None, D(4), "目标.xlsx 第3行"),
        (D(4), D(6), "目标2.xlsx 第3行"),
    ]


def test_it_imports_a_gb18030_csv_with_unit_codes(
    session: Session, district: District, tmp_path: Path
) -> None:
    path = tmp_path / "目标.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["单位代码", "年份", "考核指标", "年度目标"],
                ["330402101", "2026", "签约总投资", "35.5"],
            ]
        )
    assert import_targets(session, path, actor=None, now=NOW) == TargetImport(1, 0, 0)
    assert targets_for(session, year=2026) == {(district.town.id, "signed_investment"): D("35.5")}


def test_a_sheet_with_any_bad_row_writes_nothing_and_names_each_problem(
    session: Session, district: District, tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "目标.xlsx",
        [
            HEADER,
            ["凤桥镇", 2026, "开工项目数", 3],  # good
            ["不存在镇", 2026, "开工项目数", 3],
            ["建设街道", 2035, "投产项目数", "两个"],
            ["建设街道", 2026, "引资总额", -4],
            ["凤桥镇", 2026, "开工项目数", 2.5],
            ["凤桥镇", 2026, "开工项目数", 4],
            ["湘家荡区域", None, "签约总投资", 10],
        ],
    )
    with pytest.raises(Invalid, match="6 行有误，未导入任何数据") as raised:
        import_targets(session, path, actor=None, now=NOW)
    errors = raised.value.errors
    assert [(e.row, e.column) for e in errors] == [
        (4, "单位"),
        (5, "年度"),
        (5, "目标值"),
        (6, "指标"),
        (7, "目标值"),
        (8, "指标"),
        (9, "年度"),
    ]
    assert errors[0].reason == "未知的单位“不存在镇”，请填单位代码或全称 (unknown unit)"
    assert "年度应在 2016–2028 之间，实为 2035" in errors[1].reason
    assert errors[2].reason == "目标值应为数字，实为“两个” (not a number)"
    assert errors[3].reason.startswith("未知的指标“引资总额”")
    assert "应为整数" in errors[4].reason
    assert errors[5].reason.startswith("与第 3 行重复")
    assert errors[6] == FieldError("不能为空 (required)", 9, "年度")
    assert _count(session, Target.id) == 0
    assert _count(session, MetricChange.id) == 0


def test_a_sheet_without_the_needed_columns_is_refused(
    session: Session, district: District, tmp_path: Path
) -> None:
    with pytest.raises(Invalid) as raised:
        import_targets(
            session, _xlsx(tmp_path / "a.xlsx", [["指标", "目标值"]]), actor=None, now=NOW
        )
    assert [(e.row, e.column) for e in raised.value.errors] == [(2, "年度"), (2, "单位/单位代码")]
    with pytest.raises(Invalid, match="找不到含“指标”和“目标值”的表头行"):
        import_targets(session, _xlsx(tmp_path / "b.xlsx", [["单位", "年度"]]), actor=None, now=NOW)


def test_only_district_administrators_import_targets(
    session: Session, district: District, town_staff: User, tmp_path: Path
) -> None:
    path = _xlsx(tmp_path / "目标.xlsx", [HEADER, ["凤桥镇", 2026, "开工项目数", 3]])
    with pytest.raises(Forbidden):
        import_targets(session, path, actor=town_staff, now=NOW)

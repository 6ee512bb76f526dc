from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.enterprises.models import Enterprise
from taizhang.enterprises.registry import create_enterprise
from taizhang.kernel.errors import Invalid
from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage
from taizhang.org.models import UnitKind, User
from taizhang.org.units import create_unit
from taizhang.projects.commands import create_project, plan_stage, reach_stage
from taizhang.projects.events import project_events
from taizhang.projects.models import Event, Project, SheetImport
from taizhang.projects.projection import Capacity, Investor
from taizhang.projects.sheet_columns import COLUMNS, parse_cell
from taizhang.projects.sheets import (
    EarlierImport,
    ImportSummary,
    export_projects,
    import_projects,
    read_project_rows,
)
from tests.conftest import NOW, District

SYSTEM = Source("system", label="测试")
HEADER = [
    "项目编号",
    "项目名称",
    "投资主体",
    "所属单位",
    "项目阶段",
    "总投资（亿元）",
    "用地（亩）",
]
TODAY = date(2026, 5, 20)


def _xlsx(path: Path, rows: Sequence[Sequence[Any]], *, title: str | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    if title:
        sheet.append([title])
        width = max(len(row) for row in rows)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def _csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _count(session: Session, column: Any) -> int:
    return session.scalar(select(func.count(column))) or 0


def _project(session: Session, code: str) -> Project:
    project = session.scalar(select(Project).where(Project.code == code))
    assert project is not None
    return project


# --- reading cells -----------------------------------------------------------------------------


def test_it_reads_amounts_written_in_yi_wan_and_dollars(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "台账.xlsx",
        [
            ["项目名称", "所属单位", "总投资", "达产年产值"],
            ["电芯项目", "湘家荡区域", "110亿元", "约16亿元"],
            ["农机项目", "凤桥镇", "5000万元", "超3,000万元"],
            ["精密部件项目", "建设街道", "3000万美元", None],
        ],
    )
    rows = read_project_rows(path)
    assert [row.figures["investment"] for row in rows] == [
        Money(Decimal(11_000_000_000)),
        Money(Decimal(50_000_000)),
        Money(Decimal(30_000_000), "USD"),
    ]
    assert [row.figures.get("annual_output") for row in rows] == [
        Money(Decimal(1_600_000_000)),
        Money(Decimal(30_000_000)),
        None,
    ]


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ("总投资（亿元）", 1.6, Money(Decimal(160_000_000))),
        ("总投资(万元)", 5000, Money(Decimal(50_000_000))),
        ("计划总投资（万美元）", "3000", Money(Decimal(30_000_000), "USD")),
        ("总投资\n（亿元）", "约2.5", Money(Decimal(250_000_000))),
        ("总投资（亿元）", "5000万元", Money(Decimal(50_000_000))),  # the cell's unit wins
    ],
)
def test_a_header_with_a_unit_scales_bare_numbers(
    tmp_path: Path, header: str, cell: Any, expected: Money
) -> None:
    path = _xlsx(
        tmp_path / "台账.xlsx", [["项目名称", "所属单位", header], ["某项目", "凤桥镇", cell]]
    )
    assert read_project_rows(path)[0].figures["investment"] == expected


def test_the_currency_column_applies_to_amounts_that_name_none(tmp_path: Path) -> None:
    rows = [
        ["项目名称", "所属单位", "总投资（亿元）", "币种", "年产值（亿元）"],
        ["外资项目", "凤桥镇", 0.3, "美元", "2亿元"],
    ]
    figures = read_project_rows(_xlsx(tmp_path / "台账.xlsx", rows))[0].figures
    assert figures["investment"] == Money(Decimal(30_000_000), "USD")
    assert figures["annual_output"] == Money(Decimal(200_000_000), "CNY")


def test_it_refuses_a_bare_number_under_a_header_without_a_unit(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "台账.xlsx", [["项目名称", "所属单位", "总投资"], ["某项目", "凤桥镇", 16]]
    )
    with pytest.raises(Invalid) as caught:
        read_project_rows(path)
    [problem] = caught.value.errors
    assert (problem.row, problem.column) == (2, "总投资")
    assert "没有单位" in problem.reason


def test_it_finds_the_header_below_a_title_row(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "台账.xlsx",
        [[], HEADER, ["A-1", "某项目", None, "凤桥镇", "签约", 2, 30], ["A-2", "另一项目"]],
        title="南湖区2026年重大项目推进表",
    )
    with pytest.raises(Invalid) as caught:
        read_project_rows(path)
    [problem] = caught.value.errors
    assert (problem.row, problem.column) == (5, "所属单位")  # row numbers as Excel shows them


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_it_reads_csv_in_utf8_with_or_without_bom_and_in_gb18030(
    tmp_path: Path, encoding: str
) -> None:
    rows = [
        ["序号", "项目名称", "属地", "总投资", "形象进度"],
        ["1", "冷链物流项目", "凤桥镇", "1.2亿元", "45%"],
    ]
    [row] = read_project_rows(_csv(tmp_path / "台账.csv", rows, encoding))
    assert (row.name, row.unit) == ("冷链物流项目", "凤桥镇")
    assert row.figures == {
        "investment": Money(Decimal(120_000_000)),
        "progress_pct": Decimal(45),
    }


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2026, 6, 30), date(2026, 6, 30)),
        ("2026-06-30", date(2026, 6, 30)),
        ("2026/6/30", date(2026, 6, 30)),
        ("2026.6.30", date(2026, 6, 30)),
        ("2026年6月30日", date(2026, 6, 30)),
        ("2026-06-30 00:00:00", date(2026, 6, 30)),
        ("2026年6月", date(2026, 6, 30)),  # a month alone: its last day
        ("2026年2月", date(2026, 2, 28)),
        ("2026-06", date(2026, 6, 30)),
        ("2026年6月底", date(2026, 6, 30)),
        ("2026年", date(2026, 12, 31)),  # a year alone: 31 December
        (Decimal(2027), date(2027, 12, 31)),
    ],
)
def test_dates_are_read_in_the_forms_districts_write(cell: Any, expected: date) -> None:
    assert parse_cell("计划投产", cell) == expected


@pytest.mark.parametrize("cell", ["2026-02-30", "明年", "6月", "2026年13月", Decimal("2026.6")])
def test_it_refuses_what_is_not_a_date(cell: Any) -> None:
    with pytest.raises(ValueError, match="日期"):
        parse_cell("实际开工", cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "60GWh新型电池电芯；72万片晶圆",
            (Capacity(Decimal(60), "GWh", "新型电池电芯"), Capacity(Decimal(72), "万片", "晶圆")),
        ),
        ("年产20.87万吨化工新材料", (Capacity(Decimal("20.87"), "万吨", "化工新材料"),)),
        ("光伏组件 2GW", (Capacity(Decimal(2), "GW", "光伏组件"),)),
        ("500台", (Capacity(Decimal(500), "台", None),)),
        ("72万片 12英寸晶圆", (Capacity(Decimal(72), "万片", "12英寸晶圆"),)),
    ],
)
def test_capacity_cells_become_value_unit_and_product(
    cell: str, expected: tuple[Capacity, ...]
) -> None:
    assert parse_cell("产能", cell) == expected


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ("用地面积（亩）", Decimal(150), Decimal(150)),
        ("用地", "约150亩", Decimal(150)),
        ("用地", "10公顷", Decimal(150)),
        ("用地面积（平方米）", Decimal(20000), Decimal(30)),
        ("形象进度（%）", "45%", Decimal(45)),
        ("新建/续建", "续建", "续建"),
        ("项目阶段", "已投产", Stage.PRODUCTION),
        ("币种", "USD", "USD"),
    ],
)
def test_other_cells_are_read_as_ledgers_write_them(header: str, cell: Any, expected: Any) -> None:
    assert parse_cell(header, cell) == expected


def test_every_header_name_belongs_to_one_column() -> None:
    names = [name for column in COLUMNS for name in column.names]
    assert len(names) == len(set(names))


def test_it_names_a_missing_required_column(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "台账.xlsx", [["项目名称", "总投资"], ["某项目", "1亿元"]])
    with pytest.raises(Invalid) as caught:
        read_project_rows(path)
    assert [(e.row, e.column) for e in caught.value.errors] == [(1, "所属单位")]


def test_it_refuses_a_file_without_a_header_row(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "台账.xlsx", [["名称", "单位"], ["某项目", "凤桥镇"]])
    with pytest.raises(Invalid, match="表头"):
        read_project_rows(path)


# --- importing ---------------------------------------------------------------------------------


def test_it_rejects_a_file_with_one_bad_row_and_writes_nothing(
    session: Session, district: District, tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "台账.xlsx",
        [
            HEADER,
            ["A-1", "电芯项目", "新创能源有限公司", "湘家荡区域", "签约", 110, 300],
            ["A-2", "农机项目", "丰田农机有限公司", "凤桥镇", "开工", "12三亿", 50],
            ["A-3", "冷链项目", "北港物流有限公司", "建设街道", "洽谈", 1.2, None],
        ],
    )
    with pytest.raises(Invalid) as caught:
        import_projects(session, path, actor=None, now=NOW)
    assert caught.value.message.startswith("1 行有误，未导入任何数据")
    [problem] = caught.value.errors
    assert (problem.row, problem.column) == (3, "总投资（亿元）")
    assert _count(session, Project.id) == 0
    assert _count(session, Enterprise.id) == 0


def test_it_reports_every_problem_with_its_row_and_column(
    session: Session, district: District, tmp_path: Path
) -> None:
    path = _xlsx(
        tmp_path / "台账.xlsx",
        [
            [*HEADER, "形象进度（%）", "计划开工", "实际投产"],
            ["B-1", "甲项目", None, "不存在镇", "签约", 1, 10, None, None, None],
            ["B-2", "乙项目", None, "凤桥镇", "在谈判", 1, -5, 120, None, None],
            ["B-3", "丙项目", None, "凤桥镇", "开工", 1, 10, None, "下个月", date(2026, 1, 1)],
            ["B-1", "丁项目", None, "凤桥镇", "签约", 1, 10, None, None, None],
        ],
    )
    with pytest.raises(Invalid) as caught:
        import_projects(session, path, actor=None, now=NOW)
    assert caught.value.message.startswith("4 行有误")
    assert sorted((e.row or 0, e.column or "") for e in caught.value.errors) == [
        (2, "所属单位"),
        (3, "形象进度（%）"),
        (3, "用地（亩）"),
        (3, "项目阶段"),
        (4, "实际投产"),
        (4, "计划开工"),
        (5, "项目编号"),
    ]
    assert _count(session, Project.id) == 0


def test_a_new_row_files_a_project_with_events_sourced_to_the_file_row(
    session: Session, district: District, district_admin: User, tmp_path: Path
) -> None:
    create_enterprise(session, name="浙江新创能源科技有限公司", aliases=["新创能源"])
    header = [*HEADER, "期次", "产能", "实际签约", "实际开工", "计划投产"]
    row = ["NH-001", "年产20GWh储能电池项目", "新创能源、嘉兴材料有限公司", "湘家荡区域", "开工"]
    row += [110, 300, "二期", "20GWh 储能电池", "2026年3月12日", date(2026, 5, 1), "2027年6月"]
    path = _xlsx(tmp_path / "台账.xlsx", [header, row])

    summary = import_projects(session, path, actor=district_admin, now=NOW)

    assert summary == ImportSummary(created=1, updated=0, unchanged=0)
    project = _project(session, "NH-001")
    assert (project.stage, project.stage_reached_on) == ("CONSTRUCTION", date(2026, 5, 1))
    assert project.investment_fen == 110 * 100_000_000 * 100
    assert project.investor_names == "浙江新创能源科技有限公司、嘉兴材料有限公司"
    assert (project.next_planned_stage, project.next_planned_on) == (
        "PRODUCTION",
        date(2027, 6, 30),
    )
    assert (project.phase, project.land_mu) == ("二期", Decimal(300))
    events = project_events(session, project.id)
    assert [e.kind for e in events] == ["created", "stage_reached", "stage_planned"]
    assert {(e.source_kind, e.source_label, e.actor_id) for e in events} == {
        ("import", "台账.xlsx 第2行", district_admin.id)
    }
    assert [e.payload["stage"] for e in events[:2]] == ["SIGNED", "CONSTRUCTION"]


def test_the_same_rows_without_codes_imported_again_change_nothing(
    session: Session, district: District, district_admin: User, tmp_path: Path
) -> None:
    header = ["项目名称", "所属单位", "项目阶段", "总投资（亿元）", "期次"]
    rows = [
        ["年产20GWh储能电池项目", "湘家荡区域", "签约", 110, "一期"],
        ["年产20GWh储能电池项目", "湘家荡区域", "签约", 90, "二期"],
        ["智能农机项目", "凤桥镇", "洽谈", 2, None],
    ]
    path = _xlsx(tmp_path / "台账.xlsx", [header, *rows])
    assert import_projects(session, path, actor=district_admin, now=NOW).created == 3
    events = _count(session, Event.id)

    reordered = _xlsx(tmp_path / "台账（重排）.xlsx", [header, *reversed(rows)])
    again = import_projects(session, reordered, actor=district_admin, now=NOW)

    assert again == ImportSummary(created=0, updated=0, unchanged=3)
    assert (_count(session, Project.id), _count(session, Event.id)) == (3, events)
    rows[2][3] = 3
    changed = import_projects(
        session, _xlsx(tmp_path / "改.xlsx", [header, *rows]), actor=district_admin, now=NOW
    )
    assert changed == ImportSummary(created=0, updated=1, unchanged=2)


def test_the_same_file_a_second_time_is_recognised_and_changes_nothing(
    session: Session, district: District, district_admin: User, tmp_path: Path
) -> None:
    header = ["项目名称", "所属单位", "项目阶段"]
    path = _xlsx(tmp_path / "台账.xlsx", [header, ["智能农机项目", "凤桥镇", "洽谈"]])
    import_projects(session, path, actor=district_admin, now=NOW)
    events = _count(session, Event.id)
    copy = tmp_path / "台账（副本）.xlsx"
    copy.write_bytes(path.read_bytes())

    again = import_projects(session, copy, actor=district_admin, now=NOW + timedelta(days=1))

    assert again.repeat_of == EarlierImport("台账.xlsx", NOW)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 0)
    assert _count(session, Event.id) == events
    assert _count(session, SheetImport.id) == 1


def test_two_rows_naming_the_same_project_without_codes_are_refused(
    session: Session, district: District, district_admin: User, tmp_path: Path
) -> None:
    header = ["项目名称", "所属单位", "项目阶段"]
    rows = [["智能农机项目", "凤桥镇", "洽谈"], ["智能农机项目", "凤桥镇", "签约"]]
    with pytest.raises(Invalid) as caught:
        import_projects(session, _xlsx(tmp_path / "a.xlsx", [header, *rows]), actor=None, now=NOW)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "项目名称")]
    assert "与第 2 行是同一个项目" in caught.value.errors[0].reason
    assert _count(session, Project.id) == 0


def test_a_row_matching_several_ledger_projects_asks_for_the_code(
    session: Session, district: District, tmp_path: Path
) -> None:
    for code in ("P-1", "P-2"):
        create_project(session, name="智能农机项目", unit=district.town, code=code, source=SYSTEM)
    path = _xlsx(tmp_path / "a.xlsx", [["项目名称", "所属单位"], ["智能农机项目", "凤桥镇"]])
    with pytest.raises(Invalid) as caught:
        import_projects(session, path, actor=None, now=NOW)
    assert "请填写项目编号" in caught.value.errors[0].reason


def test_an_update_records_only_the_changed_figures(
    session: Session, district: District, tmp_path: Path
) -> None:
    row = ["C-1", "农机装备项目", "丰田农机有限公司", "凤桥镇", "签约", 2, 80]
    import_projects(session, _xlsx(tmp_path / "一月.xlsx", [HEADER, row]), actor=None, now=NOW)
    project = _project(session, "C-1")
    before = project.event_count

    changed = [*row[:5], 2.5, 80, 30]
    path = _xlsx(
        tmp_path / "二月.xlsx",
        [[*HEADER, "形象进度"], ["C-0", "另一项目", None, "凤桥镇"], changed],
    )
    summary = import_projects(session, path, actor=None, now=NOW)

    assert summary == ImportSummary(created=1, updated=1, unchanged=0)
    events = project_events(session, project.id)
    assert len(events) == before + 1
    assert events[-1].kind == "figures"
    assert set(events[-1].payload) == {"investment", "progress_pct"}
    assert events[-1].source_label == "二月.xlsx 第3行"
    assert project.investment_fen == 250_000_000 * 100


def test_a_blank_cell_leaves_the_figure_as_it_is(
    session: Session, district: District, tmp_path: Path
) -> None:
    row = ["D-1", "物流园项目", None, "凤桥镇", "签约", 2, 80]
    import_projects(session, _xlsx(tmp_path / "a.xlsx", [HEADER, row]), actor=None, now=NOW)
    blank = [*row[:5], None, None]
    summary = import_projects(
        session, _xlsx(tmp_path / "b.xlsx", [HEADER, blank]), actor=None, now=NOW
    )
    assert summary == ImportSummary(created=0, updated=0, unchanged=1)
    assert _project(session, "D-1").land_mu == Decimal(80)


def test_it_rejects_moving_a_stage_backwards_without_a_reason(
    session: Session, district: District, tmp_path: Path
) -> None:
    row = ["E-1", "数据中心项目", None, "建设街道", "开工", 5, 40]
    import_projects(session, _xlsx(tmp_path / "a.xlsx", [HEADER, row]), actor=None, now=NOW)
    back = [*row[:4], "签约", 5, 40]
    with pytest.raises(Invalid) as caught:
        import_projects(session, _xlsx(tmp_path / "b.xlsx", [HEADER, back]), actor=None, now=NOW)
    [problem] = caught.value.errors
    assert (problem.row, problem.column) == (2, "项目阶段")
    assert "变更原因" in problem.reason
    assert _project(session, "E-1").stage == "CONSTRUCTION"


def test_a_stage_moves_back_when_the_row_gives_a_reason(
    session: Session, district: District, tmp_path: Path
) -> None:
    row = ["E-2", "数据中心项目", None, "建设街道", "开工", 5, 40]
    import_projects(session, _xlsx(tmp_path / "a.xlsx", [HEADER, row]), actor=None, now=NOW)
    back = [*row[:4], "签约", 5, 40, "施工许可撤回"]
    path = _xlsx(tmp_path / "b.xlsx", [[*HEADER, "变更原因"], back])
    assert import_projects(session, path, actor=None, now=NOW).updated == 1
    project = _project(session, "E-2")
    assert project.stage == "SIGNED"
    assert project_events(session, project.id)[-1].reason == "施工许可撤回"


def test_it_refuses_rows_of_units_the_actor_may_not_change(
    session: Session, district: District, town_staff: User, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        ["G-1", "镇里的项目", None, "凤桥镇", "签约", 1, 10],
        ["G-2", "街道的项目", None, "建设街道", "签约", 1, 10],
    ]
    with pytest.raises(Invalid) as caught:
        import_projects(session, _xlsx(tmp_path / "a.xlsx", rows), actor=town_staff, now=NOW)
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "所属单位")]
    assert _count(session, Project.id) == 0


def test_a_code_taken_while_writing_is_reported_with_its_row(
    session: Session, district: District, tmp_path: Path
) -> None:
    rows = [
        HEADER,
        [None, "无编号项目", None, "凤桥镇"],
        ["XM000001", "自带编号项目", None, "凤桥镇"],
    ]
    with pytest.raises(Invalid) as caught:
        import_projects(session, _xlsx(tmp_path / "a.xlsx", rows), actor=None, now=NOW)
    assert caught.value.message.startswith("第 3 行无法导入，未导入任何数据")
    assert "XM000001 已存在" in caught.value.errors[0].reason
    assert _count(session, Project.id) == 0


# --- exporting ---------------------------------------------------------------------------------


def _ledger(session: Session, district: District) -> list[Project]:
    maker = create_enterprise(session, name="嘉兴精工部件有限公司", aliases=["精工部件"])
    big = create_project(
        session,
        name="年产60GWh新型电池电芯项目",
        unit=district.platform,
        stage=Stage.SIGNED,
        stage_on=date(2026, 3, 12),
        code="P-BIG",
        figures={
            "phase": "二期",
            "chain": "新能源",
            "investment": Money(Decimal("11000000000")),
            "annual_output": Money(Decimal("40000000000")),
            "land_mu": Decimal("1200.5"),
            "capacities": (Capacity(Decimal(60), "GWh", "新型电池电芯"),),
            "investors": (Investor(maker.id, maker.name),),
            "build_type": "新建",
            "capital_origin": "内资",
            "attraction_method": "链式招商",
            "progress_pct": Decimal("12.5"),
        },
        source=SYSTEM,
        now=NOW,
    )
    plan_stage(session, big, Stage.CONSTRUCTION, on=date(2026, 6, 30), source=SYSTEM, now=NOW)
    usd = create_project(
        session,
        name="外资精密部件项目",
        unit=district.platform,
        code="P-USD",
        figures={
            "investment": Money(Decimal(30_000_000), "USD"),
            "annual_output": Money(Decimal(150_000_000), "CNY"),
            "capital_origin": "外资",
        },
        source=SYSTEM,
        now=NOW,
    )
    town = create_project(
        session, name="农机项目", unit=district.town, code="P-TOWN", source=SYSTEM
    )
    reach_stage(session, town, Stage.CONSTRUCTION, on=date(2026, 4, 1), source=SYSTEM, now=NOW)
    village = create_project(
        session, name="民宿项目", unit=district.village, code="P-VIL", source=SYSTEM
    )
    session.flush()
    return [big, usd, town, village]


def _column(sheet: Any, header: str) -> int:
    return next(c.column for c in sheet[2] if c.value == header)


def test_the_export_has_a_title_chinese_headers_numbers_and_real_dates(
    session: Session, district: District, tmp_path: Path
) -> None:
    _ledger(session, district)
    path = tmp_path / "导出.xlsx"

    assert export_projects(session, path, scope=None, today=TODAY) == 4

    sheet = load_workbook(path).worksheets[0]
    assert sheet["A1"].value == "南湖区重大项目台账（2026年5月20日导出）"
    assert [c.value for c in sheet[2]][:8] == [
        "项目编号",
        "项目名称",
        "期次",
        "投资主体",
        "所属单位",
        "产业链",
        "项目阶段",
        "总投资（亿元）",
    ]
    assert sheet.freeze_panes == "C3"
    assert [sheet.cell(row=r, column=1).value for r in range(3, 7)] == [
        "P-BIG",  # 湘家荡区域, biggest first
        "P-USD",
        "P-TOWN",  # 凤桥镇
        "P-VIL",  # 永红村, under 凤桥镇
    ]

    def cell(header: str, row: int = 3) -> Any:
        return sheet.cell(row=row, column=_column(sheet, header))

    assert cell("总投资（亿元）").value == 110
    assert cell("达产年产值（亿元）").value == 400
    assert cell("用地面积（亩）").value == 1200.5
    assert cell("投资主体").value == "嘉兴精工部件有限公司"
    assert cell("产能").value == "60GWh 新型电池电芯"
    assert (cell("项目阶段").value, cell("币种").value) == ("签约", "人民币")
    assert cell("实际签约").value == datetime(2026, 3, 12)
    assert cell("实际签约").is_date and cell("计划开工").is_date
    assert (cell("总投资（亿元）", 4).value, cell("币种", 4).value) == (0.3, "美元")
    assert cell("达产年产值（亿元）", 4).value == "1.5亿元"


def test_names_that_look_like_formulas_export_as_text_and_import_back_unchanged(
    session: Session, district: District, tmp_path: Path
) -> None:
    create_project(
        session, name="=1+1 项目", unit=district.town, source=SYSTEM, now=NOW,
        figures={"chain": "@新能源"},
    )  # fmt: skip
    session.commit()
    path = tmp_path / "导出.xlsx"
    export_projects(session, path, scope=None, today=TODAY)
    sheet = load_workbook(path).worksheets[0]
    name = sheet.cell(row=3, column=_column(sheet, "项目名称"))
    chain = sheet.cell(row=3, column=_column(sheet, "产业链"))
    assert (name.value, name.data_type) == ("=1+1 项目", "s")
    assert (chain.value, chain.data_type) == ("@新能源", "s")
    assert import_projects(session, path, actor=None, now=NOW).unchanged == 1


def test_the_export_keeps_to_the_scope(
    session: Session, district: District, tmp_path: Path
) -> None:
    _ledger(session, district)
    path = tmp_path / "凤桥镇.xlsx"
    assert export_projects(session, path, scope=district.town.path, today=TODAY) == 2
    sheet = load_workbook(path).worksheets[0]
    assert sheet["A1"].value == "凤桥镇重大项目台账（2026年5月20日导出）"
    assert [sheet.cell(row=r, column=1).value for r in (3, 4, 5)] == ["P-TOWN", "P-VIL", None]


def test_an_exported_file_imports_without_changing_anything(
    session: Session, district: District, tmp_path: Path
) -> None:
    _ledger(session, district)
    path = tmp_path / "导出.xlsx"
    export_projects(session, path, scope=None, today=TODAY)
    events = _count(session, Event.id)

    summary = import_projects(session, path, actor=None, now=NOW)

    assert summary == ImportSummary(created=0, updated=0, unchanged=4)
    assert _count(session, Event.id) == events


def test_it_names_the_row_whose_unit_name_two_units_share(
    session: Session, district: District, tmp_path: Path
) -> None:
    create_unit(
        session, code="330402102", name="凤桥镇", kind=UnitKind.TOWN, parent=district.district
    )
    session.commit()
    path = tmp_path / "ambiguous.csv"
    path.write_text("项目名称,所属单位\n农机项目,凤桥镇\n", encoding="utf-8-sig")
    with pytest.raises(Invalid) as caught:
        import_projects(session, path, actor=None, now=NOW)
    assert caught.value.errors[0].row == 2
    assert "请改用单位代码" in caught.value.errors[0].reason

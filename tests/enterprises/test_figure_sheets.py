"""Importing the bureaus' yearly lists into the enterprise ledger, from real workbooks."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.enterprises.figure_columns import SheetKind
from taizhang.enterprises.figure_sheets import import_enterprise_figures
from taizhang.enterprises.ledger import FactField, fact_history, ledger_state
from taizhang.enterprises.models import Enterprise, EnterpriseAlias, EnterpriseFact, UtilityAccount
from taizhang.kernel.errors import Invalid
from taizhang.kernel.sheet_imports import SheetImport
from taizhang.muju.inputs import enterprise_years
from tests.enterprises.ledger_helpers import credit_code, firm, workbook

NOW = datetime(2026, 3, 12, 2, 0, tzinfo=UTC)
STEEL, CHIP, PAPER = "MA7A0001", "MA7A0002", "MA7A0003"
STEEL_NAME, PAPER_NAME = "嘉兴恒信金属制品有限公司", "嘉兴澄源纸业有限公司"


@pytest.fixture
def firms(session: Session) -> dict[str, Enterprise]:
    made = {
        "steel": firm(session, "嘉兴恒信金属制品有限公司", STEEL, "恒信金属"),
        "chip": firm(session, "嘉兴立达电子有限公司", CHIP),
        "paper": firm(session, "嘉兴澄源纸业有限公司", PAPER),
    }
    session.flush()
    return made


def _import(session: Session, path: Path, kind: SheetKind | None = None, year: int = 2025):
    return import_enterprise_figures(session, path, year=year, kind=kind, actor=None, now=NOW)


def _facts(session: Session) -> int:
    return session.scalar(select(func.count(EnterpriseFact.id))) or 0


def _figure(session: Session, enterprise: Enterprise, fact: FactField) -> str | None:
    held = {(h.year, h.field): h.value for h in ledger_state(session, enterprise.id)}
    return held.get((2025, fact))


def test_a_tax_list_is_read_back_matched_by_code_alias_and_name(
    session: Session, firms: dict[str, Enterprise], tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "2025年度税收清单.xlsx",
        [
            ["南湖区2025年度企业税收清单"],
            ["序号", "统一社会信用代码", "纳税人名称", "实缴税金（元）", "备注"],
            [1, credit_code(PAPER), PAPER_NAME, 8_125_000, None],
            [2, None, "恒信金属 ", None, None],  # by its alias; a blank figure: not stated
            [3, None, "浙江立达电子有限公司", "1,230,000.5", "简称不同"],
            [4, None, "合计", 9_355_000.5, None],
        ],
    )

    result = _import(session, path)

    assert result.kind is SheetKind.TAX
    assert (result.matched, result.changed, result.recorded, result.unmatched) == (3, 2, 2, ())
    assert result.ignored_columns == ("序号", "备注")
    assert _figure(session, firms["paper"], FactField.TAX) == "812.5"
    assert _figure(session, firms["steel"], FactField.TAX) is None
    assert _figure(session, firms["chip"], FactField.TAX) == "123.00005"
    event = fact_history(session, firms["chip"].id)[-1]
    assert (event.source_kind, event.source_label) == ("import", "2025年度税收清单.xlsx 第5行")


def test_a_statistics_list_with_other_header_names_and_units(
    session: Session, firms: dict[str, Enterprise], tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "统计局.xlsx",
        [
            [
                "单位详细名称",
                "统一社会信用代码",
                "营业收入\n(千元)",
                "工业增加值（万元）",
                "综合能源消费量（吨标准煤）",
                "从业人员平均人数",
                "研发费用",
                "是否规上",
                "国民经济行业代码",
            ],
            [
                "嘉兴恒信金属制品有限公司",
                credit_code(STEEL),
                305000,
                7100,
                820.5,
                164,
                96,
                "是",
                "3311",
            ],
            [
                "嘉兴澄源纸业有限公司",
                credit_code(PAPER),
                12000,
                "-",
                None,
                21,
                None,
                "规下",
                "C2221",
            ],
        ],
    )

    result = _import(session, path)

    assert result.kind is SheetKind.STATS
    years = {y.name: y for y in enterprise_years(session, 2025)}
    steel = years["嘉兴恒信金属制品有限公司"]
    assert (steel.revenue, steel.value_added, steel.energy_tce) == (
        Decimal(30500),
        Decimal(7100),
        Decimal("820.5"),
    )
    assert (steel.employees, steel.rnd, steel.size.value, steel.industry_code) == (
        Decimal(164),
        Decimal(96),
        "ABOVE",
        "C3311",
    )
    paper = years["嘉兴澄源纸业有限公司"]
    assert (paper.revenue, paper.value_added, paper.size.value) == (Decimal(1200), None, "BELOW")


def test_a_power_list_sums_accounts_and_learns_them(
    session: Session, firms: dict[str, Enterprise], tmp_path: Path
) -> None:
    header = ["户号", "户名", "用电量（万千瓦时）"]
    path = workbook(
        tmp_path / "用电.xlsx",
        [header, [3300000001, "嘉兴恒信金属制品有限公司", 120], ["3300000002", "恒信金属", 30.5]],
    )

    result = _import(session, path)
    accounts = session.scalars(select(UtilityAccount.number).order_by(UtilityAccount.number))

    assert (result.kind, result.matched, result.recorded) == (SheetKind.POWER, 2, 1)
    assert _figure(session, firms["steel"], FactField.ELECTRICITY_KWH) == "1505000"
    assert list(accounts) == ["3300000001", "3300000002"]
    assert fact_history(session, firms["steel"].id)[-1].source_label == "用电.xlsx 第2、3行"

    by_account = workbook(tmp_path / "用电2024.xlsx", [header, ["3300000001", "恒信", 99]])
    assert _import(session, by_account, year=2024).matched == 1  # matched by its 户号


def test_bad_cells_and_headers_are_all_named_by_row_and_column_and_nothing_is_written(
    session: Session, firms: dict[str, Enterprise], tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "坏表.xlsx",
        [
            ["统一社会信用代码", "企业名称", "主营业务收入", "综合能耗（桶）", "年度"],
            [credit_code(STEEL), "嘉兴恒信金属制品有限公司", "很多", 10, 2025],
            ["91330402MA7A00010X", "嘉兴立达电子有限公司", -5, 3, 2024],
            [None, None, 100, None, None],
            [credit_code(PAPER), "嘉兴澄源纸业有限公司", 900, 1, "2025年"],
        ],
    )

    with pytest.raises(Invalid) as refused:
        _import(session, path)

    where = {(e.row, e.column) for e in refused.value.errors}
    assert where == {
        (1, "综合能耗（桶）"),
        (2, "主营业务收入"),
        (3, "统一社会信用代码"),
        (3, "主营业务收入"),
        (3, "年度"),
        (4, None),
    }
    assert "未导入任何数据" in refused.value.message
    reasons = " ".join(e.reason for e in refused.value.errors)
    assert "“很多”不是数字" in reasons and "不能为负数" in reasons and "无法识别" in reasons
    assert _facts(session) == 0
    assert session.scalar(select(func.count(SheetImport.id))) == 0


def test_a_list_without_its_figure_or_header_is_refused(
    session: Session, firms: dict[str, Enterprise], tmp_path: Path
) -> None:
    no_tax = workbook(tmp_path / "a.xlsx", [["企业名称", "用电量"], ["恒信金属", 5]])
    with pytest.raises(Invalid) as refused:
        _import(session, no_tax, kind=SheetKind.TAX)
    assert refused.value.errors[0].reason.startswith("税务局税收清单须有“评价税收”列")

    no_header = workbook(tmp_path / "b.xlsx", [["名单"], ["恒信金属", 5]])
    with pytest.raises(Invalid, match="找不到表头"):
        _import(session, no_header)

    twice = workbook(
        tmp_path / "c.xlsx",
        [["统一社会信用代码", "税收"], [credit_code(STEEL), 1], [credit_code(STEEL), 2]],
    )
    with pytest.raises(Invalid) as duplicate:
        _import(session, twice)
    assert (duplicate.value.errors[0].row, duplicate.value.errors[0].column) == (
        3,
        "统一社会信用代码",
    )


def test_unmatched_rows_are_reported_and_can_be_imported_once_resolved(
    session: Session, firms: dict[str, Enterprise], tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "税收.xlsx",
        [
            ["纳税人识别号", "纳税人名称", "税收（万元）"],
            [credit_code(STEEL), "嘉兴恒信金属制品有限公司", 800],
            [credit_code("MA7A0009"), "嘉兴晨曦光电有限公司", 55],
            [credit_code(CHIP), "嘉兴澄源纸业有限公司", 12],
        ],
    )

    first = _import(session, path)

    assert [(u.row, u.name) for u in first.unmatched] == [
        (3, "嘉兴晨曦光电有限公司"),
        (4, "嘉兴澄源纸业有限公司"),
    ]
    assert "企业库中没有统一社会信用代码" in first.unmatched[0].reason
    assert "名称却是" in first.unmatched[1].reason
    assert first.recorded == 1

    firm(session, "嘉兴晨曦光电有限公司", "MA7A0009")
    second = _import(session, path)

    assert (second.recorded, second.repeat_of, len(second.unmatched)) == (1, None, 1)
    third = _import(session, path)
    assert third.recorded == 0 and third.repeat_of is not None
    assert third.repeat_of.file_name == "税收.xlsx"


def test_the_same_file_twice_changes_nothing(
    session: Session, firms: dict[str, Enterprise], tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "税收.xlsx",
        [["统一社会信用代码", "税收"], [credit_code(STEEL), 800], [credit_code(CHIP), 90]],
    )
    _import(session, path)
    before = _facts(session)

    again = _import(session, path)

    assert again.repeat_of is not None and again.recorded == 0
    assert _facts(session) == before
    assert session.scalar(select(func.count(SheetImport.id))) == 1
    other_year = _import(session, path, year=2024)
    assert other_year.repeat_of is None and other_year.recorded == 2


def test_a_gb18030_csv_is_read(
    session: Session, firms: dict[str, Enterprise], tmp_path: Path
) -> None:
    path = tmp_path / "税收.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerows(
            [["企业名称", "评价税收(万元)"], ["嘉兴澄源纸业有限公司", "66.6"]]
        )

    assert _import(session, path).recorded == 1
    assert _figure(session, firms["paper"], FactField.TAX) == "66.6"
    assert session.scalar(select(func.count(EnterpriseAlias.id))) == 1


def test_a_second_row_of_the_same_enterprise_is_left_out(
    session: Session, firms: dict[str, Enterprise], tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "税收.xlsx",
        [["企业名称", "税收"], ["嘉兴恒信金属制品有限公司", 800], ["恒信金属", 900]],
    )

    result = _import(session, path)

    assert result.recorded == 1
    assert [(u.row, u.reason[:12]) for u in result.unmatched] == [(3, "与第 2 行是同一家企业")]
    assert _figure(session, firms["steel"], FactField.TAX) == "800"

"""`taizhang import enterprise-figures FILE --year YYYY [--kind …]`."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy.orm import Session

from taizhang.cli.main import cli
from tests.conftest import District
from tests.enterprises.ledger_helpers import credit_code, firm, workbook


def _run(database_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--database", database_url, *args])


def _firms(session: Session) -> None:
    firm(session, "嘉兴恒信金属制品有限公司", "MA7A0001", "恒信金属")
    session.commit()


def test_a_good_list_prints_what_it_did_and_the_rows_left_out(
    database_url: str, district: District, session: Session, tmp_path: Path
) -> None:
    _firms(session)
    path = workbook(
        tmp_path / "用电.xlsx",
        [["户号", "户名", "用电量"], ["3300000001", "恒信金属", 1000], ["3300000002", "无名厂", 5]],
    )

    first = _run(database_url, "import", "enterprise-figures", str(path), "--year", "2025")
    again = _run(database_url, "import", "enterprise-figures", str(path), "--year", "2025")

    assert first.exit_code == 0, first.output
    assert "供电公司用电清单（2025年）导入完成：匹配 1 行，1 家企业的指标有变化" in first.output
    assert "1 行未匹配到企业" in first.output
    assert "第 3 行 3300000002 无名厂：企业库中没有户号 3300000002、名称“无名厂”的企业" in (
        first.output
    )
    assert again.exit_code == 0
    assert "导入的“用电.xlsx”内容相同，未作改动" in again.output


def test_a_bad_list_exits_1_naming_row_and_column(
    database_url: str, district: District, session: Session, tmp_path: Path
) -> None:
    _firms(session)
    path = workbook(
        tmp_path / "税收.xlsx",
        [["统一社会信用代码", "税收"], [credit_code("MA7A0001"), "八百"]],
    )

    result = _run(
        database_url, "import", "enterprise-figures", str(path), "--year", "2025", "--kind", "tax"
    )

    assert result.exit_code == 1
    assert "第 2 行，“税收”列：“八百”不是数字" in result.output


def test_the_year_is_required(database_url: str, tmp_path: Path) -> None:
    result = _run(database_url, "import", "enterprise-figures", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2
    assert "--year" in result.output

"""`taizhang report`: the quarterly bulletin written as DOCX and read back; publishing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from taizhang.cli.main import cli
from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage
from taizhang.projects.commands import create_project, reach_stage
from tests.conftest import District

SYSTEM = Source("system", label="测试")
NOW = datetime(2026, 7, 1, tzinfo=UTC)
RULES = """
version = "test.q"
valid_from = 2026-01-01
valid_to = 2026-12-31

[[stage_points]]
stage = "签约"
points = 2

[[stage_points]]
stage = "开工"
points = 3
"""


@pytest.fixture
def quarter(session: Session, district: District) -> None:
    """凤桥镇 signs and starts a project in Q2 (5); 建设街道 signs one (2)."""
    for unit, name, started in (
        (district.village, "农机项目", True),
        (district.street, "商业项目", False),
    ):
        project = create_project(
            session,
            name=name,
            unit=unit,
            stage=Stage.TALKS,
            stage_on=date(2026, 1, 5),
            figures={"investment": Money(Decimal(200_000_000))},
            source=SYSTEM,
            now=NOW,
        )
        reach_stage(session, project, Stage.SIGNED, on=date(2026, 4, 10), source=SYSTEM)
        if started:
            reach_stage(session, project, Stage.CONSTRUCTION, on=date(2026, 6, 1), source=SYSTEM)
    session.commit()


def invoke(database_url: str, tmp_path: Path, *args: str) -> Result:
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES, encoding="utf-8")
    base = ["--database", database_url, "report", *args, "--rules", str(rules)]
    return CliRunner().invoke(cli, [*base, "--as-of", "2026-07-03"])


def test_the_quarterly_bulletin_is_written_as_docx(
    database_url: str, quarter: None, tmp_path: Path
) -> None:
    out = tmp_path / "bulletin.docx"
    result = invoke(
        database_url,
        tmp_path,
        "quarterly",
        "--period",
        "2026-Q2",
        "--format",
        "docx",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    document = Document(BytesIO(out.read_bytes()))
    assert document.paragraphs[0].text == "南湖区2026年第二季度招商引资赛马情况通报"
    texts = [p.text for p in document.paragraphs]
    assert "四、工作亮点" in texts and "凤桥镇以 5 分位列第 1 名。" in texts
    ranking = document.tables[0]
    assert [c.text for c in ranking.rows[1].cells][:3] == ["1", "凤桥镇", "5"]
    assert [c.text for c in ranking.rows[2].cells][:3] == ["2", "建设街道", "2"]
    assert texts[-1] == "2026年7月3日"


def test_a_published_report_is_rendered_from_its_snapshot(
    database_url: str, quarter: None, tmp_path: Path, session: Session, district: District
) -> None:
    out = tmp_path / "may.xlsx"
    args = ("monthly", "--period", "2026-06", "--format", "xlsx", "--out", str(out))
    published = invoke(database_url, tmp_path, *args, "--publish")
    assert published.exit_code == 0, published.output
    assert "第 1 版" in published.output

    project = create_project(
        session,
        name="新项目",
        unit=district.platform,
        stage=Stage.TALKS,
        stage_on=date(2026, 1, 5),
        source=SYSTEM,
        now=NOW,
    )
    reach_stage(session, project, Stage.SIGNED, on=date(2026, 6, 20), source=SYSTEM)
    reach_stage(session, project, Stage.CONSTRUCTION, on=date(2026, 6, 21), source=SYSTEM)
    session.commit()

    stored = invoke(database_url, tmp_path, *args, "--from-snapshot")
    assert stored.exit_code == 0, stored.output
    sheet = load_workbook(BytesIO(out.read_bytes()))["二、积分排名"]
    assert sheet["B3"].value == "凤桥镇"  # the platform's new points are not in version 1


def test_an_unpublished_report_cannot_come_from_a_snapshot(
    database_url: str, quarter: None, tmp_path: Path
) -> None:
    out = tmp_path / "x.html"
    result = invoke(
        database_url, tmp_path, "annual", "--period", "2026", "--out", str(out), "--from-snapshot"
    )
    assert result.exit_code == 1
    assert "尚未发布" in result.output


def test_a_period_of_the_wrong_kind_is_refused(
    database_url: str, quarter: None, tmp_path: Path
) -> None:
    out = tmp_path / "x.html"
    result = invoke(database_url, tmp_path, "weekly", "--period", "2026-05", "--out", str(out))
    assert result.exit_code == 1
    assert "期间应为周" in result.output and not out.exists()

"""`taizhang extract` and `taizhang ingest` on real files, good and bad."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.cli.main import cli
from taizhang.kernel.sources import Document
from taizhang.projects.models import Event, Project
from tests.conftest import District

REPORT = (
    "2026年4月8日 星期三\n"
    "示范新材料项目在凤桥镇签约\n"
    "本报讯 昨天，浙江示范新材料有限公司年产5万吨高性能纤维项目签约落户凤桥镇，"
    "项目总投资12亿元，用地120亩，达产后年产值可达30亿元，计划明年6月投产。\n"
)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "101.txt"
    path.write_text(REPORT, encoding="gb18030")
    return path


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_extract_prints_one_json_object_per_document(report: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(report), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (document,) = _lines(result.output)
    assert document["published"] == "2026-04-08"
    (project,) = document["projects"]  # type: ignore[misc]
    assert project["investment"] == {"amount": 1200000000, "currency": "CNY", "qualifier": None}
    assert project["land_mu"] == 120 and project["stage"] == "签约"
    assert project["planned_production"] == "2027-06"
    evidence = project["evidence"][0]
    assert REPORT[evidence["start"] : evidence["end"]] == evidence["text"]


def test_a_bad_file_gets_one_line_and_the_others_still_go_through(
    report: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    result = CliRunner().invoke(cli, ["extract", str(empty), str(binary), str(report)])
    assert result.exit_code == 0
    documents = _lines(result.stdout)
    assert [len(d["errors"]) for d in documents] == [1, 1, 0]  # type: ignore[arg-type]
    assert "文件为空" in documents[0]["errors"][0]  # type: ignore[index]
    assert len(documents[2]["projects"]) == 1  # type: ignore[arg-type]


def test_it_refuses_a_malformed_published_date(report: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(report), "--published", "2026/4/8"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_ingest_files_a_report_once_with_its_sentence(
    report: Path, database_url: str, session: Session, district: District
) -> None:
    args = ["--database", database_url, "ingest", str(report), "--unit", "330402101"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "新建 1 个项目" in first.output
    second = CliRunner().invoke(cli, args)
    assert "已归档过" in second.output
    session.expire_all()
    project = session.scalar(select(Project))
    assert project is not None and project.unit_id == district.town.id
    assert project.stage == "SIGNED" and project.investment_fen == 12 * 10**8 * 100
    events = session.scalars(select(Event).where(Event.document_id.is_not(None))).all()
    # every event quotes sentences of the report (its creation all of them, the others one)
    assert all(line in REPORT for e in events for line in (e.quote or "-").split("\n"))
    figures = [event for event in events if event.kind == "figures"]
    assert figures and all("总投资12亿元" in (event.quote or "") for event in figures)
    assert session.scalar(select(func.count(Document.id))) == 1


def test_ingest_reports_a_bad_file_and_files_the_rest(
    report: Path, tmp_path: Path, database_url: str, session: Session, district: District
) -> None:
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    result = CliRunner().invoke(
        cli, ["--database", database_url, "ingest", str(scanned), str(report), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "scan.pdf" in result.output and "失败 1 份" in result.output
    session.expire_all()
    assert session.scalar(select(func.count(Document.id))) == 1


def test_ingest_refuses_an_unknown_unit_before_any_work(
    report: Path, database_url: str, district: District
) -> None:
    result = CliRunner().invoke(
        cli, ["--database", database_url, "ingest", str(report), "--unit", "999"]
    )
    assert result.exit_code == 1 and "未找到单位代码 999" in result.output

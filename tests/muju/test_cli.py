"""`taizhang muju evaluate | publish | freeze` on the demo district, on a year it left unevaluated
(the issue's done-when check: every evaluated enterprise has a score, class and explanation; the
class counts match the cut-offs), and on a year it stored."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from taizhang.cli.main import cli
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.schemes import scheme_text

pytestmark = pytest.mark.usefixtures("demo")
YEAR = "2022"  # the demo stores 2023–2025; 2022 has figures and no run


def muju(database_url: str, *args: str, today: str = "2026-05-20") -> Result:
    base = ["--database", database_url, "--today", today, "muju"]
    return CliRunner().invoke(cli, [*base, *args])


def test_an_evaluation_explains_every_class_by_the_cut_offs(
    database_url: str,
) -> None:
    result = muju(database_url, "evaluate", "--year", YEAR, "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    evaluated = [r for r in answer["results"] if r["score"] is not None]
    assert len(evaluated) == answer["evaluated"] > 200
    for row in evaluated:
        assert row["grade"] in {"A", "B", "C", "D"}
        assert row["explanation"].endswith(f"→ {row['grade']}")
        assert Decimal(row["score"]) == sum(
            (Decimal(i["points"]) for i in row["items"]), Decimal(0)
        ) + sum((Decimal(a["points"]) for a in row["adjustments"]), Decimal(0))
    for row in answer["results"]:
        if row["score"] is None:
            assert row["grade"] == "不定等级" and row["treated_as"] == "B" and row["excluded"]
    assert answer["counts"] == dict(Counter(r["grade"] for r in answer["results"]))
    # The cut-offs: in each ranking group of N, A = ranks ≤ ⌊0.25 N⌋, B ≤ ⌊0.70 N⌋, C ≤ ⌊0.95 N⌋.
    scheme = load_scheme(scheme_text().text)
    groups: defaultdict[str, list[dict[str, object]]] = defaultdict(list)
    for row in evaluated:
        groups[row["group"]].append(row)
    for members in groups.values():
        n = len(members)
        assert all(m["ranked"] == n for m in members)
        expected: Counter[str] = Counter()
        for rank in sorted(int(m["rank"]) for m in members):  # type: ignore[call-overload]
            for grade in scheme.grades:
                if grade.up_to is None or rank <= int(
                    (grade.up_to * n).to_integral_value(rounding=ROUND_FLOOR)
                ):
                    expected[grade.name] += 1
                    break
        assert Counter(str(m["grade"]) for m in members) == expected
    assert Counter({g: c for g, c in answer["counts"].items() if g in "ABCD"}) == Counter(
        str(r["grade"]) for r in evaluated
    )


def test_the_table_is_aligned_and_the_workbook_reads_back(
    database_url: str, tmp_path: Path
) -> None:
    table = muju(database_url, "evaluate", "--year", YEAR)
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].startswith("2022 年度亩均效益评价（本区-2026，第 1 版，试算）")
    assert lines[1].split() == ["名次", "企业名称", "镇街", "类别", "得分", "等级"]
    assert lines[-1].startswith("分类：A ")
    out = tmp_path / "muju.xlsx"
    written = muju(
        database_url, "evaluate", "--year", YEAR, "--format", "xlsx", "--output", str(out)
    )
    assert written.exit_code == 0, written.output
    book = load_workbook(out)
    sheet = book["评价结果"]
    assert sheet["C2"].value == "企业名称" and sheet["G2"].value == "得分"
    first = [cell.value for cell in sheet[3]]
    assert first[0] == 1 and first[7] == "A" and isinstance(first[6], float | int)
    assert "E" not in sheet["G3"].number_format and sheet["G3"].number_format.startswith("#,##0")
    counts = {row[0]: row[1] for row in book["分类统计"].iter_rows(min_row=3, values_only=True)}
    assert counts["A"] > 0 and sum(counts.values()) == sheet.max_row - 2
    assert (
        "须用 --output" in muju(database_url, "evaluate", "--year", YEAR, "--format", "xlsx").output
    )


def test_publish_and_freeze_from_the_command_line(database_url: str) -> None:
    assert muju(database_url, "evaluate", "--year", YEAR, "--by", "admin").exit_code == 0
    published = muju(database_url, "publish", "--year", YEAR, "--days", "5")
    assert "已公示 5 天，异议期至 2026-05-25 止" in published.output
    early = muju(database_url, "freeze", "--year", YEAR, today="2026-05-25")
    assert early.exit_code == 1 and "期满后（2026-05-26 起）才能定级" in early.output
    shown = muju(database_url, "evaluate", "--year", YEAR, today="2026-05-25")
    assert "显示保存的第 1 版" in shown.output and "公示中" in shown.output
    frozen = muju(database_url, "freeze", "--year", YEAR, today="2026-05-26")
    assert frozen.exit_code == 0 and "已定级：A " in frozen.output
    again = muju(database_url, "publish", "--year", YEAR, today="2026-05-27")
    assert again.exit_code == 1 and "已定级，不能再公示" in again.output


def test_a_stored_year_is_shown_as_stored(database_url: str) -> None:
    shown = muju(database_url, "evaluate", "--year", "2025")
    assert shown.exit_code == 0, shown.output
    assert "2025 年度已公示，显示保存的第 2 版" in shown.output
    assert "2025 年度亩均效益评价（本区-2026，第 2 版，公示中）" in shown.output
    frozen = muju(database_url, "evaluate", "--year", "2023")
    assert "2023 年度亩均效益评价（本区-2024，第 1 版，已定级）" in frozen.output


def test_a_scheme_file_with_errors_is_refused_with_its_lines(
    database_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(scheme_text().text.replace("weight = 30", "weight = 31"), encoding="utf-8")
    result = muju(database_url, "evaluate", "--year", YEAR, "--scheme", str(bad))
    assert result.exit_code == 1 and "第" in result.output and "行" in result.output

"""`taizhang eval GOLD_DIR`: scoring a predictions file, or extraction run on each gold text."""

from __future__ import annotations

import json
import shutil
import sys
import types
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from taizhang.cli.main import cli

CASES = Path(__file__).resolve().parents[1] / "intake" / "gold" / "cases"


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["eval", *args])


def _answer(doc_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CASES / f"{doc_id}.json").read_text(encoding="utf-8"))
    return data


def _predictions(path: Path, rows: list[dict[str, Any]]) -> Path:
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _perfect_rows() -> list[dict[str, Any]]:
    return [
        {"source": f"out/{p.stem}.txt", **_answer(p.stem)} for p in sorted(CASES.glob("*.json"))
    ]


def test_it_scores_a_perfect_predictions_file_as_1(tmp_path: Path) -> None:
    predictions = _predictions(tmp_path / "pred.jsonl", _perfect_rows())

    result = _run(str(CASES), "--predictions", str(predictions))

    assert result.exit_code == 0, result.output
    docs = len(list(CASES.glob("*.json")))
    assert result.stdout.splitlines()[-1] == f"F1 1.000 P 1.000 R 1.000 docs {docs}"
    assert "ALL (micro)" in result.stdout


def test_it_lists_every_document_with_per_doc_and_marks_missing_predictions(
    tmp_path: Path,
) -> None:
    rows = [row for row in _perfect_rows() if not row["source"].endswith("101.txt")]
    predictions = _predictions(tmp_path / "pred.jsonl", rows)

    result = _run(str(CASES), "--predictions", str(predictions), "--per-doc")

    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("101 projects gold  2 pred  0") and "no prediction" in first
    assert "R 1.000" not in result.stdout.splitlines()[-1]


def test_it_warns_about_unknown_documents_and_bad_lines(tmp_path: Path) -> None:
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text('{"source": "999.txt", "projects": []}\nnot json\n', encoding="utf-8")

    result = _run(str(CASES), "--predictions", str(predictions))

    assert result.exit_code == 0
    assert "999" in result.stderr and "unknown documents" in result.stderr
    assert "not JSON" in result.stderr


def test_it_reports_a_missing_text_in_one_line_and_scores_it_as_empty(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(CASES / "101.json", gold / "101.json")

    result = _run(str(gold))

    assert result.exit_code == 0, result.output
    problems = [line for line in result.stderr.splitlines() if "101" in line]
    assert len(problems) == 1 and "找不到原文" in problems[0]
    assert result.stdout.splitlines()[-1].startswith("F1 0.000 P 0.000 R 0.000 docs 1")


def test_it_runs_extraction_on_texts_from_the_texts_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gold, texts = tmp_path / "gold", tmp_path / "texts"
    gold.mkdir()
    texts.mkdir()
    for doc_id in ("101", "102"):
        shutil.copy(CASES / f"{doc_id}.json", gold / f"{doc_id}.json")
        shutil.copy(CASES / f"{doc_id}.txt", texts / f"{doc_id}_abcdef.txt")
    (texts / "1010.txt").write_text("不是 101 的原文", encoding="utf-8")
    seen: list[Path] = []

    def extract_file(path: Path, *, published: date | None = None) -> dict[str, Any]:
        seen.append(path)
        return {"source": str(path), **_answer(path.name[:3]), "errors": []}

    fake = types.ModuleType("taizhang.intake.pipeline")
    fake.extract_file = extract_file  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "taizhang.intake.pipeline", fake)

    result = _run(str(gold), "--texts", str(texts))

    assert result.exit_code == 0, result.output
    assert [p.name for p in seen] == ["101_abcdef.txt", "102_abcdef.txt"]
    assert result.stdout.splitlines()[-1] == "F1 1.000 P 1.000 R 1.000 docs 2"


def test_it_keeps_going_when_extraction_of_one_document_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def extract_file(path: Path, *, published: date | None = None) -> dict[str, Any]:
        if path.name.startswith("101"):
            raise RuntimeError("boom")
        return {"source": str(path), **_answer(path.name[:3]), "errors": ["表格无法解析"]}

    fake = types.ModuleType("taizhang.intake.pipeline")
    fake.extract_file = extract_file  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "taizhang.intake.pipeline", fake)
    gold = tmp_path / "gold"
    gold.mkdir()
    for name in ("101.json", "101.txt", "102.json", "102.txt"):
        shutil.copy(CASES / name, gold / name)

    result = _run(str(gold), "--per-doc")

    assert result.exit_code == 0, result.output
    assert "101: 抽取失败 (extraction failed): boom" in result.stderr
    assert "102: 表格无法解析" in result.stderr
    assert "101 projects gold  2 pred  0" in result.stdout


def test_it_exits_1_when_the_folder_holds_no_gold(tmp_path: Path) -> None:
    result = _run(str(tmp_path))

    assert result.exit_code == 1
    assert "没有 NNN.json 金标文件" in result.output

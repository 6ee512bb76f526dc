"""The development corpus (gold/corpus/dev, gold/corpus/held): every answer is one the scorer
reads, and every figure in it is tied to the words of its text, so annotations cannot rot.

Each NNN.json has an NNN.txt beside it and an NNN.evidence.jsonl: one line per piece of
evidence, {"project": index, "field": name, "text", "start", "end"}, where text is exactly
NNN.txt[start:end] and every non-null scored field of every project has at least one line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from taizhang.intake.evaluate import FIELDS, load_gold_dir, score_documents

CORPUS = Path(__file__).resolve().parent / "gold" / "corpus"
SPLITS = ("dev", "held")
EVIDENCE_FIELDS = {*FIELDS, "name"}


def _answers() -> list[Path]:
    return sorted(p for split in SPLITS for p in (CORPUS / split).glob("*.json"))


def _evidence(answer: Path) -> list[dict[str, Any]]:
    lines = answer.with_suffix(".evidence.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _filled_fields(project: dict[str, Any]) -> set[str]:
    return {field for field in FIELDS if project.get(field) not in (None, [])}


def test_the_corpus_is_large_and_keeps_a_real_held_split() -> None:
    """At least 150 documents, the held split at least 60 of them and a fifth of the whole."""
    dev = list((CORPUS / "dev").glob("*.json"))
    held = list((CORPUS / "held").glob("*.json"))
    assert len(dev) + len(held) >= 150
    assert len(held) >= 60 and len(held) * 5 >= len(dev) + len(held)
    assert not {p.stem for p in dev} & {p.stem for p in held}


@pytest.mark.parametrize("split", SPLITS)
def test_every_answer_has_its_text_and_evidence(split: str) -> None:
    folder = CORPUS / split
    answers = {p.stem for p in folder.glob("*.json")}
    texts = {p.stem for p in folder.glob("*.txt")}
    evidence = {p.name.split(".")[0] for p in folder.glob("*.evidence.jsonl")}
    assert answers == texts == evidence
    assert all(re.fullmatch(r"\d{3}", stem) for stem in answers)


@pytest.mark.parametrize("split", SPLITS)
def test_the_scorer_reads_every_answer_and_it_scores_itself_perfectly(split: str) -> None:
    gold = load_gold_dir(CORPUS / split)
    predictions = {
        doc_id: {"published": doc.published, "projects": doc.projects}
        for doc_id, doc in gold.items()
    }
    report = score_documents(gold, predictions)
    assert report.overall.gold == report.overall.correct == report.overall.pred > 0


@pytest.mark.parametrize("answer", _answers(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_evidence_span_is_the_text_at_its_offsets(answer: Path) -> None:
    text = answer.with_suffix(".txt").read_text(encoding="utf-8")
    for span in _evidence(answer):
        assert 0 <= span["start"] < span["end"] <= len(text), span
        assert text[span["start"] : span["end"]] == span["text"], span


@pytest.mark.parametrize("answer", _answers(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_annotated_field_has_evidence(answer: Path) -> None:
    projects = json.loads(answer.read_text(encoding="utf-8"))["projects"]
    covered: dict[int, set[str]] = {}
    for span in _evidence(answer):
        assert span["field"] in EVIDENCE_FIELDS, span
        assert 0 <= span["project"] < len(projects), span
        covered.setdefault(span["project"], set()).add(span["field"])
    for index, project in enumerate(projects):
        missing = _filled_fields(project) - covered.get(index, set())
        assert not missing, f"project {index} has no evidence for {sorted(missing)}"


@pytest.mark.parametrize("answer", _answers(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_printed_publication_date_is_in_the_text(answer: Path) -> None:
    published = json.loads(answer.read_text(encoding="utf-8"))["published"]
    if published is None:
        return
    year, month, day = (int(part) for part in published.split("-"))
    text = answer.with_suffix(".txt").read_text(encoding="utf-8")
    written = [
        f"{year}-{month:02d}-{day:02d}",
        f"{year}/{month:02d}/{day:02d}",
        f"{year}年{month}月{day}日",
        f"{year}年{month:02d}月{day:02d}日",
    ]
    assert any(form in text for form in written), published

"""bench/corpus.py: the benchmark's report-like text is deterministic, sized and varied."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

CORPUS_PATH = Path(__file__).parents[2] / "bench" / "corpus.py"
SIZE = 300_000


def _load_corpus_module() -> ModuleType:
    """bench/ is a folder of scripts, not a package: load the module from its file."""
    spec = importlib.util.spec_from_file_location("bench_corpus", CORPUS_PATH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()


@pytest.fixture(scope="module")
def documents() -> list[str]:
    built: list[str] = corpus.build_corpus(SIZE)
    return built


def test_it_builds_the_same_documents_from_the_same_seed(documents: list[str]) -> None:
    assert corpus.build_corpus(SIZE) == documents
    assert corpus.build_corpus(SIZE, seed=7) != documents


def test_it_reaches_the_requested_size_without_overshooting_by_more_than_a_document(
    documents: list[str],
) -> None:
    total = sum(len(d) for d in documents)
    assert total >= SIZE
    assert total - len(documents[-1]) < SIZE


def test_it_keeps_every_document_between_2_and_8_kb(documents: list[str]) -> None:
    sizes = [len(d.encode("utf-8")) for d in documents]
    assert min(sizes) >= 2048
    assert max(sizes) <= 8192


def test_it_writes_both_simplified_and_traditional_documents(documents: list[str]) -> None:
    traditional = [d for d in documents if "項目" in d and "项目" not in d]
    simplified = [d for d in documents if "项目" in d and "項目" not in d]
    assert 0.1 < len(traditional) / len(documents) < 0.4
    assert len(simplified) + len(traditional) == len(documents)


def test_it_breaks_paragraphs_into_newspaper_lines(documents: list[str]) -> None:
    broken = [d for d in documents if _has_column_of_lines(d)]
    assert 0.5 < len(broken) / len(documents) < 0.9


def test_it_never_starts_a_printed_line_with_closing_punctuation(documents: list[str]) -> None:
    lines = [line for d in documents for line in d.splitlines()]
    assert not [line for line in lines if line and line[0] in "，。、；：”）"]


def test_it_prints_page_furniture_and_varied_figures(documents: list[str]) -> None:
    text = "\n".join(documents)
    for furniture in ("扫码阅读", "下转", "上接", "掃碼閱讀"):
        assert furniture in text
    for figure in ("总投资", "亿元", "亩", "达产后", "完成总工程量的", "同比增长", "签约项目"):
        assert figure in text
    assert re.search(r"[０-９]+", text), "some documents print full-width digits"


def _has_column_of_lines(document: str) -> bool:
    """Three consecutive lines of 30–40 characters: a paragraph set in a newspaper column."""
    widths = [len(line) for line in document.splitlines()]
    return any(all(30 <= w <= 41 for w in widths[i : i + 3]) for i in range(len(widths) - 2))

"""The achievement library's search index on disk (Tantivy), in the data directory.

Text is cut by `engine.tokens` (jieba with the domain dictionary) before it reaches Tantivy,
which indexes the tokens as they are (its whitespace tokenizer) and scores them with BM25;
field and region are exact terms to filter on (a region is indexed with the codes above it,
so 330000 finds every achievement of Zhejiang). An index is built whole into a new folder
and then named in `CURRENT` with the library token and dictionary it was built from, so a
search never reads a half-built index and knows when the library has changed since."""

from __future__ import annotations

import json
import os
import shutil
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tantivy

from taizhang.achievements.engine.tokens import Tokenizer

TITLE_BOOST = 2.0
NAMES_BOOST = 1.5
WRITER_HEAP = 128_000_000
_OPEN: dict[str, tantivy.Index] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class IndexRow:
    id: int
    title: str
    abstract: str
    field: str
    holder: str
    holder_names: tuple[str, ...]  # its short names and aliases, each kept whole
    region_code: str


@dataclass(frozen=True)
class Stamp:
    folder: str
    token: str  # the library's token it was built from
    dictionary: str  # the tokenizer's digest
    count: int


@dataclass(frozen=True)
class Hit:
    id: int
    score: float


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    for name in ("title", "abstract", "names"):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    for name in ("field", "region"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    return builder.build()


def region_codes(code: str) -> list[str]:
    """The code and those above it: 330402 → 330402, 330400, 330000."""
    return list(dict.fromkeys([code, f"{code[:4]}00", f"{code[:2]}0000"]))


def document(row: IndexRow, tokenizer: Tokenizer) -> tantivy.Document:
    names = [*(n.lower() for n in (row.holder, *row.holder_names)), *tokenizer.tokens(row.holder)]
    return document_of_tokens(
        row.id, tokenizer.tokens(row.title), tokenizer.tokens(row.abstract), names,
        field=row.field, region_code=row.region_code,
    )  # fmt: skip


def document_of_tokens(
    id_: int, title: Sequence[str], abstract: Sequence[str], names: Sequence[str], *,
    field: str, region_code: str,
) -> tantivy.Document:  # fmt: skip
    return tantivy.Document(
        id=id_,
        title=" ".join(title),
        abstract=" ".join(abstract),
        names=" ".join(n.replace(" ", "") for n in names),
        field=field,
        region=region_codes(region_code),
    )


class LibraryIndex:
    """The index folder `root`: builds under it, and searches the current build."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def stamp(self) -> Stamp | None:
        try:
            said = json.loads((self.root / "CURRENT").read_text(encoding="utf-8"))
            return Stamp(**said)
        except (OSError, ValueError, TypeError):
            return None

    def build(self, rows: Iterable[IndexRow], *, token: str, tokenizer: Tokenizer) -> Stamp:
        """A new build of every row, then made current; older builds removed."""
        documents = (document(row, tokenizer) for row in rows)
        return self.build_documents(documents, token=token, dictionary=tokenizer.digest)

    def build_documents(
        self, documents: Iterable[tantivy.Document], *, token: str, dictionary: str
    ) -> Stamp:
        """A new build of documents already made (`document`), then made current."""
        folder = f"build-{uuid.uuid4().hex[:12]}"
        path = self.root / folder
        path.mkdir(parents=True)
        index = tantivy.Index(schema(), path=str(path))
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
        count = 0
        for doc in documents:
            writer.add_document(doc)
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        stamp = Stamp(folder, token, dictionary, count)
        _write_current(self.root, stamp)
        self._remove_old(keep=folder)
        return stamp

    def size_bytes(self) -> int:
        stamp = self.stamp()
        if stamp is None:
            return 0
        return sum(f.stat().st_size for f in (self.root / stamp.folder).iterdir())

    def search(
        self, terms: Sequence[str], *, field: str = "", region: str = "", limit: int = 10
    ) -> list[Hit]:
        """The best `limit` achievements holding any of the terms (BM25), filtered by field
        and region (a code, or the code of a province or city above it)."""
        stamp = self.stamp()
        if stamp is None or not terms:
            return []
        index = _opened(self.root / stamp.folder)
        query = _query(index.schema, terms, field=field, region=region)
        searcher = index.searcher()
        found = searcher.search(query, limit).hits
        return [Hit(int(searcher.doc(address)["id"][0]), float(score)) for score, address in found]

    def _remove_old(self, *, keep: str) -> None:
        for path in self.root.glob("build-*"):
            if path.name != keep:
                with _LOCK:
                    _OPEN.pop(str(path), None)
                shutil.rmtree(path, ignore_errors=True)


def _query(
    schema: tantivy.Schema, terms: Sequence[str], *, field: str, region: str
) -> tantivy.Query:
    should = tantivy.Occur.Should
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    for term in terms:
        clauses.append((should, _boosted(schema, "title", term, TITLE_BOOST)))
        clauses.append((should, tantivy.Query.term_query(schema, "abstract", term)))
        clauses.append((should, _boosted(schema, "names", term, NAMES_BOOST)))
    must = [(tantivy.Occur.Must, tantivy.Query.boolean_query(clauses))]
    if field:
        must.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, "field", field)))
    if region:
        must.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, "region", region)))
    return tantivy.Query.boolean_query(must)


def _boosted(schema: tantivy.Schema, name: str, term: str, boost: float) -> tantivy.Query:
    return tantivy.Query.boost_query(tantivy.Query.term_query(schema, name, term), boost)


def _opened(path: Path) -> tantivy.Index:
    with _LOCK:
        index = _OPEN.get(str(path))
        if index is None:
            index = tantivy.Index.open(str(path))
            _OPEN[str(path)] = index
        return index


def _write_current(root: Path, stamp: Stamp) -> None:
    temporary = root / f"CURRENT.{uuid.uuid4().hex[:8]}"
    temporary.write_text(json.dumps(stamp.__dict__), encoding="utf-8")
    os.replace(temporary, root / "CURRENT")

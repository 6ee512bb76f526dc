"""The `achievements` part of bench/matching.py: full-text search over 800,000 generated
achievements (taizhang/demo/achievement_library.py: Chinese titles and abstracts from
combinatorial vocabularies), with the same jieba tokens (the domain dictionary: the technical
terms and the holders' names and short names) for every engine:

- Tantivy: the product's path (`achievements.index.LibraryIndex`: BM25, field and region as
  exact terms), the index on disk;
- SQLite FTS5: the tokens joined by spaces (unicode61 keeps them whole), bm25() with the same
  column weights, field and region as tokens of an extra column;
- bm25s: the tokens in memory (its sparse matrix); a filter masks its scores of every document.

Tokens are cut once per distinct title, sentence and holder (jieba cuts at punctuation, so an
abstract's tokens are its sentences' tokens) and shared by the three builds, whose times are
the engines' own. Each prints its build time, its size, and p50/p95 over 200 queries of a
top-10 search, a search filtered by field and province, and a need's matching (top 40)."""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from taizhang.achievements.engine.terms import FIELDS, TERMS
from taizhang.achievements.engine.tokens import Tokenizer
from taizhang.achievements.index import LibraryIndex, document_of_tokens, region_codes
from taizhang.achievements.library import name_forms
from taizhang.demo.achievement_library import GeneratedAchievement, achievements, need_texts

QUERIES = 200
Docs = list[tuple[list[str], list[str], list[str]]]


def run_achievements(count: int) -> None:
    started = time.perf_counter()
    items = list(achievements(count))
    holders = sorted({a.holder for a in items})
    forms = {h: name_forms(h) for h in holders}
    tokenizer = Tokenizer([*TERMS, *holders, *(f for fs in forms.values() for f in fs)])
    docs = _tokens(items, tokenizer, forms)
    print(f"achievements: {count:,} generated and cut in {time.perf_counter() - started:.1f} s")
    queries = _queries(items, forms, tokenizer)
    folder = Path(tempfile.mkdtemp(prefix="bench-achievements-"))
    try:
        for name, engine in (("Tantivy", _tantivy), ("SQLite FTS5", _fts5), ("bm25s", _bm25s)):
            build, size, searches = engine(items, docs, folder / name)
            line = "  ".join(_percentiles(label, run, q) for label, run, q in zip(
                ("search", "filtered", "need"), searches, queries, strict=True))  # fmt: skip
            print(f"  {name:<12} build {build:7.1f} s  size {size / 2**20:7.1f} MiB  {line}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _tokens(
    items: Sequence[GeneratedAchievement], tokenizer: Tokenizer, forms: dict[str, tuple[str, ...]]
) -> Docs:
    cache: dict[str, list[str]] = {}

    def cut(text: str) -> list[str]:
        found = cache.get(text)
        if found is None:
            found = cache[text] = tokenizer.tokens(text)
        return found

    docs: Docs = []
    for a in items:
        abstract = [t for s in a.sentences for t in cut(s)]
        names = [a.holder, *forms[a.holder], *cut(a.holder)]
        docs.append((cut(a.title), abstract, names))
    return docs


Query = tuple[list[str], str, str]  # terms, field, region


def _queries(
    items: Sequence[GeneratedAchievement], forms: dict[str, tuple[str, ...]], tokenizer: Tokenizer
) -> tuple[list[Query], list[Query], list[Query]]:
    rng = random.Random(3)
    said = []
    for _ in range(QUERIES):
        pick = rng.random()
        if pick < 0.6:
            said.append("".join(rng.sample(TERMS, rng.choice((1, 2)))))
        elif pick < 0.8:
            holder = rng.choice(items).holder
            said.append(rng.choice(forms[holder] or (holder,)))
        else:
            said.append(rng.choice(items).title[:6])
    plain = [(tokenizer.terms(q), "", "") for q in said]
    regions = [region_codes(a.region_code)[-1] for a in rng.sample(list(items), QUERIES)]
    filtered = [(t, rng.choice(FIELDS), r) for (t, _, _), r in zip(plain, regions, strict=True)]
    needs = [(tokenizer.terms(text), "", "") for _, text in need_texts(QUERIES)]
    return plain, filtered, needs


Search = Callable[[Query], object]


def _tantivy(items: Sequence[GeneratedAchievement], docs: Docs, folder: Path):  # type: ignore[no-untyped-def]
    index = LibraryIndex(folder)
    started = time.perf_counter()
    documents = (
        document_of_tokens(n, title, abstract, names, field=a.field, region_code=a.region_code)
        for n, (a, (title, abstract, names)) in enumerate(zip(items, docs, strict=True), start=1)
    )
    index.build_documents(documents, token="bench", dictionary="bench")
    build = time.perf_counter() - started

    def top(limit: int) -> Search:
        return lambda q: index.search(q[0], field=q[1], region=q[2], limit=limit)

    return build, index.size_bytes(), (top(10), top(10), top(40))


def _fts5(items: Sequence[GeneratedAchievement], docs: Docs, folder: Path):  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True)
    path = folder / "fts.db"
    db = sqlite3.connect(path)
    started = time.perf_counter()
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, abstract, names, tags)")
    rows = (
        (n, " ".join(t), " ".join(ab), " ".join(nm),
         " ".join([f"f{a.field}", *(f"r{c}" for c in region_codes(a.region_code))]))
        for n, (a, (t, ab, nm)) in enumerate(zip(items, docs, strict=True), start=1)
    )  # fmt: skip
    db.executemany("INSERT INTO docs(rowid, title, abstract, names, tags) VALUES (?,?,?,?,?)", rows)
    db.commit()
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    db.commit()
    build = time.perf_counter() - started
    sql = (
        "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 2.0, 1.0, 1.5, 0.0) LIMIT ?"
    )

    def top(limit: int) -> Search:
        def run(q: Query) -> object:
            terms = " OR ".join('"' + t.replace('"', "") + '"' for t in q[0])
            match = f"{{title abstract names}} : ({terms})"
            if q[1]:
                match += f' AND tags : "f{q[1]}"'
            if q[2]:
                match += f' AND tags : "r{q[2]}"'
            return db.execute(sql, (match, limit)).fetchall()

        return run

    return build, path.stat().st_size, (top(10), top(10), top(40))


def _bm25s(items: Sequence[GeneratedAchievement], docs: Docs, folder: Path):  # type: ignore[no-untyped-def]
    import bm25s

    started = time.perf_counter()
    corpus = [[*title, *title, *abstract, *names] for title, abstract, names in docs]
    retriever = bm25s.BM25()
    vocabulary: dict[str, int] = {}
    ids = [[vocabulary.setdefault(t, len(vocabulary)) for t in doc] for doc in corpus]
    retriever.index(bm25s.tokenization.Tokenized(ids=ids, vocab=vocabulary), show_progress=False)
    fields = np.array([a.field for a in items])
    regions = np.array([region_codes(a.region_code)[-1] for a in items])
    build = time.perf_counter() - started
    retriever.save(str(folder))
    size = sum(p.stat().st_size for p in folder.iterdir())

    def top(limit: int) -> Search:
        def run(q: Query) -> object:
            known = [t for t in q[0] if t in vocabulary]
            if not known:
                return []
            scores = retriever.get_scores(known)
            if q[1] or q[2]:
                scores = np.where((fields == q[1]) & (regions == q[2]), scores, 0.0)
            best = np.argpartition(-scores, limit)[:limit]
            return best[np.argsort(-scores[best])]

        return run

    return build, size, (top(10), top(10), top(40))


def _percentiles(label: str, run: Search, queries: list[Query]) -> str:
    times = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[18]
    return f"{label} p50 {p50:6.1f} / p95 {p95:6.1f} ms"

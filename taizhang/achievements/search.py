"""Searching the library: the index on disk made current first (built again when the library's
token or the dictionary differs from what it was built from), then the query's terms searched
with the filters, each achievement found shown with the terms it holds."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.achievements.engine.reasons import Reasons, ranked_score, reasons_for
from taizhang.achievements.engine.terms import FIELDS
from taizhang.achievements.engine.tokens import Tokenizer, tokenizer_for
from taizhang.achievements.index import Hit, IndexRow, LibraryIndex, Stamp
from taizhang.achievements.library import (
    dictionary_words,
    enterprise_names,
    library_token,
    name_forms,
    region_code,
    unknown_field,
)
from taizhang.achievements.models import Achievement
from taizhang.kernel.errors import Invalid

INDEX_FOLDER = "achievements-index"
MAX_QUERY = 200
MAX_LIMIT = 100
_BUILDING = threading.Lock()


@dataclass(frozen=True)
class Found:
    achievement: Achievement
    score: float
    reasons: Reasons


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: list[str]
    items: list[Found]


@dataclass(frozen=True)
class Library:
    """The index as current as the database, with the tokenizer it was built with."""

    index: LibraryIndex
    tokenizer: Tokenizer


def open_library(session: Session, data_folder: Path, *, rebuild: bool = False) -> Library:
    names = enterprise_names(session)
    tokenizer = tokenizer_for(dictionary_words(names))
    index = LibraryIndex(data_folder / INDEX_FOLDER)
    token = library_token(session)
    with _BUILDING:
        stamp = index.stamp()
        if rebuild or not _current(stamp, token, tokenizer):
            index.build(_rows(session, names), token=token, tokenizer=tokenizer)
    return Library(index, tokenizer)


def _current(stamp: Stamp | None, token: str, tokenizer: Tokenizer) -> bool:
    return stamp is not None and stamp.token == token and stamp.dictionary == tokenizer.digest


def _rows(session: Session, names: dict[str, tuple[str, ...]]) -> Iterator[IndexRow]:
    holders: dict[str, tuple[str, ...]] = dict(names)
    query = select(
        Achievement.id, Achievement.title, Achievement.abstract, Achievement.field,
        Achievement.holder, Achievement.region_code,
    ).execution_options(yield_per=5000)  # fmt: skip
    for id_, title, abstract, field, holder, region in session.execute(query):
        if holder not in holders:
            holders[holder] = name_forms(holder)
        yield IndexRow(id_, title, abstract, field, holder, holders[holder], region)


def checked_filters(query: str, field: str, region: str, limit: int) -> tuple[str, str, str]:
    """The query, field and region code as searched, or `Invalid` naming what is wrong."""
    said = query.strip()
    if not said:
        raise Invalid("请输入要搜索的内容（成果名称、技术词或持有单位）(empty query)")
    if len(said) > MAX_QUERY:
        raise Invalid(f"搜索内容不能超过 {MAX_QUERY} 字 (query too long)")
    if field and field not in FIELDS:
        raise Invalid(unknown_field(field))
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid(f"条数应在 1 到 {MAX_LIMIT} 之间：{limit} (limit out of range)")
    return said, field, region_code(region) if region.strip() else ""


def latest_achievements(
    session: Session, *, field: str = "", region: str = "", limit: int = 20
) -> list[Achievement]:
    """The latest achievements recorded (the library shown before anything is searched)."""
    if field and field not in FIELDS:
        raise Invalid(unknown_field(field))
    query = select(Achievement).order_by(Achievement.id.desc()).limit(limit)
    if field:
        query = query.where(Achievement.field == field)
    if region.strip():
        code = region_code(region).rstrip("0")
        query = query.where(Achievement.region_code.startswith(code[: len(code) + len(code) % 2]))
    return list(session.scalars(query))


def search_library(
    session: Session, library: Library, query: str, *, field: str = "", region: str = "",
    limit: int = 10,
) -> SearchResult:  # fmt: skip
    said, field, code = checked_filters(query, field, region, limit)
    terms = library.tokenizer.terms(said)
    hits = library.index.search(terms, field=field, region=code, limit=limit)
    return SearchResult(said, terms, found_with_reasons(session, library, hits, terms, None))


def found_with_reasons(
    session: Session, library: Library, hits: list[Hit], terms: list[str], need_field: str | None
) -> list[Found]:
    """The hits as achievements with the terms each holds (their text cut again)."""
    rows = {
        a.id: a
        for a in session.scalars(
            select(Achievement).where(Achievement.id.in_([h.id for h in hits]))
        )
    }
    found = []
    for hit in hits:
        row = rows.get(hit.id)
        if row is None:
            continue  # removed since the index was built
        held = set(library.tokenizer.tokens(f"{row.title} {row.abstract}"))
        held.update(library.tokenizer.tokens(row.holder))
        held.update(name_forms(row.holder))
        why = reasons_for(
            terms, held, need_field=need_field, field=row.field, maturity=row.maturity
        )
        found.append(Found(row, hit.score, why))
    return found


def rank_candidates(found: list[Found]) -> list[Found]:
    return sorted(found, key=lambda f: (-ranked_score(f.score, f.reasons), f.achievement.id))

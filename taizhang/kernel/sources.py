"""Where a fact came from — a person, a sheet's row, a sentence of a document — and how much
weight each kind of source carries when sources disagree. Shared by every ledger's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import (
    Date,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from taizhang.kernel.base import ID, Base
from taizhang.kernel.labels import LabelledEnum, LabelledIntEnum


class Document(Base):
    """A report or news page facts were read from; events point at spans of its text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="news")
    path: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    published_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")


class Person(Protocol):
    """Anyone who records a fact by hand: only their display name is cited."""

    @property
    def display_name(self) -> str: ...


class SourceKind(LabelledEnum):
    USER = "user", "人工录入", "entered by hand"
    IMPORT = "import", "表格导入", "sheet import"
    DOCUMENT = "document", "文档摘录", "document"
    SYSTEM = "system", "系统", "system"


def source_kind_label(kind: str, language: str = "zh") -> str:
    """A stored source kind in words; an unknown kind as stored."""
    try:
        return SourceKind(kind).label_in(language)
    except ValueError:
        return kind


@dataclass(frozen=True)
class Source:
    """Where a fact came from: a person, a file row, or a sentence of a document."""

    kind: str
    label: str | None = None
    document_id: int | None = None
    span: tuple[int, int] | None = None
    quote: str | None = None
    official: bool = False
    stated_on: date | None = None
    marks: tuple[tuple[int, int], ...] = ()  # the words within `span` that state the fact

    @property
    def rank(self) -> int:
        """A person's word (or sheet) beats an official report, which beats news."""
        if self.kind != SourceKind.DOCUMENT:
            return RANK_PERSON
        return RANK_OFFICIAL if self.official else RANK_NEWS

    @classmethod
    def user(cls, user: Person) -> Source:
        return cls(SourceKind.USER, label=user.display_name)

    @classmethod
    def import_row(cls, file_name: str, row: int) -> Source:
        return cls(SourceKind.IMPORT, label=f"{file_name} 第{row}行")


def source_columns(source: Source, recorded_at: datetime) -> dict[str, Any]:
    """The columns every ledger's event table stores for its source (projects' `events`, the
    enterprises' `enterprise_facts`): kind, label, document span and quote, rank, and the day the
    source speaks for (the day it was recorded when it names none)."""
    return {
        "source_kind": str(source.kind),
        "source_label": source.label,
        "document_id": source.document_id,
        "span_start": source.span[0] if source.span else None,
        "span_end": source.span[1] if source.span else None,
        "quote": source.quote,
        "source_rank": int(source.rank),
        "stated_on": source.stated_on or recorded_at.date(),
    }


class SourceRank(LabelledIntEnum):
    """How much a kind of source weighs when sources disagree: the higher wins."""

    NEWS = 1, "新闻报道", "news"
    OFFICIAL = 2, "官方报告", "official report"
    PERSON = 3, "人工/表格", "person or sheet"


RANK_NEWS = SourceRank.NEWS
RANK_OFFICIAL = SourceRank.OFFICIAL
RANK_PERSON = SourceRank.PERSON

"""A report as a document: a title, numbered sections of paragraphs and tables (cells are plain
strings, ints and Decimals), the issuing unit and date. Domains build one; `taizhang.reports`
renders it as HTML, XLSX or DOCX. `to_dict`/`from_dict` (and JSON) round-trip it exactly, so a
published report can be stored as it was.

A table's row may belong to a part of the organisation (`row_scopes`: the unit path of the
project the row names). `seen_from(scope)` is the report as a reader whose scope is that
subtree may see it: rows of other parts dropped, everything else as issued."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from taizhang.kernel.errors import Invalid

Cell = str | int | Decimal


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    row_scopes: tuple[str | None, ...] = ()  # per row, when rows belong to parts; None = all

    def seen_from(self, scope: str) -> Table:
        if not self.row_scopes:
            return self
        kept = [
            (row, path)
            for row, path in zip(self.rows, self.row_scopes, strict=True)
            if path is None or path.startswith(scope)
        ]
        return replace(
            self, rows=tuple(row for row, _ in kept), row_scopes=tuple(path for _, path in kept)
        )


@dataclass(frozen=True)
class Section:
    heading: str  # without its number: the renderers write 一、二、…
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()

    def seen_from(self, scope: str) -> Section:
        return replace(self, tables=tuple(table.seen_from(scope) for table in self.tables))


@dataclass(frozen=True)
class ReportData:
    kind: str  # what the issuing domain calls it: weekly, monthly …
    period_label: str  # canonical: 2026-05
    title: str
    subtitle: str
    sections: tuple[Section, ...]
    issuer: str
    issued_on: date
    rules_version: str = ""

    def seen_from(self, scope: str | None) -> ReportData:
        """The report for a reader of the subtree at `scope` (None: the whole organisation)."""
        if scope is None:
            return self
        return replace(self, sections=tuple(s.seen_from(scope) for s in self.sections))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "period_label": self.period_label,
            "title": self.title,
            "subtitle": self.subtitle,
            "issuer": self.issuer,
            "issued_on": self.issued_on.isoformat(),
            "rules_version": self.rules_version,
            "sections": [_section_dict(s) for s in self.sections],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReportData:
        return cls(
            kind=str(data["kind"]),
            period_label=data["period_label"],
            title=data["title"],
            subtitle=data["subtitle"],
            sections=tuple(_section_from(s) for s in data["sections"]),
            issuer=data["issuer"],
            issued_on=date.fromisoformat(data["issued_on"]),
            rules_version=data.get("rules_version", ""),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ReportData:
        return cls.from_dict(json.loads(text))


def _section_dict(section: Section) -> dict[str, Any]:
    return {
        "heading": section.heading,
        "paragraphs": list(section.paragraphs),
        "tables": [
            {
                "caption": t.caption,
                "headers": list(t.headers),
                "rows": [[_cell_json(c) for c in row] for row in t.rows],
                "row_scopes": list(t.row_scopes),
            }
            for t in section.tables
        ],
    }


def _section_from(data: Mapping[str, Any]) -> Section:
    tables = tuple(
        Table(
            headers=tuple(t["headers"]),
            rows=tuple(tuple(_cell_from(c) for c in row) for row in t["rows"]),
            caption=t.get("caption", ""),
            row_scopes=tuple(t.get("row_scopes", ())),
        )
        for t in data["tables"]
    )
    return Section(data["heading"], tuple(data["paragraphs"]), tables)


def _cell_json(cell: Cell) -> Any:
    return {"decimal": str(cell)} if isinstance(cell, Decimal) else cell


def _cell_from(value: Any) -> Cell:
    if isinstance(value, dict):
        return Decimal(value["decimal"])
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Invalid(f"报告快照中的单元格无法识别：{value!r} (bad cell)")
    return value

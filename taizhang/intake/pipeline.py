"""read → normalize → extract, with evidence offsets mapped back to the document as read.

`extract_file` is what `taizhang extract` prints for one document (the CLI contract):
`{"source", "published", "projects", "indicators", "errors"}`. Errors of one document are
reported in its object and never stop the others.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from taizhang.intake.extract import extract
from taizhang.intake.extract.dates import find_published
from taizhang.intake.facts import Extraction, ProjectFact, Span
from taizhang.intake.normalize import NormalizedText, normalize
from taizhang.intake.read import read_document
from taizhang.intake.reconcile import IncomingDocument
from taizhang.kernel.errors import ExtractionError


def extract_file(path: Path, *, published: date | None = None) -> dict[str, Any]:
    """The contract object for one file; a file that cannot be read yields its error."""
    try:
        source = read_document(path)
    except ExtractionError as exc:
        return _failed(path, published, exc.message)
    return {"source": str(path), **extract_text(source.text, published=published)}


def extract_text(text: str, *, published: date | None = None) -> dict[str, Any]:
    """Extraction of a document's text; evidence offsets point into `text` itself."""
    found = extract_document(text, published=published)
    return {
        "published": found.published.isoformat() if found.published else None,
        "projects": [_project_json(p, found.normalized, text) for p in found.extraction.projects],
        "indicators": [
            _indicator_json(i, found.normalized, text) for i in found.extraction.indicators
        ],
        "errors": [],
    }


@dataclass(frozen=True)
class Found:
    extraction: Extraction
    normalized: NormalizedText
    published: date | None


def extract_document(text: str, *, published: date | None) -> Found:
    """Normalize and extract, with the document's date: the one the text prints (looked for
    in the text as read too, since normalizing drops dated source lines), else the caller's.

    Relative dates (今年6月底) are resolved only against such a date, never against a file's
    time: a wrong year is worse than none.
    """
    normalized = normalize(text)
    printed = find_published(unicodedata.normalize("NFKC", text))
    extraction = extract(normalized.text, reference_date=printed or published)
    return Found(extraction, normalized, extraction.published or printed or published)


def prepare_incoming(
    path: Path, *, published: date | None = None, official: bool = False
) -> IncomingDocument:
    """Read and extract one file for filing (pure of the ledger, so it runs in any worker)."""
    source = read_document(path)
    found = extract_document(source.text, published=published)
    projects = [in_original(p, found.normalized, source.text) for p in found.extraction.projects]
    return IncomingDocument(
        title=document_title(source.text, path),
        path=str(path),
        text=source.text,
        published=found.published,
        official=official,
        projects=projects,
    )


def document_title(text: str, path: Path) -> str:
    """The first line that reads like a headline (not a site's menu or breadcrumb), else the
    file's name."""
    for line in text.splitlines():
        cleaned = line.strip()
        if 6 <= len(cleaned) <= 80 and not is_navigation(cleaned):
            return cleaned
    return path.name


BREADCRUMB = re.compile(r"您的位置|当前位置|當前位置|首页\s*>|首頁\s*>|>\s*正文")


def is_navigation(line: str) -> bool:
    """A web page's menu (many short words side by side) or breadcrumb (首页 > 要闻)."""
    words = line.split()
    menu = len(words) >= 4 and sum(len(word) for word in words) / len(words) <= 4
    return menu or bool(BREADCRUMB.search(line))


def in_original(fact: ProjectFact, normalized: NormalizedText, original: str) -> ProjectFact:
    """The fact with its evidence and each field's sentence and words in the text as read."""
    return replace(
        fact,
        evidence=[original_span(s, normalized, original) for s in fact.evidence],
        field_spans=[
            replace(
                f,
                sentence=original_span(f.sentence, normalized, original),
                words=original_span(f.words, normalized, original),
            )
            for f in fact.field_spans
        ],
    )


def original_span(span: Span, normalized: NormalizedText, original: str) -> Span:
    start, end = normalized.to_original(span.start, span.end)
    return Span(start, end, original[start:end])


def _project_json(project: Any, normalized: NormalizedText, original: str) -> dict[str, Any]:
    data: dict[str, Any] = project.to_json()
    for key in ("enterprise", "name", "location"):
        data[key] = in_original_script(data[key], normalized, original)
    data["evidence"] = [
        original_span(span, normalized, original).to_json() for span in project.evidence
    ]
    return data


def in_original_script(value: str | None, normalized: NormalizedText, original: str) -> str | None:
    """A name as the document writes it (項目 in a traditional text), found through the
    normalized text; unchanged when it cannot be found exactly."""
    if not value or normalized.text == original:
        return value
    start = normalized.text.find(value)
    if start < 0:
        return value
    begin, end = normalized.to_original(start, start + len(value))
    written = "".join(original[begin:end].split())
    return written if len(written) == len(value) else value


def _indicator_json(indicator: Any, normalized: NormalizedText, original: str) -> dict[str, Any]:
    data: dict[str, Any] = indicator.to_json()
    data["evidence"] = original_span(indicator.evidence, normalized, original).to_json()
    return data


def _failed(path: Path, published: date | None, message: str) -> dict[str, Any]:
    return {
        "source": str(path),
        "published": published.isoformat() if published else None,
        "projects": [],
        "indicators": [],
        "errors": [message],
    }

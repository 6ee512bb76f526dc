"""Split a normalized text into blocks (paragraphs or headings) and sentences with offsets.

Layout line breaks that survived reading are rejoined here: a line that does not end a
sentence and reads as body text (it has a comma) continues on the next line. A line with
no comma and no closing punctuation is a heading, byline or caption: it stands alone and
marks a change of topic. Sentences end at 。！？；… (ASCII forms too), with any closing
quotes kept. `Sentence.text` is the sentence without whitespace, for analysis; `start` and
`end` are offsets of the sentence in the original text, for evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from taizhang.intake.extract.tables import find_tables

_LINE = re.compile(r"[^\n]+")
_WS = re.compile(r"\s+")
_TERMINAL = "。!?！？;；…"
_CLOSERS = '”’"」』)）】'
_SENTENCE_END = re.compile(r"[。!?！？;；…]+[”’\"」』]*")
_COMMA = re.compile(r"[,，]")
_HEADING_MAX = 40
_MAX_SENTENCE = 400
# A line starting like this begins something new (byline, caption, note), never a continuation.
_FRESH_START = re.compile(r"[■●◆▲★【\[(（]|\d+[.、]|[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    block: int
    heading: bool
    row: bool = False  # a table row, rewritten as a sentence (see tables.py)
    row_name: tuple[int, int] | None = None  # the row's investor and name within `text`


def split_sentences(text: str) -> list[Sentence]:
    """All sentences of `text`, in order, each knowing its block and whether that is a heading."""
    sentences: list[Sentence] = []
    position, block = 0, 0
    for table in [*find_tables(text), None]:
        stop = table.start if table is not None else len(text)
        for start, end, heading in _blocks(text, position, stop):
            for s_start, s_end in _sentence_spans(text, start, end):
                clean = _WS.sub("", text[s_start:s_end])
                if clean:
                    sentences.append(Sentence(s_start, s_end, clean, block, heading))
            block += 1
        if table is not None:
            for row in table.rows:
                sentences.append(
                    Sentence(row.start, row.end, row.sentence, block, False, True, row.name)
                )
                block += 1
            position = table.end
    return sentences


def _blocks(text: str, position: int, stop: int) -> Iterator[tuple[int, int, bool]]:
    """(start, end, heading) of each block: rejoined body lines, or one heading line."""
    current: list[int] | None = None  # [start, end, number of lines]
    for match in _LINE.finditer(text, position, stop):
        start, end = _strip(text, match.start(), match.end())
        if start == end:
            continue
        line = text[start:end]
        if current is not None and not _FRESH_START.match(line):
            current[1], current[2] = end, current[2] + 1
        else:
            if current is not None:
                yield _closed(text, current)
            current = [start, end, 1]
        if _ends_sentence(line) or not _COMMA.search(line):
            yield _closed(text, current)
            current = None
    if current is not None:
        yield _closed(text, current)


def _closed(text: str, block: list[int]) -> tuple[int, int, bool]:
    """A block that does not end a sentence and has no comma (or is one short line) is a heading."""
    body = text[block[0] : block[1]]
    if _ends_sentence(body):
        return block[0], block[1], False
    short_line = block[2] == 1 and len(body) < _HEADING_MAX
    return block[0], block[1], short_line or not _COMMA.search(body)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _sentence_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        yield from _bounded(text, position, match.end())
        position = match.end()
        while position < end and text[position].isspace():
            position += 1
    if position < end:
        yield from _bounded(text, position, end)


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A run-on sentence is cut after a comma (or anywhere) so that no piece is too long."""
    while end - start > _MAX_SENTENCE:
        cut = max(text.rfind(mark, start, start + _MAX_SENTENCE) for mark in ",，、")
        cut = cut + 1 if cut > start else start + _MAX_SENTENCE
        yield start, cut
        start = cut
    yield start, end

"""Split a normalized text into blocks (paragraphs or headings) and sentences with offsets.

Layout line breaks that survived reading are rejoined here: a line that does not end a
sentence and reads as body text (it has a comma) continues on the next line. A line with
no comma and no closing punctuation is a heading, byline or caption: it stands alone and
marks a change of topic, except a field line of a record (项目名称：X, 投资方：Y, 总投资：7亿元):
such lines stay one block, a line each, about the record's project. Sentences end at
。！？；… (ASCII forms too), with any closing quotes kept. `Sentence.text` is the sentence
without whitespace, for analysis; `start` and `end` are offsets of the sentence in the
original text, for evidence.
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
# 2．实施主体：…, ● 投资金额：…, 总投资：7亿元 — one field of a project's record
FIELD_LINE = re.compile(
    r"^(?:(?:\d{1,2}|[一二三四五六七八九十]{1,2})[．.、)）]|[(（]\d{1,2}[)）]"
    r"|[^\w\s\u4e00-\u9fff]{1,3})?\s*"
    r"(?:投资项目名称|项目名称|项目全称|投资方|投资主体|投资单位|投资企业|投资商|项目业主|业主单位"
    r"|建设单位|项目单位|承建单位|实施主体|项目主体|签约企业|签约主体|总投资(?:额|金额)?|投资总额"
    r"|投资金额|投资规模|计划投资|项目投资|项目总投资|项目用地|用地面积|占地面积|用地规模|建设内容"
    r"|建设规模|建设周期|建设期限|建设工期|建设地点|项目选址|选址|项目地址|达产产值|预计年产值"
    r"|年产值|年销售收入|预计年销售收入|达产后年产值|项目进度|形象进度|投产时间|计划投产时间"
    r"|开工时间|计划开工时间|产能|生产规模|建设性质|项目类型|资金来源|投资|地点|计划|进度)\s*[:：]"
)


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
        record = False  # the last block was a field line
        for start, end, heading in _blocks(text, position, stop):
            field = heading is FIELD
            if field and record:
                block -= 1
            for s_start, s_end in _sentence_spans(text, start, end):
                clean = _WS.sub("", text[s_start:s_end])
                if clean:
                    sentences.append(Sentence(s_start, s_end, clean, block, bool(heading)))
            block, record = block + 1, field
        if table is not None:
            for row in table.rows:
                sentences.append(
                    Sentence(row.start, row.end, row.sentence, block, False, True, row.name)
                )
                block += 1
            position = table.end
    return sentences


FIELD = None  # a block's kind: a field line, which goes on the block of the field line before


def _blocks(text: str, position: int, stop: int) -> Iterator[tuple[int, int, bool | None]]:
    """(start, end, heading) of each block: rejoined body lines, one heading line, or one
    field line (heading `FIELD`)."""
    current: list[int] | None = None  # [start, end, number of lines]
    for match in _LINE.finditer(text, position, stop):
        start, end = _strip(text, match.start(), match.end())
        if start == end:
            continue
        line = text[start:end]
        if FIELD_LINE.match(line):
            if current is not None:
                yield _closed(text, current)
                current = None
            yield start, end, FIELD
            continue
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

"""Normalize a document's text for extraction, keeping a way back to the original offsets.

Every step only substitutes characters one for one or deletes stretches of text, so each
character of the normalized text comes from exactly one character of the original, in order.
`OffsetMap` records that as runs ("normalized index n.. comes from original index o.."),
so the map stays small and a lookup is a bisect, even for a 10 MB document.

Steps, in the order `normalize` applies them (each takes and returns a `NormalizedText`):
a. `to_simplified`: traditional → simplified with OpenCC "t2s".
b. `to_halfwidth`: full-width digits ０-９, letters Ａ-Ｚ ａ-ｚ, ％ and ． become 0-9, A-Z, a-z, %
   and .; the ideographic space U+3000 becomes " ". Chinese punctuation (，。：；（）“” …) stays.
c. `drop_furniture`: whole lines of scan-code prompts (扫码, 扫一扫 and a "看更多" under it),
   bylines and photo credits (■…, 记者/通讯员/摄影 + names, "某某 摄"), a short caption right
   above a "某某 摄" credit, author lines (2–5 names of 2–3 characters), editor and source
   credits (责任编辑：, 来源：), breadcrumbs (您的位置：) and menu bars (8+ short words); jump
   notes (下转2版, （上接第1版）) anywhere; the 本报讯 prefix. A line carrying a figure with
   亿/万/亩/% is never dropped, and neither is any line over 100 characters.
d. `rejoin_lines`: joins a line to the next when the layout broke a sentence there (see
   `_joins`); other breaks, blank lines included, become one "\n".
e. `collapse_spaces`: drops spaces and tabs next to Chinese text; between Latin words or
   numbers one space stays; a run holding a tab (a table row from a .docx) keeps one tab.
   Columns of a table flattened to text keep one tab between cells too: runs of 2+ spaces
   on a line with two or more such runs (space-aligned columns), and single spaces on 3+
   consecutive lines that each split into the same number (3+) of cells and carry no
   sentence punctuation (a table written with one space between cells).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import opencc

from taizhang.intake.offsets import Edit, NormalizedText, OffsetMap, apply_edits, substituted

__all__ = ["Edit", "NormalizedText", "OffsetMap", "apply_edits", "normalize"]

_SPACE = " \t\u00a0\u3000\r"


# a. traditional → simplified -------------------------------------------------------------


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(source: NormalizedText) -> NormalizedText:
    """OpenCC t2s, line by line; a line whose length changes is converted char by char."""
    lines = source.text.split("\n")
    converted = _converter().convert(source.text).split("\n")
    if len(converted) != len(lines):
        converted = [_converter().convert(line) for line in lines]
    for index, (line, new) in enumerate(zip(lines, converted, strict=True)):
        if len(line) != len(new):
            converted[index] = "".join(_simplified_char(char) for char in line)
    return substituted(source, "\n".join(converted))


def to_simplified_text(text: str) -> str:
    """Plain text in simplified characters (no offsets kept)."""
    converted: str = _converter().convert(text)
    return converted


def _simplified_char(char: str) -> str:
    new = _converter().convert(char)
    return new if len(new) == 1 else char


# b. full-width → half-width --------------------------------------------------------------

_HALFWIDTH = {
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},  # ０-９
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},  # Ａ-Ｚ
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},  # ａ-ｚ
    ord("％"): ord("%"),
    ord("．"): ord("."),
    0x3000: ord(" "),
}


_FULLWIDTH = re.compile("[０-９Ａ-Ｚａ-ｚ％．\u3000]+")


def to_halfwidth(source: NormalizedText) -> NormalizedText:
    text = _FULLWIDTH.sub(lambda found: found.group().translate(_HALFWIDTH), source.text)
    return substituted(source, text)


# c. page furniture -----------------------------------------------------------------------

_FIGURE = re.compile(r"[\d一二三四五六七八九十百千两]\s*(?:亿|万|亩|%)")
_SCAN = re.compile(r"扫码|扫一扫|扫描二维码|长按识别")
_SCAN_FOLLOW = re.compile(r"(?:看|查看|观看|阅读|了解|关注|下载|获取)[^\s，,。]{0,8}")
_JUMP = re.compile(
    r"\s*(?:[（(]\s*(?:下转|上接|转|接|续)\s*第?\s*[A-Z]?\d{1,2}\s*版\s*[）)]"
    r"|(?:下转|上接)\s*第?\s*[A-Z]?\d{1,2}\s*版)"
)
_LEAD = re.compile(r"本报讯(?:\s*[（(][^）)\n]{0,40}[）)])?[\s:：]*")
_ROLE = r"(?:本报记者|特约记者|见习记者|首席记者|记者|通讯员|实习生|摄影|摄像|撰稿|文/图|文|图|摄)"
_NAMES = r"[\u4e00-\u9fff·]{2,5}(?:\s+[\u4e00-\u9fff·]{2,5})*"
_BYLINE = re.compile(rf"■?\s*(?:{_ROLE}(?:\s*[:：]\s*|\s+){_NAMES}\s*)+")
_PHOTO_CREDIT = re.compile(rf"■?\s*{_NAMES}\s+摄")
_AUTHORS = re.compile(r"[\u4e00-\u9fff]{2,3}(?:[ \u00a0]+[\u4e00-\u9fff]{2,3}){1,4}")
_SOURCE_NOTE = re.compile(
    r"[（(]?(?:责任编辑|责编|编辑|美编|校对|审核|审校|来源|新闻投稿|新闻热线)\s*[:：]"
)
_BREADCRUMB = re.compile(r"(?:您的位置|您现在的位置|当前位置|所在位置)\s*[:：]")
_PHOTO_NOTE = re.compile(r".{0,40}[（(](?:图片由.{1,20}提供|.{1,20}供图|.{1,20}摄)[）)]")
_PIECE = r"[^\s，,。、；;：:“‘《（(【]"
_SENTENCE_TAIL = re.compile(rf"{_PIECE}{{1,4}}[。！？!?；;]|{_PIECE}[，,、]")


def drop_furniture(source: NormalizedText) -> NormalizedText:
    """Delete furniture lines (with their newline), jump notes and the 本报讯 prefix."""
    return apply_edits(source, _furniture_edits(source.text))


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end including its newline, stripped content) of each line."""
    found = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line) + 1
        found.append((start, min(end, len(text)), line.strip(_SPACE)))
        start = end
    return found


def _furniture_edits(text: str) -> Iterator[Edit]:
    lines = _lines(text)
    dropped = _furniture_lines(lines)
    for index, (start, end, content) in enumerate(lines):
        if index in dropped:
            yield start, end, ""
        elif content:
            yield from _fragment_edits(text, start, end)


def _furniture_lines(lines: list[tuple[int, int, str]]) -> set[int]:
    dropped: set[int] = set()
    previous = -1  # index of the last non-blank line kept so far
    for index, (_, _, content) in enumerate(lines):
        if not content:
            continue
        if _is_furniture(content) or _follows_scan(lines, dropped, index):
            dropped.add(index)
            credit = _PHOTO_CREDIT.fullmatch(content)
            if credit and previous >= 0 and _is_caption(lines[previous][2]):
                dropped.add(previous)
            continue
        previous = index
    return dropped


def _is_furniture(content: str) -> bool:
    if len(content) > 100 or _FIGURE.search(content):
        return False
    short = len(content) <= 30 and "。" not in content
    return bool(
        (short and _SCAN.search(content))
        or _JUMP.fullmatch(content)
        or (content.startswith("■") and len(content) <= 60 and "。" not in content)
        or _BYLINE.fullmatch(content)
        or _PHOTO_CREDIT.fullmatch(content)
        or (len(content) <= 20 and _AUTHORS.fullmatch(content))
        or _SOURCE_NOTE.match(content)
        or _BREADCRUMB.match(content)
        or _PHOTO_NOTE.fullmatch(content)
        or (content.startswith("图为") and len(content) <= 60)
        or _is_menu(content)
    )


def _is_menu(content: str) -> bool:
    """A navigation bar: eight or more short words separated by spaces, no punctuation."""
    words = content.split()
    return (
        len(words) >= 8
        and "\t" not in content
        and all(len(word) <= 6 for word in words)
        and not re.search(r"[，,。；;]", content)
    )


def _follows_scan(lines: list[tuple[int, int, str]], dropped: set[int], index: int) -> bool:
    """A line like "看更多" right under a dropped scan-code prompt."""
    above = index - 1
    return (
        above in dropped
        and bool(_SCAN.search(lines[above][2]))
        and bool(_SCAN_FOLLOW.fullmatch(lines[index][2]))
    )


def _is_caption(content: str) -> bool:
    """The short line right above a "某某 摄" credit, unless it looks like a sentence's tail."""
    return (
        len(content) <= 30
        and not _FIGURE.search(content)
        and content[0] not in _CONTINUES
        and not _SENTENCE_TAIL.match(content)
    )


def _fragment_edits(text: str, start: int, end: int) -> Iterator[Edit]:
    line = text[start:end]
    lead = len(line) - len(line.lstrip(_SPACE))
    prefix = _LEAD.match(line, lead)
    if prefix:
        yield start + prefix.start(), start + prefix.end(), ""
    if "版" in line:
        for jump in _JUMP.finditer(line, prefix.end() if prefix else 0):
            yield start + jump.start(), start + jump.end(), ""


# d. lines broken by the layout -----------------------------------------------------------

_ENDS = frozenset("。！？!?；;：:…”」』）)】")
_CONTINUES = frozenset("，,、。.；;：:！!？?）)」』”’】》%‰")
_SENTENCE_END = frozenset("。！？!?；;…")
_UNITS = frozenset("年月日时个名家项亿万元亩人次倍%")
_CLAUSE = re.compile(r"[，,。；;]")
_CJK_GAP = re.compile(r"[\u4e00-\u9fff”][ \u00a0]+[\u4e00-\u9fff“]")
_OPEN_END = re.compile(r"(?:[是有了]一|[这那该某每各其的被])$")


@dataclass(frozen=True)
class _Line:
    start: int  # first character of the content
    end: int  # just after the content
    content: str
    indented: bool


def rejoin_lines(source: NormalizedText) -> NormalizedText:
    """Join lines broken inside a sentence; other breaks become a single "\n"."""
    lines = _content_lines(source.text)
    if not lines:
        return apply_edits(source, [(0, len(source.text), "")])
    return apply_edits(source, _rejoin_edits(source.text, lines))


def _content_lines(text: str) -> list[_Line]:
    found = []
    for start, end, content in _lines(text):
        if content:
            first = text.index(content, start, end)
            indented = first - start >= 2 or (first > start and text[first - 1] in "\u3000\u00a0")
            found.append(_Line(first, first + len(content), content, indented))
    return found


def _rejoin_edits(text: str, lines: list[_Line]) -> Iterator[Edit]:
    lengths = sorted(len(line.content) for line in lines)
    long_line = max(24, int(0.8 * lengths[len(lengths) // 2]))
    yield 0, lines[0].start, ""
    for before, after in pairwise(lines):
        if _joins(before, after, long_line):
            yield before.end, after.start, _joiner(before.content[-1], after.content[0])
        else:
            newline = text.index("\n", before.end)
            yield before.end, newline, ""
            yield newline + 1, after.start, ""
    yield lines[-1].end, len(text), ""


def _joins(before: _Line, after: _Line, long_line: int) -> bool:
    """Does the sentence go on from `before` into `after`?

    Yes when `after` opens with punctuation that cannot start a sentence (，。、）” …). No for
    table rows, when `before` ends a sentence (。！？；：”」』）…) or when `after` is indented
    (a new paragraph). Yes when `after` opens with a piece that cannot stand first (的…, "色。",
    "式,", a unit after a number) or `before` ends on a word that needs more (是一, 该, 的).
    Otherwise yes only when `before` reads as body text (has a clause inside or is as long as
    the page's usual lines) and `after` does not read as a heading.
    """
    x, y = before.content, after.content
    if "\t" in x or "\t" in y or _is_spaced_row(x) or _is_spaced_row(y):
        return False  # table rows
    if _FIELD_LINE.match(y):
        return False  # the next field of a record (项目单位：…)
    if y[0] in _CONTINUES:
        return True
    if x[-1] in _ENDS or after.indented:
        return False
    if _continues(x, y):
        return True
    return _body_like(x, long_line) and not _heading_like(y, long_line)


_ROW_HINT = re.compile(r"[ \u00a0]{2}|\u3000{2}|[|｜]")
_COLUMN_GAP = re.compile(r"(?<=\S)(?:[ \u00a0]{2,}|\u3000{2,})(?=\S)")


_FIELD_LINE = re.compile(
    r"(?:\d{1,2}[.．、]\s*)?[\u4e00-\u9fff]{0,6}(?:名称|单位|地点|内容|规模|投资|日期|性质|年限|业主|进度"
    r"|投资方)[\u4e00-\u9fff]{0,3}(?:[(（][^)）]{1,6}[)）])?[:：]"
)


def _is_spaced_row(line: str) -> bool:
    """A row of a table aligned with spaces or pipes: two or more column gaps."""
    if not _ROW_HINT.search(line):
        return False
    if line.count("|") + line.count("｜") >= 2:
        return True
    gaps = _COLUMN_GAP.finditer(line)
    return next(gaps, None) is not None and next(gaps, None) is not None


def _continues(x: str, y: str) -> bool:
    """The next line starts with a piece that cannot open a sentence."""
    return (
        (y.startswith("的") and not y.startswith("的确"))
        or bool(_SENTENCE_TAIL.match(y))
        or (x[-1].isdigit() and y[0] in _UNITS)
        or bool(_OPEN_END.search(x))
    )


def _body_like(line: str, long_line: int) -> bool:
    """Has a clause inside, or is long and not a headline of space-separated parts."""
    if _CLAUSE.search(line, 0, len(line) - 1):
        return True
    return len(line) >= long_line and not _CJK_GAP.search(line)


def _heading_like(line: str, long_line: int) -> bool:
    return line[-1] not in _SENTENCE_END and not _body_like(line, long_line)


def _joiner(last: str, first: str) -> str:
    """Latin words keep a space between them; Chinese text and split numbers join directly."""
    return " " if last.isascii() and last.isalpha() and first.isascii() and first.isalpha() else ""


# e. spaces -------------------------------------------------------------------------------

_RUN = re.compile(r"[ \t\u00a0\u3000\r]+")


_WIDE_RUN = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_INNER_RUN = re.compile(r"(?<=\S)[ \u00a0]+(?=\S)")
_PROSE = re.compile(r"[，。；！？]")
_MIN_SPACED_ROWS = 3
_MIN_CELLS = 3


def collapse_spaces(source: NormalizedText) -> NormalizedText:
    return apply_edits(source, _space_edits(source.text))


def _column_runs(text: str) -> set[int]:
    """Starts of the space runs that separate the cells of a table flattened to text."""
    if "  " not in text and text.count(" ") < _MIN_SPACED_ROWS * (_MIN_CELLS - 1):
        return set()
    found: set[int] = set()
    spaced: list[list[int]] = []  # runs of the current stretch of single-spaced rows
    width = 0
    for line in re.finditer(r"[^\n]+", text):
        wide = [m.start() for m in _WIDE_RUN.finditer(text, line.start(), line.end())]
        inner = [m.start() for m in _INNER_RUN.finditer(text, line.start(), line.end())]
        if len(wide) >= _MIN_CELLS - 1:
            found.update(wide)
            # in a row of wide gaps, a single space between Chinese cells is a gap too
            found.update(i for i in inner if not (_latin(text[i - 1]) and _latin(text[i + 1])))
        row = len(inner) >= _MIN_CELLS - 1 and not _PROSE.search(text, line.start(), line.end())
        if not row or len(inner) != width:
            _keep_spaced(spaced, found)
            spaced, width = [], len(inner) if row else 0
        if row:
            spaced.append(inner)
    _keep_spaced(spaced, found)
    return found


def _keep_spaced(rows: list[list[int]], found: set[int]) -> None:
    if len(rows) >= _MIN_SPACED_ROWS:
        found.update(start for row in rows for start in row)


def _space_edits(text: str) -> Iterator[Edit]:
    columns = _column_runs(text)
    for run in _RUN.finditer(text):
        start, end = run.span()
        before = text[start - 1] if start else "\n"
        after = text[end] if end < len(text) else "\n"
        if ("\t" in run.group() or start in columns) and "\n" not in (before, after):
            keep = "\t"
        elif _latin(before) and _latin(after):
            keep = " "
        else:
            keep = ""
        if run.group() != keep:
            yield start, end, keep


def _latin(char: str) -> bool:
    return char < "\u2000" and not char.isspace()


# all steps -------------------------------------------------------------------------------


def normalize(original: str) -> NormalizedText:
    """Steps a–e over `original`; spans of the result map back with `to_original`."""
    text = NormalizedText.unchanged(original)
    for step in (to_simplified, to_halfwidth, drop_furniture, rejoin_lines, collapse_spaces):
        text = step(text)
    return text

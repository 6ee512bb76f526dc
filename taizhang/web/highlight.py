"""Cutting a document's text into plain and highlighted stretches for the review page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Stretch:
    text: str
    marks: tuple[int, ...] = ()  # ids of the facts whose evidence covers this stretch
    words: tuple[int, ...] = ()  # ids of the facts whose own words (总投资110亿元) these are
    anchor: int | None = None  # the fact whose evidence starts here (the page's #text-<id>)


def highlight(
    text: str,
    spans: Iterable[tuple[int, int, int]],
    words: Iterable[tuple[int, int, int]] = (),
) -> list[Stretch]:
    """`spans` are (start, end, fact id), the sentences; `words` the same for the words of each
    fact within its sentence. Overlapping spans split into stretches that carry every fact
    covering them."""
    cuts = {0, len(text)}
    kept = _within(text, spans)
    marked = _within(text, words)
    for start, end, _ in kept + marked:
        cuts.update((start, end))
    points = sorted(cuts)
    stretches = []
    for start, end in pairwise(points):
        covering = tuple(sorted({i for s, e, i in kept if s <= start and end <= e}))
        worded = tuple(sorted({i for s, e, i in marked if s <= start and end <= e}))
        stretches.append(Stretch(text[start:end], covering, worded))
    return _anchored(_merge_neighbours(stretches))


def _anchored(stretches: list[Stretch]) -> list[Stretch]:
    """Each fact's first stretch carries its anchor, so every anchor is on the page once."""
    seen: set[int] = set()
    anchored = []
    for stretch in stretches:
        if stretch.marks and stretch.marks[0] not in seen:
            seen.add(stretch.marks[0])
            stretch = Stretch(stretch.text, stretch.marks, stretch.words, stretch.marks[0])
        anchored.append(stretch)
    return anchored


def _within(text: str, spans: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    return [(max(0, s), min(len(text), e), i) for s, e, i in spans if e > s]


def _merge_neighbours(stretches: list[Stretch]) -> list[Stretch]:
    merged: list[Stretch] = []
    for stretch in stretches:
        if merged and (merged[-1].marks, merged[-1].words) == (stretch.marks, stretch.words):
            merged[-1] = Stretch(merged[-1].text + stretch.text, stretch.marks, stretch.words)
        else:
            merged.append(stretch)
    return merged

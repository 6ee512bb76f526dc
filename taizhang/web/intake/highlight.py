"""Cutting a document's text into plain and highlighted stretches for the review page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Stretch:
    text: str
    marks: tuple[int, ...] = ()  # ids of the facts whose evidence covers this stretch


def highlight(text: str, spans: Iterable[tuple[int, int, int]]) -> list[Stretch]:
    """`spans` are (start, end, fact id); overlapping spans split into stretches that carry
    every fact covering them."""
    cuts = {0, len(text)}
    kept = [(max(0, s), min(len(text), e), i) for s, e, i in spans if e > s]
    for start, end, _ in kept:
        cuts.update((start, end))
    points = sorted(cuts)
    stretches = []
    for start, end in pairwise(points):
        covering = tuple(sorted({i for s, e, i in kept if s <= start and end <= e}))
        stretches.append(Stretch(text[start:end], covering))
    return _merge_neighbours(stretches)


def _merge_neighbours(stretches: list[Stretch]) -> list[Stretch]:
    merged: list[Stretch] = []
    for stretch in stretches:
        if merged and merged[-1].marks == stretch.marks:
            merged[-1] = Stretch(merged[-1].text + stretch.text, stretch.marks)
        else:
            merged.append(stretch)
    return merged

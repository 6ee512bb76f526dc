"""Offsets back to the original: a derived text whose every character comes from exactly one
character of the original, in order (substituted one for one, or kept), as `OffsetMap` runs."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

Edit = tuple[int, int, str]
"""Replace text[start:end] by a replacement no longer than it; its k-th char keeps start+k."""


@dataclass(frozen=True)
class OffsetMap:
    """Where each character of a derived text came from, as runs of consecutive characters.

    Run k starts at derived index `starts[k]` and copies the source from `sources[k]` on.
    `map[i]` is defined for 0 <= i <= length; `map[length]` is the source's length.
    """

    starts: array[int]
    sources: array[int]
    length: int
    source_length: int

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(array("q", [0]), array("q", [0]), length, length)

    def __len__(self) -> int:
        return self.length + 1

    def __getitem__(self, index: int) -> int:
        if not 0 <= index <= self.length:
            raise IndexError(f"offset {index} outside 0..{self.length}")
        if index == self.length:
            return self.source_length
        k = bisect_right(self.starts, index) - 1
        return self.sources[k] + index - self.starts[k]

    def runs(self) -> Iterator[tuple[int, int, int]]:
        """(start, end, source) for each non-empty run."""
        count = len(self.starts)
        for k in range(count):
            end = self.starts[k + 1] if k + 1 < count else self.length
            if end > self.starts[k]:
                yield self.starts[k], end, self.sources[k]

    def then(self, outer: OffsetMap) -> OffsetMap:
        """The map of `outer`'s text straight back to this map's source."""
        starts: array[int] = array("q")
        sources: array[int] = array("q")
        j = 0
        for start, end, mid in outer.runs():
            j = bisect_right(self.starts, mid, lo=j) - 1
            pos = mid
            while pos < mid + end - start:
                _add_run(starts, sources, start + pos - mid, self.sources[j] + pos - self.starts[j])
                if j + 1 >= len(self.starts) or self.starts[j + 1] >= mid + end - start:
                    break
                j += 1
                pos = self.starts[j]
        if not starts:
            starts.append(0)
            sources.append(0)
        return OffsetMap(starts, sources, outer.length, self.source_length)


def _add_run(starts: array[int], sources: array[int], start: int, source: int) -> None:
    """Append a run unless it just continues the previous one."""
    if starts and sources[-1] + start - starts[-1] == source:
        return
    starts.append(start)
    sources.append(source)


@dataclass(frozen=True)
class NormalizedText:
    """Text ready for extraction; `origin[i]` is the original offset of its i-th character."""

    text: str
    origin: OffsetMap

    @classmethod
    def unchanged(cls, original: str) -> NormalizedText:
        return cls(original, OffsetMap.identity(len(original)))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span holding the characters of text[start:end]."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span {start}..{end} outside 0..{len(self.text)}")
        if start == end:
            position = self.origin[start]
            return position, position
        return self.origin[start], self.origin[end - 1] + 1


def apply_edits(source: NormalizedText, edits: Iterable[Edit]) -> NormalizedText:
    """Apply sorted, non-overlapping edits and carry the offset map through."""
    text = source.text
    pieces: list[str] = []
    starts: array[int] = array("q", [0])
    sources: array[int] = array("q", [0])
    previous = produced = 0
    for start, end, replacement in edits:
        pieces += (text[previous:start], replacement)
        produced += start - previous + len(replacement)
        previous = end
        if end - start > len(replacement):
            if starts[-1] == produced:
                sources[-1] = end
            else:
                starts.append(produced)
                sources.append(end)
    pieces.append(text[previous:])
    produced += len(text) - previous
    step = OffsetMap(starts, sources, produced, len(text))
    return NormalizedText("".join(pieces), source.origin.then(step))


def substituted(source: NormalizedText, text: str) -> NormalizedText:
    if len(text) != len(source.text):
        raise ValueError("a substitution step must keep the text's length")
    return NormalizedText(text, source.origin)

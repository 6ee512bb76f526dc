"""Faster scanning with the same matches: a first-character guard for long alternations.

Python's regular expressions try every alternative of `项目|基地|工厂|…` at every position of a
sentence. `quick(pattern)` puts a lookahead of the characters any match can start with in front
(`(?=[项基工…])(?:项目|基地|工厂|…)`), so most positions are rejected with one set lookup. The
guard only rejects positions where no match can start, so every search, match and sub finds
exactly what the pattern alone finds. A pattern whose first characters cannot be listed (one that
can match nothing, starts with `.` or a negated set, ignores case) is returned unchanged.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The parser the re module itself uses (Python 3.11+; not typed by typeshed).
_sre: Any = importlib.import_module("re._constants")
_sre_parse: Any = importlib.import_module("re._parser")

__all__ = ["quick"]

_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
}


class _Unlisted(Exception):
    """The pattern's first characters cannot be written as one character set."""


def quick(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern with a first-character guard, or the pattern itself when none can be made."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return pattern
    try:
        first, empty = _first_of_sequence(_sre_parse.parse(pattern.pattern, pattern.flags))
    except _Unlisted:
        return pattern
    if empty or not first:
        return pattern
    guard = "".join(dict.fromkeys(first))
    return re.compile(f"(?=[{guard}])(?:{pattern.pattern})", pattern.flags)


def _first_of_sequence(items: Any) -> tuple[list[str], bool]:
    """The set items a sequence can start with, and whether it can match nothing."""
    found: list[str] = []
    for op, argument in items:
        first, empty = _first_of(op, argument)
        found += first
        if not empty:
            return found, False
    return found, True


def _first_of(op: Any, argument: Any) -> tuple[list[str], bool]:
    if op is _sre.LITERAL:
        return [_char(argument)], False
    if op is _sre.IN:
        return [_set_item(kind, value) for kind, value in argument], False
    if op is _sre.CATEGORY and argument in _CATEGORIES:
        return [_CATEGORIES[argument]], False
    if op is _sre.BRANCH:
        found: list[str] = []
        empty = False
        for alternative in argument[1]:
            first, alternative_empty = _first_of_sequence(alternative)
            found += first
            empty = empty or alternative_empty
        return found, empty
    if op is _sre.SUBPATTERN:
        return _first_of_sequence(argument[3])
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        first, empty = _first_of_sequence(argument[2])
        return first, empty or argument[0] == 0
    if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
        return [], True  # zero-width: the next item gives the first character
    raise _Unlisted


def _set_item(kind: Any, value: Any) -> str:
    if kind is _sre.LITERAL:
        return _char(value)
    if kind is _sre.RANGE:
        return f"{_char(value[0])}-{_char(value[1])}"
    if kind is _sre.CATEGORY and value in _CATEGORIES:
        return _CATEGORIES[value]
    raise _Unlisted  # a negated set, or a category outside \d \s \w


def _char(code: int) -> str:
    return f"\\U{code:08x}"

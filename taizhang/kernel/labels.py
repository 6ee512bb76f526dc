"""Enums whose members carry a Chinese and an English label beside their stored value.

Declare a member as its value, its Chinese label and its English label:

    class Stage(LabelledEnum):
        SIGNED = "SIGNED", "签约", "signed"

    class Grade(LabelledIntEnum):
        SATISFIED = 4, "满意", "satisfied"

The value is what is stored and compared (`Stage.SIGNED == "SIGNED"`, `Grade.SATISFIED == 4`);
`.label` is the Chinese label pages and reports have always shown, `.english` the English one,
and `.label_in(language)` picks the one for a page's language ("zh" or "en"). A member declared
without both labels fails when its class is defined. (The labels are `*labels` only so that type
checkers accept the lookup `Stage("SIGNED")`, which the enum machinery answers without `__new__`.)
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Self

ENGLISH = "en"


class Labelled:
    """What both kinds of labelled enum share."""

    _label: str
    _english: str

    @property
    def label(self) -> str:
        """The Chinese label: 签约."""
        return self._label

    @property
    def english(self) -> str:
        """The English label: signed."""
        return self._english

    def label_in(self, language: str) -> str:
        """The label for a page in `language`: English for "en", Chinese otherwise."""
        return self._english if language == ENGLISH else self._label


class LabelledEnum(Labelled, StrEnum):
    """A `StrEnum` whose members are declared `NAME = "value", "中文", "English"`."""

    def __new__(cls, value: str, *labels: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label, member._english = labels
        return member


class LabelledIntEnum(Labelled, IntEnum):
    """An `IntEnum` whose members are declared `NAME = 1, "中文", "English"`."""

    def __new__(cls, value: int, *labels: str) -> Self:
        member = int.__new__(cls, value)
        member._value_ = value
        member._label, member._english = labels
        return member

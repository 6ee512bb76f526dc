"""Labelled enums: stored values unchanged, a Chinese and an English label on every member, and
no enum in the product that labels its members some other way."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from enum import Enum

import pytest

from taizhang.appeals.models import AppealStatus
from taizhang.appeals.workflow import Grade
from taizhang.kernel.labels import Labelled, LabelledEnum, LabelledIntEnum
from taizhang.kernel.stages import Stage


def test_a_member_keeps_its_stored_value_and_carries_both_labels() -> None:
    assert Stage.SIGNED == "SIGNED" and Stage("SIGNED") is Stage.SIGNED
    assert (Stage.SIGNED.label, Stage.SIGNED.english) == ("签约", "signed")
    assert f"{Stage.SIGNED}" == "SIGNED"


def test_label_in_picks_the_pages_language_with_chinese_the_default() -> None:
    assert AppealStatus.IN_PROGRESS.label_in("en") == "in progress"
    assert AppealStatus.IN_PROGRESS.label_in("zh") == "办理中"
    assert AppealStatus.IN_PROGRESS.label_in("fr") == "办理中"


def test_an_int_enum_member_still_counts_as_its_number() -> None:
    assert Grade(4) is Grade.SATISFIED and Grade.SATISFIED == 4 and Grade.SATISFIED > 3
    assert (Grade.SATISFIED.label, Grade.SATISFIED.english) == ("满意", "satisfied")


def test_a_member_declared_without_both_labels_is_refused() -> None:
    with pytest.raises(ValueError):

        class Half(LabelledEnum):
            ONLY = "only", "只有中文"

    with pytest.raises(ValueError):

        class Bare(LabelledIntEnum):
            ONE = 1


DOMAINS = ("kernel", "org", "enterprises", "projects", "race", "appeals", "intake", "web")


def _product_enums() -> list[type[Enum]]:
    """Every enum defined in the kernel, the domains and the web."""
    found: list[type[Enum]] = []
    for domain in DOMAINS:
        package = importlib.import_module(f"taizhang.{domain}")
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            found += [
                value
                for value in vars(module).values()
                if inspect.isclass(value)
                and issubclass(value, Enum)
                and value.__module__ == module.__name__
            ]
    return found


def test_every_product_enum_with_labels_is_a_labelled_enum() -> None:
    hand_labelled = [
        e.__qualname__
        for e in _product_enums()
        if not issubclass(e, Labelled) and any(hasattr(m, "label") for m in e)
    ]
    assert hand_labelled == []


def test_every_labelled_member_has_both_labels() -> None:
    members = [m for e in _product_enums() if issubclass(e, Labelled) for m in e]
    assert len(members) > 50
    assert [m for m in members if not (m.label and m.english)] == []  # type: ignore[attr-defined]

"""A scheme's `[publication]` table: the 公示 days and whether they are working days."""

from __future__ import annotations

import pytest

from taizhang.kernel.errors import Invalid
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.schemes import scheme_text


def test_the_district_scheme_publishes_for_seven_calendar_days() -> None:
    scheme = load_scheme(scheme_text().text)
    assert (scheme.publication_days, scheme.publication_working_days) == (7, False)


def test_a_scheme_without_publication_leaves_the_days_to_the_caller() -> None:
    text = scheme_text().text.split("[publication]")[0]
    assert load_scheme(text).publication_days is None


def test_bad_publication_keys_are_refused_with_their_lines() -> None:
    text = scheme_text().text.replace("days = 7", "days = 0\nworkdays = true")
    with pytest.raises(Invalid) as caught:
        load_scheme(text, source="bad.toml")
    lines = text.splitlines()
    found = {(e.column, lines[(e.row or 1) - 1]) for e in caught.value.errors}
    assert found == {("days", "days = 0"), ("workdays", "workdays = true")}
    assert any("working_days" in str(e) for e in caught.value.errors)

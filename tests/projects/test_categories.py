"""The ledger's closed vocabularies show in the page's language; other words as entered."""

from __future__ import annotations

import pytest

from taizhang.projects.categories import category_label


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        ("新建", "新建", "new"),
        ("外资", "外资", "foreign capital"),
        ("以商引商", "以商引商", "referral by investors"),
        ("园区自招", "园区自招", "园区自招"),  # a district's own word
        (None, "—", "—"),
    ],
)
def test_a_category_shows_in_the_page_language(value: str | None, zh: str, en: str) -> None:
    assert (category_label(value, "zh"), category_label(value, "en")) == (zh, en)

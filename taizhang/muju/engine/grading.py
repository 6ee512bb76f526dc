"""Who is not ranked, how enterprises are ranked, and where the grade cut-offs fall.

Rank percentile p = rank / N with rank 1 the best (DOMAIN.md §1.5). A grade with `up_to = u`
holds the ranks r ≤ boundary(u × N), boundary being the scheme's stated rounding (向下取整 /
向上取整 / 四舍五入): no notice found says how a fractional boundary rank is rounded, so every
scheme file must say it. Equal scores share the better rank (1, 2, 2, 4) and so the same grade.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from taizhang.muju.engine.explain import Arg, Step, named, step
from taizhang.muju.engine.model import EnterpriseYear
from taizhang.muju.engine.scheme import Boundary, Exclusions, Grade


def exclusion_of(firm: EnterpriseYear, exclusions: Exclusions, as_of: date) -> tuple[Step, ...]:
    """Why the enterprise is not ranked (no steps when it is)."""
    kinds = [(kind, en) for kind, en in _kinds_en(exclusions) if kind in firm.kinds]
    if kinds:
        words = named("kinds", "、".join(k for k, _ in kinds), ", ".join(e or k for k, e in kinds))
        return (step("kinds", **words),)
    years = exclusions.registered_years_under
    if years and firm.registered_on and firm.registered_on > years_before(as_of, years):
        return (step("registered", years=years, on=firm.registered_on),)
    years = exclusions.land_supplied_years_under
    if years and firm.land_supplied_on and firm.land_supplied_on > years_before(as_of, years):
        return (step("land_supplied", years=years, on=firm.land_supplied_on),)
    return ()


def _kinds_en(exclusions: Exclusions) -> list[tuple[str, str]]:
    english = list(exclusions.kinds_en) + [""] * len(exclusions.kinds)
    return list(zip(exclusions.kinds, english, strict=False))


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """Ranks of the scores as given, best first, ties sharing the better rank: 1, 2, 2, 4."""
    ordered = sorted(scores, reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, score in enumerate(ordered, start=1):
        first_place.setdefault(score, place)
    return [first_place[score] for score in scores]


def last_rank(up_to: Decimal, ranked: int, boundary: Boundary) -> int:
    """The last rank a cut-off holds: boundary(up_to × N)."""
    return int((up_to * ranked).quantize(Decimal(1), rounding=boundary.rounding))


def grade_of(
    rank: int, ranked: int, grades: Sequence[Grade], boundary: Boundary
) -> tuple[Grade, tuple[Step, ...]]:
    """The grade of a rank among N, and the rule that put it there (the cut-off it passed below,
    if any, and the one that holds it), step by step."""
    lead = step("rank", rank=rank, ranked=ranked)
    below: tuple[Step, ...] = ()
    for grade in grades:
        if grade.up_to is None:
            return grade, (lead, *below, step("rest" if below else "others", **_name(grade)))
        cut = last_rank(grade.up_to, ranked, boundary)
        bound: dict[str, Arg] = {
            "rank": rank, "up_to": grade.up_to, "ranked": ranked, "product": grade.up_to * ranked,
            **named("boundary", boundary.label, boundary.english), "cut": cut,
        }  # fmt: skip
        if rank <= cut:
            return grade, (lead, *below, step("within", **bound, **_name(grade)))
        below = (step("above", **bound),)
    last = grades[-1]
    return last, (lead, *below, step("rest", **_name(last)))


def _name(grade: Grade) -> dict[str, str]:
    return named("grade", grade.name, grade.name_en)

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

from taizhang.muju.engine.model import EnterpriseYear
from taizhang.muju.engine.scheme import Boundary, Exclusions, Grade
from taizhang.muju.engine.scoring import show


def exclusion_of(firm: EnterpriseYear, exclusions: Exclusions, as_of: date) -> str:
    """Why the enterprise is not ranked ("" when it is)."""
    kinds = [kind for kind in exclusions.kinds if kind in firm.kinds]
    if kinds:
        return "、".join(kinds)
    years = exclusions.registered_years_under
    if years and firm.registered_on and firm.registered_on > years_before(as_of, years):
        return f"注册不满 {years} 年（{firm.registered_on}）"
    years = exclusions.land_supplied_years_under
    if years and firm.land_supplied_on and firm.land_supplied_on > years_before(as_of, years):
        return f"新供地出让不满 {years} 年（{firm.land_supplied_on}）"
    return ""


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
) -> tuple[str, str]:
    """The grade of a rank among N, and the rule that put it there, spelled out."""
    lead = f"名次 {rank}/{ranked}"
    below = ""
    for grade in grades:
        if grade.up_to is None:
            return grade.name, f"{lead}：{below or '其余'}→ {grade.name}"
        cut = last_rank(grade.up_to, ranked, boundary)
        product = show(grade.up_to * ranked)
        rule = f"{show(grade.up_to)} × {ranked} = {product}（{boundary.label} {cut}）"
        if rank <= cut:
            return grade.name, f"{lead}：{below}{rank} ≤ {rule} → {grade.name}"
        below = f"{rank} > {rule}，"
    last = grades[-1]
    return last.name, f"{lead}：{below}→ {last.name}"

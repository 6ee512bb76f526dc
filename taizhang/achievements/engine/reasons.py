"""Why an achievement is a candidate for a need: the need's terms found in it, whether its
field is the need's, and its maturity. The order: the search's score (BM25 over the terms),
raised when the field is the need's and for an achievement nearer to production."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

FIELD_BONUS = 1.25
MATURITY_FACTOR = {"产业化": 1.10, "中试": 1.06, "小试": 1.0, "实验室": 0.94}


@dataclass(frozen=True)
class Reasons:
    terms: tuple[str, ...]  # the need's terms the achievement holds, longest kept
    field_match: bool | None  # None when no field was asked for (a plain search)
    maturity: str

    def words(self) -> str:
        """The reasons said in Chinese, for a page, a sheet or the CLI."""
        parts = [f"命中：{'、'.join(self.terms)}" if self.terms else "命中：—"]
        if self.field_match is not None:
            parts.append("领域一致" if self.field_match else "领域不同")
        parts.append(f"成熟度：{self.maturity}")
        return "；".join(parts)


def matched_terms(asked: Sequence[str], held: Collection[str]) -> tuple[str, ...]:
    """The asked terms the text holds, leaving out a term inside a longer one also found
    (固态电解质 found: 固态 and 电解质 are not said again)."""
    found = [term for term in asked if term in held]
    return tuple(t for t in found if not any(t != longer and t in longer for longer in found))


def reasons_for(
    asked: Sequence[str], held: Collection[str], *, need_field: str | None, field: str,
    maturity: str,
) -> Reasons:  # fmt: skip
    field_match = None if need_field is None else need_field == field
    return Reasons(matched_terms(asked, held), field_match, maturity)


def ranked_score(score: float, reasons: Reasons) -> float:
    bonus = FIELD_BONUS if reasons.field_match else 1.0
    return score * bonus * MATURITY_FACTOR.get(reasons.maturity, 1.0)

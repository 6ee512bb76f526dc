"""每月排名: units ranked by score, with the change since the previous period.

Competition ranking ("1224"): equal totals share a rank and the next rank skips, as in a
published leaderboard (两个并列第2名, 下一名第4名). Ties are listed by unit id so the order is
stable, but they carry the same rank. `change` = previous rank − rank: +2 means the unit moved
up two places; None when there is no previous ranking or the unit was not in it.

A period in which no unit has scored (every total 0 and no rule applied, e.g. the first days
of a month) is not ranked: every rank is None ("未排名"), not a tie at 1 for everyone, and no
change is computed from it or against it — nobody moved ▲9 from nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from taizhang.race.engine.model import Score, UnitRef


@dataclass(frozen=True)
class Ranked:
    unit_id: int
    rank: int | None  # None: no unit has scored in the period, so nobody is ranked
    total: Decimal
    previous_rank: int | None
    change: int | None  # previous_rank − rank; positive = moved up


def rank_scores(current: Sequence[Score], previous: Sequence[Score] | None) -> list[Ranked]:
    """The leaderboard, best first, each unit with its rank and its move since `previous`."""
    before = competition_ranks(previous) if previous is not None else {}
    ranks = competition_ranks(current)
    return [
        Ranked(
            unit_id=score.unit_id,
            rank=ranks.get(score.unit_id),
            total=score.total,
            previous_rank=before.get(score.unit_id),
            change=_change(before.get(score.unit_id), ranks.get(score.unit_id)),
        )
        for score in sorted(current, key=_order)
    ]


def anyone_scored(scores: Sequence[Score]) -> bool:
    """Whether any unit has points (or a rule applied) in the period."""
    return any(score.total != 0 or score.parts for score in scores)


def competition_ranks(scores: Sequence[Score]) -> dict[int, int]:
    """unit_id → rank, 1 for the highest total; equal totals share the better rank.
    Empty when no unit has scored: such a period ranks nobody."""
    ranks: dict[int, int] = {}
    if not anyone_scored(scores):
        return ranks
    last_total: Decimal | None = None
    rank = 0
    for position, score in enumerate(sorted(scores, key=_order), start=1):
        if score.total != last_total:
            rank, last_total = position, score.total
        ranks[score.unit_id] = rank
    return ranks


def _change(previous_rank: int | None, rank: int | None) -> int | None:
    return None if previous_rank is None or rank is None else previous_rank - rank


def _order(score: Score) -> tuple[Decimal, int]:
    return (-score.total, score.unit_id)


@dataclass(frozen=True)
class Standing:
    unit: UnitRef
    ranked: Ranked
    score: Score

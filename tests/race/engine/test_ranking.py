"""Ranking: competition ranks by total, ties shown by unit id, change since last period."""

from __future__ import annotations

from decimal import Decimal

from taizhang.race.engine.model import Score
from taizhang.race.engine.ranking import Ranked, competition_ranks, rank_scores


def scores(*totals: tuple[int, str]) -> list[Score]:
    return [Score(unit_id, Decimal(total)) for unit_id, total in totals]


def test_equal_totals_share_a_rank_and_the_next_rank_skips() -> None:
    ranked = rank_scores(scores((1, "3"), (2, "9"), (3, "7"), (4, "7"), (5, "0")), None)
    assert [(r.unit_id, r.rank) for r in ranked] == [(2, 1), (3, 2), (4, 2), (1, 4), (5, 5)]


def test_ties_are_listed_by_unit_id() -> None:
    ranked = rank_scores(scores((9, "5"), (4, "5"), (6, "5")), None)
    assert [(r.unit_id, r.rank) for r in ranked] == [(4, 1), (6, 1), (9, 1)]


def test_totals_written_differently_but_equal_tie() -> None:
    assert competition_ranks(scores((1, "5"), (2, "5.00"))) == {1: 1, 2: 1}


def test_fractions_rank_by_their_exact_value() -> None:
    assert competition_ranks(scores((1, "2.5"), (2, "2.50001"), (3, "-1"))) == {2: 1, 1: 2, 3: 3}


def test_change_is_previous_rank_minus_rank_so_up_is_positive() -> None:
    before = scores((1, "10"), (2, "8"), (3, "6"))
    now = scores((1, "4"), (2, "8"), (3, "9"))
    assert rank_scores(now, before) == [
        Ranked(3, 1, Decimal(9), previous_rank=3, change=2),
        Ranked(2, 2, Decimal(8), previous_rank=2, change=0),
        Ranked(1, 3, Decimal(4), previous_rank=1, change=-2),
    ]


def test_change_is_none_without_a_previous_ranking() -> None:
    ranked = rank_scores(scores((1, "1")), None)
    assert ranked == [Ranked(1, 1, Decimal(1), previous_rank=None, change=None)]


def test_change_is_none_for_a_unit_missing_from_the_previous_ranking() -> None:
    ranked = rank_scores(scores((1, "1"), (2, "2")), scores((1, "5")))
    assert [(r.unit_id, r.previous_rank, r.change) for r in ranked] == [(2, None, None), (1, 1, -1)]


def test_a_shared_previous_rank_counts_for_each_tied_unit() -> None:
    before = scores((1, "5"), (2, "5"), (3, "1"))  # ranks 1, 1, 3
    ranked = rank_scores(scores((1, "1"), (2, "2"), (3, "3")), before)
    assert [(r.unit_id, r.rank, r.change) for r in ranked] == [(3, 1, 2), (2, 2, -1), (1, 3, -2)]


def test_nothing_to_rank_gives_an_empty_board() -> None:
    assert rank_scores([], []) == []

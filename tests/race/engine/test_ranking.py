"""Ranking: competition ranks by total, ties shown by unit id, change since last period."""

from __future__ import annotations

from decimal import Decimal

from taizhang.race.engine.model import Score, ScorePart
from taizhang.race.engine.ranking import Ranked, anyone_scored, competition_ranks, rank_scores


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


def test_a_period_where_nobody_scored_ranks_nobody() -> None:
    ranked = rank_scores(scores((1, "0"), (2, "0"), (3, "0")), None)
    assert [(r.unit_id, r.rank, r.change) for r in ranked] == [
        (1, None, None),
        (2, None, None),
        (3, None, None),
    ]


def test_nobody_moves_up_into_a_period_where_nobody_scored() -> None:
    # last month unit 3 was 3rd; this month has just begun and nobody has points: no ▲2
    before = scores((1, "10"), (2, "8"), (3, "6"))
    ranked = rank_scores(scores((1, "0"), (2, "0"), (3, "0")), before)
    assert {r.unit_id: (r.rank, r.previous_rank, r.change) for r in ranked} == {
        1: (None, 1, None),
        2: (None, 2, None),
        3: (None, 3, None),
    }


def test_no_move_is_counted_from_a_period_where_nobody_scored() -> None:
    ranked = rank_scores(scores((1, "5"), (2, "0")), scores((1, "0"), (2, "0")))
    assert [(r.unit_id, r.rank, r.previous_rank, r.change) for r in ranked] == [
        (1, 1, None, None),
        (2, 2, None, None),
    ]


def test_a_zero_total_from_rules_that_cancel_out_still_counts_as_scored() -> None:
    cancelled = Score(1, Decimal(0), parts=(ScorePart("签约", Decimal(5), 1, 1),))
    assert anyone_scored([cancelled, Score(2, Decimal(0))])
    assert competition_ranks([cancelled, Score(2, Decimal(0))]) == {1: 1, 2: 1}

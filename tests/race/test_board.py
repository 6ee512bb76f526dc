"""Defaults a person means: the board and the targets page while the current period is nearly
empty, and each unit's rank over the last periods. The district's May is test_api.py's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from taizhang.kernel.periods import parse_period
from taizhang.race.board import (
    QUIET_DAYS,
    board_for,
    default_as_of,
    default_board,
    rank_history,
    target_table,
)
from taizhang.race.targets import set_target
from tests.conftest import District
from tests.web.race.test_api import WHEN, Raced, build_may


@pytest.fixture
def raced(session: Session, district: District) -> Raced:
    return build_may(session, district)


@pytest.mark.parametrize(
    ("today", "shown", "reason"),
    [
        (date(2026, 5, 20), "2026-05", None),  # the middle of a month with points: this month
        (date(2026, 6, 4), "2026-05", "early"),  # June's first days: May, complete
        (date(2026, 6, QUIET_DAYS), "2026-05", "early"),
        (date(2026, 6, 20), "2026-05", "empty"),  # nobody has scored in June yet
        (date(2026, 12, 4), "2026-11", "early"),
        (date(2027, 1, 4), "2026-12", "early"),  # the first working day of 2027
    ],
)
def test_the_default_board_is_the_last_complete_month_while_this_one_is_nearly_empty(
    session: Session, raced: Raced, today: date, shown: str, reason: str | None
) -> None:
    board, choice = default_board(session, today, "town")
    assert (board.period.label, choice.shown.label, choice.reason) == (shown, shown, reason)
    assert choice.current.contains(today) and choice.day == today.day


def test_a_month_where_nobody_scored_ranks_nobody_and_shows_no_moves(
    session: Session, raced: Raced
) -> None:
    june = board_for(session, parse_period("2026-06"), "town")
    assert june.standings and all(s.ranked.rank is None for s in june.standings)
    assert all(s.ranked.change is None for s in june.standings)  # May had ranks: still no ▲


def test_the_targets_page_shows_last_year_in_the_first_days_of_january(
    session: Session, raced: Raced
) -> None:
    set_target(
        session, unit=raced.town, year=2026, metric="signed_1yi", value=4, actor=None, now=WHEN
    )
    year, as_of, choice = default_as_of(session, date(2027, 1, 4))
    assert (year, as_of, choice.reason) == (2026, date(2026, 12, 31), "early")
    assert (choice.shown.label, choice.current.label, choice.day) == ("2026", "2027", 4)
    year, as_of, choice = default_as_of(session, date(2027, 1, 11))  # no targets for 2027 yet
    assert (year, as_of, choice.reason) == (2026, date(2026, 12, 31), "empty")
    year, as_of, choice = default_as_of(session, date(2026, 12, 4))
    assert (year, as_of, choice.reason) == (2026, date(2026, 12, 4), None)


def test_time_progress_on_4_december_is_counted_to_the_day(session: Session, raced: Raced) -> None:
    set_target(
        session, unit=raced.town, year=2026, metric="signed_1yi", value=4, actor=None, now=WHEN
    )
    row = target_table(session, 2026, date(2026, 12, 4)).rows[0]
    assert row.done.time_share == Decimal("0.9274")  # (11 + 4/31) / 12, not 100%


def test_rank_history_holds_each_unit_rank_in_the_periods_the_rules_cover(
    session: Session, raced: Raced
) -> None:
    board = board_for(session, parse_period("2026-05"), "town")
    history = rank_history(session, board)
    assert [p.label for p in history.periods] == [f"2026-0{m}" for m in range(1, 6)]
    assert {uid: ranks[-1] for uid, ranks in history.ranks.items()} == {
        s.unit.unit_id: s.ranked.rank for s in board.standings
    }
    later = rank_history(session, board_for(session, parse_period("2026-11"), "town"))
    assert [p.label for p in later.periods] == [f"2026-{m:02d}" for m in range(6, 12)]

"""The dashboard's race cards: this month's top units, the laggards, and the year's trend chart.

The trend is each month's points of the three units with the most points over the year's months
so far, scored from one read of the ledger's events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from taizhang.kernel.errors import AppError
from taizhang.kernel.periods import MONTHS_EN, period_containing
from taizhang.race.board import (
    Board,
    CompletionRow,
    default_as_of,
    default_board,
    target_table,
    worst_first,
)
from taizhang.race.engine.rules import RuleSet
from taizhang.race.engine.scoring import score_units
from taizhang.race.loading import racing_units, stage_events
from taizhang.web.charts import TrendSeries, trend_svg
from taizhang.web.i18n import translate

TREND_UNITS = 3


CARD_ROWS = 5


@dataclass(frozen=True)
class RaceCard:
    board: Board | None
    problem: str | None
    laggards: list[CompletionRow]
    trend_svg: str


def race_card(session: Session, today: date, language: str) -> RaceCard:
    """The dashboard's race cards: the default period's top units (`default_board`: last month
    while this one is nearly empty), laggards, and the year's trend."""
    year, as_of, _ = default_as_of(session, today)
    laggards = worst_first(target_table(session, year, as_of).rows)[:CARD_ROWS]
    try:
        board, _ = default_board(session, today, "town")
    except AppError as exc:
        empty = _trend_svg([], today, language)
        return RaceCard(None, exc.message_in(language), laggards, empty)
    return RaceCard(board, None, laggards, trend_chart(session, board.rules, today, language))


def trend_chart(session: Session, rules: RuleSet, today: date, language: str) -> str:
    """Each month's points (January to this month) of the units with the most points in them."""
    months = [period_containing("month", date(today.year, m, 1)) for m in range(1, today.month + 1)]
    months = [m for m in months if rules.covers(m.start) and rules.covers(m.end)]
    units = racing_units(session, level="town")
    if not months:
        return _trend_svg([], today, language)
    events = stage_events(session, start=rules.valid_from, end=months[-1].end)  # as the board
    scored = [{s.unit_id: s.total for s in score_units(events, units, rules, m)} for m in months]
    names = {u.unit_id: u.name for u in units}
    top = sorted(names, key=lambda uid: (-sum(month[uid] for month in scored), uid))
    series = [
        TrendSeries(
            names[uid],
            tuple(
                (month_label(m.start.month, language), float(month[uid]))
                for m, month in zip(months, scored, strict=True)
            ),
        )
        for uid in top[:TREND_UNITS]
    ]
    return _trend_svg(series, today, language)


def _trend_svg(series: list[TrendSeries], today: date, language: str) -> str:
    title = translate("race_trend", language, year=today.year)
    return trend_svg(
        series,
        title=title,
        empty=translate("no_data", language),
        y_label=translate("race_trend_axis", language),
    )


def month_label(month: int, language: str) -> str:
    """5月, or May on an English page."""
    return MONTHS_EN[month - 1] if language == "en" else f"{month}月"

"""The race pages' charts, each with the same numbers as a table beside it (`<details>`):
points of the period and rank over the last periods on the board, completion against 序时进度
on the targets page (one chart per metric, one bar per unit)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from taizhang.org.access import path_in_scope
from taizhang.race.board import Board, CompletionRow, RankHistory, TargetTable, rank_history
from taizhang.race.engine.model import UnitRef
from taizhang.race.metrics import Metric
from taizhang.web.charts import Bar, ProgressBar, RankSeries, bar_chart_svg, progress_svg, rank_svg
from taizhang.web.i18n import translate


@dataclass(frozen=True)
class CompletionChart:
    """One metric's completion by unit, drawn and as rows."""

    metric: Metric
    rows: list[CompletionRow]
    svg: str


def board_charts(
    session: Session, board: Board, language: str, scope: str | None
) -> dict[str, object]:
    """The board's points chart and its rank-history chart, with the history as data; a bar
    links to the unit's points only for a reader whose `scope` (unit path) holds the unit."""
    history = rank_history(session, board)
    return {
        "points_svg": points_chart(board, language, scope),
        "history": history,
        "history_svg": history_chart(history, language),
    }


def points_chart(board: Board, language: str, scope: str | None) -> str:
    """One bar per unit: its points in the board's period."""
    bars = [
        Bar(s.unit.name, float(s.score.total), href=_points_link(s.unit, board, scope))
        for s in board.standings
    ]
    title = translate("chart_points", language, period=board.period.label_in(language))
    return bar_chart_svg(bars, title=title, empty=translate("no_data", language))


def _points_link(unit: UnitRef, board: Board, scope: str | None) -> str | None:
    if not path_in_scope(scope, unit.path):
        return None
    return f"/race/units/{unit.unit_id}?period={board.period.label}"


def history_chart(history: RankHistory, language: str) -> str:
    """One line per unit through its rank in each period, rank 1 on top."""
    labels = [p.label for p in history.periods]  # 2026-11: short enough for a phone
    series = [RankSeries(u.name, tuple(history.ranks[u.unit_id])) for u in history.units]
    title = translate("chart_rank_history", language, count=len(labels))
    empty, each = (
        translate("no_ranks", language),
        translate("rank_of_unit", language, label="{label}", rank="{rank}"),
    )
    return rank_svg(labels, series, title=title, empty=empty, rank_format=each)


def completion_charts(table: TargetTable, language: str) -> list[CompletionChart]:
    """Per metric (in the table's order), one bar per unit with a target, 序时进度 marked."""
    by_metric: dict[str, list[CompletionRow]] = {}
    for row in table.rows:
        by_metric.setdefault(row.metric.code, []).append(row)
    return [_completion_chart(rows, language) for rows in by_metric.values()]


def _completion_chart(rows: list[CompletionRow], language: str) -> CompletionChart:
    metric = rows[0].metric
    share = float(rows[0].done.time_share)
    marker = translate("chart_time_share", language, share=_percent(share))
    bars = [
        ProgressBar(
            r.unit.name,
            float(r.done.rate) if r.done.rate is not None else 0.0,
            caption=translate("no_task", language) if r.done.rate is None else "",
            tone=r.done.status.value,
        )
        for r in rows
    ]
    title = translate("chart_completion", language, metric=metric.label_in(language))
    svg = progress_svg(bars, marker=share, marker_label=marker, title=title)
    return CompletionChart(metric, rows, svg)


def _percent(share: float) -> str:
    return f"{share * 100:.2f}".rstrip("0").rstrip(".") + "%"

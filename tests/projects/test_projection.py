"""The fold that defines what events mean, including which source wins a disagreement."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from taizhang.kernel.money import Money
from taizhang.kernel.sources import RANK_NEWS, RANK_OFFICIAL, RANK_PERSON
from taizhang.kernel.stages import Stage
from taizhang.projects.projection import EventKind, figures_to_payload, replay


@dataclass
class Happened:
    id: int
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    source_rank: int = RANK_PERSON
    stated_on: date | None = None


def _created(stage: Stage = Stage.SIGNED) -> Happened:
    return Happened(1, EventKind.CREATED, {"code": "XM1", "stage": stage.value, "name": "示例项目"})


def _investment(event_id: int, yi: int, rank: int, on: date) -> Happened:
    payload = figures_to_payload({"investment": Money(Decimal(yi) * 100_000_000)})
    return Happened(event_id, EventKind.FIGURES, payload, rank, on)


def _yi(events: list[Happened]) -> Decimal:
    state = replay(events)
    assert state.investment is not None
    return state.investment.amount / 100_000_000


def test_a_persons_edit_beats_an_official_report_which_beats_news() -> None:
    person = _investment(2, 15, RANK_PERSON, date(2026, 1, 5))
    official = _investment(3, 16, RANK_OFFICIAL, date(2026, 3, 1))
    news = _investment(4, 18, RANK_NEWS, date(2026, 4, 1))
    assert _yi([_created(), person, official, news]) == 15
    assert _yi([_created(), official, news]) == 16


def test_within_a_kind_the_newer_source_wins_whatever_the_filing_order() -> None:
    march = _investment(2, 16, RANK_NEWS, date(2026, 3, 1))
    january = _investment(3, 12, RANK_NEWS, date(2026, 1, 10))
    assert _yi([_created(), march, january]) == 16


def test_news_never_moves_a_stage_back_but_fills_in_a_missing_date() -> None:
    reached = Happened(2, EventKind.STAGE_REACHED, {"stage": "CONSTRUCTION", "on": "2026-04-01"})
    old_news = Happened(
        3,
        EventKind.STAGE_REACHED,
        {"stage": "LAND", "on": "2026-02-20"},
        RANK_NEWS,
        date(2026, 2, 21),
    )
    state = replay([_created(), reached, old_news])
    assert state.stage is Stage.CONSTRUCTION
    assert state.reached[Stage.LAND] == date(2026, 2, 20)


def test_a_retracted_event_counts_as_never_having_happened() -> None:
    news = _investment(2, 18, RANK_NEWS, date(2026, 4, 1))
    retraction = Happened(3, EventKind.RETRACTED, {"event_id": 2})
    assert replay([_created(), news, retraction]).investment is None


def test_a_project_whose_creation_was_retracted_is_withdrawn_but_keeps_its_name() -> None:
    state = replay([_created(), Happened(2, EventKind.RETRACTED, {"event_id": 1})])
    assert state.withdrawn and state.name == _created().payload["name"]
    assert not replay([_created()]).withdrawn


def test_a_plan_from_news_does_not_override_a_plan_a_person_set() -> None:
    person = Happened(2, EventKind.STAGE_PLANNED, {"stage": "PRODUCTION", "on": "2026-06-30"})
    news = Happened(
        3,
        EventKind.STAGE_PLANNED,
        {"stage": "PRODUCTION", "on": "2026-12-31"},
        RANK_NEWS,
        date(2026, 5, 1),
    )
    assert replay([_created(), person, news]).planned[Stage.PRODUCTION] == date(2026, 6, 30)


def test_disagreeing_sources_stay_visible_with_the_shown_one_marked() -> None:
    from taizhang.projects.projection import figure_claims

    official = _investment(2, 16, RANK_OFFICIAL, date(2026, 3, 1))
    news = _investment(3, 18, RANK_NEWS, date(2026, 4, 1))
    claims = figure_claims([_created(), official, news])["investment"]
    assert [(c.event_id, c.shown) for c in claims] == [(2, True), (3, False)]


def test_figures_everyone_agrees_on_are_not_listed_as_disagreements() -> None:
    from taizhang.projects.projection import figure_claims

    assert (
        figure_claims(
            [
                _created(),
                _investment(2, 16, RANK_NEWS, date(2026, 3, 1)),
                _investment(3, 16, RANK_OFFICIAL, date(2026, 3, 2)),
            ]
        )
        == {}
    )

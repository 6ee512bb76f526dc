"""The columnar totals give what the explained scoring gives, on random districts and rules."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from taizhang.kernel.periods import parse_period
from taizhang.kernel.stages import Stage
from taizhang.race.engine.columnar import event_frame, frame_totals
from taizhang.race.engine.model import StageEvent, UnitRef
from taizhang.race.engine.rules import RuleSet

from .test_totals import PERIODS, YI, expected, random_events, random_rules, random_units


@pytest.mark.parametrize("seed", range(150))
def test_it_gives_the_totals_of_the_explained_scores(seed: int) -> None:
    rng = random.Random(5000 + seed)
    units = random_units(rng)
    events = random_events(rng, units, rng.randint(0, 150))
    rules = random_rules(rng)
    period = parse_period(rng.choice(PERIODS))
    frame = event_frame(events)
    assert frame_totals(frame, units, rules, period) == expected(events, units, rules, period)


@pytest.mark.parametrize("seed", range(15))
def test_it_gives_the_totals_of_the_explained_scores_under_the_shipped_rules(
    seed: int, shipped_2026: RuleSet
) -> None:
    rng = random.Random(6000 + seed)
    units = random_units(rng)
    events = random_events(rng, units, 500)
    frame = event_frame(events)
    for label in PERIODS:
        period = parse_period(label)
        totals = frame_totals(frame, units, shipped_2026, period)
        assert totals == expected(events, units, shipped_2026, period)


def test_a_foreign_bonus_past_its_cap_is_cut_on_the_later_events(shipped_2026: RuleSet) -> None:
    """外资 +3 on 签约, capped at 12 a unit: the fifth foreign signing keeps no bonus."""
    town = UnitRef(2, "T", "一镇", "town", "/1/2/")
    events = [
        StageEvent(n, n, f"项目{n}", "/1/2/", Stage.SIGNED, date(2026, 3, n), 2 * YI, True)
        for n in range(1, 6)
    ]
    totals = frame_totals(event_frame(events), [town], shipped_2026, parse_period("2026"))
    assert (
        totals
        == {2: Decimal(5 * 2 + 12)}
        == expected(events, [town], shipped_2026, parse_period("2026"))
    )


def test_investments_finer_than_a_fen_fall_back_to_the_exact_path(shipped_2026: RuleSet) -> None:
    town = UnitRef(2, "T", "一镇", "town", "/1/2/")
    just_under = YI - Decimal("0.001")
    events = [StageEvent(1, 1, "项目", "/1/2/", Stage.SIGNED, date(2026, 3, 1), just_under)]
    frame = event_frame(events)
    assert not frame.exact
    assert frame_totals(frame, [town], shipped_2026, parse_period("2026")) == {2: Decimal(0)}


def test_no_events_give_every_unit_zero(shipped_2026: RuleSet) -> None:
    units = random_units(random.Random(3))
    totals = frame_totals(event_frame([]), units, shipped_2026, parse_period("2026"))
    assert totals == {unit.unit_id: Decimal(0) for unit in units}

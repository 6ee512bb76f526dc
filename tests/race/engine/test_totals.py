"""Fast totals: `score_totals` equals the totals of the explained `score_units`, always."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from taizhang.kernel.periods import Period, parse_period
from taizhang.kernel.stages import STAGES, Stage
from taizhang.race.engine.model import StageEvent, UnitRef
from taizhang.race.engine.rules import Band, Bonus, RuleSet, StagePoints
from taizhang.race.engine.scoring import counted_events, score_units
from taizhang.race.engine.totals import counted_in_order, score_totals

YI = Decimal(100_000_000)
BANDS = (
    Band("1亿–10亿", YI, 10 * YI),
    Band("10亿–50亿", 10 * YI, 50 * YI),
    Band("50亿以上", 50 * YI, None),
)
KINDS = ("外资", "链主", "世界500强", "本地再投资", "基金招商", "二次招商")
TAGS = ("链主", "世界500强", "本地再投资", "专精特新")
METHODS = (None, "基金招商", "二次招商", "以商引商")
PERIODS = ("2026", "2026-Q2", "2026-05", "2026-W20", "2025-12")


def expected(
    events: list[StageEvent], units: list[UnitRef], rules: RuleSet, period: Period
) -> dict[int, Decimal]:
    return {score.unit_id: score.total for score in score_units(events, units, rules, period)}


# ── a random district, random events, random rules ─────────────────────────


def random_units(rng: random.Random) -> list[UnitRef]:
    """Towns under /1/, some with a racing platform inside them (deepest unit wins)."""
    units = [
        UnitRef(n, f"U{n}", f"单位{n}", "town", f"/1/{n}/") for n in range(2, 2 + rng.randint(1, 5))
    ]
    for unit in list(units):
        if rng.random() < 0.3:
            inner = unit.unit_id * 10
            units.append(
                UnitRef(inner, f"P{inner}", f"平台{inner}", "platform", f"{unit.path}{inner}")
            )
    rng.shuffle(units)
    return units


def random_path(rng: random.Random, units: list[UnitRef]) -> str:
    roll = rng.random()
    if roll < 0.1:
        return rng.choice(("/1/", "/9/", "/1/99/"))  # under no racing unit
    path = rng.choice(units).path.rstrip("/") + "/"
    return path + f"{rng.randint(100, 102)}/" if roll < 0.5 else path


def random_investment(rng: random.Random) -> Decimal | None:
    roll = rng.random()
    if roll < 0.1:
        return None
    if roll < 0.2:  # exactly on a band boundary
        return rng.choice((Decimal(0), YI, 10 * YI, 50 * YI))
    return (Decimal(rng.randint(5, 8000)) * YI / 100).quantize(Decimal(1))


def random_events(rng: random.Random, units: list[UnitRef], count: int) -> list[StageEvent]:
    projects = rng.randint(1, max(1, count // 2))
    events = []
    for n in range(count):
        project = rng.randint(1, projects)
        events.append(
            StageEvent(
                event_id=rng.randint(1, count) if rng.random() < 0.1 else 1000 + n,
                project_id=project,
                project_name=f"项目{project}",
                unit_path=random_path(rng, units),
                stage=rng.choice(STAGES),
                on=date(2025, 12, 1) + timedelta(days=rng.randrange(420)),
                investment_cny=random_investment(rng),
                foreign_capital=rng.random() < 0.3,
                attraction_method=rng.choice(METHODS),
                tags=frozenset(rng.sample(TAGS, rng.randint(0, 2))),
                moved_back=rng.random() < 0.1,
            )
        )
    return events


def random_value(rng: random.Random, choices: tuple[str, ...]) -> Decimal:
    return Decimal(rng.choice(choices))


def random_stage_points(rng: random.Random) -> tuple[StagePoints, ...]:
    rules = []
    for stage in rng.sample(STAGES, rng.randint(1, len(STAGES))):
        values = ("0", "1", "2", "2.5", "3", "0.25", "6")
        if rng.random() < 0.3:
            points: tuple[tuple[Band | None, Decimal], ...] = ((None, random_value(rng, values)),)
        else:
            bands = rng.sample(BANDS, rng.randint(1, 3))
            points = tuple((band, random_value(rng, values)) for band in bands)
        rules.append(StagePoints(stage, stage.label, points))
    return tuple(rules)


def random_bonus(rng: random.Random, n: int, deductions: bool) -> Bonus:
    stages = frozenset(rng.sample(STAGES, rng.randint(1, 3)))
    points = random_value(rng, ("1", "2", "3", "0.5", "5"))
    if deductions and rng.random() < 0.4:
        return Bonus(rng.choice(KINDS), f"扣分{n}", stages, -points)
    cap = rng.choice((None, Decimal(2), Decimal(3), Decimal("4.5"), Decimal(0)))
    bands = rng.choice((None, None, tuple(rng.sample(BANDS, rng.randint(1, 2)))))
    return Bonus(rng.choice(KINDS), f"加分{n}", stages, points, cap, bands)


def random_rules(rng: random.Random) -> RuleSet:
    deductions = rng.random() < 0.3
    valid = rng.choice(
        ((date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 3, 1), date(2026, 10, 31)))
    )
    return RuleSet(
        version="random",
        title="",
        valid_from=valid[0],
        valid_to=valid[1],
        bands=BANDS,
        stage_points=random_stage_points(rng),
        bonuses=tuple(random_bonus(rng, n, deductions) for n in range(rng.randint(0, 5))),
        cap_per_project=rng.choice((None, Decimal(3), Decimal(5), Decimal("7.5"), Decimal(20))),
        cap_per_unit=rng.choice((None, Decimal(4), Decimal(10), Decimal("15.5"), Decimal(40))),
    )


# ── the property ────────────────────────────────────────────────────────────


@pytest.mark.parametrize("seed", range(200))
def test_it_gives_the_totals_of_the_explained_scores(seed: int) -> None:
    rng = random.Random(seed)
    units = random_units(rng)
    events = random_events(rng, units, rng.randint(0, 120))
    rules = random_rules(rng)
    period = parse_period(rng.choice(PERIODS))
    assert score_totals(events, units, rules, period) == expected(events, units, rules, period)


@pytest.mark.parametrize("seed", range(20))
def test_it_gives_the_totals_of_the_explained_scores_under_the_shipped_rules(
    seed: int, shipped_2026: RuleSet
) -> None:
    rng = random.Random(1000 + seed)
    units = random_units(rng)
    events = random_events(rng, units, 400)
    rules = shipped_2026
    for label in PERIODS:
        period = parse_period(label)
        assert score_totals(events, units, rules, period) == expected(events, units, rules, period)


@pytest.mark.parametrize("seed", range(20))
def test_it_counts_the_same_events_as_scoring(seed: int) -> None:
    rng = random.Random(2000 + seed)
    units = random_units(rng)
    events = random_events(rng, units, 150)
    rules, period = random_rules(rng), parse_period(rng.choice(PERIODS))
    fast = counted_in_order(events, rules, period)
    assert sorted(fast, key=lambda e: (e.on, e.event_id)) == counted_events(events, rules, period)


# ── edges ───────────────────────────────────────────────────────────────────


def test_an_empty_event_list_gives_every_unit_zero(shipped_2026: RuleSet) -> None:
    units = random_units(random.Random(1))
    totals = score_totals([], units, shipped_2026, parse_period("2026"))
    assert totals == {unit.unit_id: Decimal(0) for unit in units}


def test_units_with_no_events_get_zero_and_no_units_gives_nothing(shipped_2026: RuleSet) -> None:
    quiet = UnitRef(7, "Q", "安静镇", "town", "/1/7/")
    busy = UnitRef(8, "B", "繁忙镇", "town", "/1/8/")
    event = StageEvent(1, 1, "项目", "/1/8/3/", Stage.SIGNED, date(2026, 5, 1), 20 * YI)
    may = parse_period("2026-05")
    assert score_totals([event], [quiet, busy], shipped_2026, may) == {
        7: Decimal(0),
        8: Decimal(5),
    }
    assert score_totals([event], [], shipped_2026, may) == {}


def test_rules_with_more_than_two_decimals_still_give_the_same_totals() -> None:
    rng = random.Random(7)
    units = random_units(rng)
    events = random_events(rng, units, 80)
    fine = StagePoints(Stage.SIGNED, "签约", ((None, Decimal("0.125")),))
    rules = RuleSet("fine", "", date(2026, 1, 1), date(2026, 12, 31), BANDS, (fine,), ())
    period = parse_period("2026")
    assert score_totals(events, units, rules, period) == expected(events, units, rules, period)

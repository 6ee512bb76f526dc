"""Benchmark: score and rank a year of 1,000,000 stage events over 200 racing units.

Builds in memory (seeded, `random.Random(42)`) a district of 200 towns/streets/platforms with a
few sub-units each and a year of StageEvents, loads the shipped rules
`taizhang/race/rules/2026.toml`, and prints the time to score (`totals.score_totals`)
and rank (`ranking.competition_ranks`) every unit for the year, a quarter and a month (best of
3; each run is given the whole year's events, as a caller passing "the year so far" does) with
the columnar path (`columnar.frame_totals` over the events turned into columns once, which is
timed apart), then the per-event `totals.score_totals` and the explained `scoring.score_units`
on the year once each, for comparison, and checks all three agree.

    .venv/bin/python bench/race.py                          # 1,000,000 events, 200 units
    .venv/bin/python bench/race.py --events 100000 --units 50   # a quick run
"""

from __future__ import annotations

import argparse
import math
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path

from common import machine

from taizhang.kernel.periods import Period, parse_period
from taizhang.kernel.stages import STAGES
from taizhang.race.engine.columnar import EventFrame, event_frame, frame_totals
from taizhang.race.engine.model import Score, StageEvent, UnitRef
from taizhang.race.engine.ranking import competition_ranks
from taizhang.race.engine.rules import RuleSet, load_rules
from taizhang.race.engine.scoring import score_units
from taizhang.race.engine.totals import score_totals

RULES = Path(__file__).parents[1] / "taizhang" / "race" / "rules" / "2026.toml"
SUB_UNITS = 4
# the last stage a project reaches, 洽谈 … 达产: most stop at talks or signing
FINAL_STAGE_WEIGHTS = (30, 30, 12, 12, 6, 6, 4)
_Facts = tuple[str, Decimal, bool, str | None, frozenset[str]]
TAGS = ("世界500强", "行业龙头", "链主", "本地再投资", "专精特新")
METHODS = ("基金招商", "场景招商", "飞地招商", "以商引商", "链式招商", "二次招商")
KINDS = ("town", "street", "platform")


def main() -> None:
    args = _arguments()
    rng = random.Random(42)
    started = time.perf_counter()
    units = _build_units(args.units)
    events = _build_events(rng, units, args.events)
    built = time.perf_counter() - started
    rules = load_rules(RULES.read_text(encoding="utf-8"), source=RULES.name)
    print(machine())
    print(f"built {len(units)} racing units and {len(events):,} events in {built:.1f} s")
    print(f"rules: {RULES.name} ({rules.version})")
    began = time.perf_counter()
    frame = event_frame(events)
    print(f"event_frame (columns, once):        {time.perf_counter() - began:7.3f} s")
    fast: dict[str, float] = {}
    for label in ("2026", "2026-Q2", "2026-05"):
        period = parse_period(label)
        fast[label] = _best_of(3, partial(_rank_frame, frame, units, rules, period))
        print(f"frame_totals + rank, {period.label_zh:12} {fast[label]:7.3f} s  (best of 3)")
    _compare(events, frame, units, rules, parse_period("2026"), fast["2026"])


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=200, help="racing units")
    return parser.parse_args()


def _build_units(count: int) -> list[UnitRef]:
    """Racing units /1/n/ under the district /1/; events also come from their sub-units."""
    return [
        UnitRef(n, f"990001{n:03d}", f"第{n}{KINDS[n % 3]}", KINDS[n % 3], f"/1/{n}/")
        for n in range(2, count + 2)
    ]


def _build_events(rng: random.Random, units: list[UnitRef], count: int) -> list[StageEvent]:
    """Projects moving through their stages in 2026 until `count` events, in ledger order
    (by project, then event id, as `ledger_facts` reads them)."""
    events: list[StageEvent] = []
    project_id = 0
    while len(events) < count:
        project_id += 1
        facts = _project(rng, units)
        events.extend(_lifecycle(rng, project_id, facts, len(events) + 1))
    return events[:count]


def _lifecycle(
    rng: random.Random, project_id: int, facts: _Facts, first_id: int
) -> list[StageEvent]:
    """洽谈 → … → the project's last stage; 2% move back one stage and reach it again."""
    last = rng.choices(range(len(STAGES)), weights=FINAL_STAGE_WEIGHTS)[0]
    steps = [(stage, False) for stage in STAGES[: last + 1]]
    if last > 0 and rng.random() < 0.02:
        steps += [(STAGES[last - 1], True), (STAGES[last], False)]
    path, investment, foreign, method, tags = facts
    day, name, events = rng.randrange(365), f"项目{project_id:06d}", []
    for offset, (stage, back) in enumerate(steps):
        on = date(2026, 1, 1) + timedelta(days=min(day, 364))
        ids = (first_id + offset, project_id, name, path, stage, on)
        events.append(StageEvent(*ids, investment, foreign, method, tags, moved_back=back))
        day += rng.randint(5, 60)
    return events


def _project(rng: random.Random, units: list[UnitRef]) -> _Facts:
    unit = rng.choice(units)
    sub = rng.randrange(SUB_UNITS + 1)
    path = unit.path if sub == 0 else f"{unit.path}{unit.unit_id * 10 + sub}/"
    investment = Decimal(round(math.exp(rng.uniform(math.log(5e6), math.log(2e10)))))
    method = rng.choice(METHODS) if rng.random() < 0.3 else None
    tags = frozenset(rng.sample(TAGS, 1)) if rng.random() < 0.1 else frozenset()
    return path, investment, rng.random() < 0.1, method, tags


def _rank_frame(
    frame: EventFrame, units: list[UnitRef], rules: RuleSet, period: Period
) -> dict[int, int]:
    totals = frame_totals(frame, units, rules, period)
    return competition_ranks([Score(unit_id, total) for unit_id, total in totals.items()])


def _best_of(times: int, run: Callable[[], object]) -> float:
    best = math.inf
    for _ in range(times):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return best


def _compare(
    events: list[StageEvent],
    frame: EventFrame,
    units: list[UnitRef],
    rules: RuleSet,
    year: Period,
    fast: float,
) -> None:
    began = time.perf_counter()
    per_event = score_totals(events, units, rules, year)
    competition_ranks([Score(unit_id, total) for unit_id, total in per_event.items()])
    print(f"score_totals + rank, {year.label_zh:12}  {time.perf_counter() - began:7.3f} s  (once)")
    began = time.perf_counter()
    scores = score_units(events, units, rules, year)
    competition_ranks(scores)
    full = time.perf_counter() - began
    parts = sum(len(score.parts) for score in scores)
    print(f"score_units + rank, {year.label_zh:12}   {full:7.3f} s  (once; {parts:,} parts)")
    print(f"ratio: the columnar totals are {full / fast:.1f}× faster than score_units")
    explained = {s.unit_id: s.total for s in scores}
    same = frame_totals(frame, units, rules, year) == explained == per_event
    print(f"same totals (frame_totals, score_totals, score_units): {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()

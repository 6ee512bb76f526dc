"""积分论英雄: the points each racing unit earned in a period, every point with its reason.

`score_units(events, units, rules, period)` is pure: it reads the values of `model.py` and a
`RuleSet`, and returns one `Score` per unit, in the order of `units`, each `ScorePart` naming its
rule label, event and project. Arithmetic is Decimal throughout.

Which events count
- events dated inside the period **and** inside the rules' validity (valid_from … valid_to);
- attributed to the racing unit whose path prefixes the event's `unit_path`, the deepest such
  unit among `units`; events under no racing unit are ignored;
- an event that moved its project back (`moved_back`) scores nothing;
- a project earns each stage once: if it reaches a stage again after moving back, only its
  first event of that stage counts. "First" looks at every event given from the rules'
  valid_from on, not only the period's: a caller that passes the year so far gets monthly
  scores that add up to the year's; a caller that passes only the period's events (as
  `loading.stage_events` returns them) gets "once per project and stage within the period".

Points of a counted event, in this order: the stage rule's points for the project's size band
(or its flat points), then each bonus whose kind, stages and bands match.

Caps are applied to the net points, in this order, from the most specific to the widest:
1. each bonus's `cap` (that bonus's points in the unit in the period);
2. `caps.per_project` (all points of one project in the period);
3. `caps.per_unit` (all points of the unit in the period).
Every cap walks the unit's events in date order (then event id): points count until the cap is
reached, and the part that goes beyond is cut on the event that crossed it, as a negative
`ScorePart` carrying that event's id and project and a note such as
"封顶：单个项目每期不超过20分". Earlier points therefore never change when later events arrive,
and one pass over the events applies all caps (a cap only looks at events up to the current one).

What an event earns before caps depends only on its stage, size band and kinds, so it is worked
out once per such combination and shared (`_Plan.earning`); a year of events scores in one pass.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from taizhang.kernel.numbers import format_number
from taizhang.kernel.periods import Period
from taizhang.kernel.stages import Stage
from taizhang.race.engine.model import Score, ScorePart, StageEvent, UnitRef
from taizhang.race.engine.rules import (
    FOREIGN,
    PROJECT_CAP_RULE,
    UNIT_CAP_RULE,
    Band,
    Bonus,
    RuleSet,
)

ZERO = Decimal(0)
_EarningKey = tuple[Stage, Band | None, bool, frozenset[str], str | None]


@dataclass(frozen=True)
class _Earning:
    """What an event earns before caps: (rule, points) parts, and the capped bonuses among them."""

    parts: tuple[tuple[str, Decimal], ...]
    capped: tuple[tuple[str, Decimal, Decimal], ...]  # (bonus label, points, cap)
    total: Decimal


def score_units(
    events: Sequence[StageEvent], units: Sequence[UnitRef], rules: RuleSet, period: Period
) -> list[Score]:
    """One Score per unit (in the order given), zero for a unit with nothing counted."""
    owner_of = _owner_finder(units)
    by_unit: defaultdict[int, list[StageEvent]] = defaultdict(list)
    for event in counted_events(events, rules, period):
        unit_id = owner_of(event.unit_path)
        if unit_id is not None:
            by_unit[unit_id].append(event)
    plan = _Plan(rules)
    return [plan.score_unit(unit.unit_id, by_unit[unit.unit_id]) for unit in units]


def counted_events(
    events: Sequence[StageEvent], rules: RuleSet, period: Period
) -> list[StageEvent]:
    """The events that score, in date order: in the period and the rules' validity, not moving
    back, each the first of its project and stage (earlier events given count as seen)."""
    seen: set[tuple[int, str]] = set()
    counted = []
    valid_from, valid_to = rules.valid_from, rules.valid_to
    start, end = period.start, period.end
    for event in sorted(events, key=attrgetter("on", "event_id")):
        key = (event.project_id, event.stage)
        if event.moved_back or not valid_from <= event.on <= valid_to or key in seen:
            continue
        seen.add(key)
        if start <= event.on <= end:
            counted.append(event)
    return counted


def _owner_finder(units: Sequence[UnitRef]) -> Callable[[str], int | None]:
    """unit_path → id of the deepest racing unit whose path prefixes it (cached per path)."""
    by_path = {_slashed(unit.path): unit.unit_id for unit in units}
    cache: dict[str, int | None] = {}

    def owner_of(path: str) -> int | None:
        if path not in cache:
            full = _slashed(path)
            prefixes = (full[: i + 1] for i in range(len(full) - 1, -1, -1) if full[i] == "/")
            cache[path] = next((by_path[p] for p in prefixes if p in by_path), None)
        return cache[path]

    return owner_of


def _slashed(path: str) -> str:
    return path if path.endswith("/") else path + "/"


@dataclass
class _Plan:
    """The rules made ready for scoring: earnings cached per kind of event, cap notes written."""

    rules: RuleSet
    cache: dict[_EarningKey, _Earning] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.project_note = _cap_note("单个项目", self.rules.cap_per_project)
        self.unit_note = _cap_note("单个单位", self.rules.cap_per_unit)
        self.bonus_notes = {b.label: _cap_note(b.label, b.cap) for b in self.rules.bonuses}

    def score_unit(self, unit_id: int, events: Sequence[StageEvent]) -> Score:
        parts: list[ScorePart] = []
        running: defaultdict[Hashable, Decimal] = defaultdict(Decimal)
        total = ZERO
        for event in events:
            total += self.score_event(event, parts, running)
        return Score(unit_id, total, tuple(parts))

    def score_event(
        self, event: StageEvent, parts: list[ScorePart], running: defaultdict[Hashable, Decimal]
    ) -> Decimal:
        """Append the event's parts and cuts (caps in the documented order); return its net."""
        earning = self.earning(event)
        ids = (event.event_id, event.project_id)
        parts.extend(ScorePart(rule, points, *ids) for rule, points in earning.parts)
        net = earning.total
        for label, points, cap in earning.capped:
            cut = _cut(running, ("bonus", label), points, cap)
            net -= self.record(parts, cut, label, self.bonus_notes[label], ids)
        if self.rules.cap_per_project is not None:
            cut = _cut(running, ("project", ids[1]), net, self.rules.cap_per_project)
            net -= self.record(parts, cut, PROJECT_CAP_RULE, self.project_note, ids)
        if self.rules.cap_per_unit is not None:
            cut = _cut(running, "unit", net, self.rules.cap_per_unit)
            net -= self.record(parts, cut, UNIT_CAP_RULE, self.unit_note, ids)
        return net

    @staticmethod
    def record(
        parts: list[ScorePart], cut: Decimal, rule: str, note: str, ids: tuple[int, int]
    ) -> Decimal:
        if cut > 0:
            parts.append(ScorePart(rule, -cut, ids[0], ids[1], note))
        return cut

    def earning(self, event: StageEvent) -> _Earning:
        band = self.rules.band_of(event.investment_cny)
        key = (event.stage, band, event.foreign_capital, event.tags, event.attraction_method)
        if key not in self.cache:
            self.cache[key] = self.work_out(event, band)
        return self.cache[key]

    def work_out(self, event: StageEvent, band: Band | None) -> _Earning:
        """The stage rule's points for the event's size band, then every matching bonus."""
        parts = [
            (rule.part_label(rule_band), points)
            for rule in self.rules.stage_points
            if rule.stage == event.stage
            for rule_band, points in rule.points
            if rule_band is None or rule_band == band
        ]
        capped = []
        for bonus in self.rules.bonuses:
            if _bonus_applies(bonus, event, band):
                parts.append((bonus.label, bonus.points))
                if bonus.cap is not None:
                    capped.append((bonus.label, bonus.points, bonus.cap))
        total = sum((points for _, points in parts), ZERO)
        return _Earning(tuple(parts), tuple(capped), total)


def _bonus_applies(bonus: Bonus, event: StageEvent, band: Band | None) -> bool:
    if event.stage not in bonus.stages or (bonus.bands is not None and band not in bonus.bands):
        return False
    kind = bonus.kind
    return (
        kind in event.tags
        or kind == event.attraction_method
        or (kind == FOREIGN and event.foreign_capital)
    )


def _cut(
    running: defaultdict[Hashable, Decimal], key: Hashable, amount: Decimal, limit: Decimal
) -> Decimal:
    """How much of `amount` goes beyond `limit` given what `key` has counted so far."""
    allowed = limit - running[key]
    cut = amount - allowed if amount > allowed else ZERO
    running[key] += amount - cut
    return cut


def _cap_note(what: str, limit: Decimal | None) -> str:
    """封顶：单个项目每期不超过20分 (0.50 → 0.5)."""
    return "" if limit is None else f"封顶：{what}每期不超过{format_number(limit)}分"

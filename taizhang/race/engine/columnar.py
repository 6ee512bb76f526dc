"""Columnar totals: a year of stage events scored in one Polars pass.

`event_frame(events)` turns the events into columns once (the ledger's reader or a caller that
keeps "the year so far" holds on to it); `frame_totals(frame, units, rules, period)` then gives
`{unit_id: total}`, equal to `totals.score_totals` and so to the totals of the explained
`scoring.score_units`:

- the same events count: not moving back, inside the rules' validity, the first of each
  project and stage by (date, event id, input order), then inside the period;
- each is owned by the deepest racing unit whose path prefixes its unit's path (worked out once
  per distinct path) and earns, before caps, what `totals._Table` works out once per
  (stage, size band, 外资, tags, 招商方式) combination, joined back onto the events;
- caps as `totals._capped` applies them when no rule value is negative: a capped bonus cuts,
  in date order within a unit, the part of each event's bonus that takes the running sum past
  the cap (kept = min(cap, sum so far) − min(cap, sum before)); each project then keeps
  min(per_project, its points less those cuts); each unit min(per_unit, its sum).

Rules with a deduction (a negative value) or values finer than hundredths, and investments
finer than a fen, are scored by `score_totals` on the events kept in the frame.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

import polars as pl

from taizhang.kernel.periods import Period
from taizhang.kernel.stages import STAGE_ORDER, STAGES
from taizhang.race.engine.model import StageEvent, UnitRef
from taizhang.race.engine.rules import RuleSet
from taizhang.race.engine.totals import HUNDRED, _in_hundredths, _Owners, _Table, score_totals

_Kind = tuple[bool, frozenset[str], str | None]  # 外资, tags, 招商方式
_NO_BAND = -1


@dataclass(frozen=True)
class EventFrame:
    """The events as columns, with what they were built from (for the exact fallback)."""

    frame: pl.DataFrame
    events: Sequence[StageEvent]
    kinds: tuple[_Kind, ...]  # kind id → (外资, tags, 招商方式)
    exact: bool  # every investment a whole number of fen


def event_frame(events: Sequence[StageEvent]) -> EventFrame:
    """Columns of the events, in the order given; a row's `order` is its input position."""
    kind_ids: dict[_Kind, int] = {}
    kinds = list(
        map(
            lambda e: kind_ids.setdefault(
                (e.foreign_capital, e.tags, e.attraction_method), len(kind_ids)
            ),
            events,
        )
    )
    money = list(map(attrgetter("investment_cny"), events))
    fen = {value: value * HUNDRED for value in set(money) if value is not None}
    exact = all(value.is_finite() and value % 1 == 0 for value in fen.values())
    fen_of = {value: int(cents) for value, cents in fen.items()} if exact else {}
    frame = pl.DataFrame(
        {
            "event_id": list(map(attrgetter("event_id"), events)),
            "project_id": list(map(attrgetter("project_id"), events)),
            "unit_path": list(map(attrgetter("unit_path"), events)),
            "stage": list(map(STAGE_ORDER.__getitem__, map(attrgetter("stage"), events))),
            "on": list(map(attrgetter("on"), events)),
            "fen": list(map(fen_of.get, money)) if exact else [None] * len(events),
            "kind": kinds,
            "moved_back": list(map(attrgetter("moved_back"), events)),
        },
        schema={
            "event_id": pl.Int64,
            "project_id": pl.Int64,
            "unit_path": pl.String,
            "stage": pl.Int8,
            "on": pl.Date,
            "fen": pl.Int64,
            "kind": pl.Int32,
            "moved_back": pl.Boolean,
        },
    ).with_row_index("order")
    return EventFrame(frame, events, tuple(kind_ids), exact)


def frame_totals(
    events: EventFrame, units: Sequence[UnitRef], rules: RuleSet, period: Period
) -> dict[int, Decimal]:
    """unit_id → the total `score_totals` (and `score_units`) gives it."""
    table = _Table(rules)
    if not (_in_hundredths(rules) and events.exact) or table.has_deduction:
        return score_totals(events.events, units, rules, period)
    ids = list(dict.fromkeys(unit.unit_id for unit in units))
    counted = _counted(events.frame, rules, period)
    counted = _owned(counted, _Owners(units, ids))
    counted = _earned(counted, table, rules, events.kinds)
    sums = dict.fromkeys(range(len(ids)), 0)
    for owner, total in counted.group_by("owner").agg(pl.col("total").sum()).iter_rows():
        sums[owner] += total
    cuts = _bonus_cuts(counted, rules)
    for owner, cut in cuts.group_by("owner").agg(pl.col("cut").sum()).iter_rows():
        sums[owner] -= cut
    if rules.cap_per_project is not None:
        for owner, excess in _project_excess(counted, cuts, rules.cap_per_project).iter_rows():
            sums[owner] -= excess
    if rules.cap_per_unit is not None:
        limit = int(rules.cap_per_unit * HUNDRED)
        sums = {owner: min(total, limit) for owner, total in sums.items()}
    at = {unit_id: index for index, unit_id in enumerate(ids)}
    return {unit.unit_id: Decimal(sums[at[unit.unit_id]]) / HUNDRED for unit in units}


def _counted(frame: pl.DataFrame, rules: RuleSet, period: Period) -> pl.DataFrame:
    """Eligible events, the first of each (project, stage) only, then those in the period."""
    eligible = frame.filter(
        ~pl.col("moved_back"), pl.col("on").is_between(rules.valid_from, rules.valid_to)
    ).with_columns(key=pl.col("project_id") * len(STAGES) + pl.col("stage"))
    repeated = pl.col("key").is_duplicated()
    single, again = eligible.filter(~repeated), eligible.filter(repeated)
    if again.height:
        again = again.sort("on", "event_id", "order").unique("key", keep="first")
        eligible = pl.concat([single, again])
    if not (period.start <= rules.valid_from and rules.valid_to <= period.end):
        eligible = eligible.filter(pl.col("on").is_between(period.start, period.end))
    return eligible


def _owned(frame: pl.DataFrame, owners: _Owners) -> pl.DataFrame:
    paths = frame.get_column("unit_path").unique().to_list()
    owner_of = {path: owners[path] for path in paths}
    if not owner_of:
        return frame.with_columns(owner=pl.lit(-1, dtype=pl.Int32)).clear()
    owner = pl.col("unit_path").replace_strict(owner_of, return_dtype=pl.Int32)
    return frame.with_columns(owner=owner).filter(pl.col("owner") >= 0)


def _earned(
    frame: pl.DataFrame, table: _Table, rules: RuleSet, kinds: tuple[_Kind, ...]
) -> pl.DataFrame:
    """Each event's points before caps (`total`, hundredths) and one column per capped bonus."""
    band = pl.lit(_NO_BAND, dtype=pl.Int32)
    for index in reversed(range(len(rules.bands))):
        low = math.ceil(table.mins[index] * HUNDRED)
        top = table.maxes[index]
        inside = pl.col("fen") >= low
        if top is not None:
            inside &= pl.col("fen") < math.ceil(top * HUNDRED)
        band = pl.when(inside).then(pl.lit(index, dtype=pl.Int32)).otherwise(band)
    frame = frame.with_columns(band=band)
    combos = frame.select("stage", "band", "kind").unique()
    labels = _capped_columns(rules)
    rows: dict[str, list[int]] = {"total": [], **{column: [] for column in labels.values()}}
    for stage, band_at, kind in combos.iter_rows():
        foreign, tags, method = kinds[kind]
        key = (STAGES[stage], None if band_at == _NO_BAND else band_at, foreign, tags, method)
        earning = table.cache.get(key) or table.work_out(key)
        rows["total"].append(earning.total)
        points = {label: points for label, points, _ in earning.capped}
        for label, column in labels.items():
            rows[column].append(points.get(label, 0))
    earnings = combos.with_columns(
        pl.Series(name, values, dtype=pl.Int64) for name, values in rows.items()
    )
    return frame.join(earnings, on=["stage", "band", "kind"]).filter(pl.col("total") != 0)


def _capped_columns(rules: RuleSet) -> dict[str, str]:
    """Capped bonus label → the column holding its points (labels are free text)."""
    labels = dict.fromkeys(bonus.label for bonus in rules.bonuses if bonus.cap is not None)
    return {label: f"capped_{n}" for n, label in enumerate(labels)}


def _bonus_cuts(frame: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """(owner, project_id, cut) for every capped bonus whose cap bites in a unit."""
    cuts = [pl.DataFrame(schema={"owner": pl.Int32, "project_id": pl.Int64, "cut": pl.Int64})]
    caps = {bonus.label: bonus.cap for bonus in rules.bonuses if bonus.cap is not None}
    for label, column in _capped_columns(rules).items():
        cap = int(caps[label] * HUNDRED)
        hits = frame.filter(pl.col(column) > 0).select(
            "owner", "on", "event_id", "order", "project_id", points=pl.col(column)
        )
        over = hits.group_by("owner").agg(pl.col("points").sum()).filter(pl.col("points") > cap)
        if not over.height:
            continue
        walked = (
            hits.filter(pl.col("owner").is_in(over.get_column("owner").implode()))
            .sort("owner", "on", "event_id", "order")
            .with_columns(kept=pl.col("points").cum_sum().over("owner").clip(upper_bound=cap))
            .with_columns(kept=pl.col("kept") - pl.col("kept").shift(1, fill_value=0).over("owner"))
        )
        cut = (pl.col("points") - pl.col("kept")).alias("cut")
        cuts.append(
            walked.filter(pl.col("points") > pl.col("kept")).select("owner", "project_id", cut)
        )
    return pl.concat(cuts)


def _project_excess(frame: pl.DataFrame, cuts: pl.DataFrame, cap: Decimal) -> pl.DataFrame:
    """(owner, points beyond the per-project cap summed over the unit's projects)."""
    limit = int(cap * HUNDRED)
    projects = frame.group_by("owner", "project_id").agg(pl.col("total").sum())
    if cuts.height:
        cut = cuts.group_by("owner", "project_id").agg(pl.col("cut").sum())
        projects = projects.join(cut, on=["owner", "project_id"], how="left").select(
            "owner", total=pl.col("total") - pl.col("cut").fill_null(0)
        )
    excess = (pl.col("total") - limit).clip(lower_bound=0)
    return projects.filter(pl.col("total") > limit).group_by("owner").agg(excess.sum())

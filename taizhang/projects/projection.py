"""A project's current state as a pure fold over its events.

`replay(events)` is the single definition of what the events mean; the `projects` table is
only a cache of it, written by `projects.commands.write_projection`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from taizhang.kernel.labels import LabelledEnum
from taizhang.kernel.money import YI, Money
from taizhang.kernel.numbers import format_number
from taizhang.kernel.sources import RANK_PERSON
from taizhang.kernel.stages import STAGES, Stage


class EventKind(LabelledEnum):
    CREATED = "created", "建档", "created"
    FIGURES = "figures", "数据更新", "figures updated"
    STAGE_REACHED = "stage_reached", "阶段推进", "stage reached"
    STAGE_PLANNED = "stage_planned", "计划节点", "stage planned"
    NOTE = "note", "备注", "note"
    RETRACTED = "retracted", "撤销", "retracted"
    CONFIRMED = "confirmed", "核实", "confirmed"


@dataclass(frozen=True)
class Investor:
    enterprise_id: int
    name: str


@dataclass(frozen=True)
class Capacity:
    value: Decimal
    unit: str
    product: str | None = None

    def __str__(self) -> str:
        value = format_number(self.value)
        return f"{self.product or ''} {value}{self.unit}".strip()


@dataclass(frozen=True)
class SizeBand:
    code: str
    floor_yuan: Decimal
    label: str
    english: str

    def label_in(self, language: str) -> str:
        return self.english if language == "en" else self.label


SIZE_BANDS: tuple[SizeBand, ...] = (
    SizeBand("over_100", 100 * YI, "100亿元以上", "CNY 10 bn or more"),
    SizeBand("50_100", 50 * YI, "50亿–100亿元", "CNY 5–10 bn"),
    SizeBand("10_50", 10 * YI, "10亿–50亿元", "CNY 1–5 bn"),
    SizeBand("1_10", YI, "1亿–10亿元", "CNY 100 m–1 bn"),
    SizeBand("under_1", Decimal(0), "1亿元以下", "under CNY 100 m"),
)
SIZE_BAND_BY_CODE = {band.code: band for band in SIZE_BANDS}
# The standard counts of district reports (亿元以上项目, 招大引强 tiers).
SIZE_FLAGS: tuple[tuple[Decimal, str], ...] = (
    (YI, "亿元以上"),
    (10 * YI, "10亿元以上"),
    (50 * YI, "50亿元以上"),
    (100 * YI, "100亿元以上"),
)


def size_flags(cny_yuan: Decimal | None) -> list[str]:
    """The report counts a project of this CNY-equivalent size falls into."""
    if cny_yuan is None:
        return []
    return [label for floor, label in SIZE_FLAGS if cny_yuan >= floor]


# Fields a FIGURES event may set, and how a JSON value becomes a state value.
SCALAR_FIELDS = (
    "name",
    "unit_id",
    "parent_id",
    "phase",
    "chain",
    "build_type",
    "capital_origin",
    "attraction_method",
)
DECIMAL_FIELDS = ("land_mu", "progress_pct")
MONEY_FIELDS = ("investment", "annual_output")
LIST_FIELDS = ("investors", "capacities")
FIGURE_FIELDS = SCALAR_FIELDS + DECIMAL_FIELDS + MONEY_FIELDS + LIST_FIELDS


@dataclass(frozen=True)
class ProjectState:
    code: str = ""
    name: str = ""
    unit_id: int | None = None
    parent_id: int | None = None
    phase: str | None = None
    chain: str | None = None
    build_type: str | None = None
    capital_origin: str | None = None
    attraction_method: str | None = None
    land_mu: Decimal | None = None
    progress_pct: Decimal | None = None
    investment: Money | None = None
    annual_output: Money | None = None
    investors: tuple[Investor, ...] = ()
    capacities: tuple[Capacity, ...] = ()
    stage: Stage | None = None
    reached: Mapping[Stage, date] = field(default_factory=dict)
    planned: Mapping[Stage, date] = field(default_factory=dict)
    # How precisely each plan was said when not to the day (month, quarter, year): a plan
    # for 2026 is dated 2026-12-31 and shown as 2026年.
    planned_precision: Mapping[Stage, str] = field(default_factory=dict)
    # A person rejected the fact that created the project (a document named something that
    # is no project): it is kept with its trail but counted nowhere.
    withdrawn: bool = False
    # Its creation waits for a reviewer (a report placed it outside the district): counted
    # nowhere until the creation is confirmed.
    held_for_review: bool = False
    # Which claim set each figure (see `Precedence`); not part of the state's value.
    claims: Mapping[str, Precedence] = field(default_factory=dict, compare=False)

    @property
    def stage_reached_on(self) -> date | None:
        return self.reached.get(self.stage) if self.stage else None

    @property
    def size_band(self) -> SizeBand | None:
        if self.investment is None:
            return None
        yuan = self.investment.in_cny_equivalent()
        return next(band for band in SIZE_BANDS if yuan >= band.floor_yuan)

    @property
    def next_planned(self) -> tuple[Stage, date] | None:
        """The earliest planned date of a stage after the current one and not yet reached."""
        current = self.stage.order if self.stage else -1
        pending = [
            (when, stage)
            for stage, when in self.planned.items()
            if stage.order > current and stage not in self.reached
        ]
        if not pending:
            return None
        when, stage = min(pending, key=lambda item: (item[0], item[1].order))
        return stage, when

    @property
    def next_planned_precision(self) -> str | None:
        upcoming = self.next_planned
        return self.planned_precision.get(upcoming[0]) if upcoming else None


@dataclass(frozen=True, order=True)
class Precedence:
    """Who wins when sources disagree: a person's edit (or sheet) beats an official report
    beats news; within a rank the later date the source speaks for wins, then the later event."""

    rank: int
    stated_on: date
    sequence: int


class EventLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def payload(self) -> dict[str, Any]: ...
    @property
    def source_rank(self) -> int: ...
    @property
    def stated_on(self) -> date | None: ...


def replay(events: Iterable[EventLike]) -> ProjectState:
    """The state the events describe; retracted events count as never having happened."""
    ordered = list(events)
    retracted = _judged(ordered, EventKind.RETRACTED)
    state = ProjectState()
    for event in ordered:
        if event.id not in retracted:
            state = apply_event(state, event.kind, event.payload, precedence_of(event))
        elif event.kind == EventKind.CREATED.value:
            state = _withdrawn(apply_event(state, event.kind, event.payload))
    return _held_until_confirmed(state, ordered)


def _judged(events: Sequence[EventLike], verdict: EventKind) -> set[int]:
    """The ids of the events a person confirmed (or retracted)."""
    return {e.payload["event_id"] for e in events if e.kind == verdict.value}


def _held_until_confirmed(state: ProjectState, events: Sequence[EventLike]) -> ProjectState:
    held = [e for e in events if e.kind == EventKind.CREATED.value and e.payload.get("review")]
    if not held or held[0].id in _judged(events, EventKind.CONFIRMED) or state.withdrawn:
        return state
    return replace(state, held_for_review=True)


def _withdrawn(state: ProjectState) -> ProjectState:
    """A project whose creation was rejected keeps its name, unit and stage for its own page."""
    return replace(state, withdrawn=True)


def precedence_of(event: EventLike) -> Precedence:
    return Precedence(event.source_rank, event.stated_on or date.min, event.id)


def apply_event(
    state: ProjectState,
    kind: str,
    payload: Mapping[str, Any],
    precedence: Precedence | None = None,
) -> ProjectState:
    """One event's effect; without a precedence the event wins every figure it states."""
    match EventKind(kind):
        case EventKind.CREATED:
            created = replace(state, code=payload["code"])
            created = _claim_figures(created, payload, precedence)
            return reach_stage(created, Stage(payload["stage"]), _date(payload.get("stage_on")))
        case EventKind.FIGURES:
            return _claim_figures(state, payload, precedence)
        case EventKind.STAGE_REACHED:
            return _claim_stage(
                state, Stage(payload["stage"]), _date(payload.get("on")), precedence
            )
        case EventKind.STAGE_PLANNED:
            return _claim_plan(
                state,
                Stage(payload["stage"]),
                _date(payload.get("on")),
                precedence,
                payload.get("precision"),
            )
        case EventKind.NOTE | EventKind.RETRACTED | EventKind.CONFIRMED:
            return state


def _wins(state: ProjectState, key: str, precedence: Precedence | None) -> bool:
    held = state.claims.get(key)
    return precedence is None or held is None or precedence >= held


def _with_claims(
    state: ProjectState, keys: Iterable[str], precedence: Precedence | None
) -> dict[str, Precedence]:
    claims = dict(state.claims)
    if precedence is not None:
        claims.update((key, precedence) for key in keys)
    return claims


def _claim_figures(
    state: ProjectState, payload: Mapping[str, Any], precedence: Precedence | None
) -> ProjectState:
    won = {k: v for k, v in figures_from_payload(payload).items() if _wins(state, k, precedence)}
    return replace(state, claims=_with_claims(state, won, precedence), **won)


def _claim_stage(
    state: ProjectState, stage: Stage, on: date | None, precedence: Precedence | None
) -> ProjectState:
    """A person may move a stage back; a document only fills in a date it has not got."""
    backwards = state.stage is not None and stage.order < state.stage.order
    if backwards and precedence is not None and precedence.rank < RANK_PERSON:
        if on is None or stage in state.reached:
            return state
        return replace(state, reached={**state.reached, stage: on})
    return reach_stage(state, stage, on)


def _claim_plan(
    state: ProjectState,
    stage: Stage,
    on: date | None,
    precedence: Precedence | None,
    precision: str | None = None,
) -> ProjectState:
    key = f"planned:{stage.value}"
    if not _wins(state, key, precedence):
        return state
    planned = plan_stage(state, stage, on, precision)
    return replace(planned, claims=_with_claims(state, [key], precedence))


def reach_stage(state: ProjectState, stage: Stage, on: date | None) -> ProjectState:
    """Move to `stage`; moving back forgets the dates of the stages undone."""
    reached = {s: d for s, d in state.reached.items() if s.order < stage.order}
    if on is not None:
        reached[stage] = on
    return replace(state, stage=stage, reached=reached)


def plan_stage(
    state: ProjectState, stage: Stage, on: date | None, precision: str | None = None
) -> ProjectState:
    planned = dict(state.planned)
    precisions = dict(state.planned_precision)
    precisions.pop(stage, None)
    if on is None:
        planned.pop(stage, None)
    else:
        planned[stage] = on
        if precision in ("month", "quarter", "year"):
            precisions[stage] = precision
    return replace(state, planned=planned, planned_precision=precisions)


def figures_from_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Turn the JSON of an event into state values; keys not present are left alone."""
    values: dict[str, Any] = {}
    for key in FIGURE_FIELDS:
        if key in payload:
            values[key] = _decode(key, payload[key])
    return values


def figures_to_payload(values: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of `figures_from_payload`: state values to JSON-safe values."""
    unknown = set(values) - set(FIGURE_FIELDS)
    if unknown:
        raise ValueError(f"unknown project fields: {sorted(unknown)}")
    return {key: _encode(key, value) for key, value in values.items()}


def _decode(key: str, value: Any) -> Any:
    if value is None:
        return () if key in LIST_FIELDS else None
    if key in DECIMAL_FIELDS:
        return Decimal(value)
    if key in MONEY_FIELDS:
        return Money(Decimal(value["amount"]), value["currency"])
    if key == "investors":
        return tuple(Investor(item["enterprise_id"], item["name"]) for item in value)
    if key == "capacities":
        return tuple(
            Capacity(Decimal(item["value"]), item["unit"], item.get("product")) for item in value
        )
    return value


def _encode(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key in DECIMAL_FIELDS:
        return str(value)
    if key in MONEY_FIELDS:
        return {"amount": str(value.amount), "currency": value.currency}
    if key == "investors":
        return [{"enterprise_id": i.enterprise_id, "name": i.name} for i in value]
    if key == "capacities":
        return [{"value": str(c.value), "unit": c.unit, "product": c.product} for c in value]
    return value


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def stages_after(stage: Stage | None) -> tuple[Stage, ...]:
    current = stage.order if stage else -1
    return tuple(s for s in STAGES if s.order > current)


@dataclass(frozen=True)
class Claim:
    """One source's value for one figure of a project."""

    field: str
    value: Any
    event_id: int
    precedence: Precedence
    shown: bool


def figure_claims(events: Iterable[EventLike]) -> dict[str, list[Claim]]:
    """Every value stated for each figure, strongest first; `shown` marks the one the rule
    (person > official report > news, then newer) picked. Only figures with a disagreement."""
    ordered = list(events)
    retracted = {e.payload["event_id"] for e in ordered if e.kind == EventKind.RETRACTED.value}
    stated: dict[str, list[tuple[Precedence, Any, int]]] = {}
    for event in ordered:
        if event.id in retracted or event.kind not in (EventKind.CREATED, EventKind.FIGURES):
            continue
        for key, value in figures_from_payload(event.payload).items():
            if key in CLAIMED_FIGURES and value not in (None, ()):
                stated.setdefault(key, []).append((precedence_of(event), value, event.id))
    return {
        key: _ranked_claims(key, values)
        for key, values in stated.items()
        if len({repr(value) for _, value, _ in values}) > 1
    }


CLAIMED_FIGURES = frozenset(
    {"investment", "annual_output", "land_mu", "progress_pct", "capacities", "investors"}
)


def _ranked_claims(key: str, values: list[tuple[Precedence, Any, int]]) -> list[Claim]:
    ranked = sorted(values, key=lambda item: item[0], reverse=True)
    return [
        Claim(key, value, event_id, precedence, shown=n == 0)
        for n, (precedence, value, event_id) in enumerate(ranked)
    ]

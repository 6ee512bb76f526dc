"""What extraction finds: project facts and indicator facts, each with its evidence.

These are plain values: no database, no files. `to_json` gives the shape of the
`taizhang extract --format jsonl` contract (see ../shared/eval/GUIDELINES.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

STAGE_WORDS = ("洽谈", "签约", "供地", "开工", "竣工", "投产", "达产")


@dataclass(frozen=True)
class Span:
    """A stretch of the document's text: [start, end) character offsets and the text there."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class FieldSpan:
    """Where one field of a project fact was read: the sentence, and the words in it that
    give the value (总投资110亿元 in “项目总投资110亿元，年产…”). Document offsets, like `Span`."""

    field: (
        str  # investment, annual_output, capacity, land_mu, progress_pct, stage, planned_production
    )
    sentence: Span
    words: Span


@dataclass(frozen=True)
class Amount:
    """Money in units of its currency (110亿元 → 11000000000 CNY), with 约/超/近/逾 kept."""

    amount: Decimal
    currency: str = "CNY"
    qualifier: str | None = None

    def to_json(self, *, with_qualifier: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"amount": _number(self.amount), "currency": self.currency}
        if with_qualifier:
            data["qualifier"] = self.qualifier
        return data


@dataclass(frozen=True)
class CapacityItem:
    value: Decimal
    unit: str
    product: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"value": _number(self.value), "unit": self.unit, "product": self.product}


@dataclass
class ProjectFact:
    """Everything the text says about one project (or one phase of it)."""

    enterprise: str | None = None
    name: str | None = None
    phase: str | None = None
    location: str | None = None
    investment: Amount | None = None
    capacity: list[CapacityItem] = field(default_factory=list)
    land_mu: Decimal | None = None
    annual_output: Amount | None = None
    stage: str | None = None
    planned_production: str | None = None
    progress_pct: Decimal | None = None
    evidence: list[Span] = field(default_factory=list)
    # Not in the JSON contract: each field's own sentence and words, and the planned
    # production's period as `kernel.periods` reads it (2026, 2026-Q3, 2026-06).
    field_spans: list[FieldSpan] = field(default_factory=list)
    planned_period: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "enterprise": self.enterprise,
            "name": self.name,
            "phase": self.phase,
            "location": self.location,
            "investment": self.investment.to_json() if self.investment else None,
            "capacity": [c.to_json() for c in self.capacity],
            "land_mu": _number(self.land_mu),
            "annual_output": (
                self.annual_output.to_json(with_qualifier=False) if self.annual_output else None
            ),
            "stage": self.stage,
            "planned_production": self.planned_production,
            "progress_pct": _number(self.progress_pct),
            "evidence": [span.to_json() for span in self.evidence],
        }


@dataclass(frozen=True)
class IndicatorFact:
    """An aggregate figure: 洽谈项目263个, 规上工业总产值38.09亿元 (同比增长7.1%)."""

    region: str | None
    metric: str
    value: Decimal
    unit: str
    period: str | None
    yoy_pct: Decimal | None
    evidence: Span

    def to_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "metric": self.metric,
            "value": _number(self.value),
            "unit": self.unit,
            "period": self.period,
            "yoy_pct": _number(self.yoy_pct),
            "evidence": self.evidence.to_json(),
        }


@dataclass
class Extraction:
    published: date | None = None
    projects: list[ProjectFact] = field(default_factory=list)
    indicators: list[IndicatorFact] = field(default_factory=list)


def _number(value: Decimal | None) -> int | float | None:
    """JSON numbers: integers stay integers (11000000000), others become floats (20.87)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)

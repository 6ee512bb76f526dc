"""What is known of one project (a family) and each of its phases, and how it is reported.

A family is one project with its phases: `entries[None]` is the whole project, `entries["一期"]`
its first phase. Facts add up per entry (the higher rank wins; stages keep the latest).
When reporting (GUIDELINES settled cases 1 and 2): whole-project facts that describe exactly
one phase (same capacity or a compatible investment) are that phase's; the whole project
is 投产 when a phase produces and 竣工 when a phase is finished; a whole project with no
facts of its own is not reported when it has phases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from taizhang.intake.extract.figures import Fact
from taizhang.intake.extract.stages import STAGE_ORDER, later_stage
from taizhang.intake.facts import Amount, CapacityItem, FieldSpan, ProjectFact, Span

_COMPANY_END = re.compile(r"(?:公司|集团|会社)$")
_LEGAL_TAIL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团|股份|公司|科技)$")
_SHORT_CORE = 2
_PHASE_ORDER = {"一期": 1, "二期": 2, "三期": 3, "四期": 4, "五期": 5}
# The project field each kind of fact fills.
_FIELDS = {
    "investment": "investment",
    "output": "annual_output",
    "capacity": "capacity",
    "land": "land_mu",
    "progress": "progress_pct",
    "stage": "stage",
    "plan": "planned_production",
}
# The attribute of an entry each kind of fact sets.
_ATTRIBUTES = {
    "investment": "investment",
    "output": "output",
    "land": "land",
    "progress": "progress",
    "stage": "stage",
    "plan": "plan",
}


@dataclass
class Entry:
    investment: tuple[int, Amount] | None = None
    capacity: list[CapacityItem] = field(default_factory=list)
    land: Decimal | None = None
    output: tuple[int, Amount] | None = None
    stage: str | None = None
    plan: str | None = None
    progress: Decimal | None = None
    evidence: list[Span] = field(default_factory=list)
    plan_period: str | None = None
    # where each field's value was read (capacity: one per item)
    spans: dict[str, list[FieldSpan]] = field(default_factory=dict)

    def add(self, fact: Fact, span: Span) -> None:
        before = self._value(fact.kind)
        if self._take(fact) and span not in self.evidence:
            self.evidence.append(span)
        if self._value(fact.kind) is not before:
            self._note_source(fact, span)

    def _value(self, kind: str) -> object:
        """What the fact's field holds now (for capacities: how many items)."""
        if kind == "capacity":
            return len(self.capacity)
        return getattr(self, _ATTRIBUTES[kind], None) if kind in _ATTRIBUTES else None

    def _note_source(self, fact: Fact, span: Span) -> None:
        """The fact's sentence and words become its field's source: it set the value."""
        name = _FIELDS[fact.kind]
        source = FieldSpan(name, span, fact.words or span)
        if name == "capacity":
            self.spans.setdefault(name, []).append(source)
        else:
            self.spans[name] = [source]
        if fact.kind == "plan":
            self.plan_period = fact.period

    def _take(self, fact: Fact) -> bool:
        if fact.kind == "investment" and fact.amount is not None:
            self.investment = _better(self.investment, (fact.rank, fact.amount))
        elif fact.kind == "output" and fact.amount is not None:
            self.output = _better(self.output, (fact.rank, fact.amount))
        elif fact.kind == "capacity" and fact.item is not None:
            if not any(_same_item(fact.item, c) for c in self.capacity):
                self.capacity.append(fact.item)
        elif fact.kind == "land" and fact.number is not None:
            self.land = self.land if self.land is not None else fact.number
        elif fact.kind == "progress" and fact.number is not None:
            self.progress = fact.number
        elif fact.kind == "stage" and fact.word is not None:
            self.stage = later_stage(self.stage, fact.word)
        elif fact.kind == "plan" and fact.word is not None:
            self.plan = _better_plan(self.plan, fact.word)
        else:
            return False
        return True

    def has_facts(self) -> bool:
        values = (self.investment, self.land, self.output, self.stage, self.plan, self.progress)
        return bool(self.capacity) or any(v is not None for v in values)

    def absorb(self, other: Entry) -> None:
        """Take the other entry's facts where this one has none (its own stay)."""
        self.investment = _better(self.investment, other.investment)
        self.output = _better(self.output, other.output)
        for item in other.capacity:
            if not any(_same_item(item, c) for c in self.capacity):
                self.capacity.append(item)
        self.land = self.land if self.land is not None else other.land
        self.progress = self.progress if self.progress is not None else other.progress
        self.stage = later_stage(self.stage, other.stage)
        if self.plan is None and other.plan is not None:
            self.plan_period = other.plan_period
        self.plan = self.plan or other.plan
        self.evidence += [s for s in other.evidence if s not in self.evidence]
        self._absorb_spans(other)

    def _absorb_spans(self, other: Entry) -> None:
        """Each field keeps the source of the value it ended with."""
        values = {
            "investment": (self.investment, other.investment),
            "annual_output": (self.output, other.output),
            "land_mu": (self.land, other.land),
            "progress_pct": (self.progress, other.progress),
            "stage": (self.stage, other.stage),
            "planned_production": (self.plan, other.plan),
        }
        for name, (mine, theirs) in values.items():
            if name in other.spans and (name not in self.spans or mine is theirs):
                self.spans[name] = list(other.spans[name])
        items = {(c.value, c.unit) for c in self.capacity}
        kept = self.spans.get("capacity", [])
        kept += [s for s in other.spans.get("capacity", []) if s not in kept]
        if kept and items:
            self.spans["capacity"] = kept


def _better(
    current: tuple[int, Amount] | None, new: tuple[int, Amount] | None
) -> tuple[int, Amount] | None:
    if current is None:
        return new
    if new is None:
        return current
    return new if new[0] > current[0] else current


def _better_plan(current: str | None, new: str) -> str:
    if current is None or (len(new) > len(current) and new.startswith(current)):
        return new
    return current


def _same_item(a: CapacityItem, b: CapacityItem) -> bool:
    return a.unit.lower() == b.unit.lower() and a.value == b.value


@dataclass
class Family:
    order: int
    name: str | None = None
    enterprise: str | None = None
    enterprise_rank: int = -1
    location: str | None = None
    keys: list[str] = field(default_factory=list)
    entries: dict[str | None, Entry] = field(default_factory=dict)
    headline: bool = False  # first named in a heading

    def entry(self, phase: str | None) -> Entry:
        return self.entries.setdefault(phase, Entry())

    def set_enterprise(self, name: str | None, rank: int) -> None:
        """The best-ranked investor name. A full name given first is not replaced by its
        short form (德国施泰纳汽车技术集团 … 施泰纳集团); a full company name replaces its
        short form."""
        if not name or name == self.enterprise:
            return
        current = self.enterprise
        if current and _short_form(name, current):
            return
        if rank > self.enterprise_rank or (
            current and _COMPANY_END.search(name) and _short_form(current, name)
        ):
            self.enterprise, self.enterprise_rank = name, max(rank, self.enterprise_rank)


def report(family: Family) -> list[ProjectFact]:
    """The family's project facts: the whole project and/or its phases."""
    whole = family.entries.get(None)
    phases = {p: e for p, e in family.entries.items() if p is not None and e.has_facts()}
    if whole is not None and whole.has_facts() and phases:
        target = _phase_described(whole, phases)
        if target is not None:
            phases[target].absorb(whole)
            whole = None
    facts = []
    if whole is not None and whole.has_facts():
        if phases:
            whole.stage = later_stage(whole.stage, _stage_from_phases(phases))
        facts.append(_project(family, None, whole))
    for phase in sorted(phases, key=lambda p: _PHASE_ORDER.get(p, 9)):
        facts.append(_project(family, phase, phases[phase]))
    return facts


def _phase_described(whole: Entry, phases: dict[str, Entry]) -> str | None:
    matches = [p for p, e in phases.items() if _describes(whole, e)]
    return matches[0] if len(matches) == 1 else None


def _describes(whole: Entry, phase: Entry) -> bool:
    """Whole-project facts that are this phase's: a compatible investment, or the same
    capacity plus something more (a capacity alone may just be the project's name)."""
    if whole.investment and phase.investment:
        return _compatible(whole.investment, phase.investment)
    shared = any(_same_item(a, b) for a in whole.capacity for b in phase.capacity)
    others = (whole.land, whole.output, whole.stage, whole.plan, whole.progress)
    return shared and any(v is not None for v in others)


def _compatible(a: tuple[int, Amount], b: tuple[int, Amount]) -> bool:
    x, y = a[1], b[1]
    if x.currency != y.currency:
        return False
    if x.amount == y.amount:
        return True
    return _within_bound(x, y.amount) or _within_bound(y, x.amount)


def _within_bound(bound: Amount, value: Decimal) -> bool:
    if bound.qualifier in ("超", "逾", "不低于"):
        return value >= bound.amount
    if bound.qualifier == "不超过":
        return value <= bound.amount
    if bound.qualifier == "近":
        return bound.amount * Decimal("0.8") <= value <= bound.amount
    if bound.qualifier == "约":
        return abs(value - bound.amount) <= bound.amount * Decimal("0.1")
    return False


def _stage_from_phases(phases: dict[str, Entry]) -> str | None:
    ranks = [STAGE_ORDER[e.stage] for e in phases.values() if e.stage is not None]
    if not ranks:
        return None
    if max(ranks) >= STAGE_ORDER["投产"]:
        return "投产"
    if max(ranks) == STAGE_ORDER["竣工"]:
        return "竣工"
    # by analogy (corpus README): the whole is under construction when its 一期 is
    first = phases.get("一期")
    return "开工" if first is not None and first.stage == "开工" else None


def _project(family: Family, phase: str | None, entry: Entry) -> ProjectFact:
    return ProjectFact(
        enterprise=family.enterprise,
        name=family.name,
        phase=phase,
        location=family.location,
        investment=entry.investment[1] if entry.investment else None,
        capacity=list(entry.capacity),
        land_mu=entry.land,
        annual_output=entry.output[1] if entry.output else None,
        stage=entry.stage,
        planned_production=entry.plan,
        progress_pct=entry.progress,
        evidence=sorted(entry.evidence, key=lambda s: s.start),
        field_spans=sorted(
            (s for spans in entry.spans.values() for s in spans),
            key=lambda s: (s.words.start, s.field),
        ),
        planned_period=entry.plan_period if entry.plan else None,
    )


def _short_form(short: str, full: str) -> bool:
    """'施泰纳集团' of '德国施泰纳汽车技术集团', '凯欣新能源' of '宜宾凯欣新能源材料有限公司'."""
    core, whole = _LEGAL_TAIL.sub("", short), _LEGAL_TAIL.sub("", full)
    return len(short) < len(full) and len(core) >= _SHORT_CORE and core in whole

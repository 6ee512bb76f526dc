"""Filing extracted facts into the ledger: the same enterprise under its short and full names
is one enterprise, the same project in several documents is one project, and every fact is an
event whose source is the document and the sentences that state it.

A document is filed once: filing it again (same text) changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from taizhang.enterprises.registry import core_name, resolve_enterprise
from taizhang.intake.facts import FieldSpan, ProjectFact, Span
from taizhang.intake.places import placement
from taizhang.kernel.errors import Invalid
from taizhang.kernel.money import Money
from taizhang.kernel.periods import Period, parse_period
from taizhang.kernel.sources import Document, Source, SourceKind
from taizhang.kernel.stages import Stage, is_backwards
from taizhang.org.models import Unit, User
from taizhang.org.units import find_unit, is_compound_party
from taizhang.projects.commands import change_figures, create_project, plan_stage, reach_stage
from taizhang.projects.models import COUNTED, Project, ProjectInvestor
from taizhang.projects.projection import Capacity, Investor

logger = logging.getLogger(__name__)
NAME_MATCH = 0.6
NAME_ONLY_MATCH = 0.85
SOLE_MATCH = 0.45  # the investor's only project of the phase
# Words of traditional-script (Taiwan, Hong Kong) reports that OpenCC's t2s leaves as they are.
REGIONAL_WORDS = {"晶片": "芯片", "软体": "软件", "网路": "网络", "资讯": "信息", "记忆体": "内存"}
BEHIND_LEDGER = "文档所述阶段早于台账当前阶段，仅补记该阶段日期"


@dataclass(frozen=True)
class IncomingDocument:
    """A document ready to file: its text as read, and what extraction found in it
    (spans already in the coordinates of `text`)."""

    title: str
    path: str | None
    text: str
    published: date | None
    official: bool
    projects: Sequence[ProjectFact]


@dataclass(frozen=True)
class FilingSummary:
    document_id: int
    already_filed: bool
    created: int = 0
    updated: int = 0
    held: int = 0  # created but held for review: the report placed them outside the district


def document_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_document(
    session: Session,
    incoming: IncomingDocument,
    *,
    unit: Unit | None,
    actor: User | None,
    now: datetime,
) -> FilingSummary:
    """File one document's projects; flushes, never commits (the caller owns the transaction)."""
    digest = document_digest(incoming.text)
    known = session.scalar(select(Document).where(Document.sha256 == digest))
    if known is not None:
        return FilingSummary(known.id, already_filed=True)
    document = _store_document(session, incoming, digest)
    filer = _Filer(session, incoming, document, unit, actor, now)
    outcomes = [filer.file(fact) for fact in _wholes_first(incoming.projects)]
    logger.info("filed document %s: %d projects", document.id, len(outcomes))
    return FilingSummary(
        document.id,
        False,
        created=outcomes.count("created") + outcomes.count("held"),
        updated=outcomes.count("updated"),
        held=outcomes.count("held"),
    )


def _store_document(session: Session, incoming: IncomingDocument, digest: str) -> Document:
    document = Document(
        title=incoming.title[:300],
        kind="official" if incoming.official else "news",
        path=incoming.path,
        sha256=digest,
        published_on=incoming.published,
        text=incoming.text,
    )
    session.add(document)
    session.flush()
    return document


def _wholes_first(facts: Sequence[ProjectFact]) -> list[ProjectFact]:
    """Whole projects before their phases, so a phase can find its parent."""
    return sorted(facts, key=lambda fact: fact.phase is not None)


class _Filer:
    """Files the facts of one document; remembers the wholes it filed for their phases."""

    def __init__(
        self,
        session: Session,
        incoming: IncomingDocument,
        document: Document,
        unit: Unit | None,
        actor: User | None,
        now: datetime,
    ) -> None:
        self.session, self.incoming, self.document = session, incoming, document
        self.unit, self.actor, self.now = unit, actor, now
        self.wholes: dict[str, Project] = {}
        self.own_places = tuple(session.scalars(select(Unit.name)))
        self.district_code = _top_unit(session).code

    def file(self, fact: ProjectFact) -> str:
        investors = self._investors(fact)
        project = find_project(self.session, fact, investors)
        outcome = "updated"
        if project is None:
            held = self._held_for_review(fact)
            project = self._open(fact, investors, held)
            outcome = "held" if held else "created"
        self._state_facts(project, fact, investors)
        if fact.phase is None:
            self.wholes[_project_key(fact)] = project
        return outcome

    def _whole_of(self, fact: ProjectFact, investors: tuple[Investor, ...]) -> Project:
        """The whole project a phase belongs to: filed from this document, already in the
        ledger, or opened now (with no figures of its own) so that 一期 and 二期 share it."""
        key = _project_key(fact)
        if key not in self.wholes:
            whole = replace(fact, phase=None)
            found = find_project(self.session, whole, investors)
            held = None if found else self._held_for_review(fact)
            self.wholes[key] = found or self._open(whole, investors, held)
        return self.wholes[key]

    def _investors(self, fact: ProjectFact) -> tuple[Investor, ...]:
        if not fact.enterprise:
            return ()
        enterprise = resolve_enterprise(self.session, fact.enterprise)
        return (Investor(enterprise.id, enterprise.name),)

    def _held_for_review(self, fact: ProjectFact) -> str | None:
        """Why a new project waits for a reviewer: the report places it outside the district."""
        where = placement(
            [span.text for span in fact.evidence],
            _lines_around(self.incoming.text, fact.evidence),
            self.own_places,
            self.district_code,
        )
        if not where.outside:
            return None
        named = "、".join(where.elsewhere[:3])
        return (
            f"文中地点为{named}，不在本区，待审核确认 (the report places it outside the district)"
        )

    def _open(
        self, fact: ProjectFact, investors: tuple[Investor, ...], held: str | None = None
    ) -> Project:
        name = project_name(fact)
        return create_project(
            self.session,
            name=name,
            unit=self._unit_for(fact),
            stage=Stage.TALKS,
            figures={"phase": fact.phase, "investors": investors},
            source=self._source(fact.evidence),
            actor=self.actor,
            now=self.now,
            held_for_review=held,
        )

    def _unit_for(self, fact: ProjectFact) -> Unit:
        if fact.location:
            try:
                found = find_unit(self.session, fact.location)
            except Invalid:
                found = None
            if found is not None and _within(found, self.unit) and not is_compound_party(found):
                return found
        if self.unit is not None:
            return self.unit
        return _top_unit(self.session)

    def _state_facts(
        self, project: Project, fact: ProjectFact, investors: tuple[Investor, ...]
    ) -> None:
        """One figures event per sentence that states figures, citing that sentence and the
        figures' words in it; the stage and the planned date each cite their own sentence."""
        figures = _figures(fact, investors)
        parent = self._whole_of(fact, investors) if fact.phase else None
        if parent is not None and project.parent_id != parent.id:
            figures["parent_id"] = parent.id
        for group, evidence in _by_sentence(figures, fact):
            change_figures(
                self.session,
                project,
                group,
                source=self._source(evidence),
                actor=self.actor,
                occurred_on=self.incoming.published,
                now=self.now,
            )
        if fact.stage:
            self._reach(project, Stage.parse(fact.stage), self._field_source(fact, "stage"))
        planned = planned_period(fact)
        if planned is not None:
            plan_stage(
                self.session,
                project,
                Stage.PRODUCTION,
                on=planned.end,
                source=self._field_source(fact, "planned_production"),
                actor=self.actor,
                now=self.now,
                precision=planned.kind,
            )

    def _field_source(self, fact: ProjectFact, name: str) -> Source:
        """The sentence a field was read from, its words marked; all evidence if unknown."""
        spans = [s for s in fact.field_spans if s.field == name]
        return self._source(spans or fact.evidence)

    def _reach(self, project: Project, stage: Stage, source: Source) -> None:
        """A document stating an earlier stage only fills in that stage's date."""
        behind = is_backwards(Stage(project.stage), stage)
        reach_stage(
            self.session,
            project,
            stage,
            on=self.incoming.published,
            source=source,
            actor=self.actor,
            reason=BEHIND_LEDGER if behind else None,
            now=self.now,
            precision="day" if self.incoming.published else None,
        )

    def _source(self, evidence: Sequence[Span] | Sequence[FieldSpan]) -> Source:
        """A document source quoting the evidence sentences; field spans quote their one
        sentence and mark the field's words in it."""
        marks = tuple(
            sorted({(s.words.start, s.words.end) for s in evidence if isinstance(s, FieldSpan)})
        )
        sentences = _sentences(evidence)
        return Source(
            SourceKind.DOCUMENT,
            label=self.document.title,
            document_id=self.document.id,
            span=(sentences[0].start, sentences[-1].end) if sentences else None,
            quote="\n".join(span.text for span in sentences) or None,
            official=self.incoming.official,
            stated_on=self.incoming.published,
            marks=marks,
        )


# The project fields (facts.FieldSpan.field) the figures of `_figures` are read from.
FIGURE_FIELDS = {
    "investment": "investment",
    "annual_output": "annual_output",
    "land_mu": "land_mu",
    "progress_pct": "progress_pct",
    "capacities": "capacity",
}


def _by_sentence(
    figures: dict[str, Any], fact: ProjectFact
) -> list[tuple[dict[str, Any], Sequence[Span] | Sequence[FieldSpan]]]:
    """The figures grouped by the sentence each was read from, in the order of the text, with
    the field spans of each group. Figures read from no one sentence (the investor, the whole
    project a phase belongs to) go with the first group, or alone citing all the evidence."""
    groups: dict[tuple[int, int], tuple[dict[str, Any], list[FieldSpan]]] = {}
    loose: dict[str, Any] = {}
    for key, value in figures.items():
        spans = [s for s in fact.field_spans if s.field == FIGURE_FIELDS.get(key)]
        if not spans:
            loose[key] = value
            continue
        sentence = (spans[0].sentence.start, spans[0].sentence.end)
        group, marked = groups.setdefault(sentence, ({}, []))
        group[key] = value
        marked += [s for s in spans if (s.sentence.start, s.sentence.end) == sentence]
    ordered: list[tuple[dict[str, Any], Sequence[Span] | Sequence[FieldSpan]]] = [
        groups[key] for key in sorted(groups)
    ]
    if loose and ordered:
        ordered[0][0].update(loose)
    elif loose:
        ordered.append((loose, fact.evidence))
    return ordered


def _sentences(evidence: Sequence[Span] | Sequence[FieldSpan]) -> list[Span]:
    found: list[Span] = []
    for item in evidence:
        sentence = item.sentence if isinstance(item, FieldSpan) else item
        if sentence not in found:
            found.append(sentence)
    return sorted(found, key=lambda s: s.start)


def _figures(fact: ProjectFact, investors: tuple[Investor, ...]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    if investors:
        figures["investors"] = investors
    if fact.investment is not None:
        figures["investment"] = Money(fact.investment.amount, fact.investment.currency)
    if fact.annual_output is not None:
        figures["annual_output"] = Money(fact.annual_output.amount, fact.annual_output.currency)
    if fact.land_mu is not None:
        figures["land_mu"] = fact.land_mu
    if fact.progress_pct is not None:
        figures["progress_pct"] = fact.progress_pct
    if fact.capacity:
        figures["capacities"] = tuple(
            Capacity(item.value, item.unit, item.product) for item in fact.capacity
        )
    return figures


def project_name(fact: ProjectFact) -> str:
    if fact.name:
        return fact.name[:200]
    return f"{fact.enterprise or '未具名企业'}项目"[:200]


def _lines_around(text: str, evidence: Sequence[Span]) -> list[str]:
    """The lines (paragraphs, as reports are laid out) each piece of evidence stands in, with
    the line before each."""
    lines = []
    for span in evidence:
        start = text.rfind("\n", 0, span.start) + 1
        end = text.find("\n", span.end)
        before = text[:start].rstrip().rsplit("\n", 1)[-1]
        lines += [before, text[start : end if end >= 0 else len(text)]]
    return lines


def _project_key(fact: ProjectFact) -> str:
    return f"{fact.enterprise or ''}|{project_name(fact)}"


def planned_period(fact: ProjectFact) -> Period | None:
    """The period production is planned for, as precise as the text said it: 2027, 2026-Q3,
    2026-06. It is dated by its last day: a plan is late only after its period."""
    text = fact.planned_period or fact.planned_production
    if not text:
        return None
    try:
        return parse_period(text)
    except Invalid:
        logger.warning("unreadable planned period %r", text)
        return None


def find_project(
    session: Session, fact: ProjectFact, investors: tuple[Investor, ...]
) -> Project | None:
    """The ledger's project this fact is about: same phase, and either the same investor with
    a similar name, or a very similar name on a project whose investor is not yet known.

    An investor's only project of the phase is matched more readily: its only 一期 is the 一期
    a report speaks of, and its only project is the one a report names in other words (the
    brand left out, regional wording such as 晶片 for 芯片 read alike)."""
    wanted = _name_core(project_name(fact))
    candidates = _same_investor(session, fact, investors)
    if len(candidates) == 1 and fact.phase is not None:
        return candidates[0]
    brand = core_name(investors[0].name) if investors else ""
    threshold = SOLE_MATCH if len(candidates) == 1 else NAME_MATCH
    similar = ((_investor_name_similarity(wanted, p.name, brand), p) for p in candidates)
    scored = [(similarity, p.id, p) for similarity, p in similar if similarity >= threshold]
    scored += [
        (similarity, pid, p)
        for similarity, pid, p in (
            (name_similarity(wanted, _name_core(p.name)), p.id, p)
            for p in _without_investor(session, fact, wanted)
        )
        if similarity >= NAME_ONLY_MATCH
    ]
    best = max(scored, default=None, key=lambda s: (s[0], s[1]))
    return best[2] if best else None


def _investor_name_similarity(wanted: str, name: str, brand: str) -> float:
    """How alike two project names of one investor are, read without the investor's brand."""
    return max(
        name_similarity(wanted, _name_core(name)),
        name_similarity(_plain(wanted, brand), _plain(_name_core(name), brand)),
    )


def _plain(name: str, brand: str) -> str:
    plain = name.replace(brand, "") if brand else name
    for regional, common in REGIONAL_WORDS.items():
        plain = plain.replace(regional, common)
    return plain


def _same_phase(query: Select[Project], fact: ProjectFact) -> Select[Project]:
    if fact.phase is None:
        return query.where(Project.phase.is_(None))
    return query.where(Project.phase == fact.phase)


def _same_investor(
    session: Session, fact: ProjectFact, investors: tuple[Investor, ...]
) -> list[Project]:
    if not investors:
        return []
    query = (
        select(Project)
        .join(ProjectInvestor)
        .where(COUNTED, ProjectInvestor.enterprise_id == investors[0].enterprise_id)
    )
    return list(session.scalars(_same_phase(query, fact).limit(200)))


def _without_investor(session: Session, fact: ProjectFact, wanted: str) -> list[Project]:
    if len(wanted) < 4:
        return []
    query = select(Project).where(
        COUNTED, Project.investor_names == "", Project.name.contains(wanted[:4])
    )
    return list(session.scalars(_same_phase(query, fact).limit(200)))


def _name_core(name: str) -> str:
    core = name.strip()
    for word in ("一期", "二期", "三期", "首期", "建设项目", "项目"):
        core = core.replace(word, "")
    return core


def name_similarity(a: str, b: str) -> float:
    """1.0 when one name contains the other, else the Dice overlap of their character pairs."""
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    pairs_a = {a[i : i + 2] for i in range(len(a) - 1)}
    pairs_b = {b[i : i + 2] for i in range(len(b) - 1)}
    if not pairs_a or not pairs_b:
        return 0.0
    return 2 * len(pairs_a & pairs_b) / (len(pairs_a) + len(pairs_b))


def _within(unit: Unit, scope: Unit | None) -> bool:
    return scope is None or unit.path.startswith(scope.path)


def _top_unit(session: Session) -> Unit:
    top = session.scalar(select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id).limit(1))
    if top is None:
        raise Invalid("台账里还没有任何单位，请先建立区、镇街 (the ledger has no units yet)")
    return top

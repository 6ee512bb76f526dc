"""Documents facts were filed from, and a person's verdict on each filed fact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session, selectinload

from taizhang.kernel.clock import district_date
from taizhang.kernel.errors import Forbidden, Invalid, NotFound
from taizhang.kernel.sources import Document, Source, SourceKind
from taizhang.kernel.stages import Stage
from taizhang.org.access import can_edit
from taizhang.org.models import Unit, User
from taizhang.projects.commands import reach_stage, record_verdict
from taizhang.projects.models import Event, Project
from taizhang.projects.projection import EventKind

REVIEWABLE = frozenset(
    {
        EventKind.FIGURES.value,
        EventKind.STAGE_REACHED.value,
        EventKind.STAGE_PLANNED.value,
        EventKind.CREATED.value,
    }
)


@dataclass(frozen=True)
class DocumentRow:
    document: Document
    event_count: int


def list_documents(
    session: Session, *, scope: str | None = None, limit: int = 200
) -> list[DocumentRow]:
    """The documents a reader of `scope` (a unit path; None: the district) may open, newest first,
    with how many facts each gave."""
    counts = (
        select(Event.document_id, func.count(Event.id).label("n"))
        .where(Event.document_id.is_not(None))
        .group_by(Event.document_id)
        .subquery()
    )
    query = (
        select(Document, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.document_id == Document.id)
        .order_by(Document.published_on.desc().nulls_last(), Document.id.desc())
        .limit(limit)
    )
    if scope is not None:
        query = query.where(_concerns(scope))
    return [DocumentRow(document, int(n)) for document, n in session.execute(query)]


def get_document(session: Session, document_id: int, *, scope: str | None = None) -> Document:
    """A document, if a reader of `scope` may open it: district-wide readers open every one,
    others those that gave a fact about a project of their subtree."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"未找到文档 {document_id} (document not found)")
    concerned = select(Document.id).where(Document.id == document_id, _concerns(scope or ""))
    if scope is not None and session.scalar(concerned) is None:
        raise Forbidden("该文档不涉及您所在单位的项目 (this document concerns no project of yours)")
    return document


def _concerns(scope: str) -> ColumnElement[bool]:
    """Whether a fact filed from the document is about a project within the unit path `scope`."""
    return exists(
        select(Event.id)
        .join(Project, Project.id == Event.project_id)
        .join(Unit, Unit.id == Project.unit_id)
        .where(Event.document_id == Document.id, Unit.path.startswith(scope, autoescape=True))
    )


def document_events(session: Session, document_id: int) -> list[Event]:
    """The facts filed from a document, with their projects, oldest first."""
    query = (
        select(Event)
        .where(Event.document_id == document_id)
        .options(selectinload(Event.project).selectinload(Project.unit))
        .order_by(Event.id)
    )
    return list(session.scalars(query))


def verdicts(session: Session, facts: list[Event]) -> dict[int, Event]:
    """The latest confirmation or retraction a person gave about each of these facts."""
    project_ids = {fact.project_id for fact in facts}
    wanted = {fact.id for fact in facts}
    query = (
        select(Event)
        .where(
            Event.project_id.in_(project_ids),
            Event.kind.in_([EventKind.CONFIRMED.value, EventKind.RETRACTED.value]),
        )
        .options(selectinload(Event.actor))
        .order_by(Event.id)
    )
    return {
        verdict.payload["event_id"]: verdict
        for verdict in session.scalars(query)
        if verdict.payload.get("event_id") in wanted
    }


def judge_fact(
    session: Session, fact: Event, *, accept: bool, user: User, reason: str | None, now: datetime
) -> Project:
    """Confirm or reject a fact filed from a document; a rejection needs a reason."""
    if fact.kind not in REVIEWABLE or fact.document_id is None:
        raise Invalid(
            "只能审核从文档中摘录的事实 (only facts filed from documents can be reviewed)"
        )
    if not accept and not (reason and reason.strip()):
        raise Invalid("驳回时必须说明原因 (a rejection needs a reason)")
    return record_verdict(
        session,
        fact.project,
        target=fact,
        accept=accept,
        source=Source.user(user),
        actor=user,
        reason=reason,
        now=now,
    )


UNDATED_STAGE_KINDS = (EventKind.CREATED.value, EventKind.STAGE_REACHED.value)
DATE_SUPPLIED = "文档未注明日期，由审核人补充 (document date supplied on review)"


def undated_stage_facts(session: Session, document_id: int) -> list[Event]:
    """The stages a document stated without a date (it printed none and none was given),
    leaving out facts a reviewer rejected."""
    facts = document_events(session, document_id)
    rejected = {
        event_id
        for event_id, verdict in verdicts(session, facts).items()
        if verdict.kind == EventKind.RETRACTED.value
    }
    return [
        fact
        for fact in facts
        if fact.kind in UNDATED_STAGE_KINDS and fact.occurred_on is None and fact.id not in rejected
    ]


def date_document(
    session: Session, document: Document, *, on: date, user: User, now: datetime
) -> int:
    """A reviewer gives an undated document its date: the document is dated, and each stage it
    stated without one is recorded again on that date, from the document, naming the reviewer.
    Returns how many stages were dated."""
    if document.published_on is not None:
        raise Invalid("该文档已有日期 (this document is already dated)")
    if on > district_date(now):
        raise Invalid(f"文档日期 {on} 晚于今天 (a document cannot be dated in the future)")
    facts = undated_stage_facts(session, document.id)
    if not all(can_edit(user, fact.project.unit) for fact in facts):
        raise Forbidden(
            "文档涉及您无权修改的项目 (the document concerns projects you may not edit)"
        )
    document.published_on = on
    for fact in facts:
        reach_stage(
            session,
            fact.project,
            Stage(fact.payload["stage"]),
            on=on,
            source=_dated_source(document, fact, on),
            actor=user,
            reason=DATE_SUPPLIED,
            now=now,
        )
    return len(facts)


def _dated_source(document: Document, fact: Event, on: date) -> Source:
    span = (fact.span_start, fact.span_end) if fact.span_start is not None else None
    return Source(
        SourceKind.DOCUMENT,
        label=document.title,
        document_id=document.id,
        span=span,  # type: ignore[arg-type]
        quote=fact.quote,
        official=document.kind == "official",
        stated_on=on,
        marks=tuple((start, end) for start, end in fact.marks or ()),
    )


def get_fact(session: Session, event_id: int) -> Event:
    fact = session.get(Event, event_id)
    if fact is None:
        raise NotFound(f"未找到事件 {event_id} (event not found)")
    return fact

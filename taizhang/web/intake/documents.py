"""Review of filed documents: the text with each fact's sentence highlighted, and a verdict
(confirm, correct on the project page, reject) for each fact."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from taizhang.intake.documents import (
    date_document,
    document_events,
    get_document,
    get_fact,
    judge_fact,
    list_documents,
    undated_stage_facts,
    verdicts,
)
from taizhang.kernel.errors import Forbidden
from taizhang.org.access import Section, can_edit, can_view, scope_path
from taizhang.web.bounds import Day
from taizhang.web.deps import CsrfChecked, CurrentUser, FormText, NowDep, SessionDep, section
from taizhang.web.highlight import highlight
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[section(Section.DOCUMENTS)])


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    rows = list_documents(session, scope=scope_path(user))
    return render(request, "documents/list.html", {"rows": rows})


@router.get("/documents/{document_id:id}", response_class=HTMLResponse)
def document_page(
    request: Request, session: SessionDep, user: CurrentUser, document_id: int
) -> Response:
    document = get_document(session, document_id, scope=scope_path(user))
    facts = [f for f in document_events(session, document.id) if can_view(user, f.project.unit)]
    spans = [(f.span_start, f.span_end, f.id) for f in facts if f.span_start is not None]
    words = [(start, end, f.id) for f in facts for start, end in f.marks or ()]
    context = {
        "document": document,
        "stretches": highlight(document.text, spans, words),  # type: ignore[arg-type]
        "facts": facts,
        "verdicts": verdicts(session, facts),
        "editable": {f.id for f in facts if can_edit(user, f.project.unit)},
        "undated": [] if document.published_on else undated_stage_facts(session, document.id),
    }
    return render(request, "documents/detail.html", context)


@router.post("/documents/{document_id:id}/date", dependencies=[CsrfChecked])
def date_form(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    document_id: int,
    published_on: Annotated[Day, Form()],
) -> Response:
    """The date of a document that printed none: its undated stages are dated with it."""
    document = get_document(session, document_id, scope=scope_path(user))
    date_document(session, document, on=published_on, user=user, now=now)
    return RedirectResponse(f"/documents/{document_id}", status_code=303)


@router.post("/documents/{document_id:id}/facts/{event_id:id}", dependencies=[CsrfChecked])
def judge_form(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    document_id: int,
    event_id: int,
    verdict: Annotated[str, Form()],
    reason: FormText = "",
) -> Response:
    fact = get_fact(session, event_id)
    if fact.document_id != document_id or not can_edit(user, fact.project.unit):
        raise Forbidden("您无权审核这条事实 (you may not review this fact)")
    judge_fact(
        session,
        fact,
        accept=verdict == "confirm",
        user=user,
        reason=reason.strip() or None,
        now=now,
    )
    return RedirectResponse(f"/documents/{document_id}#fact-{event_id}", status_code=303)

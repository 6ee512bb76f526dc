"""The public side of 诉求: the mobile form anyone may submit (`/appeals/new`, CSRF by a
double-submit cookie as on /login) and the requester's private tracking page, where they read the
answers and evaluate. See `appeals.public` for the tracking token and the service account."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals import workflow as wf
from taizhang.appeals.models import (
    Appeal,
    AppealCategory,
    AppealStatus,
    RequesterKind,
)
from taizhang.appeals.public import (
    register_public,
    same_secret,
    tracking_path,
    tracking_token,
    web_account,
)
from taizhang.kernel.config import Settings
from taizhang.kernel.errors import Invalid, NotFound
from taizhang.org.models import Unit, UnitKind
from taizhang.web.deps import (
    FormText,
    NowDep,
    SessionDep,
    SettingsDep,
    checked_form_token,
    form_token,
    remember_form_token,
)
from taizhang.web.rendering import render
from taizhang.web.throttle import client_address, public_intake

FORM_CSRF_COOKIE = "taizhang_appeal_csrf"

router = APIRouter()


def _form_choices(session: Session) -> dict[str, Any]:
    compounds = select(Unit).where(Unit.kind == UnitKind.COMPOUND.value).order_by(Unit.path)
    categories = (
        select(AppealCategory)
        .where(AppealCategory.active.is_(True), AppealCategory.kind == RequesterKind.RESIDENT.value)
        .order_by(AppealCategory.code)
    )
    return {
        "compounds": list(session.scalars(compounds)),
        "categories": list(session.scalars(categories)),
    }


def _appeal_by_token(session: Session, settings: Settings, number: str, token: str) -> Appeal:
    appeal = session.scalar(select(Appeal).where(Appeal.number == number))
    if appeal is None or not same_secret(token, tracking_token(settings, number)):
        raise NotFound("跟踪链接无效 (invalid tracking link)")
    return appeal


@router.get("/appeals/new", response_class=HTMLResponse, include_in_schema=False)
def new_appeal_page(request: Request, session: SessionDep) -> Response:
    token = form_token(request, FORM_CSRF_COOKIE)
    context = {**_form_choices(session), "form_csrf": token, "values": {}}
    return remember_form_token(
        render(request, "appeals/new.html", context), FORM_CSRF_COOKIE, token
    )


@router.post("/appeals/new", response_class=HTMLResponse, include_in_schema=False)
def submit_appeal(
    request: Request, session: SessionDep, settings: SettingsDep, now: NowDep,
    name: FormText = "", phone: FormText = "", compound: FormText = "", category: FormText = "",
    description: FormText = "", csrf_token: FormText = "",
) -> Response:  # fmt: skip
    expected = checked_form_token(request, FORM_CSRF_COOKIE, csrf_token, "表单", "form")
    public_intake(request).hit(client_address(request), now)
    values = {"name": name, "phone": phone, "compound": compound, "category": category}
    values["description"] = description
    try:
        appeal = register_public(session, fields=values, now=now)
    except Invalid as error:
        context = {**_form_choices(session), "form_csrf": expected, "values": values}
        return render(
            request,
            "appeals/new.html",
            context | {"failed": error.message_in(request.state.language)},
            status_code=422,
        )
    link = tracking_path(settings, appeal.number)
    return render(request, "appeals/created.html", {"number": appeal.number, "link": link})


@router.get("/appeals/track/{number}", response_class=HTMLResponse, include_in_schema=False)
def track_appeal(
    request: Request, session: SessionDep, settings: SettingsDep, number: str, token: str = ""
) -> Response:
    appeal = _appeal_by_token(session, settings, number, token)
    answers = [e for e in wf.appeal_events(session, appeal) if e.kind == "answered"]
    context = {"appeal": appeal, "token": token, "answers": answers, "grades": list(wf.Grade)}
    return render(request, "appeals/track.html", context | {"status": AppealStatus(appeal.status)})


@router.post("/appeals/track/{number}/evaluate", include_in_schema=False)
def evaluate_by_requester(
    session: SessionDep, settings: SettingsDep, now: NowDep, number: str,
    token: FormText = "", grade: Annotated[int, Form(ge=0, le=5)] = 0, comment: FormText = "",
) -> Response:  # fmt: skip
    """The tracking token is unguessable, so it also guards this form against CSRF."""
    appeal = _appeal_by_token(session, settings, number, token)
    wf.evaluate_appeal(
        session, appeal, by=web_account(session), grade=grade, now=now, comment=comment
    )
    return RedirectResponse(tracking_path(settings, number), status_code=303)

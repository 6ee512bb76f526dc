"""诉求 pages and API: the public form and tracking link, one appeal's page and steps.

Who may do what. Anyone may submit the public form (`/appeals/new`, CSRF by a double-submit
cookie as on /login). The requester gets a private tracking link whose token is an HMAC of the
appeal number with `settings.secret_key`: nothing is stored, and only the link's holder can see
the status and evaluate. Web-form appeals are registered for one inactive service account
(`web-form`, cannot log in) so that `evaluate_appeal` knows whom to accept the grade from; the
token is what entitles a visitor to act as it. Staff see the appeals they handle or whose place
lies in their scope, personal data masked; the handler and administrators may `reveal` it,
and each reveal is logged by `appeals.privacy`. The appeal page and `AppealDetailOut` also list
its 延期 requests, which are asked and decided through `web.appeals.extensions`. The 分派
step names a handler (`handler_id`, the page's select) among `workflow.eligible_handlers`;
without one, the routed handler (else the actor) keeps it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals import extension as ext
from taizhang.appeals import workflow as wf
from taizhang.appeals.models import (
    Appeal,
    AppealCategory,
    AppealChannel,
    AppealExtension,
    AppealStatus,
    RequesterKind,
)
from taizhang.appeals.privacy import AppealView, masked, may_see, reveal
from taizhang.kernel.config import Settings
from taizhang.kernel.errors import Forbidden, Invalid, NotFound
from taizhang.org.models import Role, Unit, UnitKind, User
from taizhang.org.users import create_user
from taizhang.web.appeals.schemas import (
    AppealDetailOut,
    AppealEventOut,
    AppealExtensionOut,
    HandlerOut,
    StepIn,
    appeal_out,
    extension_out,
)
from taizhang.web.deps import (
    CsrfChecked,
    CurrentUser,
    NowDep,
    SessionDep,
    SettingsDep,
    checked_form_token,
    district_today,
    form_token,
    remember_form_token,
)
from taizhang.web.rendering import render

router = APIRouter()
FORM_CSRF_COOKIE = "taizhang_appeal_csrf"
WEB_ACCOUNT = "web-form"
Text = Annotated[str, Form()]

# --- shared helpers (also used by web.appeals.open311) ---


def tracking_token(settings: Settings, number: str) -> str:
    key = settings.secret_key.encode()
    return hmac.new(key, f"appeal-track:{number}".encode(), hashlib.sha256).hexdigest()[:32]


def tracking_path(settings: Settings, number: str) -> str:
    return f"/appeals/track/{number}?token={tracking_token(settings, number)}"


def web_account(session: Session) -> User:
    """The inactive service account public submissions are registered for."""
    account = session.scalar(select(User).where(User.username == WEB_ACCOUNT))
    if account is None:
        account = create_user(
            session,
            username=WEB_ACCOUNT,
            password=secrets.token_urlsafe(32),
            role=Role.VIEWER,
            display_name="网站表单",
        )
        account.active = False
    return account


def register_public(session: Session, *, fields: dict[str, str], now: datetime) -> Appeal:
    """Register a request from the form or Open311 (channel 网站), for the web account."""
    requester = wf.Requester(
        name=fields.get("name", ""),
        kind=RequesterKind.RESIDENT,
        phone=fields.get("phone") or None,
        address=fields.get("address") or None,
        user=web_account(session),
    )
    return wf.register_appeal(
        session,
        requester=requester,
        unit=fields.get("compound", ""),
        category_code=fields.get("category", ""),
        description=fields.get("description", ""),
        channel=AppealChannel.WEB,
        received_at=now,
    )


def get_appeal_for_user(session: Session, user: User, appeal_id: int) -> Appeal:
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound(f"诉求 {appeal_id} 不存在 (no such appeal)")
    if not may_see(user, appeal):
        raise Forbidden(f"诉求 {appeal.number} 不属于您的范围 (this appeal is outside your scope)")
    return appeal


def next_steps(user: User, appeal: Appeal) -> list[wf.Step]:
    try:
        wf.require_staff(user, appeal)
    except Forbidden:
        return []
    staff_steps = (wf.Step.ACCEPT, wf.Step.ASSIGN, wf.Step.START, wf.Step.ANSWER, wf.Step.CLOSE)
    status = AppealStatus(appeal.status)
    return [step for step in staff_steps if status in wf.TRANSITIONS[step][0]]


def take_step(
    session: Session, appeal: Appeal, step: str, *, user: User, now: datetime, body: StepIn
) -> None:
    def assign() -> Appeal:
        handler = chosen_handler(session, appeal, user, body.handler_id)
        return wf.assign_appeal(session, appeal, actor=user, now=now, handler=handler)

    actions: dict[str, Callable[[], Appeal]] = {
        "accept": lambda: wf.accept_appeal(session, appeal, actor=user, now=now),
        "assign": assign,
        "start": lambda: wf.start_handling(session, appeal, actor=user, now=now),
        "answer": lambda: wf.answer_appeal(
            session, appeal, actor=user, now=now, answer=body.answer
        ),
        "close": lambda: wf.close_appeal(session, appeal, actor=user, now=now),
    }
    if step not in actions:
        raise NotFound(f"未知的办理步骤 {step} (unknown step)")
    actions[step]()


def chosen_handler(session: Session, appeal: Appeal, actor: User, handler_id: int | None) -> User:
    """Whom a 分派 names: the person picked, else the current (routed) handler, else the actor."""
    if handler_id is None:
        return appeal.handler or actor
    picked = session.get(User, handler_id)
    if picked is None:
        raise Invalid(f"未知的承办人 {handler_id} (unknown handler)")
    return picked


def handler_choices(session: Session, appeal: Appeal) -> list[HandlerOut]:
    return [
        HandlerOut(
            id=person.id,
            name=person.display_name,
            unit_name=person.unit.name if person.unit else None,
            current=person.id == appeal.handler_id,
        )
        for person in wf.eligible_handlers(session, appeal)
    ]


def appeal_view(
    session: Session, appeal: Appeal, user: User, *, now: datetime, show: bool
) -> AppealView:
    return reveal(session, appeal, user, now) if show else masked(appeal, viewer=user)


def detail_out(
    session: Session, appeal: Appeal, user: User, view: AppealView, now: datetime
) -> AppealDetailOut:
    events = wf.appeal_events(session, appeal)
    extensions = ext.extensions_of(session, appeal)
    people = {e.actor_id for e in events} | {x.requested_by_id for x in extensions}
    names = _display_names(session, people | {x.decided_by_id for x in extensions})
    base = appeal_out(view, overdue=wf.is_overdue(appeal, district_today(now)))
    steps = next_steps(user, appeal)
    return AppealDetailOut(
        **base.model_dump(),
        events=[
            AppealEventOut(kind=e.kind, at=e.at, actor=names.get(e.actor_id or 0), note=e.note)
            for e in events
        ],
        next_steps=[step.value for step in steps],
        handlers=handler_choices(session, appeal) if wf.Step.ASSIGN in steps else [],
        extensions=[_extension_out(x, user, appeal, names) for x in extensions],
        extension_days_left=ext.days_left(extensions),
        may_request_extension=ext.may_request(user, appeal, extensions),
    )


def _display_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    query = select(User.id, User.display_name).where(User.id.in_(ids - {None}))
    return {user_id: name for user_id, name in session.execute(query)}


def _extension_out(
    extension: AppealExtension, user: User, appeal: Appeal, names: dict[int, str]
) -> AppealExtensionOut:
    return extension_out(
        extension,
        names=names,
        may_decide=ext.may_decide(user, appeal, extension),
        may_approve=ext.may_decide(user, appeal, extension, approve=True),
    )


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
    if appeal is None or not hmac.compare_digest(token, tracking_token(settings, number)):
        raise NotFound("跟踪链接无效 (invalid tracking link)")
    return appeal


# --- public pages ---


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
    name: Text = "", phone: Text = "", compound: Text = "", category: Text = "",
    description: Text = "", csrf_token: Text = "",
) -> Response:  # fmt: skip
    expected = checked_form_token(request, FORM_CSRF_COOKIE, csrf_token, "表单")
    values = {"name": name, "phone": phone, "compound": compound, "category": category}
    values["description"] = description
    try:
        appeal = register_public(session, fields=values, now=now)
    except Invalid as error:
        context = {**_form_choices(session), "form_csrf": expected, "values": values}
        return render(
            request, "appeals/new.html", context | {"failed": error.message}, status_code=422
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
    token: Text = "", grade: Annotated[int, Form()] = 0, comment: Text = "",
) -> Response:  # fmt: skip
    """The tracking token is unguessable, so it also guards this form against CSRF."""
    appeal = _appeal_by_token(session, settings, number, token)
    wf.evaluate_appeal(
        session, appeal, by=web_account(session), grade=grade, now=now, comment=comment
    )
    return RedirectResponse(tracking_path(settings, number), status_code=303)


# --- staff pages ---


@router.get("/appeals/{appeal_id}", response_class=HTMLResponse, include_in_schema=False)
def appeal_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int,
    show: bool = False,
) -> Response:  # fmt: skip
    appeal = get_appeal_for_user(session, user, appeal_id)
    view = appeal_view(session, appeal, user, now=now, show=show)
    detail = detail_out(session, appeal, user, view, now)
    return render(request, "appeals/detail.html", {"appeal": detail})


@router.post("/appeals/{appeal_id}/{step}", dependencies=[CsrfChecked], include_in_schema=False)
def appeal_step(
    session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int, step: str,
    answer: Text = "", handler_id: Annotated[int | None, Form()] = None,
) -> Response:  # fmt: skip
    appeal = get_appeal_for_user(session, user, appeal_id)
    body = StepIn(answer=answer, handler_id=handler_id)
    take_step(session, appeal, step, user=user, now=now, body=body)
    return RedirectResponse(f"/appeals/{appeal_id}", status_code=303)


# --- JSON API ---


@router.get("/api/v1/appeals/{appeal_id}", response_model=AppealDetailOut, tags=["appeals"])
def appeal_api(
    session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int, reveal: bool = False
) -> AppealDetailOut:
    appeal = get_appeal_for_user(session, user, appeal_id)
    view = appeal_view(session, appeal, user, now=now, show=reveal)
    return detail_out(session, appeal, user, view, now)


@router.post(
    "/api/v1/appeals/{appeal_id}/{step}",
    response_model=AppealDetailOut,
    dependencies=[CsrfChecked],
    tags=["appeals"],
)
def appeal_step_api(
    session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int, step: str,
    body: StepIn | None = None,
) -> AppealDetailOut:  # fmt: skip
    appeal = get_appeal_for_user(session, user, appeal_id)
    take_step(session, appeal, step, user=user, now=now, body=body or StepIn())
    return detail_out(session, appeal, user, masked(appeal, viewer=user), now)

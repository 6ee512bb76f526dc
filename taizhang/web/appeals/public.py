"""The public side of 诉求 (民情诉求): the phone form anyone may submit (`/appeals/new`, CSRF by
a double-submit cookie as on /login), with photos, and the requester's private tracking page,
where they follow the steps, read the answers and evaluate. See `appeals.public_form` for the
form's rules and `appeals.public` for the tracking token and the service account.

The form's body is read only after the public throttle let the address in (`BodyLimit` has
bounded it already); the registration runs in a worker thread, off the event loop."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from taizhang.appeals import workflow as wf
from taizhang.appeals.models import Appeal
from taizhang.appeals.photos import MAX_PHOTO_BYTES, MAX_PHOTOS, Photo, image_type
from taizhang.appeals.public import same_secret, tracking_path, tracking_token, web_account
from taizhang.appeals.public_form import (
    FormInvalid,
    PublicForm,
    form_choices,
    register_public_form,
)
from taizhang.appeals.tracking import photo_of, tracking
from taizhang.kernel.config import Settings
from taizhang.kernel.errors import Invalid, NotFound, message_in
from taizhang.web.deps import (
    PUBLIC,
    FormText,
    NowDep,
    SessionDep,
    SettingsDep,
    checked_form_token,
    form_token,
    remember_form_token,
)
from taizhang.web.i18n import translate
from taizhang.web.rendering import page_district_name, render
from taizhang.web.throttle import client_address, public_intake

FORM_CSRF_COOKIE = "taizhang_appeal_csrf"
FORM_FIELDS = ("filer", "name", "company", "phone", "compound", "place", "category")
MAX_FORM_FILES = 20  # more than the photos allowed, so that too many get a message, not a 400

router = APIRouter(dependencies=[PUBLIC])


def _public_names(request: Request) -> dict[str, str]:
    """The public pages are headed as the district's request service, not the project ledger."""
    district = page_district_name(request) or ""
    name = translate("public_service", request.state.language, district=district).strip()
    return {"app_name": name, "brand_href": "/appeals/new"}


def _form_page(
    request: Request, session: Session, token: str, form: PublicForm, error: Invalid | None = None
) -> HTMLResponse:
    language = request.state.language
    problems = error.problems if isinstance(error, FormInvalid) else {}
    context: dict[str, Any] = {
        "choices": form_choices(session),
        "form_csrf": token,
        "values": form.values(),
        "problems": {field: message_in(text, language) for field, text in problems.items()},
        "failed": error.message_in(language) if error else None,
        "photo_limits": {"count": MAX_PHOTOS, "size": MAX_PHOTO_BYTES // 1024 // 1024},
        "photos_to_choose_again": len(form.photos) if error and "photos" not in problems else 0,
    }
    response = render(
        request,
        "appeals/new.html",
        context | _public_names(request),
        status_code=422 if error else 200,
    )
    return response


def _appeal_by_token(session: Session, settings: Settings, number: str, token: str) -> Appeal:
    appeal = session.scalar(select(Appeal).where(Appeal.number == number))
    if appeal is None or not same_secret(token, tracking_token(settings, number)):
        raise NotFound("跟踪链接无效 (invalid tracking link)")
    return appeal


@router.get("/appeals/new", response_class=HTMLResponse, include_in_schema=False)
def new_appeal_page(request: Request, session: SessionDep) -> Response:
    token = form_token(request, FORM_CSRF_COOKIE)
    page = _form_page(request, session, token, PublicForm())
    return remember_form_token(page, FORM_CSRF_COOKIE, token)


@router.post("/appeals/new", response_class=HTMLResponse, include_in_schema=False)
async def submit_appeal(
    request: Request, session: SessionDep, settings: SettingsDep, now: NowDep
) -> Response:
    """Throttle, then read the form and its photos, then register in a worker thread."""
    public_intake(request).check(client_address(request), now)  # before the body is read
    received = await request.form(max_files=MAX_FORM_FILES, max_fields=40)
    token = checked_form_token(
        request, FORM_CSRF_COOKIE, _text(received, "csrf_token"), "表单", "form"
    )
    public_intake(request).hit(client_address(request), now)
    fields = {name: _text(received, name) for name in FORM_FIELDS}
    form = PublicForm(
        **fields, description=_text(received, "description"), photos=await _photos(received)
    )
    return await run_in_threadpool(_register, request, session, settings, form, token, now)


def _text(received: FormData, name: str) -> str:
    value = received.get(name)
    return value if isinstance(value, str) else ""


async def _photos(received: FormData) -> list[Photo]:
    """The chosen photos, each read to one byte past the cap (enough to refuse it); an empty
    file field (nothing chosen) is no photo."""
    photos = []
    for upload in received.getlist("photos"):
        if not isinstance(upload, UploadFile):
            continue
        content = await upload.read(MAX_PHOTO_BYTES + 1)
        if upload.filename or content:
            photos.append(Photo(Path(upload.filename or "").name, content))
    return photos


def _register(
    request: Request,
    session: Session,
    settings: Settings,
    form: PublicForm,
    token: str,
    now: datetime,
) -> Response:
    try:
        appeal = register_public_form(session, form, now=now)
    except Invalid as error:
        session.rollback()
        return _form_page(request, session, token, form, error)
    link = tracking_path(settings, appeal.number)
    context = {"number": appeal.number, "link": link} | _public_names(request)
    return render(request, "appeals/created.html", context)


@router.get("/appeals/track/{number}", response_class=HTMLResponse, include_in_schema=False)
def track_appeal(
    request: Request, session: SessionDep, settings: SettingsDep, number: str, token: str = ""
) -> Response:
    appeal = _appeal_by_token(session, settings, number, token)
    context = {"tracked": tracking(session, appeal), "token": token, "grades": list(wf.Grade)}
    return render(request, "appeals/track.html", context | _public_names(request))


@router.get("/appeals/track/{number}/photos/{photo_id:id}", include_in_schema=False)
def tracked_photo(
    session: SessionDep, settings: SettingsDep, number: str, photo_id: int, token: str = ""
) -> Response:
    """A photo the requester sent, served only as the image its bytes say it is."""
    appeal = _appeal_by_token(session, settings, number, token)
    photo = photo_of(session, appeal, photo_id)
    media_type = image_type(photo.content) if photo is not None else None
    if photo is None or media_type is None:
        raise NotFound("照片不存在 (no such photo)")
    return Response(photo.content, media_type=media_type)


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

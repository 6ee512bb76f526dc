"""One appeal as the page and the API show it: its view (masked or revealed), events, next steps,
the handlers the 分派 step may name, its 延期 requests and its photos and other attachments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals import extension as ext
from taizhang.appeals import workflow as wf
from taizhang.appeals.escalation import note_without_level
from taizhang.appeals.files import ListedFile, listed_files
from taizhang.appeals.models import (
    Appeal,
    AppealEvent,
    AppealExtension,
)
from taizhang.appeals.privacy import AppealView, mask_free_text, masked, reveal
from taizhang.appeals.steps import next_steps
from taizhang.org.models import User
from taizhang.web.appeals.schemas import (
    AppealDetailOut,
    AppealEventOut,
    AppealExtensionOut,
    AppealFileOut,
    HandlerOut,
    appeal_out,
    extension_out,
)
from taizhang.web.deps import (
    district_today,
)


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
        version=appeal.version,
        events=[_event_out(e, appeal, view, names) for e in events],
        next_steps=[step.value for step in steps],
        handlers=handler_choices(session, appeal) if wf.Step.ASSIGN in steps else [],
        extensions=[_extension_out(x, user, appeal, names) for x in extensions],
        extension_days_left=ext.days_left(extensions),
        may_request_extension=ext.may_request(user, appeal, extensions),
        files=[_file_out(appeal, listed) for listed in listed_files(session, appeal)],
    )


def _file_out(appeal: Appeal, listed: ListedFile) -> AppealFileOut:
    """A photo opens in the browser (`/photos/`); any other file is downloaded (`/files/`)."""
    kind = "photos" if listed.is_photo else "files"
    return AppealFileOut(
        id=listed.id,
        file_name=listed.file_name,
        size=listed.size,
        uploaded_at=listed.uploaded_at,
        image_type=listed.image_type,
        url=f"/appeals/{appeal.id}/{kind}/{listed.id}",
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


def _event_out(
    event: AppealEvent, appeal: Appeal, view: AppealView, names: dict[int, str]
) -> AppealEventOut:
    """One entry of the history; a 评价 says the grade and who gave it."""
    shown = AppealEventOut(
        kind=event.kind,
        at=event.at,
        actor=names.get(event.actor_id or 0),
        note=_note(note_without_level(event.kind, event.note), view),
    )
    grade = (event.payload or {}).get("grade") if event.kind == "evaluated" else None
    if grade is None:
        return shown
    proxy = event.actor_id is not None and event.actor_id == appeal.proxy_user_id
    return shown.model_copy(
        update={
            "grade": grade,
            "grade_label": wf.Grade(grade).label,
            "evaluator": view.requester_name,
            "by_proxy": proxy,
        }
    )


def _note(note: str, view: AppealView) -> str:
    """An answer or a comment, with the phone and ID numbers in it masked unless revealed."""
    return mask_free_text(note) if note and view.masked else note

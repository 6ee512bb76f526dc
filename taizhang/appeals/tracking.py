"""What the requester's tracking page shows: the state in their words, the steps taken with
their times, the expected date, the answers and the photos they sent — nothing of the staff's
internal notes or names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from taizhang.appeals import workflow as wf
from taizhang.appeals.models import Appeal, AppealAttachment, AppealState, state_of

# The steps a requester sees, and those whose note is theirs to read (the answer, their own
# comment, why it was reopened). 延期 reasons and other staff notes stay inside.
SHOWN_STEPS = (
    "registered",
    "accepted",
    "assigned",
    "started",
    "urged",
    "supervised",
    "extension_approved",
    "answered",
    "evaluated",
    "reopened",
    "closed",
    "attached",
)
SHOWN_NOTES = frozenset({"answered", "evaluated", "reopened"})


@dataclass(frozen=True)
class TrackedStep:
    kind: str  # an event kind: the page labels it
    at: datetime
    note: str
    due_on: date | None  # the new due date, when the step set one


@dataclass(frozen=True)
class Tracking:
    appeal: Appeal
    state: AppealState
    steps: list[TrackedStep]
    photos: list[AppealAttachment]

    @property
    def awaiting_grade(self) -> bool:
        return self.state is AppealState.AWAITING_GRADE

    @property
    def open(self) -> bool:
        """Still to be answered: the expected date is what the requester waits for."""
        return wf.is_open(self.appeal)


def tracking(session: Session, appeal: Appeal) -> Tracking:
    steps = [
        _step(event.kind, event.at, event.note, event.payload or {})
        for event in wf.appeal_events(session, appeal)
        if event.kind in SHOWN_STEPS
    ]
    return Tracking(appeal, state_of(appeal.status), steps, _sent_photos(session, appeal))


def _sent_photos(session: Session, appeal: Appeal) -> list[AppealAttachment]:
    """The requester's own uploads, without their bytes: what the staff attach stays inside."""
    query = (
        select(AppealAttachment)
        .where(AppealAttachment.appeal_id == appeal.id)
        .where(AppealAttachment.uploaded_by_id == appeal.requester_user_id)
        .options(defer(AppealAttachment.content))
        .order_by(AppealAttachment.id)
    )
    return list(session.scalars(query)) if appeal.requester_user_id else []


def _step(kind: str, at: datetime, note: str, payload: dict[str, object]) -> TrackedStep:
    due = payload.get("new_due_on", payload.get("due_on"))
    shown_due = date.fromisoformat(due) if isinstance(due, str) else None
    return TrackedStep(kind, at, note if kind in SHOWN_NOTES else "", shown_due)


def photo_of(session: Session, appeal: Appeal, photo_id: int) -> AppealAttachment | None:
    """One of the photos the requester sent with the appeal, or None."""
    photo = session.get(AppealAttachment, photo_id)
    if photo is None or photo.appeal_id != appeal.id or appeal.requester_user_id is None:
        return None
    return photo if photo.uploaded_by_id == appeal.requester_user_id else None

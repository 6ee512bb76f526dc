"""延期申请 from the appeal page and the JSON API: ask for days with a reason, approve or refuse.

The rules (who, when, how many days) live in `appeals.extension`; these routes only find the
appeal the user may see and hand over.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from taizhang.appeals import extension as ext
from taizhang.appeals.access import get_appeal_for_user
from taizhang.appeals.models import Appeal
from taizhang.appeals.privacy import masked
from taizhang.org.access import Section
from taizhang.org.models import User
from taizhang.web.appeals.schemas import AppealDetailOut, ExtensionDecisionIn, ExtensionIn
from taizhang.web.appeals.views import detail_out
from taizhang.web.deps import CsrfChecked, CurrentUser, FormText, NowDep, SessionDep, section

router = APIRouter(dependencies=[section(Section.APPEALS)])


def ask(
    session: Session, user: User, now: datetime, appeal_id: int, *, days: int, reason: str
) -> Appeal:
    appeal = get_appeal_for_user(session, user, appeal_id)
    ext.request_extension(session, appeal, actor=user, days=days, reason=reason, now=now)
    return appeal


def decide(
    session: Session,
    user: User,
    now: datetime,
    appeal_id: int,
    extension_id: int,
    *,
    approve: bool,
    note: str,
) -> Appeal:
    appeal = get_appeal_for_user(session, user, appeal_id)
    extension = ext.find_extension(session, appeal, extension_id)
    ext.decide_extension(session, extension, actor=user, approve=approve, note=note, now=now)
    return appeal


def _back_to(appeal_id: int) -> Response:
    return RedirectResponse(f"/appeals/{appeal_id}#extensions", status_code=303)


# --- the appeal page's forms ---


@router.post(
    "/appeals/{appeal_id:id}/extensions", dependencies=[CsrfChecked], include_in_schema=False
)
def ask_from_page(
    session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int,
    days: Annotated[int, Form(ge=-10_000, le=10_000)] = 0, reason: FormText = "",
) -> Response:  # fmt: skip
    ask(session, user, now, appeal_id, days=days, reason=reason)
    return _back_to(appeal_id)


@router.post(
    "/appeals/{appeal_id:id}/extensions/{extension_id:id}/decision",
    dependencies=[CsrfChecked],
    include_in_schema=False,
)
def decide_from_page(
    session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int, extension_id: int,
    approve: Annotated[bool, Form()], note: FormText = "",
) -> Response:  # fmt: skip
    decide(session, user, now, appeal_id, extension_id, approve=approve, note=note)
    return _back_to(appeal_id)


# --- JSON API ---


@router.post(
    "/api/v1/appeals/{appeal_id:id}/extensions",
    response_model=AppealDetailOut,
    dependencies=[CsrfChecked],
    tags=["appeals"],
)
def ask_api(
    session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int, body: ExtensionIn
) -> AppealDetailOut:
    """延期申请: the appeal as it is after the request (its `extensions` list the new one)."""
    appeal = ask(session, user, now, appeal_id, days=body.days, reason=body.reason)
    return detail_out(session, appeal, user, masked(appeal, viewer=user), now)


@router.post(
    "/api/v1/appeals/{appeal_id:id}/extensions/{extension_id:id}/decision",
    response_model=AppealDetailOut,
    dependencies=[CsrfChecked],
    tags=["appeals"],
)
def decide_api(
    session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int, extension_id: int,
    body: ExtensionDecisionIn,
) -> AppealDetailOut:  # fmt: skip
    """审批: the appeal as it is after the decision (approval moves `due_on`)."""
    appeal = decide(
        session, user, now, appeal_id, extension_id, approve=body.approve, note=body.note
    )
    return detail_out(session, appeal, user, masked(appeal, viewer=user), now)

"""One appeal, for staff: its page and API, and its steps (受理, 分派, 办理, 答复, 销号).

Staff see the appeals they handle or whose place lies in their scope (`appeals.access`), personal
data masked; the handler and administrators may `reveal` it, and each reveal is logged by
`appeals.privacy`. The page and `AppealDetailOut` also list its 延期 requests, which are asked and
decided through `web.appeals.extensions`. The 分派 step names a handler (`handler_id`, the page's
select) among `workflow.eligible_handlers`; without one, the routed handler (else the actor) keeps
it. Step names are a path convertor (`web.paths`), so `/appeals/{id}/extensions` is never read as
a step whatever order the routers are included in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from taizhang.appeals.access import get_appeal_for_user
from taizhang.appeals.privacy import masked
from taizhang.appeals.steps import take_step
from taizhang.org.access import Section
from taizhang.org.models import User
from taizhang.web.appeals.schemas import (
    AppealDetailOut,
    StepIn,
)
from taizhang.web.appeals.views import appeal_view, detail_out
from taizhang.web.bounds import MAX_ID
from taizhang.web.deps import (
    CsrfChecked,
    CurrentUser,
    FormText,
    NowDep,
    SessionDep,
    section,
)
from taizhang.web.errors import ErrorOut
from taizhang.web.rendering import render

router = APIRouter(dependencies=[section(Section.APPEALS)])
STALE = "诉求已被他人修改，请刷新后重试 (the appeal changed since expected_version)"

# --- shared helpers (also used by web.appeals.open311) ---


# --- public pages ---


# --- staff pages ---


@router.get("/appeals/{appeal_id:id}", response_class=HTMLResponse, include_in_schema=False)
def appeal_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int
) -> Response:
    return _page(request, session, user, now, appeal_id, show=False)


@router.post(
    "/appeals/{appeal_id:id}/reveal",
    response_class=HTMLResponse,
    dependencies=[CsrfChecked],
    include_in_schema=False,
)
def reveal_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int
) -> Response:
    """The page with the personal data unmasked: a POST, since every look is logged."""
    return _page(request, session, user, now, appeal_id, show=True)


def _page(
    request: Request, session: Session, user: User, now: datetime, appeal_id: int, *, show: bool
) -> Response:
    appeal = get_appeal_for_user(session, user, appeal_id)
    view = appeal_view(session, appeal, user, now=now, show=show)
    detail = detail_out(session, appeal, user, view, now)
    return render(request, "appeals/detail.html", {"appeal": detail})


@router.post(
    "/appeals/{appeal_id:id}/{step:step}", dependencies=[CsrfChecked], include_in_schema=False
)
def appeal_step(
    session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int, step: str,
    answer: FormText = "", handler_id: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
    expected_version: Annotated[int | None, Form(ge=1, le=2**31 - 1)] = None,
) -> Response:  # fmt: skip
    appeal = get_appeal_for_user(session, user, appeal_id)
    take_step(
        session, appeal, step, user=user, now=now, answer=answer, handler_id=handler_id,
        expected_version=expected_version,
    )  # fmt: skip
    return RedirectResponse(f"/appeals/{appeal_id}", status_code=303)


# --- JSON API ---


@router.get("/api/v1/appeals/{appeal_id:id}", response_model=AppealDetailOut, tags=["appeals"])
def appeal_api(
    session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int
) -> AppealDetailOut:
    """一件诉求，个人信息打码 (one appeal, personal data masked)."""
    appeal = get_appeal_for_user(session, user, appeal_id)
    return detail_out(session, appeal, user, masked(appeal, viewer=user), now)


@router.post(
    "/api/v1/appeals/{appeal_id:id}/reveal",
    response_model=AppealDetailOut,
    dependencies=[CsrfChecked],
    tags=["appeals"],
)
def reveal_api(
    session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int
) -> AppealDetailOut:
    """查看明文个人信息，仅承办人与区级管理员，每次留记录 (unmasked; handler and admins; logged)."""
    appeal = get_appeal_for_user(session, user, appeal_id)
    return detail_out(
        session, appeal, user, appeal_view(session, appeal, user, now=now, show=True), now
    )


@router.post(
    "/api/v1/appeals/{appeal_id:id}/{step:step}",
    response_model=AppealDetailOut,
    dependencies=[CsrfChecked],
    tags=["appeals"],
    responses={409: {"model": ErrorOut, "description": STALE}},
)
def appeal_step_api(
    session: SessionDep, user: CurrentUser, now: NowDep, appeal_id: int, step: str,
    body: StepIn | None = None,
) -> AppealDetailOut:  # fmt: skip
    appeal = get_appeal_for_user(session, user, appeal_id)
    body = body or StepIn()
    take_step(
        session, appeal, step, user=user, now=now, answer=body.answer, handler_id=body.handler_id,
        expected_version=body.expected_version,
    )  # fmt: skip
    return detail_out(session, appeal, user, masked(appeal, viewer=user), now)

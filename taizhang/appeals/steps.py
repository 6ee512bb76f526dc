"""The staff steps of one appeal by name (accept, assign, start, answer, close), as the page's
buttons and the API's `POST …/{step}` take them. `expected_version` is the appeal's version the
client saw: a step on an appeal changed since is refused with `Conflict` (409)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from taizhang.appeals import workflow as wf
from taizhang.appeals.models import (
    Appeal,
    AppealStatus,
)
from taizhang.kernel.errors import Forbidden, Invalid, NotFound
from taizhang.org.models import User

# The steps staff take by name; 评价 is the requester's.
STAFF_STEPS = (wf.Step.ACCEPT, wf.Step.ASSIGN, wf.Step.START, wf.Step.ANSWER, wf.Step.CLOSE)


def next_steps(user: User, appeal: Appeal) -> list[wf.Step]:
    try:
        wf.require_staff(user, appeal)
    except Forbidden:
        return []
    status = AppealStatus(appeal.status)
    return [step for step in STAFF_STEPS if status in wf.TRANSITIONS[step][0]]


# The steps that need nothing but who, when and the version seen.
PLAIN_STEPS: dict[str, Callable[..., Appeal]] = {
    wf.Step.ACCEPT: wf.accept_appeal,
    wf.Step.START: wf.start_handling,
    wf.Step.CLOSE: wf.close_appeal,
}


def take_step(
    session: Session,
    appeal: Appeal,
    step: str,
    *,
    user: User,
    now: datetime,
    answer: str = "",
    handler_id: int | None = None,
    expected_version: int | None = None,
) -> None:
    """Take the named step; an answer goes with 答复, a chosen handler with 分派."""
    seen: dict[str, Any] = {"actor": user, "now": now, "expected_version": expected_version}
    if step == wf.Step.ASSIGN:
        handler = chosen_handler(session, appeal, user, handler_id)
        wf.assign_appeal(session, appeal, handler=handler, **seen)
    elif step == wf.Step.ANSWER:
        wf.answer_appeal(session, appeal, answer=answer, **seen)
    elif step in PLAIN_STEPS:
        PLAIN_STEPS[step](session, appeal, **seen)
    else:
        raise NotFound(f"未知的办理步骤 {step} (unknown step)")


def chosen_handler(session: Session, appeal: Appeal, actor: User, handler_id: int | None) -> User:
    """Whom a 分派 names: the person picked, else the current (routed) handler, else the actor."""
    if handler_id is None:
        return appeal.handler or actor
    picked = session.get(User, handler_id)
    if picked is None:
        raise Invalid(f"未知的承办人 {handler_id} (unknown handler)")
    return picked

"""The staff steps of one appeal by name (accept, assign, start, answer, close), as the page's
buttons and the API's `POST …/{step}` take them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from taizhang.appeals import workflow as wf
from taizhang.appeals.models import (
    Appeal,
    AppealStatus,
)
from taizhang.kernel.errors import Forbidden, Invalid, NotFound
from taizhang.org.models import User

WRONG_STEP = "wrong_step"  # the error code of a step the appeal's status does not allow
# The steps staff take by name; 评价 is the requester's.
STAFF_STEPS = (wf.Step.ACCEPT, wf.Step.ASSIGN, wf.Step.START, wf.Step.ANSWER, wf.Step.CLOSE)


def next_steps(user: User, appeal: Appeal) -> list[wf.Step]:
    try:
        wf.require_staff(user, appeal)
    except Forbidden:
        return []
    status = AppealStatus(appeal.status)
    return [step for step in STAFF_STEPS if status in wf.TRANSITIONS[step][0]]


def take_step(
    session: Session,
    appeal: Appeal,
    step: str,
    *,
    user: User,
    now: datetime,
    answer: str = "",
    handler_id: int | None = None,
) -> None:
    """Take the named step; an answer goes with 答复, a chosen handler with 分派."""

    def assign() -> Appeal:
        handler = chosen_handler(session, appeal, user, handler_id)
        return wf.assign_appeal(session, appeal, actor=user, now=now, handler=handler)

    actions: dict[str, Callable[[], Appeal]] = {
        "accept": lambda: wf.accept_appeal(session, appeal, actor=user, now=now),
        "assign": assign,
        "start": lambda: wf.start_handling(session, appeal, actor=user, now=now),
        "answer": lambda: wf.answer_appeal(session, appeal, actor=user, now=now, answer=answer),
        "close": lambda: wf.close_appeal(session, appeal, actor=user, now=now),
    }
    if step not in actions:
        raise NotFound(f"未知的办理步骤 {step} (unknown step)")
    check_step(appeal, wf.Step(step))
    actions[step]()


def check_step(appeal: Appeal, step: wf.Step) -> None:
    """`Invalid` with code `wrong_step` when the appeal's status does not allow the step, so a
    client can tell "not now" from a bad answer or handler. Writes nothing."""
    try:
        wf.require_step(appeal, step)
    except Invalid as exc:
        raise Invalid(exc.message, code=WRONG_STEP) from exc


def chosen_handler(session: Session, appeal: Appeal, actor: User, handler_id: int | None) -> User:
    """Whom a 分派 names: the person picked, else the current (routed) handler, else the actor."""
    if handler_id is None:
        return appeal.handler or actor
    picked = session.get(User, handler_id)
    if picked is None:
        raise Invalid(f"未知的承办人 {handler_id} (unknown handler)")
    return picked

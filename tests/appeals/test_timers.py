"""One tick of the appeals' timers, as the served app and `taizhang tick` run it: overdue
requests raised, unevaluated answers closed, and a second tick changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from taizhang.appeals.escalation import run_timers
from taizhang.appeals.models import Appeal, AppealStatus
from taizhang.appeals.workflow import appeal_events
from tests.appeals.conftest import at

Register = Callable[..., Appeal]


def test_a_tick_raises_the_overdue_and_closes_the_unevaluated_once(
    session: Session, register: Register, answered: Register
) -> None:
    late = register()  # due Mon 05-18
    silent = answered()  # answered 05-07, nobody evaluates
    run = run_timers(session, now=at(5, 19, 8))
    assert [(e.appeal.id, e.level) for e in run.escalated] == [(late.id, 1)]
    assert [a.id for a in run.closed] == [silent.id]
    assert AppealStatus(silent.status) is AppealStatus.CLOSED

    again = run_timers(session, now=at(5, 19, 9))
    assert (again.escalated, again.closed) == ([], [])
    assert [e.kind for e in appeal_events(session, late)] == ["registered", "urged"]

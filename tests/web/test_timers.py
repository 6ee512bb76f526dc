"""The served app runs the appeals' timers by itself, on its clock: an appeal past its due date
is raised to 催办 without anybody running a command."""

from __future__ import annotations

import time
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal
from taizhang.kernel.config import Settings
from taizhang.kernel.db import session_scope
from taizhang.web.app import create_app
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import Place, at

place = appeals_fixtures.place
register = appeals_fixtures.register


def _level(engine: Engine, appeal_id: int) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(Appeal.escalation_level).where(Appeal.id == appeal_id)) or 0


def test_the_served_app_escalates_an_overdue_appeal_on_its_own(
    engine: Engine,
    database_url: str,
    session: Session,
    place: Place,
    register: Callable[..., Appeal],
) -> None:
    appeal_id = register().id  # due Mon 05-18
    session.commit()
    settings = Settings(database_url=database_url, secret_key="x" * 32, timer_seconds=3600)
    app = create_app(settings, engine=engine, clock=lambda: at(5, 19, 8))
    with TestClient(app):  # the lifespan starts the timers; the first tick runs at once
        waited = 0.0
        while _level(engine, appeal_id) == 0 and waited < 30:
            time.sleep(0.1)
            waited += 0.1
    assert _level(engine, appeal_id) == 1

"""The demo on the first working day of a year whose holiday notice is not entered yet
(`TAIZHANG_TODAY=2027-01-04`): a resident files a request on the public form, sees its due date
as 暂定, and grades the answer — nothing is refused for want of the notice."""

from __future__ import annotations

import re
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealStatus
from taizhang.appeals.workflow import accept_appeal, answer_appeal, assign_appeal, start_handling
from taizhang.demo import build_demo
from taizhang.kernel.config import Settings
from taizhang.kernel.db import session_scope
from taizhang.web.app import create_app
from tests.web.conftest import csrf_from

NEXT_YEAR = date(2027, 1, 4)


def _option(html: str, name: str) -> str:
    select_html = html[html.index(f'name="{name}"') :]
    found = re.search(r'<option value="([^"]+)"', select_html)
    assert found, name
    return found.group(1)


def test_a_resident_files_and_grades_a_request_in_a_year_without_a_notice(
    engine: Engine, database_url: str, session: Session
) -> None:
    build_demo(session, today=NEXT_YEAR)
    session.commit()
    settings = Settings(
        database_url=database_url, secret_key="x" * 32, timer_seconds=0, today=NEXT_YEAR
    )
    client = TestClient(create_app(settings, engine=engine))
    form = client.get("/appeals/new").text
    data = {"name": "周阿姨", "phone": "13900002222", "description": "路灯坏了，晚上很黑"}
    data |= {"compound": _option(form, "compound"), "category": _option(form, "category")}
    created = client.post("/appeals/new", data=data | {"csrf_token": csrf_from(form)})
    assert created.status_code == 200, created.text
    link = re.search(r'id="tracking-link" href="([^"]+)"', created.text)
    assert link
    tracking = link.group(1).replace("&amp;", "&")
    assert "（暂定）" in client.get(tracking).text

    number, token = tracking.split("/")[-1].split("?token=")
    _answer(engine, number)
    graded = client.post(f"/appeals/track/{number}/evaluate", data={"token": token, "grade": "5"})
    assert graded.status_code == 200
    with session_scope(engine) as check:
        appeal = check.scalar(select(Appeal).where(Appeal.number == number))
        assert appeal is not None and appeal.due_on.year == 2027 and appeal.due_provisional
        assert AppealStatus(appeal.status) is AppealStatus.EVALUATED


def _answer(engine: Engine, number: str) -> None:
    """The routed handler takes the request through to an answer, on the same day."""
    from taizhang.kernel.clock import clock_for

    now = clock_for(NEXT_YEAR)()
    with session_scope(engine, write=True) as staff:
        appeal = staff.scalar(select(Appeal).where(Appeal.number == number))
        assert appeal is not None and appeal.handler is not None
        handler = appeal.handler
        for step in (accept_appeal, assign_appeal, start_handling):
            step(staff, appeal, actor=handler, now=now)
        answer_appeal(staff, appeal, actor=handler, now=now, answer="已报修，路灯已亮")

"""Evaluation runs on the demo ledger (a year it left unevaluated): trial → 公示中 → 已定级,
objections and corrections as ledger events and new revisions, and every refusal in Chinese."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.enterprises.ledger import FactField, fact_history
from taizhang.kernel.errors import Conflict, Forbidden, Invalid
from taizhang.muju.models import MujuRun, MujuRunEvent, ObjectionStatus, RunAction, RunState
from taizhang.muju.runs import (
    compute_run,
    correct_objection,
    current_run,
    dismiss_objection,
    freeze_run,
    publish_run,
    record_objection,
)
from taizhang.muju.schemes import SchemeText, scheme_text
from taizhang.org.models import User

pytestmark = pytest.mark.usefixtures("demo")
NOW = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)  # 10:00 in the district, DEMO_TODAY
YEAR = 2022  # a year the demo has figures for but never evaluated (2023–2025 are stored)


def admin(session: Session) -> User:
    return session.scalars(select(User).where(User.username == "admin")).one()


def trial(session: Session) -> MujuRun:
    return compute_run(session, YEAR, scheme_text(), actor=admin(session), now=NOW)


def graded(run: MujuRun) -> dict[str, object]:
    return next(r for r in run.results if r["grade"] in "ABCD")


def test_a_trial_keeps_its_scheme_inputs_and_every_result(session: Session) -> None:
    run = trial(session)
    assert run.state == RunState.TRIAL and run.revision == 1
    assert run.scheme_version == "本区-2026"
    assert run.scheme_hash == hashlib.sha256(run.scheme_text.encode()).hexdigest()
    assert len(run.inputs) == len(run.results) > 100
    assert sum(run.counts.values()) == len(run.results)
    first = graded(run)
    assert first["score"] and first["explanation"] and first["items"]
    again = trial(session)
    assert again.revision == 2 and run.superseded_by_id == again.id
    events = session.scalars(select(MujuRunEvent).where(MujuRunEvent.run_id == again.id)).all()
    assert [(e.action, e.actor_id) for e in events] == [("computed", admin(session).id)]


def test_publishing_opens_a_window_of_the_schemes_days_and_refuses_twice(
    session: Session,
) -> None:
    trial(session)
    run = publish_run(session, YEAR, actor=admin(session), now=NOW)
    assert run.state == RunState.PUBLISHED
    assert (run.published_on, run.window_days) == (date(2026, 5, 20), 7)
    assert run.window_ends_on == date(2026, 5, 27)
    with pytest.raises(Conflict, match="已在公示中"):
        publish_run(session, YEAR, actor=admin(session), now=NOW)
    with pytest.raises(Conflict, match="公示中只能通过异议更正重算"):
        trial(session)


def test_a_window_in_working_days_is_counted_on_the_calendar(session: Session) -> None:
    text = scheme_text().text.replace("working_days = false", "working_days = true")
    compute_run(session, YEAR, SchemeText(text, "working.toml"), actor=None, now=NOW)
    # Wed 2026-05-20 + 5 working days: Thu, Fri, Mon, Tue, Wed → 2026-05-27
    run = publish_run(session, YEAR, actor=None, now=NOW, days=5)
    assert run.window_working_days and run.window_ends_on == date(2026, 5, 27)
    assert publish_run is not None


def test_freezing_waits_for_the_window_and_the_objections(session: Session) -> None:
    trial(session)
    with pytest.raises(Conflict, match="须先公示"):
        freeze_run(session, YEAR, actor=None, now=NOW)
    run = publish_run(session, YEAR, actor=None, now=NOW, days=3)
    target = graded(run)
    objection = record_objection(
        session, YEAR, enterprise_id=int(target["enterprise_id"]), raised_by="张经理",
        content="税收漏报了一笔", raised_on=date(2026, 5, 21), actor=None,
        now=NOW + timedelta(days=1),
    )  # fmt: skip
    with pytest.raises(Conflict, match="期满后（2026-05-24 起）才能定级"):
        freeze_run(session, YEAR, actor=None, now=NOW + timedelta(days=3))
    later = NOW + timedelta(days=4)
    with pytest.raises(Conflict, match="还有 1 件异议未处理"):
        freeze_run(session, YEAR, actor=None, now=later)
    dismiss_objection(session, objection.id, reason="税务局复核无误", actor=None, now=later)
    frozen = freeze_run(session, YEAR, actor=admin(session), now=later)
    assert frozen.state == RunState.FROZEN
    with pytest.raises(Conflict, match="已定级，不能重新试算"):
        trial(session)
    with pytest.raises(Conflict, match="已定级，不能再公示"):
        publish_run(session, YEAR, actor=None, now=later)


def test_objections_only_in_the_window_and_for_evaluated_firms(session: Session) -> None:
    trial(session)
    with pytest.raises(Conflict, match="尚未公示，不能登记异议"):
        record_objection(
            session, YEAR, enterprise_id=1, raised_by="甲", content="乙",
            raised_on=date(2026, 5, 20), actor=None, now=NOW,
        )  # fmt: skip
    run = publish_run(session, YEAR, actor=None, now=NOW, days=3)
    target = int(graded(run)["enterprise_id"])
    with pytest.raises(Invalid, match="须在公示期内提出"):
        record_objection(
            session, YEAR, enterprise_id=target, raised_by="甲", content="乙",
            raised_on=date(2026, 5, 30), actor=None, now=NOW + timedelta(days=10),
        )  # fmt: skip
    with pytest.raises(Invalid, match=f"不在 {YEAR} 年度的评价结果中"):
        record_objection(
            session, YEAR, enterprise_id=999999, raised_by="甲", content="乙",
            raised_on=date(2026, 5, 20), actor=None, now=NOW,
        )  # fmt: skip


def test_a_correction_is_a_ledger_event_and_a_new_revision(session: Session) -> None:
    trial(session)
    run = publish_run(session, YEAR, actor=None, now=NOW)
    target = graded(run)
    eid = int(target["enterprise_id"])
    objection = record_objection(
        session, YEAR, enterprise_id=eid, raised_by="企业财务", content="评价税收应为 9999 万元",
        raised_on=date(2026, 5, 21), actor=None, now=NOW + timedelta(days=1),
    )  # fmt: skip
    revised = correct_objection(
        session, objection.id, {FactField.TAX: Decimal(9999)}, actor=admin(session),
        now=NOW + timedelta(days=1),
    )  # fmt: skip
    assert revised.revision == run.revision + 1 and revised.state == RunState.PUBLISHED
    assert revised.window_ends_on == run.window_ends_on
    assert run.superseded_by_id == revised.id and current_run(session, YEAR) is revised
    after = next(r for r in revised.results if r["enterprise_id"] == eid)
    assert Decimal(after["tax"]) == 9999 and after["score"] != target["score"]
    event = fact_history(session, eid)[-1]
    assert (event.field, event.value) == ("tax", "9999")
    assert "异议第" in (event.source_label or "") and event.actor_id == admin(session).id
    assert objection.status == ObjectionStatus.CORRECTED
    actions = session.scalars(
        select(MujuRunEvent.action).where(MujuRunEvent.run_id == revised.id)
    ).all()
    assert actions == [RunAction.CORRECTED.value]
    with pytest.raises(Conflict, match="已处理"):
        dismiss_objection(session, objection.id, reason="x", actor=None, now=NOW)


def test_only_district_administrators_act(session: Session) -> None:
    town_user = session.scalars(select(User).where(User.role == "unit_staff")).first()
    assert town_user is not None
    with pytest.raises(Forbidden, match="只有区级管理员可以试算亩均评价"):
        compute_run(session, YEAR, scheme_text(), actor=town_user, now=NOW)

"""The classes pages show (`muju.queries.classes_by_year`): a year's stored run when there is
one, else computed live (试算) under the district's scheme, the same as evaluating the year
directly; once per session."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from taizhang.demo import DemoSummary
from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.inputs import enterprise_years
from taizhang.muju.queries import LIVE_STATE, classes_by_year
from taizhang.muju.runs import compute_run, publish_run
from taizhang.muju.schemes import scheme_text

NOW = datetime(2026, 5, 20, 2, tzinfo=UTC)


def test_each_year_is_the_engine_s_evaluation_marked_trial(
    demo: DemoSummary, session: Session
) -> None:
    found = classes_by_year(session, [2025, 2024, 2025])
    assert list(found) == [2024, 2025]
    text = scheme_text()
    scheme = load_scheme(text.text, source=text.source)
    direct = evaluate(
        enterprise_years(session, 2025),
        scheme,
        as_of=date(2025, 12, 31),
        last_year=enterprise_years(session, 2024),
    )
    year = found[2025]
    assert year.state == LIVE_STATE and year.scheme == scheme.version
    assert {e.enterprise_id: e.grade for e in direct} == {
        eid: e.grade for eid, e in year.evaluations.items()
    }
    counts = Counter(e.grade for e in year.evaluations.values())
    assert all(counts[grade] > 0 for grade in "ABCD")
    assert year.grade_of(-1) is None


def test_a_session_computes_a_year_once(demo: DemoSummary, session: Session) -> None:
    first = classes_by_year(session, [2025])[2025]
    assert classes_by_year(session, [2025])[2025] is first
    assert classes_by_year(session, [2019])[2019].evaluations == {}


def test_a_stored_run_is_preferred_with_its_state(demo: DemoSummary, session: Session) -> None:
    live = classes_by_year(session, [2025])[2025]
    assert not live.stored
    compute_run(session, 2025, scheme_text(), actor=None, now=NOW)
    publish_run(session, 2025, actor=None, now=NOW)
    session.info.clear()  # a new request
    stored = classes_by_year(session, [2025, 2024])
    assert stored[2025].stored and stored[2025].state == "公示中"
    assert not stored[2024].stored and stored[2024].state == LIVE_STATE
    assert {eid: e.grade for eid, e in stored[2025].evaluations.items()} == {
        eid: e.grade for eid, e in live.evaluations.items()
    }
    some = next(e for e in stored[2025].evaluations.values() if e.score is not None)
    assert some.score == live.evaluations[some.enterprise_id].score and some.rank

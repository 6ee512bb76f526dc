"""The classes pages show (`muju.classes.classes_by_year`): computed live (试算) under the
district's scheme, the same as evaluating the year directly, once per session."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy.orm import Session

from taizhang.demo import DemoSummary
from taizhang.muju.classes import TRIAL, classes_by_year
from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.inputs import enterprise_years
from taizhang.muju.schemes import scheme_text


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
    assert year.state == TRIAL and year.scheme == scheme.version
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

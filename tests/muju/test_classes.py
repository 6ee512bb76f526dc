"""The classes pages show (`muju.queries.classes_by_year`): a year's stored run when there is
one (the demo stores 2023–2025), else computed live (试算) under the configured scheme, the same
as evaluating the year directly; once per session, for every enterprise of the year at once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from taizhang.demo import DemoSummary
from taizhang.muju import queries
from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.inputs import enterprise_years
from taizhang.muju.queries import LIVE_STATE, classes_by_year
from taizhang.muju.runs import compute_run, current_run, publish_run
from taizhang.muju.schemes import scheme_text

NOW = datetime(2026, 5, 20, 2, tzinfo=UTC)
UNEVALUATED = 2022  # the demo's figures reach back to 2021; runs are stored for 2023–2025


def test_a_year_without_a_run_is_the_engine_s_evaluation_marked_trial(
    demo: DemoSummary, session: Session
) -> None:
    found = classes_by_year(session, [UNEVALUATED, 2021, UNEVALUATED])
    assert list(found) == [2021, UNEVALUATED]
    text = scheme_text()
    scheme = load_scheme(text.text, source=text.source)
    direct = evaluate(
        enterprise_years(session, UNEVALUATED),
        scheme,
        as_of=date(UNEVALUATED, 12, 31),
        last_year=enterprise_years(session, UNEVALUATED - 1),
    )
    year = found[UNEVALUATED]
    assert year.state == LIVE_STATE and year.scheme == scheme.version and not year.stored
    assert {e.enterprise_id: e.grade for e in direct} == dict(year.grades)
    assert {eid: e.grade for eid, e in year.evaluations.items()} == dict(year.grades)
    counts = Counter(year.grades.values())
    assert all(counts[grade] > 0 for grade in "ABCD")
    assert year.grade_of(-1) is None and year.grade_in("不定等级", "en") == "not graded"


def test_a_session_computes_a_year_once(demo: DemoSummary, session: Session) -> None:
    first = classes_by_year(session, [UNEVALUATED])[UNEVALUATED]
    assert classes_by_year(session, [UNEVALUATED])[UNEVALUATED] is first
    assert classes_by_year(session, [2019])[2019].evaluations == {}


def test_stored_years_are_read_with_their_state_and_never_computed(
    demo: DemoSummary, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    evaluated: list[int] = []
    engine = queries.evaluate

    def counted(firms, scheme, *, as_of, last_year=()):  # type: ignore[no-untyped-def]
        evaluated.append(as_of.year)
        return engine(firms, scheme, as_of=as_of, last_year=last_year)

    monkeypatch.setattr(queries, "evaluate", counted)
    found = classes_by_year(session, range(2021, 2026))
    assert evaluated == [2021, 2022]  # once each, for all their enterprises
    assert [(y.year, y.state, y.stored) for y in found.values() if y.stored] == [
        (2023, "已定级", True), (2024, "已定级", True), (2025, "公示中", True),
    ]  # fmt: skip
    run = current_run(session, 2025)
    assert run is not None and run.revision == 2
    assert dict(found[2025].grades) == {r["enterprise_id"]: r["grade"] for r in run.results}
    row = next(r for r in run.results if r["rank"] == 1)
    one = found[2025].of(row["enterprise_id"])
    assert one is not None and str(one.score) == row["score"] and one.rank == 1
    assert one.explained("zh") == row["explanation"]
    assert one.explained("en").startswith("Tax per mu = evaluated tax ")


def test_computing_and_publishing_a_year_makes_it_stored(
    demo: DemoSummary, session: Session
) -> None:
    live = classes_by_year(session, [UNEVALUATED])[UNEVALUATED]
    compute_run(session, UNEVALUATED, scheme_text(), actor=None, now=NOW)
    publish_run(session, UNEVALUATED, actor=None, now=NOW)
    session.info.clear()  # a new request
    stored = classes_by_year(session, [UNEVALUATED])[UNEVALUATED]
    assert stored.stored and stored.state == "公示中"
    assert dict(stored.grades) == dict(live.grades)
    some = next(e for e in stored.evaluations.values() if e.score is not None)
    assert some.score == live.evaluations[some.enterprise_id].score and some.rank


def test_live_classes_follow_the_configured_scheme(
    demo: DemoSummary, session: Session, tmp_path: Path
) -> None:
    """`TAIZHANG_MUJU_SCHEME` (passed as `scheme`) decides live years, as it does for
    `taizhang muju evaluate`; stored years keep the scheme they were computed with."""
    wider = tmp_path / "wider-a.toml"
    text = scheme_text().text.replace('version = "本区-2026"', 'version = "本区-宽A"')
    wider.write_text(text.replace("up_to = 0.25", "up_to = 0.50"), encoding="utf-8")
    default = classes_by_year(session, [UNEVALUATED, 2025])
    configured = classes_by_year(session, [UNEVALUATED, 2025], scheme=wider)
    assert configured[UNEVALUATED].scheme == "本区-宽A"
    a_count = Counter(configured[UNEVALUATED].grades.values())["A"]
    assert a_count > Counter(default[UNEVALUATED].grades.values())["A"]
    assert configured[2025].scheme == default[2025].scheme == "本区-2026"

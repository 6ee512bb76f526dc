"""The demo district's stored 亩均 evaluations: 2023 and 2024 已定级, 2025 公示中 in a second
revision after one objection was corrected and one dismissed, all dated from the build day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.demo.muju_runs import scheme_of
from taizhang.enterprises.ledger import FactField, fact_history
from taizhang.kernel.clock import district_date
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.models import MujuObjection, MujuRun, ObjectionStatus, RunAction, RunState
from taizhang.muju.runs import run_events
from tests.conftest import DEMO_TODAY


def runs(session: Session) -> dict[tuple[int, int], MujuRun]:
    return {(r.year, r.revision): r for r in session.scalars(select(MujuRun))}


@pytest.mark.usefixtures("demo")
def test_the_demo_stores_two_frozen_years_and_a_published_one(session: Session) -> None:
    stored = runs(session)
    assert sorted(stored) == [(2023, 1), (2024, 1), (2025, 1), (2025, 2)]
    states = {key: run.state for key, run in stored.items() if run.superseded_by_id is None}
    assert states == {
        (2023, 1): RunState.FROZEN, (2024, 1): RunState.FROZEN, (2025, 2): RunState.PUBLISHED,
    }  # fmt: skip
    assert stored[2025, 1].superseded_by_id == stored[2025, 2].id
    versions = {year: stored[year, 1].scheme_version for year in (2023, 2024, 2025)}
    assert versions == {2023: "本区-2024", 2024: "本区-2025", 2025: "本区-2026"}


@pytest.mark.usefixtures("demo")
def test_the_runs_are_dated_from_the_build_day(session: Session) -> None:
    stored = runs(session)
    published = stored[2025, 2]
    assert published.published_on == DEMO_TODAY - timedelta(days=5)
    assert published.window_ends_on is not None and published.window_ends_on > DEMO_TODAY
    for year in (2023, 2024):
        run = stored[year, 1]
        assert run.published_on == DEMO_TODAY - timedelta(days=5 + 365 * (2025 - year))
        assert run.frozen_at is not None and run.window_ends_on is not None
        assert run.window_ends_on < district_date(run.frozen_at) < DEMO_TODAY
    moments = [e.at for e in run_events(session, [r.id for r in stored.values()])]
    assert moments == sorted(moments) and district_date(moments[-1]) < DEMO_TODAY


@pytest.mark.usefixtures("demo")
def test_one_objection_was_corrected_and_one_dismissed(session: Session) -> None:
    stored = runs(session)
    objections = session.scalars(select(MujuObjection).order_by(MujuObjection.id)).all()
    assert [o.status for o in objections] == [ObjectionStatus.CORRECTED, ObjectionStatus.DISMISSED]
    corrected, dismissed = objections
    assert corrected.corrected_run_id == stored[2025, 2].id and dismissed.resolution
    tax = next(e for e in reversed(fact_history(session, corrected.enterprise_id))
               if e.field == FactField.TAX.value and e.year == 2025)  # fmt: skip
    assert "异议" in (tax.source_label or "")
    row = next(r for r in stored[2025, 2].results if r["enterprise_id"] == corrected.enterprise_id)
    assert row["tax"] == tax.value
    actions = [RunAction(e.action) for e in run_events(session, [stored[2025, 1].id])]
    assert actions == [RunAction.COMPUTED, RunAction.PUBLISHED, RunAction.OBJECTION,
                       RunAction.OBJECTION]  # fmt: skip
    later = [RunAction(e.action) for e in run_events(session, [stored[2025, 2].id])]
    assert later == [RunAction.CORRECTED, RunAction.DISMISSED]


def test_earlier_years_use_the_district_rules_under_their_own_header() -> None:
    shipped = load_scheme(scheme_of(2025).text)
    earlier = load_scheme(scheme_of(2023).text)
    assert (earlier.version, earlier.valid_from.year) == ("本区-2024", 2024)
    assert earlier.title.startswith("2023年度") and "2023" in earlier.title_en
    assert (earlier.indicators, earlier.grades) == (shipped.indicators, shipped.grades)

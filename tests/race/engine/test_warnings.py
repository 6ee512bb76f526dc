"""Project warnings: each kind, on either side of its threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from taizhang.kernel.errors import Invalid
from taizhang.kernel.stages import Stage
from taizhang.race.engine.warnings import (
    ProjectSnapshot,
    ProjectWarning,
    WarningKind,
    WarningSettings,
    add_months,
    months_between,
    project_warnings,
)

BASE = ProjectSnapshot(project_id=7, name="智能农机装备项目", unit_path="/1/4/", stage=Stage.TALKS)


def _warnings(snapshot: ProjectSnapshot, as_of: date, **settings: int) -> list[ProjectWarning]:
    return project_warnings([snapshot], as_of=as_of, settings=WarningSettings(**settings))


def _only(snapshot: ProjectSnapshot, as_of: date, **settings: int) -> ProjectWarning | None:
    found = _warnings(snapshot, as_of, **settings)
    assert len(found) <= 1
    return found[0] if found else None


# --- signed but not started ----------------------------------------------------------------------

SIGNED = replace(BASE, stage=Stage.SIGNED, stage_reached_on=date(2026, 1, 15))


def test_it_warns_when_a_project_is_not_started_six_months_after_signing() -> None:
    assert _only(SIGNED, date(2026, 7, 14)) is None
    warning = _only(SIGNED, date(2026, 7, 15))
    assert warning == ProjectWarning(
        WarningKind.NOT_STARTED,
        "签约后 6 个月仍未开工（2026年1月15日签约）",
        7,
        date(2026, 7, 15),
        "智能农机装备项目",
        "/1/4/",
    )
    later = _only(SIGNED, date(2026, 8, 20))
    assert later is not None and later.message.startswith("签约后 7 个月仍未开工")
    assert later.since == date(2026, 7, 15)


def test_a_project_with_land_but_not_started_counts_from_its_signing_date() -> None:
    landed = replace(
        SIGNED, stage=Stage.LAND, stage_reached_on=date(2026, 5, 1), signed_on=date(2026, 1, 15)
    )
    warning = _only(landed, date(2026, 7, 15))
    assert warning is not None and warning.kind is WarningKind.NOT_STARTED
    started = replace(landed, stage=Stage.CONSTRUCTION)
    assert _only(started, date(2027, 1, 1)) is None


def test_the_not_started_threshold_is_a_setting_and_a_missing_day_is_the_month_end() -> None:
    signed = replace(SIGNED, stage_reached_on=date(2025, 8, 31))
    assert _only(signed, date(2026, 2, 27), not_started_months=6) is None
    warning = _only(signed, date(2026, 2, 28), not_started_months=6)
    assert warning is not None and warning.since == date(2026, 2, 28)
    assert _only(signed, date(2025, 11, 30), not_started_months=3) is not None


def test_a_signed_project_without_a_signing_date_is_not_warned() -> None:
    assert _only(replace(SIGNED, stage_reached_on=None), date(2027, 1, 1)) is None


# --- planned stage date passed ------------------------------------------------------------------

PLANNED = replace(BASE, next_planned_stage=Stage.CONSTRUCTION, next_planned_on=date(2026, 4, 30))


def test_it_warns_the_day_after_a_planned_stage_date() -> None:
    assert _only(PLANNED, date(2026, 4, 30)) is None
    warning = _only(PLANNED, date(2026, 5, 1))
    assert warning is not None
    assert (warning.kind, warning.message, warning.since) == (
        WarningKind.PLAN_OVERDUE,
        "计划2026年4月30日开工，已逾期 1 天",
        date(2026, 5, 1),
    )


def test_grace_days_delay_the_overdue_warning() -> None:
    assert _only(PLANNED, date(2026, 5, 5), plan_grace_days=5) is None
    warning = _only(PLANNED, date(2026, 5, 6), plan_grace_days=5)
    assert warning is not None
    assert (warning.message, warning.since) == (
        "计划2026年4月30日开工，已逾期 6 天",
        date(2026, 5, 6),
    )


# --- no event for N days ------------------------------------------------------------------------

QUIET = replace(BASE, last_event_on=date(2026, 3, 1))


def test_it_warns_after_sixty_days_without_an_event() -> None:
    assert _only(QUIET, date(2026, 4, 29)) is None  # 59 days
    warning = _only(QUIET, date(2026, 4, 30))  # 60 days
    assert warning is not None
    assert (warning.kind, warning.message, warning.since) == (
        WarningKind.STALE,
        "已 60 天无新动态（最近一次更新：2026年3月1日）",
        date(2026, 4, 30),
    )
    assert _only(QUIET, date(2026, 3, 31), stale_days=30) is not None


def test_a_project_at_full_capacity_is_not_expected_to_have_news() -> None:
    assert _only(replace(QUIET, stage=Stage.FULL_CAPACITY), date(2027, 1, 1)) is None


# --- stage moved backwards ----------------------------------------------------------------------

MOVED = replace(
    BASE,
    stage=Stage.SIGNED,
    moved_back_on=date(2026, 5, 20),
    moved_back_from=Stage.CONSTRUCTION,
    moved_back_to=Stage.SIGNED,
)


def test_it_reports_a_move_backwards_for_thirty_days() -> None:
    assert _only(MOVED, date(2026, 5, 19)) is None  # not yet happened on the reference date
    warning = _only(MOVED, date(2026, 5, 20))
    assert warning is not None
    assert (warning.kind, warning.message, warning.since) == (
        WarningKind.MOVED_BACK,
        "阶段由“开工”退回“签约”（2026年5月20日）",
        date(2026, 5, 20),
    )
    assert _only(MOVED, date(2026, 6, 19)) is not None  # 30 days on
    assert _only(MOVED, date(2026, 6, 20)) is None  # 31 days on
    assert _only(MOVED, date(2026, 5, 27), moved_back_days=7) is not None


def test_a_move_backwards_without_its_stages_is_still_reported() -> None:
    bare = replace(MOVED, moved_back_from=None, moved_back_to=None)
    warning = _only(bare, date(2026, 5, 21))
    assert warning is not None and warning.message == "阶段倒退（2026年5月20日）"


# --- together -----------------------------------------------------------------------------------


def test_warnings_are_listed_newest_first_and_one_project_may_have_several() -> None:
    stuck = replace(
        SIGNED,
        project_id=3,
        next_planned_stage=Stage.CONSTRUCTION,
        next_planned_on=date(2026, 3, 31),
        last_event_on=date(2026, 1, 15),
    )
    recently_moved = replace(MOVED, moved_back_on=date(2026, 7, 10))
    found = project_warnings([stuck, recently_moved], as_of=date(2026, 7, 20))
    assert [(w.project_id, w.kind, w.since) for w in found] == [
        (3, WarningKind.NOT_STARTED, date(2026, 7, 15)),
        (7, WarningKind.MOVED_BACK, date(2026, 7, 10)),
        (3, WarningKind.PLAN_OVERDUE, date(2026, 4, 1)),
        (3, WarningKind.STALE, date(2026, 3, 16)),  # 15 January + 60 days
    ]


@pytest.mark.parametrize(
    "settings",
    [
        {"not_started_months": -1},
        {"stale_days": -5},
        {"plan_grace_days": True},
        {"moved_back_days": "30"},
    ],
)
def test_it_refuses_settings_that_are_not_whole_numbers_from_zero(
    settings: dict[str, object],
) -> None:
    with pytest.raises(Invalid, match="应为不小于 0 的整数"):
        WarningSettings(**settings)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 1, 15), date(2026, 7, 14), 5),
        (date(2026, 1, 15), date(2026, 7, 15), 6),
        (date(2026, 1, 31), date(2026, 2, 28), 1),
        (date(2025, 11, 30), date(2026, 2, 27), 2),
    ],
)
def test_months_between_counts_whole_calendar_months(start: date, end: date, months: int) -> None:
    assert months_between(start, end) == months
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)

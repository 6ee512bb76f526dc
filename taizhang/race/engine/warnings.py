"""Project warnings (项目预警). Pure: snapshots and a reference date in, warnings out.

Four kinds, each with its threshold in `WarningSettings` (the race's settings file carries them):
- not_started: signed (签约, or since given land 供地) and not started (开工) N months after
  signing; raised from the day N calendar months after the signing date (signed 15 January,
  N = 6 → from 15 July; a day that does not exist is the month's last: 31 August → 28 February);
- plan_overdue: the next planned stage's date has passed by more than the grace days
  (planned 30 April, grace 0 → from 1 May, "已逾期 1 天");
- stale: no event recorded for N days or more (no news is not expected of a project at 达产);
- moved_back: the stage moved backwards within the last N days (that day included).
`since` is the first day a warning holds, so a weekly review can list the warnings new that week.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date, timedelta

from taizhang.kernel.errors import Invalid
from taizhang.kernel.labels import LabelledEnum
from taizhang.kernel.stages import Stage


class WarningKind(LabelledEnum):
    NOT_STARTED = "not_started", "签约未开工", "signed, not started"
    PLAN_OVERDUE = "plan_overdue", "节点逾期", "planned date passed"
    STALE = "stale", "长期无动态", "no news for long"
    MOVED_BACK = "moved_back", "阶段倒退", "stage moved back"


SETTING_LABELS = {
    "not_started_months": "签约后未开工预警月数",
    "plan_grace_days": "计划节点宽限天数",
    "stale_days": "无动态预警天数",
    "moved_back_days": "阶段倒退提示天数",
}


@dataclass(frozen=True)
class WarningSettings:
    not_started_months: int = 6
    plan_grace_days: int = 0
    stale_days: int = 60
    moved_back_days: int = 30

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise Invalid(
                    f"{SETTING_LABELS[item.name]}应为不小于 0 的整数，实为 {value!r}"
                    f" ({item.name} must be a whole number ≥ 0)"
                )


@dataclass(frozen=True)
class ProjectSnapshot:
    """What the warnings look at of one project, as of the reference date."""

    project_id: int
    name: str
    unit_path: str
    stage: Stage
    stage_reached_on: date | None = None
    next_planned_stage: Stage | None = None
    next_planned_on: date | None = None
    last_event_on: date | None = None  # the day the latest event was recorded
    moved_back_on: date | None = None  # the latest move backwards
    signed_on: date | None = None  # when it reached 签约 (kept once it has land, 供地)
    moved_back_from: Stage | None = None
    moved_back_to: Stage | None = None


@dataclass(frozen=True)
class ProjectWarning:
    kind: WarningKind
    message: str  # 签约后 7 个月仍未开工（2026年1月15日签约）
    project_id: int
    since: date  # the first day the warning holds
    project_name: str = ""
    unit_path: str = ""


Check = Callable[[ProjectSnapshot, date, WarningSettings], ProjectWarning | None]


def project_warnings(
    snapshots: Iterable[ProjectSnapshot],
    *,
    as_of: date,
    settings: WarningSettings | None = None,
) -> list[ProjectWarning]:
    """Every warning that holds on `as_of`, newest first, then by project."""
    chosen = settings or WarningSettings()
    found = [
        warning
        for snapshot in snapshots
        for check in CHECKS
        if (warning := check(snapshot, as_of, chosen)) is not None
    ]
    order = list(WarningKind)
    return sorted(found, key=lambda w: (-w.since.toordinal(), w.project_id, order.index(w.kind)))


def not_started(
    s: ProjectSnapshot, as_of: date, settings: WarningSettings
) -> ProjectWarning | None:
    if s.stage not in (Stage.SIGNED, Stage.LAND):
        return None
    signed = s.signed_on or (s.stage_reached_on if s.stage is Stage.SIGNED else None)
    if signed is None:
        return None
    due = add_months(signed, settings.not_started_months)
    if as_of < due:
        return None
    months = months_between(signed, as_of)
    message = f"签约后 {months} 个月仍未开工（{zh_date(signed)}签约）"
    return _warning(WarningKind.NOT_STARTED, message, s, due)


def plan_overdue(
    s: ProjectSnapshot, as_of: date, settings: WarningSettings
) -> ProjectWarning | None:
    planned = s.next_planned_on
    if planned is None:
        return None
    since = planned + timedelta(days=settings.plan_grace_days + 1)
    if as_of < since:
        return None
    stage = s.next_planned_stage.label if s.next_planned_stage else "下一节点"
    days = (as_of - planned).days
    message = f"计划{zh_date(planned)}{stage}，已逾期 {days} 天"
    return _warning(WarningKind.PLAN_OVERDUE, message, s, since)


def stale(s: ProjectSnapshot, as_of: date, settings: WarningSettings) -> ProjectWarning | None:
    last = s.last_event_on
    if last is None or s.stage is Stage.FULL_CAPACITY:
        return None
    days = (as_of - last).days
    if days < settings.stale_days:
        return None
    message = f"已 {days} 天无新动态（最近一次更新：{zh_date(last)}）"
    return _warning(WarningKind.STALE, message, s, last + timedelta(days=settings.stale_days))


def moved_back(s: ProjectSnapshot, as_of: date, settings: WarningSettings) -> ProjectWarning | None:
    on = s.moved_back_on
    if on is None or not 0 <= (as_of - on).days <= settings.moved_back_days:
        return None
    if s.moved_back_from and s.moved_back_to:
        what = f"阶段由“{s.moved_back_from.label}”退回“{s.moved_back_to.label}”"
    else:
        what = "阶段倒退"
    return _warning(WarningKind.MOVED_BACK, f"{what}（{zh_date(on)}）", s, on)


CHECKS: tuple[Check, ...] = (not_started, plan_overdue, stale, moved_back)


def _warning(kind: WarningKind, message: str, s: ProjectSnapshot, since: date) -> ProjectWarning:
    return ProjectWarning(kind, message, s.project_id, since, s.name, s.unit_path)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    """Whole calendar months from start to end (15 Jan → 14 Aug is 6, → 15 Aug is 7)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_months(start, months) > end else months


def zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"

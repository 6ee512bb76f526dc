"""The district's clock: times are recorded in UTC, the district's calendar runs on UTC+8."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

DISTRICT_TIME = timezone(timedelta(hours=8), "CST")


def district_date(moment: datetime) -> date:
    """The district's calendar day at an (aware) moment."""
    return moment.astimezone(DISTRICT_TIME).date()


def district_minute(moment: datetime) -> str:
    """An (aware) moment as the district reads it: 2026-12-04 15:09."""
    return moment.astimezone(DISTRICT_TIME).strftime("%Y-%m-%d %H:%M")


def clock_for(today: date | None = None) -> Callable[[], datetime]:
    """The app's clock: now, or — for a demo or a test of a given day — `today` at the
    district's current time of day."""
    if today is None:
        return lambda: datetime.now(UTC)
    return lambda: datetime.combine(today, datetime.now(DISTRICT_TIME).timetz()).astimezone(UTC)

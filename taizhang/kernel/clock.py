"""The district's clock: times are recorded in UTC, the district's calendar runs on UTC+8."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

DISTRICT_TIME = timezone(timedelta(hours=8), "CST")


def district_date(moment: datetime) -> date:
    """The district's calendar day at an (aware) moment."""
    return moment.astimezone(DISTRICT_TIME).date()

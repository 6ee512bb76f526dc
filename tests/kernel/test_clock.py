"""The district's calendar day of a recorded (UTC) time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from taizhang.kernel.clock import DISTRICT_TIME, district_date


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2026, 5, 20, 15, 59, tzinfo=UTC), date(2026, 5, 20)),
        (datetime(2026, 5, 20, 16, 0, tzinfo=UTC), date(2026, 5, 21)),  # midnight at UTC+8
        (datetime(2026, 5, 21, 0, 30, tzinfo=DISTRICT_TIME), date(2026, 5, 21)),
        (datetime(2025, 12, 31, 17, 0, tzinfo=UTC), date(2026, 1, 1)),
    ],
)
def test_it_gives_the_district_day_of_a_moment(moment: datetime, day: date) -> None:
    assert district_date(moment) == day

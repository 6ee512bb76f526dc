"""Holiday notices entered at run time: the district's working calendar is the notices this
package records plus every calendar file an administrator has entered since, in order.

When the State Council publishes next year's arrangement, an administrator enters it (the
`load_calendar_toml` format; `taizhang calendar add FILE` or the calendar page) — no release of
taizhang is needed. Until then that year is counted provisionally (see `kernel.calendar`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from taizhang.kernel.base import ID, Base, UTCDateTime
from taizhang.kernel.calendar import WorkingCalendar, load_calendar_toml, official_calendar
from taizhang.kernel.errors import Invalid


class CalendarFile(Base):
    """One entered holiday-arrangement file, kept as written."""

    __tablename__ = "calendar_files"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    source: Mapped[str] = mapped_column(String(200))  # the file's name, or 网页录入
    text: Mapped[str] = mapped_column(Text)
    years: Mapped[list[Any]] = mapped_column(JSON)  # the years it added
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


def district_calendar(session: Session) -> WorkingCalendar:
    """The recorded notices plus every entered file, in the order they were entered."""
    calendar = official_calendar()
    files = session.scalars(select(CalendarFile).order_by(CalendarFile.id))
    for entered in files:
        calendar = load_calendar_toml(entered.text, base=calendar, source=entered.source)
    return calendar


def enter_calendar_file(
    session: Session, text: str, *, source: str, now: datetime, actor_id: int | None
) -> list[int]:
    """Check a holiday-arrangement file against the calendar and keep it; the years it adds.
    `Invalid`, with every problem and its line, when anything is wrong — nothing is kept."""
    before = district_calendar(session)
    after = load_calendar_toml(text, base=before, source=source)
    years = [year for year in range(after.covers[0], after.covers[1] + 1)
             if not before.covers[0] <= year <= before.covers[1]]  # fmt: skip
    if not years:
        raise Invalid("文件没有添加任何年份 (the file adds no year)")
    session.add(
        CalendarFile(source=source, text=text, years=years, entered_at=now, entered_by_id=actor_id)
    )
    session.flush()
    return years

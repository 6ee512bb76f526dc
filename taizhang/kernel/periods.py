"""Race periods: the day, week, month, quarter or year a score or a ranking is for.

`parse_period` reads what a user types on the command line or in a URL:

    2026-05-18  2026年5月18日    a day
    2026-W20    2026年第20周     an ISO week (Monday–Sunday; week 1 holds the first Thursday)
    2026-05     2026年5月        a month
    2026-Q2     2026年第二季度   a quarter (also 2026年第2季度, 2026年二季度)
    2026        2026年           a year

Full-width digits are accepted (２０２６年). `Period.label` is the canonical form on the left and
parses back to the same period; `Period.label_zh` is how a page or a report writes it.

序时进度 (time progress, DOMAIN §2.2.2) is counted to the day, in twelfths of the year:

    share on a day = (whole months elapsed + days elapsed in the day's month / days in it) / 12

the day itself counted as elapsed. At the end of a month this is exactly the offices' "months
elapsed / 12" (31 May → 5/12, 30 September → 9/12 = 75%, DOMAIN §2.4); between month ends it
grows day by day (4 December → (11 + 4/31)/12 = 92.74%, not the whole of December), so a
target is never judged against a month that has only just begun. `share_of_year_on(day)` is
this rule; `year_elapsed_share(period)` applies it to the period's last day (May → 5/12,
Q3 → 9/12, the year → 1, 2026-05-18 → (4 + 18/31)/12). A week belongs to its ISO year; the
last ISO week may end in January of the next calendar year, and then the share is 1.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from taizhang.kernel.errors import Invalid

PeriodKind = Literal["day", "week", "month", "quarter", "year"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("day", "week", "month", "quarter", "year")
QUARTER_NUMERALS = "一二三四"
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FORMS = "2026-05-18、2026-W20、2026-05、2026-Q2、2026，或 2026年5月、2026年第二季度、2026年"

_PATTERNS: tuple[tuple[PeriodKind, re.Pattern[str]], ...] = (
    ("day", re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{4})年(\d{1,2})月(\d{1,2})日")),
    ("week", re.compile(r"(\d{4})-?W(\d{1,2})|(\d{4})年第(\d{1,2})周", re.IGNORECASE)),
    ("month", re.compile(r"(\d{4})-(\d{1,2})|(\d{4})年(\d{1,2})月(?:份)?")),
    ("quarter", re.compile(r"(\d{4})-?Q([1-4])|(\d{4})年第?([1-4一二三四])季度", re.IGNORECASE)),
    ("year", re.compile(r"(\d{4})年?(?:度|全年)?")),
)


@dataclass(frozen=True)
class Period:
    """A closed range of days [start, end] of one kind, named by its canonical label."""

    kind: PeriodKind
    start: date
    end: date  # inclusive
    label: str  # canonical: 2026-05-18, 2026-W20, 2026-05, 2026-Q2, 2026

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def year(self) -> int:
        """The year the period belongs to; for a week its ISO year (the year of its Thursday)."""
        if self.kind == "week":
            return (self.start + timedelta(days=3)).year
        return self.start.year

    @property
    def label_zh(self) -> str:
        """2026年5月18日, 2026年第20周, 2026年5月, 2026年第二季度, 2026年."""
        if self.kind == "day":
            return f"{self.start.year}年{self.start.month}月{self.start.day}日"
        if self.kind == "week":
            return f"{self.year}年第{self.start.isocalendar().week}周"
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == "quarter":
            return f"{self.start.year}年第{QUARTER_NUMERALS[_quarter(self.start) - 1]}季度"
        return f"{self.start.year}年"

    @property
    def label_en(self) -> str:
        """18 May 2026, 2026 week 20, May 2026, 2026 Q2, 2026."""
        if self.kind == "day":
            return f"{self.start.day} {MONTHS_EN[self.start.month - 1]} {self.start.year}"
        if self.kind == "week":
            return f"{self.year} week {self.start.isocalendar().week}"
        if self.kind == "month":
            return f"{MONTHS_EN[self.start.month - 1]} {self.start.year}"
        if self.kind == "quarter":
            return f"{self.start.year} Q{_quarter(self.start)}"
        return str(self.start.year)

    def label_in(self, language: str) -> str:
        """`label_en` on an English page, `label_zh` otherwise."""
        return self.label_en if language == "en" else self.label_zh


def parse_period(text: str) -> Period:
    """A period from its text; `Invalid` with the accepted forms when it cannot be read."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match:
            numbers = [group for group in match.groups() if group is not None]
            return _build(kind, numbers, text)
    raise Invalid(f"无法识别的期间“{text.strip()}”，应写成 {FORMS} (unrecognised period)")


def period_containing(kind: PeriodKind, day: date) -> Period:
    """The period of a kind that holds a day: the week of 2026-05-18 is 2026-W21."""
    if kind == "day":
        return _day(day)
    if kind == "week":
        iso = day.isocalendar()
        return _week(iso.year, iso.week)
    if kind == "month":
        return _month(day.year, day.month)
    if kind == "quarter":
        return _quarter_period(day.year, _quarter(day))
    if kind == "year":
        return _year(day.year)
    raise Invalid(f"未知的期间类型 {kind}，应为 {'、'.join(PERIOD_KINDS)} (unknown period kind)")


def previous(period: Period) -> Period:
    """The period of the same kind just before: 2026-01 → 2025-12, 2026-W01 → 2025-W52."""
    return period_containing(period.kind, period.start - timedelta(days=1))


def year_elapsed_share(period: Period) -> Decimal:
    """序时进度 at the period's end (see the module docstring): May → 5/12, Q3 → 3/4."""
    return share_of_year_on(min(period.end, date(period.year, 12, 31)))


def share_of_year_on(day: date) -> Decimal:
    """序时进度 on a day, that day counted: 30 September → 0.75, 4 December → (11 + 4/31)/12."""
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    months = Decimal(day.month - 1) + Decimal(day.day) / Decimal(days_in_month)
    return months / Decimal(12)


def _build(kind: PeriodKind, numbers: list[str], text: str) -> Period:
    year = int(numbers[0])
    if not 1900 <= year <= 2999:
        raise Invalid(f"期间“{text.strip()}”的年份 {year} 不合理 (year out of range)")
    if kind == "year":
        return _year(year)
    if kind == "quarter":
        return _quarter_period(year, _quarter_number(numbers[1]))
    if kind == "week":
        return _checked_week(year, int(numbers[1]), text)
    month = int(numbers[1])
    if not 1 <= month <= 12:
        raise Invalid(f"期间“{text.strip()}”的月份应为 1–12 (month out of range)")
    if kind == "month":
        return _month(year, month)
    day = int(numbers[2])
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise Invalid(f"期间“{text.strip()}”的日期不存在 (no such day)")
    return _day(date(year, month, day))


def _checked_week(year: int, week: int, text: str) -> Period:
    weeks = date(year, 12, 28).isocalendar().week  # 28 December is always in the last ISO week
    if not 1 <= week <= weeks:
        raise Invalid(f"期间“{text.strip()}”的周次应为 1–{weeks} (week out of range)")
    return _week(year, week)


def _quarter_number(text: str) -> int:
    return QUARTER_NUMERALS.index(text) + 1 if text in QUARTER_NUMERALS else int(text)


def _quarter(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _day(day: date) -> Period:
    return Period("day", day, day, day.isoformat())


def _week(year: int, week: int) -> Period:
    monday = date.fromisocalendar(year, week, 1)
    return Period("week", monday, monday + timedelta(days=6), f"{year}-W{week:02d}")


def _month(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period("month", date(year, month, 1), date(year, month, last), f"{year}-{month:02d}")


def _quarter_period(year: int, quarter: int) -> Period:
    first = date(year, 3 * quarter - 2, 1)
    last_month = 3 * quarter
    end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    return Period("quarter", first, end, f"{year}-Q{quarter}")


def _year(year: int) -> Period:
    return Period("year", date(year, 1, 1), date(year, 12, 31), str(year))

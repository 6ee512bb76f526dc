"""工作日: the official working-day calendar that 12345 time limits are counted on.

A day is a working day when the State Council's yearly notice (国务院办公厅关于 X 年部分节假日安排的
通知) makes it a 调休上班 day, or when it is Monday–Friday and not a 放假 day of that notice.
`WorkingCalendar.with_year` (or `load_calendar_toml`) adds a year's arrangement once its notice is
published. A year whose notice is not recorded yet is counted *provisionally* (暂定): its rest days
are the statutory holidays of the 全国年节及纪念日放假办法 as the `holidays` package computes them,
with no 调休 days; `is_provisional` tells, so a due date counted through such a year is shown as
暂定 and recomputed when the notice is entered. A request is never refused for want of a notice.

Counting (DOMAIN §4.4): a limit of N working days "counted from the next day" ends on the N-th
working day after the day of receipt — 投诉 received Fri 2024-06-14, 7 working days → Mon 06-17 is
day 1 → due Tue 2024-06-25. A request received on a rest day counts the same way: its first
counted day is the next working day.

The extension file (`load_calendar_toml`), one table per year:

    [2027]
    source = "国办发明电〔2026〕X号"        # optional
    holidays = ["2027-01-01", "2027-02-06..2027-02-13"]   # 放假: days or inclusive ranges
    makeup_workdays = ["2027-02-14"]                       # 调休上班: Saturdays or Sundays

Years must follow the covered ones without a gap; every problem is reported with its line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import holidays

from taizhang.kernel.clock import district_date
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.rulefiles import Lines, RuleKind, parse_toml

ONE_DAY = timedelta(days=1)
WEEKDAYS = "一二三四五六日"
TOML_KEYS = ("source", "holidays", "makeup_workdays")
CALENDAR_FILE = RuleKind("节假日安排文件", "holiday arrangements")


@dataclass(frozen=True)
class Notice:
    """One year's arrangement as published: 放假 periods and 调休上班 days, as ISO text."""

    year: int
    source: str
    holidays: tuple[str, ...]  # "YYYY-MM-DD" or an inclusive "YYYY-MM-DD..YYYY-MM-DD"
    makeup_workdays: tuple[str, ...]


# Checked date by date against each notice's full text as carried by the press:
# 2024 人民日报 2023-10-26 第6版 and zh.wikisource.org (国办发明电〔2023〕7号);
# 2025 光明网 2024-11-12 (m.gmw.cn/2024-11/12/content_1303894933.htm);
# 2026 光明网 2025-11-04 (politics.gmw.cn/2025-11/04/content_38391083.htm), 新华社北京11月4日电.
OFFICIAL_NOTICES = (
    Notice(2024, "国办发明电〔2023〕7号（2023-10-25）", holidays=(
        "2024-01-01",              # 元旦：1月1日放假，与周末连休
        "2024-02-10..2024-02-17",  # 春节；除夕 2月9日（周五）只是"鼓励"安排休息，仍是工作日
        "2024-04-04..2024-04-06",  # 清明节
        "2024-05-01..2024-05-05",  # 劳动节
        "2024-06-10",              # 端午节：6月10日放假，与周末连休
        "2024-09-15..2024-09-17",  # 中秋节
        "2024-10-01..2024-10-07",  # 国庆节
    ), makeup_workdays=(
        "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
        "2024-09-29", "2024-10-12",
    )),
    Notice(2025, "国办发明电〔2024〕12号（2024-11-12）", holidays=(
        "2025-01-01",              # 元旦：放假1天，不调休
        "2025-01-28..2025-02-04",  # 春节：除夕至正月初七
        "2025-04-04..2025-04-06",  # 清明节
        "2025-05-01..2025-05-05",  # 劳动节
        "2025-05-31..2025-06-02",  # 端午节
        "2025-10-01..2025-10-08",  # 国庆节、中秋节合并
    ), makeup_workdays=(
        "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
    )),
    Notice(2026, "国务院办公厅通知（2025-11-04，新华社全文；文号未核实）", holidays=(
        "2026-01-01..2026-01-03",  # 元旦
        "2026-02-15..2026-02-23",  # 春节：腊月二十八至正月初七，共9天
        "2026-04-04..2026-04-06",  # 清明节
        "2026-05-01..2026-05-05",  # 劳动节
        "2026-06-19..2026-06-21",  # 端午节
        "2026-09-25..2026-09-27",  # 中秋节
        "2026-10-01..2026-10-07",  # 国庆节
    ), makeup_workdays=(
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
    )),
)  # fmt: skip


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]
    covers: tuple[int, int]  # first and last year whose notice is recorded

    @classmethod
    def of_year(
        cls, year: int, holidays: Iterable[date], makeup: Iterable[date]
    ) -> WorkingCalendar:
        """A calendar covering one year's arrangement."""
        rest, work = _checked(year, holidays, makeup)
        return cls(holidays=rest, makeup_workdays=work, covers=(year, year))

    def with_year(
        self, year: int, holidays: Iterable[date], makeup: Iterable[date]
    ) -> WorkingCalendar:
        """This calendar plus the arrangement of the year just after (or before) those covered."""
        first, last = self.covers
        if year not in (first - 1, last + 1):
            held = "已录入" if first <= year <= last else f"与已录入的 {first}–{last} 年不相连"
            raise Invalid(
                f"{year} 年的节假日安排{held}，不能添加"
                f" (the year must follow or precede {first}–{last} and not be there yet)"
            )
        rest, work = _checked(year, holidays, makeup)
        return replace(
            self,
            holidays=self.holidays | rest,
            makeup_workdays=self.makeup_workdays | work,
            covers=(min(first, year), max(last, year)),
        )

    def is_working_day(self, day: date) -> bool:
        if self.is_provisional(day):
            return day.weekday() < 5 and day not in statutory_rest_days(day.year)
        if day in self.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def is_provisional(self, day: date) -> bool:
        """Whether `day` lies in a year whose notice is not recorded (counted provisionally)."""
        first, last = self.covers
        return not first <= day.year <= last

    def counts_provisionally(self, start: date, end: date) -> bool:
        """Whether counting from `start` to `end` crosses a year counted provisionally."""
        return any(
            self.is_provisional(date(year, 1, 1)) for year in range(start.year, end.year + 1)
        )

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before `day`."""
        day -= ONE_DAY
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def add_working_days(self, start: date, days: int, *, count_from_next: bool = True) -> date:
        """The due date of a limit of `days` working days from `start` (0 = the same day).

        With `count_from_next` the first counted day is the next working day after `start`;
        without it, `start` itself counts when it is a working day.
        """
        if days < 0:
            raise Invalid(f"工作日天数不能为负数：{days} (working days cannot be negative)")
        if days == 0:
            return start
        counts_start = not count_from_next and self.is_working_day(start)
        day = start if counts_start else self.next_working_day(start)
        for _ in range(days - 1):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` < `start`.

        `working_days_between(s, add_working_days(s, n)) == n` for every n ≥ 1.
        """
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for day in _days(start + ONE_DAY, end) if self.is_working_day(day))


@functools.cache
def statutory_rest_days(year: int) -> frozenset[date]:
    """A year's statutory holidays, with the days the law moves them to when they fall on a
    weekend: the rest days of a year whose State Council notice is not out yet (no 调休)."""
    return frozenset(holidays.country_holidays("CN", years=year))


@functools.cache
def official_calendar() -> WorkingCalendar:
    """The State Council arrangements recorded in this module (2024–2026)."""
    first, *rest = OFFICIAL_NOTICES
    calendar = WorkingCalendar.of_year(first.year, *_notice_days(first))
    for notice in rest:
        calendar = calendar.with_year(notice.year, *_notice_days(notice))
    return calendar


def deadline_for(
    category_limit_days: int, received_at: datetime, *, calendar: WorkingCalendar
) -> date:
    """The due date of a request received at an aware moment, counted in the district's days.

    Day 1 is the first working day after the day of receipt (UTC+8), also when it was received
    on a weekend or holiday: received Sat or Fri, day 1 is the same Monday.
    """
    if received_at.tzinfo is None:
        raise Invalid("受理时间缺少时区，无法确定受理日 (naive datetime)")
    return calendar.add_working_days(district_date(received_at), category_limit_days)


def parse_period(text: str) -> list[date]:
    """The days of "2024-10-01" or of the inclusive range "2024-10-01..2024-10-07"."""
    head, sep, tail = text.strip().partition("..")
    try:
        first = date.fromisoformat(head.strip())
        last = date.fromisoformat(tail.strip()) if sep else first
    except ValueError:
        raise Invalid(
            f"日期“{text}”应写成 2027-01-01 或 2027-02-06..2027-02-13 (write a day or a range)"
        ) from None
    if last < first:
        raise Invalid(f"日期范围“{text}”的结束早于开始 (the range ends before it starts)")
    return list(_days(first, last))


def load_calendar_toml(
    text: str, *, base: WorkingCalendar | None = None, source: str = "calendar.toml"
) -> WorkingCalendar:
    """`base` (default: the official calendar) plus the years of an extension file (see top)."""
    data = parse_toml(text, kind=CALENDAR_FILE, source=source)
    calendar, errors, lines = base or official_calendar(), list[FieldError](), Lines(text)
    for key, table in sorted(data.items()):
        calendar = _add_table(calendar, key, table, _YearLines(lines, key), errors)
    if errors:
        raise Invalid(
            f"节假日安排文件有 {len(errors)} 处错误，未添加任何年份"
            f" ({len(errors)} errors in the calendar file: no year added)",
            errors,
        )
    return calendar


@dataclass(frozen=True)
class _YearLines:
    """Where things are written in one `[year]` table."""

    lines: Lines
    year: str

    @property
    def header(self) -> int:
        return self.lines.of(self.year, 0, "")

    def of(self, needle: str) -> int:
        return self.lines.containing(needle, self.year)


def _add_table(
    calendar: WorkingCalendar, key: str, table: Any, lines: _YearLines, errors: list[FieldError]
) -> WorkingCalendar:
    if not re.fullmatch(r"\d{4}", key) or not isinstance(table, dict):
        errors.append(
            FieldError("每个年份写成一个表，例如 [2027] (one table per year)", lines.header, key)
        )
        return calendar
    before = len(errors)
    for unknown in sorted(set(table) - set(TOML_KEYS)):
        errors.append(
            FieldError(
                f"未知的键（可用：{'、'.join(TOML_KEYS)}） (unknown key)",
                lines.of(unknown),
                unknown,
            )
        )
    holidays = _read_days(table, "holidays", lines, errors)
    makeup = _read_days(table, "makeup_workdays", lines, errors)
    for day, reason in _problems(int(key), holidays, makeup):
        errors.append(FieldError(reason, lines.of(holidays.get(day) or makeup.get(day, key))))
    if len(errors) > before:
        return calendar
    try:
        return calendar.with_year(int(key), holidays, makeup)
    except Invalid as exc:
        errors.append(FieldError(exc.message, lines.header, key))
        return calendar


def _read_days(
    table: dict[str, Any], key: str, lines: _YearLines, errors: list[FieldError]
) -> dict[date, str]:
    """Each day of the periods listed under `key`, with the text it was written as."""
    items = table.get(key, [])
    if not isinstance(items, list):
        errors.append(
            FieldError('应是一个列表，例如 ["2027-01-01"] (must be a list)', lines.of(key), key)
        )
        return {}
    days: dict[date, str] = {}
    for item in items:
        written = item.isoformat() if isinstance(item, date) else str(item)
        try:
            days.update(dict.fromkeys(parse_period(written), written))
        except Invalid as exc:
            errors.append(FieldError(exc.message, lines.of(written), key))
    return days


def _problems(
    year: int, holidays: Iterable[date], makeup: Iterable[date]
) -> list[tuple[date, str]]:
    """What is wrong with one year's days: each offending day with its reason."""
    rest, work = set(holidays), set(makeup)
    found = [
        (day, f"{day} 不属于 {year} 年 (not in {year})")
        for day in sorted(rest | work)
        if not _belongs(day, year)
    ]
    for day in sorted(work):
        if day.weekday() < 5:
            weekday = WEEKDAYS[day.weekday()]
            reason = f"{day} 是星期{weekday}，调休上班日应是周六或周日 (a make-up day is a weekend)"
            found.append((day, reason))
        if day in rest:
            found.append((day, f"{day} 既是放假日又是调休上班日 (both a holiday and a workday)"))
    return found


def _belongs(day: date, year: int) -> bool:
    """A notice's days lie in its year, or late in December before it (the 2019 notice made
    Sat 2018-12-29 a working day for 元旦)."""
    return day.year == year or (day.year == year - 1 and day.month == 12 and day.day >= 24)


def _checked(
    year: int, holidays: Iterable[date], makeup: Iterable[date]
) -> tuple[frozenset[date], frozenset[date]]:
    rest, work = frozenset(holidays), frozenset(makeup)
    problems = _problems(year, rest, work)
    if problems:
        errors = [FieldError(reason) for _, reason in problems]
        raise Invalid(
            f"{year} 年的节假日安排有 {len(errors)} 处错误 ({len(errors)} errors in {year})", errors
        )
    return rest, work


def _notice_days(notice: Notice) -> tuple[list[date], list[date]]:
    return (
        [day for period in notice.holidays for day in parse_period(period)],
        [day for period in notice.makeup_workdays for day in parse_period(period)],
    )


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += ONE_DAY

"""Enterprises' load as values (DOMAIN §5.2): each day's energy by time-of-use band — 峰 (with
尖峰), 平 and 谷 kWh — and interval load, the average kW of each 15-minute or hourly interval,
named by the interval's start; the demand-response events that call on it. `LoadData` indexes
both per 户号; `duplicate_load_errors` names records given twice and `find_load_gaps` the days
missing between an account's first and last day (or a day's curve left incomplete)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cached_property
from itertools import pairwise

from taizhang.incentives.engine.program import ResponseKind
from taizhang.kernel.errors import FieldError

MINUTES_PER_DAY = 24 * 60
DAILY, CURVE = "分时电量", "负荷曲线"


@dataclass(frozen=True, slots=True)
class DayEnergy:
    """One day's kWh of one account by time-of-use band."""

    account: str  # 户号
    day: date
    peak: Decimal  # 峰, with 尖峰
    flat: Decimal  # 平
    valley: Decimal  # 谷
    name: str = ""  # the enterprise
    row: int | None = None  # where it was read: the row …
    source: str = ""  # … of this file

    @property
    def key(self) -> tuple[str, date]:
        return self.account, self.day


@dataclass(frozen=True, slots=True)
class Reading:
    """The average load of one account over one interval."""

    account: str
    start: datetime  # the interval's start
    kw: Decimal
    name: str = ""
    row: int | None = None
    source: str = ""

    @property
    def key(self) -> tuple[str, datetime]:
        return self.account, self.start


@dataclass(frozen=True)
class Window:
    """A span of one day in minutes after midnight: 14:00–16:00 is (840, 960); 24:00 is 1440."""

    start: int
    end: int

    @property
    def hours(self) -> Decimal:
        return Decimal(self.end - self.start) / 60

    @property
    def label(self) -> str:
        return f"{clock(self.start)}–{clock(self.end)}"

    def on(self, day: date) -> tuple[datetime, datetime]:
        midnight = datetime.combine(day, time())
        return midnight + timedelta(minutes=self.start), midnight + timedelta(minutes=self.end)


@dataclass(frozen=True)
class Event:
    """A demand-response event: its day, kind and window (none for 移峰填谷, judged on the whole
    day's energy), the clearing price (日前削峰), the day of the invitation and the enterprises
    invited (none named: every enterprise whose load data covers the day)."""

    day: date
    kind: ResponseKind
    window: Window | None = None
    clearing_price: Decimal | None = None
    invited_on: date | None = None
    accounts: tuple[str, ...] = ()
    row: int | None = None

    @property
    def label(self) -> str:
        return f"{self.day.isoformat()} {self.window.label if self.window else '全天'}"

    @property
    def invitation(self) -> date:
        """The day the invitation went out: as stated, else the event's own day for 实时响应
        and the day before for the day-ahead kinds and 移峰填谷."""
        if self.invited_on is not None:
            return self.invited_on
        if self.kind is ResponseKind.REAL_TIME:
            return self.day
        return self.day - timedelta(days=1)


@dataclass(frozen=True)
class LoadGap:
    account: str
    what: str  # 分时电量 or 负荷曲线
    days: tuple[date, ...]
    text: str

    def describe(self) -> str:
        return self.text


class LoadData:
    """The records of one or more load files by 户号 (the last of a duplicate wins: check
    `duplicate_load_errors` first)."""

    def __init__(self, days: Iterable[DayEnergy] = (), readings: Iterable[Reading] = ()) -> None:
        self.days: dict[str, dict[date, DayEnergy]] = defaultdict(dict)
        self.readings: dict[str, dict[datetime, Reading]] = defaultdict(dict)
        self.names: dict[str, str] = {}
        for energy in days:
            self.days[energy.account][energy.day] = energy
            if energy.name:
                self.names.setdefault(energy.account, energy.name)
        for reading in readings:
            self.readings[reading.account][reading.start] = reading
            if reading.name:
                self.names.setdefault(reading.account, reading.name)

    def name(self, account: str) -> str:
        return self.names.get(account, "")

    @cached_property
    def intervals(self) -> dict[str, int]:
        """Minutes per interval of each account's curve: 15 when any reading starts off the
        hour, else 60."""
        return {
            account: 15 if any(t.minute for t in readings) else 60
            for account, readings in self.readings.items()
        }

    @cached_property
    def _spans(self) -> dict[tuple[str, bool], tuple[date, date]]:
        spans = {(a, False): (min(held), max(held)) for a, held in self.days.items() if held}
        for account, readings in self.readings.items():
            if readings:
                spans[(account, True)] = (min(readings).date(), max(readings).date())
        return spans

    def covers(self, account: str, day: date, *, curve: bool) -> bool:
        """Whether `day` lies within the account's daily records (or its curve's days)."""
        span = self._spans.get((account, curve))
        return span is not None and span[0] <= day <= span[1]

    def accounts(self) -> list[str]:
        return sorted(set(self.days) | set(self.readings))


def duplicate_load_errors(
    days: Sequence[DayEnergy], readings: Sequence[Reading]
) -> list[FieldError]:
    """One error per (户号, 日期) of daily energy and per (户号, 时间) of load given more than
    once, naming every row (and its file when the rows come from several)."""
    errors: list[FieldError] = []
    for what, records in ((DAILY, days), (CURVE, readings)):
        seen: defaultdict[tuple[str, date], list[DayEnergy | Reading]] = defaultdict(list)
        for record in records:
            seen[record.key].append(record)
        for (account, when), found in seen.items():
            if len(found) > 1:
                moment = (
                    when.isoformat(sep=" ", timespec="minutes")
                    if isinstance(when, datetime)
                    else when.isoformat()
                )
                listed = "、".join(_where(r, len({f.source for f in found}) > 1) for r in found)
                reason = f"户号 {account} {moment} 的{what}重复出现：{listed} (duplicate)"
                errors.append(FieldError(reason, found[1].row, "户号"))
    return errors


def find_load_gaps(load: LoadData) -> list[LoadGap]:
    """Per account: the days without daily energy between its first and last; the days without
    any reading between its first and last, and the days whose curve is incomplete."""
    gaps = []
    for account in sorted(load.days):
        held = load.days[account]
        gaps += _missing_days(account, DAILY, held, held)
    for account in sorted(load.readings):
        readings = load.readings[account]
        by_day: defaultdict[date, list[Reading]] = defaultdict(list)
        for start in sorted(readings):
            by_day[start.date()].append(readings[start])
        firsts = {day: rows[0] for day, rows in by_day.items()}
        lasts = {day: rows[-1] for day, rows in by_day.items()}
        gaps += _missing_days(account, CURVE, firsts, lasts)
        full = MINUTES_PER_DAY // load.intervals[account]
        for day in sorted(by_day):
            have = len(by_day[day])
            if have < full:
                text = f"户号 {account} {day} 的负荷曲线只有 {have} 个时段（应有 {full} 个）"
                gaps.append(LoadGap(account, CURVE, (day,), text))
    return gaps


def _missing_days(
    account: str,
    what: str,
    firsts: Mapping[date, DayEnergy | Reading],
    lasts: Mapping[date, DayEnergy | Reading],
) -> list[LoadGap]:
    gaps = []
    ordered = sorted(firsts)
    for before, after in pairwise(ordered):
        missing = tuple(before + timedelta(days=n) for n in range(1, (after - before).days))
        if missing:
            days = "、".join(d.isoformat() for d in missing[:5])
            more = f" 等 {len(missing)} 天" if len(missing) > 5 else ""
            between = _between(lasts[before], firsts[after])
            text = f"户号 {account} 缺 {days}{more} 的{what}{between}"
            gaps.append(LoadGap(account, what, missing, text))
    return gaps


def _where(record: DayEnergy | Reading, with_source: bool) -> str:
    row = f"第 {record.row} 行" if record.row is not None else "数据"
    return f"{record.source} {row}" if with_source and record.source else row


def _between(first: DayEnergy | Reading, second: DayEnergy | Reading) -> str:
    """Where a gap lies in the files: （第 5 行与第 6 行之间）, or nothing when rows are unknown."""
    if first.row is None or second.row is None:
        return ""
    if first.source == second.source:
        file = f"{first.source} " if first.source else ""
        return f"（{file}第 {first.row} 行与第 {second.row} 行之间）"
    return f"（{_where(first, True)}与{_where(second, True)}之间）"


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"

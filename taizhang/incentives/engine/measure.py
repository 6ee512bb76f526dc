"""Responses measured from the enterprises' own load (DOMAIN §5.2.5), as `demand.Response`s so
that `pay_responses` pays them.

- Baseline days: the program's `days` (5) most recent working days before the invitation on
  the working-day calendar (weekends and holidays are not working days, 调休 Saturdays are),
  leaving out the days the enterprise was itself called on to respond.
- 日前削峰 / 日前填谷: the baseline energy is the mean of the event's window on those days; the
  response energy is baseline − metered in the window (填谷: metered − baseline), so the
  reduction in kW is that over the window's hours.
- 实时响应: the baseline is the average load of the `realtime_minutes` (15) before the start.
- 移峰填谷 (no window): the day's 峰 and 谷 kWh against the mean of `shifting_days` baseline
  days chosen the same way; the energy moved is the smaller of the peak drop and the valley
  rise (or the peak drop alone, as the program says), never below 0.

Energies are summed from the intervals (kW × their hours) and the response energy is rounded
half up to 0.01 kWh. Any load needed and missing is named (account, day, what for); nothing is
measured then, because every enterprise's claim changes every other's share of the top-up pool.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from taizhang.incentives.engine.demand import Response
from taizhang.incentives.engine.load import DayEnergy, Event, LoadData, Window, clock
from taizhang.incentives.engine.program import Baselines, Program, ResponseKind, ShiftMeasure
from taizhang.kernel.calendar import WorkingCalendar
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.numbers import format_number

ZERO = Decimal(0)
HUNDREDTH = Decimal("0.01")


def measure_responses(
    program: Program,
    load: LoadData,
    events: Sequence[Event],
    calendar: WorkingCalendar,
    *,
    within: Callable[[date], bool] | None = None,
) -> list[Response]:
    """Every invited enterprise's response to every event (those on the days `within` accepts),
    in the events' order; `Invalid` naming each piece of load that is needed and missing. All
    the events count when baseline days are chosen, measured or not."""
    if program.demand is None:
        raise ValueError(f"{program.version} is not a demand-response program")
    measuring = _Measuring(program.demand.baseline, load, calendar, _called_days(events, load))
    chosen = [e for e in events if within is None or within(e.day)]
    ordered = sorted(chosen, key=lambda e: (e.day, e.window.start if e.window else -1))
    responses = [
        response
        for event in ordered
        for account in invited(event, load, measuring.errors)
        if (response := measuring.response(event, account)) is not None
    ]
    if measuring.errors:
        count = len(measuring.errors)
        raise Invalid(
            f"负荷数据不全，有 {count} 处无法核定，未计算任何补贴"
            f" (load data missing in {count} places; nothing computed)",
            measuring.errors,
        )
    return responses


def invited(event: Event, load: LoadData, errors: list[FieldError] | None = None) -> list[str]:
    """The enterprises an event calls on: those it names, else every one whose load data (the
    curve, or the daily energy for 移峰填谷) spans the event's day."""
    curve = event.kind is not ResponseKind.SHIFTING
    if not event.accounts:
        return [a for a in load.accounts() if load.covers(a, event.day, curve=curve)]
    named = []
    for account in event.accounts:
        if account in (load.readings if curve else load.days):
            named.append(account)
        elif errors is not None:
            what = "负荷曲线" if curve else "分时电量"
            reason = f"户号 {account} 被邀约参加 {event.label} {event.kind.value}，但没有{what}"
            errors.append(FieldError(reason, event.row, "户号"))
    return named


def baseline_days(
    calendar: WorkingCalendar, invitation: date, count: int, skip: set[date]
) -> list[date]:
    """The `count` most recent working days before `invitation` that are not in `skip`, the
    latest first."""
    days: list[date] = []
    day = invitation
    while len(days) < count:
        day = calendar.previous_working_day(day)
        if day not in skip:
            days.append(day)
    return days


def _called_days(events: Sequence[Event], load: LoadData) -> dict[str, set[date]]:
    called: defaultdict[str, set[date]] = defaultdict(set)
    for event in events:
        for account in invited(event, load):
            called[account].add(event.day)
    return called


class _Measuring:
    def __init__(
        self,
        rules: Baselines,
        load: LoadData,
        calendar: WorkingCalendar,
        called: dict[str, set[date]],
    ) -> None:
        self.rules, self.load, self.calendar, self.called = rules, load, calendar, called
        self.errors: list[FieldError] = []

    def response(self, event: Event, account: str) -> Response | None:
        if event.kind is ResponseKind.SHIFTING:
            return self.shifted(event, account)
        if event.window is None:
            raise ValueError(f"{event.kind.value} needs a window")
        return self.windowed(event, event.window, account)

    def chosen_days(self, event: Event, account: str, count: int) -> tuple[list[date], str]:
        """The baseline days and how they were chosen, in words."""
        skip = self.called.get(account, set())
        days = baseline_days(self.calendar, event.invitation, count, skip)
        skipped = sorted(d for d in skip if days[-1] < d < event.invitation)
        left_out = f"，不含响应日 {_dates(skipped)}" if skipped else ""
        listed = _dates(sorted(days))
        how = f"基线日 {listed}（邀约日 {event.invitation} 前 {count} 个正常工作日{left_out}）"
        return days, how

    # ── 削峰 / 填谷 / 实时: the window's energy ────────────────────────────
    def windowed(self, event: Event, window: Window, account: str) -> Response | None:
        begin, end = window.on(event.day)
        purpose = f"{event.label} {event.kind.value}"
        metered = self.energy(account, begin, end, purpose)
        if event.kind is ResponseKind.REAL_TIME:
            minutes = self.rules.realtime_minutes
            before = self.energy(account, begin - timedelta(minutes=minutes), begin, purpose)
            baseline = None if before is None else before * 60 / minutes * window.hours
            how = f"基线：开始前 {minutes} 分钟的平均负荷"
        else:
            days, how = self.chosen_days(event, account, self.rules.days)
            energies = [self.energy(account, *window.on(d), f"{purpose}的基线日") for d in days]
            found = [e for e in energies if e is not None]
            baseline = sum(found, ZERO) / len(days) if len(found) == len(days) else None
            how += f"同时段平均 {_kwh(baseline)} 千瓦时" if baseline is not None else ""
        if baseline is None or metered is None:
            return None
        moved = baseline - metered
        if event.kind is ResponseKind.DAY_AHEAD_VALLEY:
            moved = -moved
        base_kw, actual_kw = _hundredth(baseline / window.hours), _hundredth(metered / window.hours)
        basis = (
            f"{how}，即 {_kwh(base_kw)} 千瓦；{window.label} 实测 {_kwh(metered)} 千瓦时，"
            f"平均 {_kwh(actual_kw)} 千瓦"
        )
        return Response(
            account, self.load.name(account), event.label, event.kind, base_kw, actual_kw,
            window.hours, event.clearing_price, event.day, _hundredth(moved), basis,
        )  # fmt: skip

    def energy(self, account: str, begin: datetime, end: datetime, purpose: str) -> Decimal | None:
        """kWh between two moments summed from the account's intervals; None, with the missing
        readings named, when any is missing."""
        step = self.load.intervals.get(account, 60)
        if (begin.hour * 60 + begin.minute) % step or (end.hour * 60 + end.minute) % step:
            span = f"{begin:%H:%M}–{clock(_minutes(begin, end))}"
            reason = (
                f"户号 {account} 的负荷曲线每 {step} 分钟一个值，算不出 {begin.date()} {span}"
                f" 的用电量（{purpose}）"
            )
            self.errors.append(FieldError(reason))
            return None
        readings = self.load.readings.get(account, {})
        total, missing = ZERO, []
        moment = begin
        while moment < end:
            reading = readings.get(moment)
            if reading is None:
                missing.append(moment)
            else:
                total += reading.kw * step / 60
            moment += timedelta(minutes=step)
        if missing:
            self.errors.extend(self.missing(account, missing, step, purpose))
            return None
        return total

    def missing(
        self, account: str, moments: list[datetime], step: int, purpose: str
    ) -> list[FieldError]:
        by_day: defaultdict[date, list[datetime]] = defaultdict(list)
        for moment in moments:
            by_day[moment.date()].append(moment)
        readings = self.load.readings.get(account, {})
        errors = []
        for day, missed in by_day.items():
            if not any(t.date() == day for t in readings):
                what = f"{day} 的负荷曲线"
            else:
                what = f"{day} {'、'.join(f'{t:%H:%M}' for t in missed[:4])}"
                what += f" 等 {len(missed)} 个时段的负荷" if len(missed) > 4 else " 的负荷"
            errors.append(FieldError(f"户号 {account} 缺 {what}（{purpose}）"))
        return errors

    # ── 移峰填谷: the day's peak and valley energy ─────────────────────────
    def shifted(self, event: Event, account: str) -> Response | None:
        days, how = self.chosen_days(event, account, self.rules.shifting_days)
        held = self.load.days.get(account, {})
        found: list[DayEnergy] = []
        for day in [*days, event.day]:
            if day in held:
                found.append(held[day])
            else:
                role = "" if day == event.day else "的基线日"
                reason = f"户号 {account} 缺 {day} 的分时电量（{event.label} 移峰填谷{role}）"
                self.errors.append(FieldError(reason))
        if len(found) <= len(days):
            return None
        *base, today = found
        peak = sum((d.peak for d in base), ZERO) / len(base)
        valley = sum((d.valley for d in base), ZERO) / len(base)
        drop, rise = peak - today.peak, today.valley - valley
        measure = self.rules.shifting_measure
        moved = max(min(drop, rise) if measure is ShiftMeasure.SMALLER else drop, ZERO)
        basis = (
            f"{how}峰段平均 {_kwh(peak)}、谷段平均 {_kwh(valley)} 千瓦时；"
            f"当日峰段 {_kwh(today.peak)}（{_change(-drop)}）、"
            f"谷段 {_kwh(today.valley)}（{_change(rise)}）；"
            f"转移电量按{measure.label}为 {_kwh(_hundredth(moved))} 千瓦时"
        )
        return Response(
            account, self.load.name(account), event.label, ResponseKind.SHIFTING, ZERO, ZERO,
            ZERO, None, event.day, _hundredth(moved), basis,
        )  # fmt: skip


def _minutes(begin: datetime, end: datetime) -> int:
    """`end`'s time of day in minutes, 24:00 when it is the next midnight."""
    minutes = end.hour * 60 + end.minute
    return 24 * 60 if minutes == 0 and end.date() > begin.date() else minutes


def _hundredth(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def _kwh(value: Decimal | None) -> str:
    return "" if value is None else format_number(value, places=2)


def _change(delta: Decimal) -> str:
    return f"增加 {_kwh(delta)}" if delta >= 0 else f"减少 {_kwh(-delta)}"


def _dates(days: Sequence[date]) -> str:
    return "、".join(d.isoformat() for d in days)

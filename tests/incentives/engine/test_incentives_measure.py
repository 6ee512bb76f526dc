"""Responses measured from the enterprises' load (DOMAIN §5.2.5), paid as the engine pays the
grid company's results: the §5.2 example through 15-minute load and daily peak/valley energy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from taizhang.incentives.engine.demand import pay_responses
from taizhang.incentives.engine.load import (
    DayEnergy,
    Event,
    LoadData,
    Reading,
    Window,
    duplicate_load_errors,
    find_load_gaps,
)
from taizhang.incentives.engine.measure import baseline_days, measure_responses
from taizhang.incentives.engine.program import ResponseKind, ShiftMeasure
from taizhang.incentives.engine.programfile import load_program
from taizhang.kernel.calendar import official_calendar
from taizhang.kernel.errors import Invalid

PROGRAMS = Path(__file__).parents[3] / "taizhang" / "incentives" / "programs"
DEMAND = load_program((PROGRAMS / "zhejiang-dr-2025.toml").read_text(), source="dr")
CALENDAR = official_calendar()
AFTERNOON = Window(14 * 60, 16 * 60)  # 14:00–16:00
JULY = [date(2025, 7, 1) + timedelta(days=n) for n in range(31)]


def curve(
    account: str, days: list[date], kw: int, *, step: int = 15, window: Window | None = None,
    on: date | None = None, window_kw: int = 0,
) -> list[Reading]:  # fmt: skip
    """A flat load of `kw` every `step` minutes, `window_kw` in the window on the day `on`."""
    readings = []
    for day in days:
        for minute in range(0, 24 * 60, step):
            inside = day == on and window is not None and window.start <= minute < window.end
            start = datetime.combine(day, time()) + timedelta(minutes=minute)
            readings.append(Reading(account, start, Decimal(window_kw if inside else kw), "甲公司"))
    return readings


def daily(account: str, days: list[date], peak: int, valley: int) -> list[DayEnergy]:
    return [DayEnergy(account, d, Decimal(peak), Decimal(3000), Decimal(valley)) for d in days]


def domain_example() -> tuple[LoadData, list[Event]]:
    """甲 (9001): 2,000 kW, 1,400 kW in the window on 2025-07-22; 乙 (9002) claims the rest of the
    city's top-ups (6,248,800 元, so 625万 against the 500万 pool); 甲 shifts on 2025-07-29."""
    shifted = date(2025, 7, 29)
    days = [
        *daily("9001", [d for d in JULY if d != shifted], 10_000, 5_000),
        DayEnergy("9001", shifted, Decimal(8_800), Decimal(3000), Decimal(6_500)),
    ]
    readings = [
        *curve("9001", JULY, 2000, window=AFTERNOON, on=date(2025, 7, 22), window_kw=1400),
        *curve("9002", JULY, 3_124_400, window=AFTERNOON, on=date(2025, 7, 22), window_kw=0),
    ]
    events = [
        Event(date(2025, 7, 22), ResponseKind.DAY_AHEAD_PEAK, AFTERNOON, Decimal(3)),
        Event(shifted, ResponseKind.SHIFTING),
    ]
    return LoadData(days, readings), events


def test_the_domain_example_measured_from_15_minute_load_pays_3600_and_a_960_top_up() -> None:
    load, events = domain_example()
    responses = measure_responses(DEMAND, load, events, CALENDAR)
    first = responses[0]
    assert (first.account, first.baseline_kw, first.actual_kw, first.hours) == (
        "9001", Decimal(2000), Decimal(1400), Decimal(2),
    )  # fmt: skip
    assert first.measured_kwh == Decimal(1200)
    run = pay_responses(DEMAND, responses)
    payment = run.payments[0]
    assert (payment.kwh, payment.provincial, payment.topup_claimed) == (1200, 3600, 1200)
    assert run.topups.claimed == Decimal(6_250_000)
    assert payment.topup == Decimal("960.00")
    assert payment.detail.startswith(
        "基线日 2025-07-14、2025-07-15、2025-07-16、2025-07-17、2025-07-18"
        "（邀约日 2025-07-21 前 5 个正常工作日）同时段平均 4000 千瓦时，即 2000 千瓦；"
        "14:00–16:00 实测 2800 千瓦时，平均 1400 千瓦；日前削峰：有效响应电量 1200 千瓦时 × 3 元"
    )
    assert first.name == "甲公司"


def test_the_same_1200_kwh_moved_off_peak_pays_240() -> None:
    load, events = domain_example()
    responses = measure_responses(DEMAND, load, events, CALENDAR)
    shifted = next(r for r in responses if r.kind is ResponseKind.SHIFTING)
    payment = next(p for p in pay_responses(DEMAND, responses).payments if p.response == shifted)
    assert (payment.kwh, payment.shifting, payment.total) == (1200, Decimal("240.00"), 240)
    # 07-22 was 甲's event day: the fifth baseline day is 07-18, not 07-22
    assert "基线日 2025-07-18、2025-07-21、2025-07-23、2025-07-24、2025-07-25" in payment.detail
    assert "不含响应日 2025-07-22" in payment.detail
    assert "当日峰段 8800（减少 1200）、谷段 6500（增加 1500）" in payment.detail
    assert "转移电量按峰段减少与谷段增加取小为 1200 千瓦时" in payment.detail


def test_baseline_days_skip_weekends_holidays_and_earlier_event_days() -> None:
    # invited on 2025-10-08, the last day of the National Day holiday; 09-28 (a Sunday) was a
    # 调休 working day, 09-27 a Saturday, and 09-26 an earlier event day
    days = baseline_days(CALENDAR, date(2025, 10, 8), 5, {date(2025, 9, 26)})
    assert days == [date(2025, 9, 30), date(2025, 9, 29), date(2025, 9, 28),
                    date(2025, 9, 25), date(2025, 9, 24)]  # fmt: skip


def test_an_earlier_event_day_is_not_a_baseline_day_of_a_later_event() -> None:
    load, _ = domain_example()
    events = [
        Event(date(2025, 7, 16), ResponseKind.DAY_AHEAD_PEAK, AFTERNOON, Decimal(3)),
        Event(date(2025, 7, 22), ResponseKind.DAY_AHEAD_PEAK, AFTERNOON, Decimal(3)),
    ]
    later = measure_responses(DEMAND, load, events, CALENDAR)[2]
    assert later.event == "2025-07-22 14:00–16:00"
    assert later.basis.startswith(
        "基线日 2025-07-11、2025-07-14、2025-07-15、2025-07-17、2025-07-18"
        "（邀约日 2025-07-21 前 5 个正常工作日，不含响应日 2025-07-16）"
    )


def test_events_outside_the_period_still_keep_their_days_out_of_baselines() -> None:
    load, _ = domain_example()
    events = [
        Event(date(2025, 7, 16), ResponseKind.DAY_AHEAD_PEAK, AFTERNOON, Decimal(3)),
        Event(date(2025, 7, 22), ResponseKind.DAY_AHEAD_PEAK, AFTERNOON, Decimal(3)),
    ]
    measured = measure_responses(
        DEMAND, load, events, CALENDAR, within=lambda day: day >= date(2025, 7, 20)
    )
    assert {r.event for r in measured} == {"2025-07-22 14:00–16:00"}
    assert "不含响应日 2025-07-16" in measured[0].basis


def test_a_day_missing_from_the_load_is_named_and_nothing_is_measured() -> None:
    load, events = domain_example()
    gone = LoadData(
        [d for ds in load.days.values() for d in ds.values()],
        [r for rs in load.readings.values() for r in rs.values()
         if not (r.account == "9001" and r.start.date() == date(2025, 7, 15))],
    )  # fmt: skip
    with pytest.raises(Invalid) as caught:
        measure_responses(DEMAND, gone, events, CALENDAR)
    assert [e.reason for e in caught.value.errors] == [
        "户号 9001 缺 2025-07-15 的负荷曲线（2025-07-22 14:00–16:00 日前削峰的基线日）"
    ]
    assert "负荷数据不全，有 1 处无法核定，未计算任何补贴" in caught.value.message
    (gap,) = find_load_gaps(gone)
    assert (gap.account, gap.days) == ("9001", (date(2025, 7, 15),))
    assert gap.describe() == "户号 9001 缺 2025-07-15 的负荷曲线"


def test_valley_filling_counts_the_rise_in_load() -> None:
    noon = Window(11 * 60, 13 * 60)
    readings = curve("9003", JULY, 2000, window=noon, on=date(2025, 7, 10), window_kw=2500)
    event = Event(date(2025, 7, 10), ResponseKind.DAY_AHEAD_VALLEY, noon)
    (response,) = measure_responses(DEMAND, LoadData([], readings), [event], CALENDAR)
    payment = pay_responses(DEMAND, [response]).payments[0]
    assert (payment.kwh, payment.provincial) == (1000, Decimal("1200.00"))  # × 1.2 元


def test_real_time_response_is_measured_against_the_15_minutes_before() -> None:
    window = Window(15 * 60, 16 * 60)
    readings = curve("9004", JULY[:15], 2000, window=window, on=date(2025, 7, 8), window_kw=1500)
    event = Event(date(2025, 7, 8), ResponseKind.REAL_TIME, window)
    (response,) = measure_responses(DEMAND, LoadData([], readings), [event], CALENDAR)
    assert response.measured_kwh == 500
    assert response.basis.startswith("基线：开始前 15 分钟的平均负荷，即 2000 千瓦")
    hourly = curve("9004", JULY[:15], 2000, step=60)
    with pytest.raises(Invalid) as caught:
        measure_responses(DEMAND, LoadData([], hourly), [event], CALENDAR)
    assert (
        "每 60 分钟一个值，算不出 2025-07-08 14:45–15:00 的用电量" in caught.value.errors[0].reason
    )


def test_hourly_load_measures_a_window_on_the_hour() -> None:
    readings = curve("9005", JULY, 2000, step=60, window=AFTERNOON, on=date(2025, 7, 22),
                     window_kw=1400)  # fmt: skip
    event = Event(date(2025, 7, 22), ResponseKind.DAY_AHEAD_PEAK, AFTERNOON, Decimal(3))
    (response,) = measure_responses(DEMAND, LoadData([], readings), [event], CALENDAR)
    assert response.measured_kwh == 1200


def test_the_peak_drop_alone_when_the_program_says_so() -> None:
    shifted = date(2025, 7, 29)
    days = [*daily("9001", JULY[:28], 10_000, 5_000),
            DayEnergy("9001", shifted, Decimal(8_800), Decimal(3000), Decimal(5_800))]  # fmt: skip
    event = Event(shifted, ResponseKind.SHIFTING)
    (smaller,) = measure_responses(DEMAND, LoadData(days), [event], CALENDAR)
    assert smaller.measured_kwh == 800
    assert DEMAND.demand is not None
    rules = replace(DEMAND.demand.baseline, shifting_measure=ShiftMeasure.PEAK_DROP)
    program = replace(DEMAND, demand=replace(DEMAND.demand, baseline=rules))
    (drop,) = measure_responses(program, LoadData(days), [event], CALENDAR)
    assert drop.measured_kwh == 1200


def test_load_moved_the_wrong_way_pays_nothing() -> None:
    readings = curve("9006", JULY, 2000, window=AFTERNOON, on=date(2025, 7, 22), window_kw=2600)
    event = Event(date(2025, 7, 22), ResponseKind.DAY_AHEAD_PEAK, AFTERNOON, Decimal(3))
    responses = measure_responses(DEMAND, LoadData([], readings), [event], CALENDAR)
    payment = pay_responses(DEMAND, responses).payments[0]
    assert payment.total == 0 and "负荷未按要求变化" in payment.detail


def test_an_invited_enterprise_without_load_is_named() -> None:
    load, _ = domain_example()
    event = Event(date(2025, 7, 22), ResponseKind.DAY_AHEAD_PEAK, AFTERNOON, Decimal(3),
                  accounts=("9001", "9099"), row=4)  # fmt: skip
    with pytest.raises(Invalid) as caught:
        measure_responses(DEMAND, load, [event], CALENDAR)
    (error,) = caught.value.errors
    assert (error.row, error.column) == (4, "户号")
    assert "户号 9099 被邀约参加 2025-07-22 14:00–16:00 日前削峰，但没有负荷曲线" in error.reason


def test_duplicates_are_named_by_row_and_file() -> None:
    day = date(2025, 7, 1)
    days = [
        DayEnergy("9001", day, Decimal(1), Decimal(1), Decimal(1), row=2, source="a.csv"),
        DayEnergy("9001", day, Decimal(1), Decimal(1), Decimal(1), row=7, source="b.csv"),
    ]
    (error,) = duplicate_load_errors(days, [])
    assert error.row == 7
    assert "户号 9001 2025-07-01 的分时电量重复出现：a.csv 第 2 行、b.csv 第 7 行" in error.reason

"""Invented load of a few demo enterprises over the summer of 2025 (June to September), for
trying the demand-response program: one row per enterprise and day with the day's 峰/平/谷 kWh
and its 96 quarter-hour loads, as the power company exports them, and the events of the
summer — peak shaving, valley filling, a real-time call and two 移峰填谷 days — most
enterprises answering them, one never, one day missing from the data after the last event.

    taizhang incentives sample-load 负荷.csv 事件.csv
    taizhang incentives run zhejiang-dr-2025 --period 2025-07 --load 负荷.csv --events 事件.csv

The time-of-use bands are the demo's own (峰 08:00–11:00 and 13:00–19:00, 平 19:00–22:00, 谷
22:00–08:00 and 11:00–13:00), not a tariff's.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from taizhang.incentives.engine.load import clock
from taizhang.kernel.calendar import official_calendar

FIRST, LAST = date(2025, 6, 1), date(2025, 9, 30)
QUARTERS = range(0, 24 * 60, 15)
PEAK = ((8 * 60, 11 * 60), (13 * 60, 19 * 60))
FLAT = ((19 * 60, 22 * 60),)
MISSING = date(2025, 9, 21)  # a Sunday after the last event: reported, never needed
HEADERS = ("户号", "企业名称", "日期", "峰段电量（千瓦时）", "平段电量（千瓦时）",
           "谷段电量（千瓦时）", *(clock(m + 15) for m in QUARTERS))  # fmt: skip
# invented, like their load
NAMES = ("南湖精密铸件有限公司", "嘉兴湘城新材料有限公司", "凤桥纺织印染有限公司",
         "余新冷链物流有限公司", "七星电子元件有限公司", "大桥特种钢管有限公司",
         "新丰食品机械有限公司", "东栅塑胶制品有限公司")  # fmt: skip
EVENT_HEADERS = ("响应日期", "响应类型", "响应时段", "出清价格（元/千瓦时）", "户号")


@dataclass(frozen=True)
class _Call:
    day: date
    kind: str
    window: tuple[int, int] | None  # minutes; None: the whole day
    price: str = ""
    invited: int | None = None  # only the first N enterprises; None: all


CALLS = (
    _Call(date(2025, 6, 18), "日前填谷", (11 * 60, 13 * 60)),
    _Call(date(2025, 7, 22), "日前削峰", (14 * 60, 16 * 60), "3"),
    _Call(date(2025, 7, 29), "移峰填谷", None),
    _Call(date(2025, 8, 6), "日前削峰", (13 * 60, 15 * 60), "3.5", invited=4),
    _Call(date(2025, 8, 12), "实时响应", (15 * 60, 16 * 60)),
    _Call(date(2025, 8, 19), "移峰填谷", None),
    _Call(date(2025, 9, 10), "日前削峰", (19 * 60, 21 * 60), "4.6"),
)


@dataclass(frozen=True)
class _Firm:
    account: str
    name: str
    base_kw: float
    night: float  # night load as a share of the day's
    rest_day: float  # load on weekends and holidays as a share
    answers: float  # the share of load moved when called; 0: never answers


def write_sample_load(
    load_path: Path, events_path: Path, enterprises: int = 8, seed: int = 42
) -> tuple[int, int]:
    """The load as CSV (UTF-8, Chinese headers) and the events; (load rows, event rows)."""
    firms = _firms(random.Random(seed), enterprises)
    rng = random.Random(seed + 1)
    rows = 0
    with load_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for index, firm in enumerate(firms):
            for day in _days():
                if day == MISSING and index == min(2, len(firms) - 1):
                    continue
                loads = _day_load(rng, firm, day, len(firms), index)
                writer.writerow([firm.account, firm.name, day.isoformat(), *_bands(loads),
                                 *(f"{kw:.1f}" for kw in loads)])  # fmt: skip
                rows += 1
    return rows, _write_events(events_path, firms)


def _firms(rng: random.Random, count: int) -> list[_Firm]:
    firms = []
    for n in range(count):
        name = NAMES[n] if n < len(NAMES) else f"南湖示范企业{n + 1:03d}"
        answers = 0.0 if n == 3 else rng.uniform(0.15, 0.35)
        firms.append(_Firm(f"33990{n:05d}", name, rng.uniform(800, 6000),
                           rng.uniform(0.35, 0.6), rng.uniform(0.4, 0.7), answers))  # fmt: skip
    return firms


def _days() -> Iterator[date]:
    day = FIRST
    while day <= LAST:
        yield day
        day += timedelta(days=1)


def _day_load(rng: random.Random, firm: _Firm, day: date, count: int, index: int) -> list[float]:
    working = official_calendar().is_working_day(day)
    level = firm.base_kw * (1 if working else firm.rest_day) * rng.uniform(0.97, 1.03)
    loads = [level * _shape(firm, m) * rng.uniform(0.96, 1.04) for m in QUARTERS]
    for call in CALLS:
        invited = call.invited is None or index < min(call.invited, count)
        if call.day == day and invited and firm.answers:
            _answer(loads, call, firm.answers * rng.uniform(0.8, 1.1), rng)
    return [round(kw, 1) for kw in loads]


def _shape(firm: _Firm, minute: int) -> float:
    if minute < 7 * 60 or minute >= 22 * 60:
        return firm.night
    if minute < 8 * 60:
        return 0.7
    if 11 * 60 + 30 <= minute < 12 * 60 + 30:
        return 0.85
    return 0.8 if minute >= 19 * 60 else 1.0


def _answer(loads: list[float], call: _Call, share: float, rng: random.Random) -> None:
    """Load moved as the call asks: down in the window (up for 填谷), or off peak into the
    night for 移峰填谷."""
    if call.window is not None:
        factor = 1 + share if call.kind == "日前填谷" else 1 - share
        for i, minute in enumerate(QUARTERS):
            if call.window[0] <= minute < call.window[1]:
                loads[i] *= factor
        return
    moved = 0.0
    for i, minute in enumerate(QUARTERS):
        if _in(minute, PEAK):
            moved += loads[i] * share
            loads[i] *= 1 - share
    night = [i for i, minute in enumerate(QUARTERS) if minute < 8 * 60 or minute >= 22 * 60]
    for i in night:
        loads[i] += moved * rng.uniform(0.7, 1.05) / len(night)


def _bands(loads: list[float]) -> tuple[str, str, str]:
    peak = flat = valley = 0.0
    for kw, minute in zip(loads, QUARTERS, strict=True):
        kwh = kw / 4
        if _in(minute, PEAK):
            peak += kwh
        elif _in(minute, FLAT):
            flat += kwh
        else:
            valley += kwh
    return f"{peak:.2f}", f"{flat:.2f}", f"{valley:.2f}"


def _in(minute: int, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= minute < end for start, end in spans)


def _write_events(path: Path, firms: list[_Firm]) -> int:
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(EVENT_HEADERS)
        for call in CALLS:
            window = "全天" if call.window is None else "-".join(clock(m) for m in call.window)
            accounts = [f.account for f in firms[: call.invited]] if call.invited else [""]
            for account in accounts:
                writer.writerow([call.day.isoformat(), call.kind, window, call.price, account])
                rows += 1
    return rows

"""Demand-response events as the grid company announces them (.csv or .xlsx, Chinese headers),
read into the engine's `Event`s — all or nothing, every wrong cell named by row and column.

    响应日期 (日期, 事件日期)               required
    响应类型 (类型, 事件类型)               required: 日前削峰 / 日前填谷 / 实时响应 / 移峰填谷
    响应时段 (时段, 响应事件, 事件)          14:00-16:00 (on the quarter hours; 24:00 ends a day);
                                          移峰填谷 is judged on the whole day: blank or 全天
    出清价格 (出清价, 元/千瓦时)             日前削峰: required
    邀约日期 (邀约时间)                     optional: the day before (实时响应: the same day)
    户号                                   optional: one row per enterprise invited; left blank,
                                          every enterprise whose load covers the day

Rows with the same day, kind and window are one event: their price and invitation must agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

from taizhang.incentives.cells import (
    cell_text,
    clock_minutes,
    find_header,
    number_in,
    parse_day,
)
from taizhang.incentives.engine.load import MINUTES_PER_DAY, Event, Window
from taizhang.incentives.engine.program import ResponseKind
from taizhang.kernel.errors import FieldError
from taizhang.kernel.sheets import CellValue, read_table, refuse_if_any

COLUMNS: dict[str, tuple[str, ...]] = {
    "day": ("响应日期", "日期", "事件日期"),
    "kind": ("响应类型", "类型", "事件类型"),
    "window": ("响应时段", "时段", "响应事件", "事件"),
    "price": ("出清价格", "出清价"),
    "invited": ("邀约日期", "邀约时间"),
    "account": ("户号", "用户编号", "客户编号"),
}
REQUIRED = ("day", "kind")
WHOLE_DAY = ("", "全天")
_SPAN = re.compile(r"^(\d{1,2}[:：]\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2}[:：]\d{2})$")


def read_events(path: Path) -> list[Event]:
    table = read_table(path)
    index, columns = find_header(table, path.name, COLUMNS, REQUIRED)
    errors: list[FieldError] = []
    rows: defaultdict[tuple[date, ResponseKind, Window | None], list[tuple[int, Event]]]
    rows = defaultdict(list)
    for number, cells in table[index + 1 :]:
        if any(c not in (None, "") for c in cells):
            event = _event(number, cells, columns, errors)
            if event is not None:
                rows[(event.day, event.kind, event.window)].append((number, event))
    events = [_merged(found, errors) for found in rows.values()]
    errors += _clashes(events)
    refuse_if_any(errors)
    return sorted(events, key=lambda e: (e.day, e.window.start if e.window else -1))


def _event(
    row: int, cells: list[CellValue | None], columns: dict[str, int], errors: list[FieldError]
) -> Event | None:
    def cell(name: str) -> CellValue | None:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    before = len(errors)
    day = parse_day(cell("day"), row, "响应日期", errors)
    kinds = {k.value: k for k in ResponseKind}
    kind = kinds.get(cell_text(cell("kind")))
    if kind is None:
        reason = f"响应类型“{cell_text(cell('kind'))}”应为 {'、'.join(kinds)} (unknown kind)"
        errors.append(FieldError(reason, row, "响应类型"))
    window = _window(cell_text(cell("window")), kind, row, errors)
    price = None
    if kind is ResponseKind.DAY_AHEAD_PEAK:
        price = number_in(cell("price"), row, "出清价格", errors)
    invited = cell("invited")
    invited_on = None if invited in (None, "") else parse_day(invited, row, "邀约日期", errors)
    if invited_on is not None and day is not None and invited_on > day:
        errors.append(FieldError(f"邀约日期 {invited_on} 晚于响应日期 {day}", row, "邀约日期"))
    if len(errors) > before or day is None or kind is None:
        return None
    account = cell_text(cell("account"))
    return Event(day, kind, window, price, invited_on, (account,) if account else (), row)


def _window(
    text: str, kind: ResponseKind | None, row: int, errors: list[FieldError]
) -> Window | None:
    if kind is ResponseKind.SHIFTING:
        if text not in WHOLE_DAY:
            reason = f"移峰填谷按全天的峰、谷电量核定，响应时段应空着或写“全天”，而不是“{text}”"
            errors.append(FieldError(reason, row, "响应时段"))
        return None
    found = _SPAN.match(text)
    start, end = (clock_minutes(found.group(1)), clock_minutes(found.group(2))) if found else (0, 0)
    if start is None or end is None or not 0 <= start < end <= MINUTES_PER_DAY:
        reason = (
            f"响应时段“{text}”应写成 14:00-16:00 (expected a window)" if text else "缺少响应时段"
        )
        errors.append(FieldError(reason, row, "响应时段"))
        return None
    if start % 15 or end % 15:
        errors.append(FieldError(f"响应时段“{text}”应以 15 分钟为单位", row, "响应时段"))
        return None
    return Window(start, end)


def _merged(found: list[tuple[int, Event]], errors: list[FieldError]) -> Event:
    """One event of the rows that name it: their 户号 together, the same price and invitation."""
    (_, first), *rest = found
    accounts: list[str] = list(first.accounts)
    seen = {a: first.row for a in first.accounts}
    for row, event in rest:
        what = f"{event.label} {event.kind.value}"
        if (event.clearing_price, event.invited_on) != (first.clearing_price, first.invited_on):
            reason = f"{what} 的出清价格或邀约日期与第 {first.row} 行不同"
            errors.append(FieldError(reason, row, "出清价格"))
        if not event.accounts or not accounts:
            reason = f"{what} 在第 {first.row} 行已写过；不写户号的行表示邀约全部企业，不能再列户号"
            errors.append(FieldError(reason, row, "户号"))
        for account in event.accounts:
            if account in seen:
                reason = f"户号 {account} 在 {what} 中重复出现：第 {seen[account]} 行、第 {row} 行"
                errors.append(FieldError(reason, row, "户号"))
            else:
                seen[account] = row
                accounts.append(account)
    return Event(first.day, first.kind, first.window, first.clearing_price, first.invited_on,
                 tuple(accounts), first.row)  # fmt: skip


def _clashes(events: list[Event]) -> list[FieldError]:
    """Two kinds of response in the same window of the same day cannot be told apart."""
    by_label: defaultdict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_label[event.label].append(event)
    return [
        FieldError(f"{label} 有 {'、'.join(e.kind.value for e in same)} 两种响应，应分开时段",
                   same[1].row, "响应类型")
        for label, same in by_label.items()
        if len(same) > 1
    ]  # fmt: skip

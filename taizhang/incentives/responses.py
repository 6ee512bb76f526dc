"""Demand-response results per enterprise and event, as the grid company publishes them (.csv or
.xlsx, Chinese headers), read into the engine's `Response`s — all or nothing, every wrong cell
named; the same 户号 twice for one event is refused.

    户号                     required
    企业名称 (用户名称)        optional
    响应日期 (日期)            required: 2025-07-22
    响应事件 (事件)            optional: 14:00-16:00; 户号 + 日期 + 事件 names one response
    响应类型                   required: 日前削峰 / 日前填谷 / 实时响应 / 移峰填谷
    基线负荷 (千瓦)            required
    实际负荷 (平均负荷, 千瓦)   required: the event window's average
    响应时长 (小时)            required
    出清价格 (元/千瓦时)        日前削峰 only
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from taizhang.incentives.cells import find_header, number_in, parse_day
from taizhang.incentives.engine.demand import Response
from taizhang.incentives.engine.program import ResponseKind
from taizhang.kernel.errors import FieldError
from taizhang.kernel.sheets import CellValue, as_text, read_table, refuse_if_any

COLUMNS: dict[str, tuple[str, ...]] = {
    "account": ("户号", "用户编号"),
    "name": ("企业名称", "用户名称", "客户名称"),
    "day": ("响应日期", "日期", "事件日期"),
    "event": ("响应事件", "事件", "响应时段"),
    "kind": ("响应类型", "类型"),
    "baseline": ("基线负荷",),
    "actual": ("实际负荷", "平均负荷", "实际平均负荷"),
    "hours": ("响应时长", "时长"),
    "price": ("出清价格", "出清价"),
}
REQUIRED = ("account", "day", "kind", "baseline", "actual", "hours")
LABELS = {"baseline": "基线负荷", "actual": "实际负荷", "hours": "响应时长", "price": "出清价格"}


def read_responses(path: Path) -> list[Response]:
    table = read_table(path)
    index, columns = find_header(table, path.name, COLUMNS, REQUIRED)
    errors: list[FieldError] = []
    responses = []
    seen: defaultdict[str, list[int]] = defaultdict(list)
    for number, cells in table[index + 1 :]:
        if any(c not in (None, "") for c in cells):
            found = _response(number, cells, columns, errors)
            if found:
                responses.append(found)
                seen[found.key].append(number)
    for key, rows in seen.items():
        if len(rows) > 1:
            listed = "、".join(f"第 {n} 行" for n in rows)
            errors.append(
                FieldError(f"{key} 的响应重复出现：{listed} (duplicate)", rows[1], "户号")
            )
    refuse_if_any(errors)
    return responses


def _response(
    row: int, cells: list[CellValue | None], columns: dict[str, int], errors: list[FieldError]
) -> Response | None:
    def text(name: str) -> str:
        index = columns.get(name)
        value = cells[index] if index is not None and index < len(cells) else None
        return "" if value is None else as_text(value)

    before = len(errors)
    account = text("account") or _fail(errors, row, "户号", "缺少户号")
    day = parse_day(text("day"), row, "响应日期", errors)
    kinds = {k.value: k for k in ResponseKind}
    kind = kinds.get(text("kind"))
    if kind is None:
        _fail(errors, row, "响应类型", f"响应类型“{text('kind')}”应为 {'、'.join(kinds)}")
    figures = {
        name: number_in(text(name), row, label, errors) if text(name) or name != "price" else None
        for name, label in LABELS.items()
    }
    if kind is ResponseKind.DAY_AHEAD_PEAK and figures["price"] is None:
        _fail(errors, row, "出清价格", "日前削峰要写出清价格")
    if len(errors) > before or kind is None or day is None:
        return None
    event = f"{day.isoformat()} {text('event')}".strip()
    return Response(
        account, text("name"), event, kind, figures["baseline"] or Decimal(0),
        figures["actual"] or Decimal(0), figures["hours"] or Decimal(0), figures["price"], day,
    )  # fmt: skip


def _fail(errors: list[FieldError], row: int, column: str, reason: str) -> str:
    errors.append(FieldError(reason, row, column))
    return ""

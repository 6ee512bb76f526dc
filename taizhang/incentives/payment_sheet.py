"""The payment office's workbook for a run: 兑付清单 (one row per account paid), 逐月明细
(every account's months with last year's and this year's figures, the outcome and the rule) and
资金池 (the pool's use)."""

from __future__ import annotations

from openpyxl import Workbook

from taizhang.incentives.engine.model import month_label
from taizhang.incentives.engine.savings import RunResult
from taizhang.incentives.summary import pool_lines
from taizhang.kernel.sheets import SheetValue, new_sheet, write_table

PAYMENT_HEADERS = ("序号", "户号", "户名", "用户类别", "所属镇街", "核定金额（元）",
                   "兑付金额（元）", "消费券有效期至", "分配说明")  # fmt: skip
DETAIL_HEADERS = ("户号", "户名", "月份", "上年同月电量（千瓦时）", "上年同月电费（元）",
                  "本月电量（千瓦时）", "本月电费（元）", "节约电费（元）", "结果", "奖励（元）",
                  "说明")  # fmt: skip


def payment_workbook(run: RunResult) -> Workbook:
    workbook = Workbook()
    title = run.program.title or run.program.version
    months = "、".join(month_label(m) for m in run.months)
    paid = [a for a in run.accounts if a.award > 0]
    rows: list[list[SheetValue]] = [
        [n, a.account, a.holder, a.kind.label, a.town, a.claim, a.award, a.voucher_until,
         a.share_note]
        for n, a in enumerate(paid, start=1)
    ]  # fmt: skip
    write_table(
        new_sheet(workbook, "兑付清单"),
        caption=f"{title} 兑付清单（{months}，共 {len(paid)} 户）",
        headers=PAYMENT_HEADERS,
        rows=rows,
        widths=(6, 14, 12, 8, 10, 14, 14, 14, 60),
    )
    details: list[list[SheetValue]] = [
        [m.account, a.holder, month_label(m.month), m.last_kwh, m.last_yuan, m.this_kwh,
         m.this_yuan, m.saved_yuan, m.outcome.label, m.reward, m.detail]
        for a in run.accounts
        for m in a.months
    ]  # fmt: skip
    write_table(
        new_sheet(workbook, "逐月明细"),
        caption=f"{title} 逐月明细（{months}）",
        headers=DETAIL_HEADERS,
        rows=details,
        widths=(14, 12, 9, 12, 12, 12, 12, 12, 16, 10, 80),
    )
    write_table(
        new_sheet(workbook, "资金池"),
        caption=f"{title} 资金池使用情况",
        headers=("项目", "数值"),
        rows=[list(line) for line in pool_lines(run)],
        widths=(20, 80),
    )
    return workbook

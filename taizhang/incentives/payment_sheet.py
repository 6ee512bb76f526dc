"""The payment office's workbook for a run: 兑付清单 (one row per account paid), 逐月明细
(every account's months with last year's and this year's figures, the outcome and the rule) and
资金池 (the pool's use)."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook

from taizhang.incentives.engine.demand import DemandRun
from taizhang.incentives.engine.model import month_label
from taizhang.incentives.engine.savings import RunResult
from taizhang.incentives.summary import demand_lines, pool_lines
from taizhang.kernel.sheets import SheetValue, new_sheet, write_table

PAYMENT_HEADERS = ("序号", "户号", "户名", "用户类别", "所属镇街", "核定金额（元）",
                   "兑付金额（元）", "消费券有效期至", "分配说明")  # fmt: skip
DETAIL_HEADERS = ("户号", "户名", "月份", "上年同月电量（千瓦时）", "上年同月电费（元）",
                  "本月电量（千瓦时）", "本月电费（元）", "节约电费（元）", "结果", "奖励（元）",
                  "说明")  # fmt: skip


def write_payment_list(
    workbook: Workbook, caption: str, rows: Sequence[Sequence[SheetValue]]
) -> None:
    """兑付清单: one row per account paid, `PAYMENT_HEADERS`' columns."""
    write_table(
        new_sheet(workbook, "兑付清单"),
        caption=caption,
        headers=PAYMENT_HEADERS,
        rows=rows,
        widths=(6, 14, 12, 8, 10, 14, 14, 14, 60),
    )


def write_pool_sheet(
    workbook: Workbook, title: str, lines: Sequence[Sequence[SheetValue]], *, width: int = 20
) -> None:
    """资金池: the pool's use, one line a figure."""
    write_table(
        new_sheet(workbook, "资金池"),
        caption=f"{title} 资金池使用情况",
        headers=("项目", "数值"),
        rows=lines,
        widths=(width, 80),
    )


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
    write_payment_list(workbook, f"{title} 兑付清单（{months}，共 {len(paid)} 户）", rows)
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
    write_pool_sheet(workbook, title, pool_lines(run))
    return workbook


DEMAND_HEADERS = ("序号", "户号", "企业名称", "响应事件", "响应类型", "有效响应电量（千瓦时）",
                  "省级补贴（元）", "地方补足核定（元）", "地方补足兑付（元）",
                  "移峰填谷补贴（元）", "合计（元）", "说明")  # fmt: skip


def demand_workbook(run: DemandRun, period: str) -> Workbook:
    """需求响应兑付清单 (one row per response) and 资金池 (the top-ups' pool)."""
    workbook = Workbook()
    title = run.program.title or run.program.version
    rows: list[list[SheetValue]] = [
        [n, p.response.account, p.response.name, p.response.event, p.response.kind.label, p.kwh,
         p.provincial, p.topup_claimed, p.topup, p.shifting, p.total,
         f"{p.detail}；{run.topups.shares[p.response.key].note}".rstrip("；")]
        for n, p in enumerate(run.payments, start=1)
    ]  # fmt: skip
    write_table(
        new_sheet(workbook, "兑付清单"),
        caption=f"{title} 兑付清单（{period}，共 {len(rows)} 次响应）",
        headers=DEMAND_HEADERS,
        rows=rows,
        widths=(6, 14, 20, 24, 10, 14, 12, 14, 14, 14, 12, 80),
    )
    write_pool_sheet(workbook, title, demand_lines(run, period), width=24)
    return workbook

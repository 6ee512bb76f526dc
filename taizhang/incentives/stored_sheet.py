"""The payment office's workbook for a published run, from what was stored (not recomputed):
兑付清单 with the same columns as `payment_sheet` (one row per account paid), and 资金池 (the
pool, the awards and the voucher ledger's totals: issued = redeemed − refunded + expired +
outstanding, to the fen)."""

from __future__ import annotations

from datetime import timedelta

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.incentives.ledger import DEFAULT_VALID_DAYS, run_totals
from taizhang.incentives.models import IncentiveAccount, IncentiveRun, RunAccount
from taizhang.incentives.payment_sheet import write_payment_list, write_pool_sheet
from taizhang.incentives.runs import program_of
from taizhang.kernel.sheets import SheetValue
from taizhang.org.models import Unit


def stored_payment_workbook(session: Session, run: IncentiveRun) -> Workbook:
    workbook = Workbook()
    title = run.program.title
    names = dict(session.execute(select(Unit.id, Unit.name)).all())
    days = program_of(run.program).voucher_days or DEFAULT_VALID_DAYS
    until = run.issued_on + timedelta(days=days - 1)
    paid = session.execute(
        select(RunAccount, IncentiveAccount)
        .join(RunAccount.account)
        .where(RunAccount.run_id == run.id, RunAccount.award > 0)
        .order_by(IncentiveAccount.number)
    ).all()
    rows: list[list[SheetValue]] = [
        [n, account.number, result.explanation.get("holder") or account.holder, account.kind,
         names.get(result.town_id, "") if result.town_id else "", result.claim, result.award,
         until, result.explanation.get("share", "")]
        for n, (result, account) in enumerate(paid, start=1)
    ]  # fmt: skip
    caption = f"{title} 兑付清单（{run.period}，共 {len(paid)} 户，兑现结果 #{run.id}）"
    write_payment_list(workbook, caption, rows)
    sums = run_totals(session, run)
    lines: list[list[SheetValue]] = [
        ["项目版本", run.program.version],
        ["程序文件 sha256", run.program.sha256],
        ["月份", run.period],
        ["资金池（元）", run.pool],
        ["申领合计（元）", run.claimed],
        ["兑付合计（元）", run.awarded],
        ["分配方式", run.rule],
        ["已发放（元）", sums.issued],
        ["已核销（元）", sums.redeemed],
        ["商户退回（元）", sums.refunded],
        ["已过期（元）", sums.expired],
        ["未使用余额（元）", sums.outstanding],
        ["未发放（元）", sums.not_issued],
        ["结果 sha256", run.result_sha256],
    ]
    write_pool_sheet(workbook, title, lines)
    return workbook

"""A run told to people: the pool's use in lines, and the whole run as JSON (money as text to
the fen, so no reader turns 29.17 into a float)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from taizhang.incentives.engine.demand import DemandRun
from taizhang.incentives.engine.model import month_label
from taizhang.incentives.engine.program import Sharing
from taizhang.incentives.engine.savings import AccountResult, MonthClaim, Outcome, RunResult
from taizhang.kernel.numbers import format_number


def yuan(amount: Decimal | None) -> str | None:
    return None if amount is None else format_number(amount, places=2, trim=False)


def pool_lines(run: RunResult) -> list[tuple[str, str]]:
    """(label, value) lines: the pool, the claims, what is paid, what is left, and why."""
    use = run.use
    paid = sum(1 for a in run.accounts if a.award > 0)
    eligible = sum(1 for a in run.accounts if a.outcome is Outcome.ELIGIBLE)
    lines = [
        ("项目", f"{run.program.title or run.program.version}（{run.program.version}）"),
        ("月份", "、".join(month_label(m) for m in run.months)),
        ("资金池（元）", _grouped(run.pool)),
        ("申领合计（元）", _grouped(use.claimed)),
        ("兑付合计（元）", _grouped(use.awarded)),
        ("资金池结余（元）", _grouped(use.left)),
        ("分配方式", run.rule),
    ]
    if use.exceeded and use.sharing is Sharing.PRO_RATA:
        factor = format_number(use.pool / use.claimed, places=4, trim=False)
        lines.append(("按比例系数", f"{factor}（{_grouped(use.pool)} ÷ {_grouped(use.claimed)}）"))
    lines += [("参与户数", f"{len(run.accounts):,}"), ("达标户数", f"{eligible:,}"),
              ("兑付户数", f"{paid:,}")]  # fmt: skip
    for outcome, count in sorted(run.outcomes.items(), key=lambda item: -item[1]):
        lines.append((f"户·月：{outcome.label}", f"{count:,}"))
    return lines


def _grouped(amount: Decimal) -> str:
    return format_number(amount, places=2, trim=False, grouping=True)


def run_as_json(run: RunResult, period: str) -> dict[str, Any]:
    use = run.use
    return {
        "program": run.program.version,
        "title": run.program.title,
        "period": period,
        "months": [month_label(m) for m in run.months],
        "issued_on": run.issued_on.isoformat(),
        "pool": yuan(run.pool),
        "claimed": yuan(use.claimed),
        "awarded": yuan(use.awarded),
        "left": yuan(use.left),
        "sharing": use.sharing.value,
        "rule": run.rule,
        "outcomes": {o.value: n for o, n in sorted(run.outcomes.items())},
        "accounts": [_account(a) for a in run.accounts],
    }


def _account(account: AccountResult) -> dict[str, Any]:
    return {
        "account": account.account,
        "holder": account.holder,
        "kind": account.kind.value,
        "town": account.town,
        "outcome": account.outcome.value,
        "claim": yuan(account.claim),
        "award": yuan(account.award),
        "share_note": account.share_note,
        "voucher_until": account.voucher_until.isoformat() if account.voucher_until else None,
        "months": [_month(m) for m in account.months],
    }


def _month(month: MonthClaim) -> dict[str, Any]:
    return {
        "month": month_label(month.month),
        "outcome": month.outcome.value,
        "detail": month.detail,
        "last_kwh": yuan(month.last_kwh),
        "last_yuan": yuan(month.last_yuan),
        "this_kwh": yuan(month.this_kwh),
        "this_yuan": yuan(month.this_yuan),
        "saved_yuan": yuan(month.saved_yuan),
        "reward": yuan(month.reward),
        "capped": month.capped,
    }


def demand_lines(run: DemandRun, period: str) -> list[tuple[str, str]]:
    """The pool's use for a demand-response run: the top-ups out of the pool, and the rest."""
    use, payments = run.topups, run.payments
    lines = [
        ("项目", f"{run.program.title or run.program.version}（{run.program.version}）"),
        ("期间", period),
        ("响应次数", f"{len(payments):,}"),
        ("有效响应电量（千瓦时）", _grouped(sum((p.kwh for p in payments), Decimal(0)))),
        ("省级补贴（元）", _grouped(sum((p.provincial for p in payments), Decimal(0)))),
        ("地方补足资金池（元）", _grouped(use.pool)),
        ("地方补足核定（元）", _grouped(use.claimed)),
        ("地方补足兑付（元）", _grouped(use.awarded)),
    ]
    if use.exceeded:
        factor = format_number(use.pool / use.claimed, places=4, trim=False)
        lines.append(("按比例系数", f"{factor}（{_grouped(use.pool)} ÷ {_grouped(use.claimed)}）"))
    shifting = sum((p.shifting for p in payments), Decimal(0))
    lines += [
        ("移峰填谷补贴（元）", _grouped(shifting)),
        ("合计（元）", _grouped(sum((p.total for p in payments), Decimal(0)))),
    ]
    return lines


def payment_lines(run: DemandRun) -> list[str]:
    """One line a response: who, which event, the energy and what is paid."""
    lines = []
    for payment in run.payments:
        response = payment.response
        who = f"{response.account} {response.name or '—'}"
        lines.append(
            f"{who} {response.event} {response.kind.value}：{_grouped(payment.kwh)} 千瓦时，"
            f"{_grouped(payment.total)} 元"
        )
    return lines


def demand_as_json(run: DemandRun, period: str) -> dict[str, Any]:
    use = run.topups
    return {
        "program": run.program.version,
        "period": period,
        "topup_pool": yuan(use.pool),
        "topup_claimed": yuan(use.claimed),
        "topup_awarded": yuan(use.awarded),
        "payments": [
            {
                "account": p.response.account,
                "name": p.response.name,
                "event": p.response.event,
                "kind": p.response.kind.value,
                "kwh": yuan(p.kwh),
                "provincial": yuan(p.provincial),
                "topup_claimed": yuan(p.topup_claimed),
                "topup": yuan(p.topup),
                "shifting": yuan(p.shifting),
                "total": yuan(p.total),
                "detail": p.detail,
                "share_note": use.shares[p.response.key].note,
            }
            for p in run.payments
        ],
    }

"""The JSON shapes of the incentives API (/api/v1/incentives): programs, runs with the voucher
ledger's totals, a run's accounts, an account with its bills and vouchers, voucher movements.
Money is a decimal string to the fen."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from taizhang.incentives.ledger import Totals
from taizhang.incentives.models import IncentiveRun
from taizhang.incentives.queries import (
    AccountView,
    MonthUse,
    ProgramItem,
    RunItem,
    RunRow,
    TownUse,
    VoucherItem,
)
from taizhang.web.bounds import Yuan


class TotalsOut(BaseModel):
    pool: Decimal
    awarded: Decimal
    issued: Decimal
    redeemed: Decimal = Field(description="商户核销（未减退回）")
    refunded: Decimal = Field(description="商户退回（回到消费券余额）")
    expired: Decimal
    outstanding: Decimal
    not_issued: Decimal
    vouchers: int
    reconciles: bool = Field(
        description="已发放 = (已核销 − 商户退回) + 已过期 + 未使用余额，且 已发放 ≤ 兑付 ≤ 资金池"
    )

    @classmethod
    def of(cls, t: Totals) -> TotalsOut:
        return cls(
            pool=t.pool, awarded=t.awarded, issued=t.issued, redeemed=t.redeemed,
            refunded=t.refunded, expired=t.expired, outstanding=t.outstanding,
            not_issued=t.not_issued, vouchers=t.vouchers, reconciles=t.reconciles,
        )  # fmt: skip


class RunOut(BaseModel):
    id: int
    program: str = Field(description="项目版本")
    period: str
    months: list[str]
    sharing: str
    rule: str
    pool: Decimal
    claimed: Decimal
    awarded: Decimal
    exceeded: bool = Field(description="申领超过资金池")
    accounts: int
    rewarded: int
    outcomes: dict[str, int] = Field(description="各结果的户·月数")
    issued_on: date
    published_at: datetime
    data_sha256: str
    result_sha256: str
    totals: TotalsOut | None = None

    @classmethod
    def of(cls, run: IncentiveRun, totals: Totals | None = None) -> RunOut:
        return cls(
            id=run.id, program=run.program.version, period=run.period, months=run.months,
            sharing=run.sharing, rule=run.rule, pool=run.pool, claimed=run.claimed,
            awarded=run.awarded, exceeded=run.exceeded, accounts=run.accounts,
            rewarded=run.rewarded, outcomes=run.outcomes, issued_on=run.issued_on,
            published_at=run.published_at, data_sha256=run.data_sha256,
            result_sha256=run.result_sha256, totals=TotalsOut.of(totals) if totals else None,
        )  # fmt: skip


class ProgramOut(BaseModel):
    id: int
    version: str
    title: str
    kind: str
    runs: int

    @classmethod
    def of(cls, item: ProgramItem) -> ProgramOut:
        return cls(
            id=item.id, version=item.version, title=item.title, kind=item.kind.label, runs=item.runs
        )


class ProgramsOut(BaseModel):
    items: list[ProgramOut]
    count: int


class TownUseOut(BaseModel):
    town: str
    rewarded: int
    awarded: Decimal
    redeemed: Decimal
    expired: Decimal
    refunded: Decimal
    outstanding: Decimal

    @classmethod
    def of(cls, u: TownUse) -> TownUseOut:
        return cls(**u.__dict__)


class MonthUseOut(BaseModel):
    month: str
    issued: Decimal
    redeemed: Decimal
    expired: Decimal
    refunded: Decimal

    @classmethod
    def of(cls, u: MonthUse) -> MonthUseOut:
        return cls(**u.__dict__)


class ProgramDetailOut(BaseModel):
    id: int
    version: str
    title: str
    kind: str
    sha256: str
    rules: list[str] = Field(description="规则的文字说明")
    text: str = Field(description="项目文件原文")
    runs: list[RunOut]
    by_town: list[TownUseOut] = Field(description="最近一次兑现结果，按镇街")
    by_month: list[MonthUseOut] = Field(description="最近一次兑现结果的消费券流水，按月")


def run_items(items: list[RunItem]) -> list[RunOut]:
    return [RunOut.of(i.run, i.totals) for i in items]


class RunAccountOut(BaseModel):
    account: str = Field(description="户号")
    holder: str
    kind: str
    town: str
    outcome: str
    claim: Decimal
    award: Decimal
    share: str
    months: list[dict[str, Any]] = Field(description="逐月：上年与本年的电量电费、降幅、结果、说明")

    @classmethod
    def of(cls, row: RunRow) -> RunAccountOut:
        return cls(
            account=row.number, holder=row.holder, kind=row.kind.label, town=row.town,
            outcome=row.outcome.label, claim=row.claim, award=row.award, share=row.share,
            months=row.months,
        )  # fmt: skip


class RunAccountsOut(BaseModel):
    run: RunOut
    query: str
    items: list[RunAccountOut]
    count: int
    page: int
    pages: int


class MovementOut(BaseModel):
    kind: str
    label: str
    amount: Decimal
    merchant: str
    note: str
    on: date
    at: datetime
    person: str = Field(description="经办人；空：系统（到期自动处理）")
    balance: Decimal = Field(description="此笔之后的余额")


class VoucherOut(BaseModel):
    id: int
    number: str
    run: int | None
    program: str
    period: str
    amount: Decimal
    balance: Decimal
    status: str
    status_label: str
    issued_on: date | None
    valid_until: date
    why: str
    movements: list[MovementOut]

    @classmethod
    def of(cls, item: VoucherItem) -> VoucherOut:
        v = item.voucher
        return cls(
            id=v.id, number=v.number, run=v.run_id, program=item.program, period=item.period,
            amount=v.amount, balance=v.balance, status=item.state.value,
            status_label=item.state.label,
            issued_on=item.issued_on, valid_until=v.valid_until, why=item.why,
            movements=[
                MovementOut(
                    kind=m.kind, label=m.move.label, amount=m.amount, merchant=m.merchant,
                    note=m.note, on=m.on, at=m.at, person=m.person, balance=m.balance,
                )
                for m in item.movements
            ],
        )  # fmt: skip


class BillOut(BaseModel):
    month: str
    kwh: Decimal | None
    yuan: Decimal | None


class AccountOut(BaseModel):
    account: str
    holder: str
    kind: str
    town: str
    place: str
    vacant: bool
    bills: list[BillOut]
    changes: list[dict[str, str]]
    results: list[RunAccountOut]
    vouchers: list[VoucherOut]

    @classmethod
    def of(cls, view: AccountView) -> AccountOut:
        a = view.account
        bills = [BillOut(**b.__dict__) for year in view.years for b in view.bills[year]]
        results = [
            RunAccountOut(
                account=a.number, holder=a.holder, kind=view.kind.label, town=view.town,
                outcome=r.outcome.label, claim=r.claim, award=r.award, share=r.share,
                months=r.months,
            )
            for r in view.results
        ]  # fmt: skip
        return cls(
            account=a.number, holder=a.holder, kind=view.kind.label, town=view.town,
            place=view.place, vacant=a.vacant, bills=bills,
            changes=[
                {"kind": c.kind.label, "month": c.month, "before": c.before, "after": c.after}
                for c in view.changes
            ],
            results=results, vouchers=[VoucherOut.of(v) for v in view.vouchers],
        )  # fmt: skip


class RedeemIn(BaseModel):
    amount: Yuan = Field(description="核销金额（元），不超过余额")
    merchant: str = Field(min_length=1, max_length=100, description="核销商户")


class RefundIn(BaseModel):
    amount: Yuan = Field(description="退回金额（元），不超过该商户在此券上的净核销")
    merchant: str = Field(min_length=1, max_length=100, description="退回的商户")
    reason: str = Field(default="", max_length=500, description="退回原因")


class MovementDoneOut(BaseModel):
    voucher: int
    kind: str
    amount: Decimal
    balance: Decimal

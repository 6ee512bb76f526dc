"""Specs for the voucher ledger: issue, redeem at a merchant, refund, expire — every movement an
event, and the pool reconciling to the fen."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from taizhang.incentives.engine.savings import RunResult, run_program
from taizhang.incentives.shipped import find_program
from taizhang.incentives.vouchers import (
    expire_vouchers,
    get_voucher,
    issue_vouchers,
    rebuilt,
    reconcile,
    redeem,
    refund,
)
from taizhang.kernel.errors import Invalid
from tests.incentives.factories import MONTHS_2025, invented_bills

PROGRAM = find_program("huangyan-2025")
AT = datetime(2025, 8, 10, 2, tzinfo=UTC)
LATER = datetime(2025, 9, 1, 2, tzinfo=UTC)


def a_run(pool: str = "1000", month: date = MONTHS_2025[1]) -> RunResult:
    program = replace(PROGRAM, pool=replace(PROGRAM.pool, amount=Decimal(pool)))
    bills = invented_bills(42, 300)
    return run_program(program, bills, issued_on=date(2025, 8, 10), months=[month])


def test_it_issues_the_runs_awards_and_the_pool_reconciles(session: Session) -> None:
    run = a_run()
    vouchers = issue_vouchers(session, run, at=AT)
    assert len(vouchers) == sum(1 for a in run.accounts if a.award > 0)
    assert sum(v.amount for v in vouchers) == Decimal(1000)
    first = vouchers[0]
    assert first.number == f"202507-{first.account}" and first.valid_until == date(2025, 11, 7)
    assert "按比例" in first.reason
    books = reconcile(session, program=PROGRAM.version, pool=Decimal(1000))
    assert (books.issued, books.outstanding, books.not_issued) == (1000, 1000, 0)
    assert books.balances


def test_it_refuses_to_issue_the_same_run_twice_or_past_the_pool(session: Session) -> None:
    issue_vouchers(session, a_run(), at=AT)
    with pytest.raises(Invalid, match="已发放，同一次计算不能重复发放"):
        issue_vouchers(session, a_run(), at=AT)
    august = replace(a_run(month=MONTHS_2025[2]), program=PROGRAM)  # the real 300万 pool
    issue_vouchers(session, august, at=AT)  # fits
    small = replace(PROGRAM, pool=replace(PROGRAM.pool, amount=Decimal(1500)))
    with pytest.raises(Invalid, match="将超过资金池 1500"):
        issue_vouchers(session, replace(a_run(month=MONTHS_2025[3]), program=small), at=AT)


def test_redemption_never_exceeds_what_was_issued(session: Session) -> None:
    voucher = issue_vouchers(session, a_run(), at=AT)[0]
    part = (voucher.amount / 2).quantize(Decimal("0.01"))
    redeem(session, voucher, amount=part, merchant="城关超市", at=AT)
    with pytest.raises(Invalid, match="余额"):
        redeem(session, voucher, amount=voucher.balance + Decimal("0.01"), merchant="某店", at=AT)
    redeem(session, voucher, amount=voucher.balance, merchant="某店", at=AT)
    assert voucher.balance == 0 and voucher.redeemed == voucher.amount
    assert rebuilt(session, voucher) == (voucher.amount, voucher.redeemed, voucher.expired)


def test_a_merchant_refunds_at_most_what_it_redeemed(session: Session) -> None:
    voucher = issue_vouchers(session, a_run(), at=AT)[0]
    redeem(session, voucher, amount=Decimal("1.00"), merchant="城关超市", at=AT)
    with pytest.raises(Invalid, match="不能退回"):
        refund(session, voucher, amount=Decimal("1.00"), merchant="另一家店", at=AT)
    refund(session, voucher, amount=Decimal("0.40"), merchant="城关超市", at=AT)
    assert voucher.redeemed == Decimal("0.60")
    assert voucher.moves == 3  # issued, redeemed, refunded


def test_what_is_left_expires_back_to_the_pool(session: Session) -> None:
    vouchers = issue_vouchers(session, a_run(), at=AT)
    redeem(session, vouchers[0], amount=Decimal("0.50"), merchant="城关超市", at=LATER)
    expired = expire_vouchers(session, today=date(2025, 11, 8), at=LATER)
    assert len(expired) == len(vouchers)
    with pytest.raises(Invalid, match="已于 2025-11-07 到期"):
        redeem(session, vouchers[1], amount=Decimal("0.01"), merchant="城关超市", at=LATER)
    books = reconcile(session, program=PROGRAM.version, pool=Decimal(1000))
    assert books.redeemed == Decimal("0.50") and books.outstanding == 0
    assert books.back_to_pool == Decimal("999.50") and books.balances
    again = get_voucher(session, PROGRAM.version, vouchers[0].number)
    assert rebuilt(session, again) == (again.amount, again.redeemed, again.expired)

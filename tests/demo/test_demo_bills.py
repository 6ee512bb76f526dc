"""The demo district's invented bills: the 节能券 pool runs out, so pro-rata sharing shows."""

from __future__ import annotations

from decimal import Decimal

from taizhang.demo.bills import demo_bills
from taizhang.incentives.columnar import frame_from_bills, run_columnar
from taizhang.incentives.shipped import find_program


def test_the_demo_claims_pass_the_3_million_pool_and_share_it_to_the_fen() -> None:
    program = find_program("huangyan-2025")
    bills = list(demo_bills())
    run = run_columnar(program, frame_from_bills(bills))
    claimed = int(run.accounts["claim_fen"].sum())
    assert claimed > 300_000_000
    assert run.awarded_fen == 300_000_000
    assert program.pool.amount == Decimal(3_000_000)


def test_the_demo_bills_are_the_same_every_time() -> None:
    assert list(demo_bills(50)) == list(demo_bills(50))

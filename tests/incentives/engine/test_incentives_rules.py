"""Specs for the 节能券 rules: the threshold, the exclusions with their reasons, the caps, and
the same result on every run."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from taizhang.incentives.engine.model import AccountKind, Bill
from taizhang.incentives.engine.program import Basis, Sharing
from taizhang.incentives.engine.programfile import load_program
from taizhang.incentives.engine.savings import Outcome, judge_month, run_program
from taizhang.kernel.errors import Invalid

PROGRAMS = Path(__file__).parents[3] / "taizhang" / "incentives" / "programs"
HUANGYAN = load_program((PROGRAMS / "huangyan-2025.toml").read_text(), source="huangyan")
RULES = HUANGYAN.saving
assert RULES is not None
JULY, JULY_2024 = date(2025, 7, 1), date(2024, 7, 1)


def pair(last: str, this: str, **changes: object) -> tuple[Bill, Bill]:
    before = Bill("3300001", JULY_2024, Decimal(300), Decimal(last), holder="张三", meter="M1")
    now = replace(before, month=JULY, kwh=Decimal(280), yuan=Decimal(this))
    return before, replace(now, **changes)  # type: ignore[arg-type]


def judged(last: str, this: str, **changes: object):  # type: ignore[no-untyped-def]
    before, now = pair(last, this, **changes)
    return judge_month(RULES, HUANGYAN.exclusions, now, before)


def test_it_accepts_a_drop_of_exactly_5_percent() -> None:
    month = judged("100.00", "95.00")
    assert month.outcome is Outcome.ELIGIBLE
    assert month.reward == Decimal("5.00")


def test_it_refuses_a_drop_of_4_99_percent() -> None:
    month = judged("100.00", "95.01")
    assert month.outcome is Outcome.BELOW
    assert "降幅 4.99%，未达 5%" in month.detail


def test_it_excludes_a_changed_account_holder_and_says_why() -> None:
    month = judged("320", "285", holder="李四")
    assert month.outcome is Outcome.HOLDER_CHANGED
    assert month.reward == 0
    assert month.detail == "户主已变更（过户）：上年户名 张三，本年户名 李四"


def test_it_excludes_a_changed_meter() -> None:
    month = judged("320", "285", meter="M2")
    assert month.outcome is Outcome.METER_CHANGED
    assert "上年表号 M1，本年表号 M2" in month.detail


def test_it_excludes_a_home_marked_vacant_or_using_under_10_kwh() -> None:
    assert judged("320", "285", vacant=True).outcome is Outcome.VACANT
    low = judged("320", "285", kwh=Decimal("9.99"))
    assert low.outcome is Outcome.VACANT
    assert "9.99 千瓦时，低于 10.00 千瓦时视为空置" in low.detail


def test_it_excludes_an_account_without_last_years_bill() -> None:
    month = judge_month(RULES, HUANGYAN.exclusions, pair("320", "285")[1], None)
    assert month.outcome is Outcome.NO_BASE
    assert "2024-07 无账单" in month.detail


def test_it_leaves_out_enterprises_from_a_household_program() -> None:
    month = judged("320", "285", kind=AccountKind.ENTERPRISE)
    assert month.outcome is Outcome.OUT_OF_SCOPE


def test_it_caps_a_households_month_at_100_yuan() -> None:
    month = judged("900", "600")
    assert month.capped and month.reward == Decimal(100)
    assert "封顶 100 元" in month.detail


def test_it_rounds_the_reward_down_to_the_fen() -> None:
    half = replace(RULES, rate=Decimal("0.5"))
    before, now = pair("100.00", "94.99")
    assert judge_month(half, HUANGYAN.exclusions, now, before).reward == Decimal("2.50")


def test_on_kwh_a_drop_without_yuan_saved_earns_nothing() -> None:
    by_energy = replace(RULES, basis=Basis.ENERGY)
    before, now = pair("100", "101")  # 300 → 280 kWh (−6.67 %) but the bill rose
    month = judge_month(by_energy, HUANGYAN.exclusions, now, before)
    assert month.outcome is Outcome.NOT_SAVED


def district(rng: random.Random, count: int) -> list[Bill]:
    bills = []
    for n in range(count):
        account = f"33{n:08d}"
        last = Decimal(rng.randint(5_000, 60_000)) / 100
        this = (last * Decimal(rng.uniform(0.6, 1.1))).quantize(Decimal("0.01"))
        applied = datetime(2025, 8, 1, 8) if n % 3 else datetime(2025, 8, 1 + n % 5, 9, n % 60)
        bills += [
            Bill(account, JULY_2024, Decimal(200), last, holder=f"户{n}", applied_at=applied),
            Bill(account, JULY, Decimal(180), this, holder=f"户{n}", applied_at=applied),
        ]
    return bills


@pytest.mark.parametrize("pool", ["1000", "12345.67", "0.05", "99999999"])
def test_pro_rata_awards_sum_to_the_pool_to_the_fen(pool: str) -> None:
    program = replace(HUANGYAN, pool=replace(HUANGYAN.pool, amount=Decimal(pool)))
    run = run_program(program, district(random.Random(42), 500), issued_on=date(2025, 8, 10))
    claimed = sum(a.claim for a in run.accounts)
    assert run.use.awarded == min(claimed, Decimal(pool))
    assert sum(a.award for a in run.accounts) == run.use.awarded
    assert all(a.award <= a.claim for a in run.accounts)


@pytest.mark.parametrize("sharing", list(Sharing))
def test_a_rerun_on_the_same_bills_in_any_order_gives_the_same_result(sharing: Sharing) -> None:
    program = replace(HUANGYAN, pool=replace(HUANGYAN.pool, amount=Decimal(2000), sharing=sharing))
    bills = district(random.Random(7), 300)
    first = run_program(program, bills, issued_on=date(2025, 8, 10))
    random.Random(1).shuffle(bills)
    again = run_program(program, bills, issued_on=date(2025, 8, 10))
    assert first == again
    assert first.use.awarded == Decimal(2000)


def test_first_come_pays_in_order_of_application_until_the_pool_is_gone() -> None:
    program = replace(
        HUANGYAN, pool=replace(HUANGYAN.pool, amount=Decimal(50), sharing=Sharing.FIRST_COME)
    )
    early, late = datetime(2025, 8, 1, 9), datetime(2025, 8, 2, 9)
    bills = [
        *[replace(b, account="B", applied_at=late) for b in pair("320", "285")],
        *[replace(b, account="A", applied_at=early) for b in pair("320", "285")],
        *[replace(b, account="C") for b in pair("320", "285")],
    ]
    run = run_program(program, bills, issued_on=date(2025, 8, 10))
    awards = {a.account: a.award for a in run.accounts}
    assert awards == {"A": Decimal(35), "B": Decimal(15), "C": Decimal(0)}
    notes = {a.account: a.share_note for a in run.accounts}
    assert "资金池仅余 15.00 元" in notes["B"] and "未提交申请" in notes["C"]


def test_ranked_saving_pays_the_largest_savings_first() -> None:
    program = replace(
        HUANGYAN, pool=replace(HUANGYAN.pool, amount=Decimal(60), sharing=Sharing.RANKED)
    )
    bills = [
        *[replace(b, account="A") for b in pair("320", "285")],  # 35
        *[replace(b, account="B") for b in pair("400", "350")],  # 50
    ]
    awards = {a.account: a.award for a in run_program(program, bills, issued_on=JULY).accounts}
    assert awards == {"A": Decimal(10), "B": Decimal(50)}


def test_it_refuses_duplicate_bills_naming_them() -> None:
    before, now = pair("320", "285")
    with pytest.raises(Invalid) as caught:
        run_program(HUANGYAN, [before, now, now], issued_on=JULY)
    assert "户号 3300001 的 2025-07 账单重复出现" in caught.value.errors[0].reason

"""DOMAIN.md §5's worked examples, as the engine computes them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from taizhang.incentives.engine.demand import Response, pay_responses
from taizhang.incentives.engine.model import Bill
from taizhang.incentives.engine.program import ResponseKind, Sharing
from taizhang.incentives.engine.programfile import load_program
from taizhang.incentives.engine.savings import Outcome, run_program
from taizhang.incentives.engine.sharing import Claim, share_pool

PROGRAMS = Path(__file__).parents[3] / "taizhang" / "incentives" / "programs"
HUANGYAN = load_program((PROGRAMS / "huangyan-2025.toml").read_text(), source="huangyan")
DEMAND = load_program((PROGRAMS / "zhejiang-dr-2025.toml").read_text(), source="dr")
JULY, JULY_2024 = date(2025, 7, 1), date(2024, 7, 1)
ISSUED = date(2025, 8, 10)


def bills(account: str, last: str, this: str, **same: object) -> list[Bill]:
    return [
        Bill(account, JULY_2024, Decimal(600), Decimal(last), **same),  # type: ignore[arg-type]
        Bill(account, JULY, Decimal(540), Decimal(this), **same),  # type: ignore[arg-type]
    ]


def test_a_320_yuan_bill_down_to_285_earns_a_35_yuan_voucher() -> None:
    run = run_program(HUANGYAN, bills("3300001", "320", "285"), issued_on=ISSUED, months=[JULY])
    (account,) = run.accounts
    (month,) = account.months
    assert month.outcome is Outcome.ELIGIBLE
    assert (month.last_yuan, month.this_yuan, month.saved_yuan) == (
        Decimal(320),
        Decimal(285),
        Decimal(35),
    )
    assert month.reward == account.claim == account.award == Decimal("35.00")
    assert "降幅 10.94%" in month.detail and "≥ 5%" in month.detail
    assert account.voucher_until == date(2025, 11, 7)  # 90 days counting the day of issue


def test_a_310_yuan_bill_down_3_1_percent_earns_nothing() -> None:
    run = run_program(HUANGYAN, bills("3300001", "320", "310"), issued_on=ISSUED, months=[JULY])
    (month,) = run.accounts[0].months
    assert month.outcome is Outcome.BELOW
    assert month.reward == 0
    assert "降幅 3.13%" in month.detail and "未达 5%" in month.detail


def test_the_35_yuan_award_becomes_29_17_when_claims_of_3_6_million_share_3_million() -> None:
    claims = [Claim("3300001", Decimal(35)), Claim("3300002", Decimal("3599965"))]
    use = share_pool(claims, Decimal(3_000_000), Sharing.PRO_RATA)
    assert use.exceeded
    assert use.shares["3300001"].awarded == Decimal("29.17")
    assert use.awarded == Decimal(3_000_000)
    assert "0.8333" in use.shares["3300001"].note


def demand_example() -> list[Response]:
    hours = Decimal(2)
    return [
        Response("9001", "甲公司", "2025-07-22 14:00–16:00", ResponseKind.DAY_AHEAD_PEAK,
                 Decimal(2000), Decimal(1400), hours, Decimal(3)),
        # the rest of the city's top-up claims: 6,248,800 元, so all together 625万 vs 500万
        Response("9002", "乙公司", "2025-07-22 14:00–16:00", ResponseKind.DAY_AHEAD_PEAK,
                 Decimal(3_124_400), Decimal(0), hours, Decimal(3)),
        Response("9001", "甲公司", "2025-08-05 移峰", ResponseKind.SHIFTING,
                 Decimal(2000), Decimal(1400), hours),
    ]  # fmt: skip


def test_the_1200_kwh_event_pays_3600_provincial_and_a_960_capped_top_up() -> None:
    run = pay_responses(DEMAND, demand_example())
    event = run.payments[0]
    assert event.kwh == Decimal(1200)
    assert event.provincial == Decimal(3600)
    assert event.topup_claimed == Decimal(1200)
    assert run.topups.claimed == Decimal(6_250_000)
    assert event.topup == Decimal("960.00")
    assert run.topups.awarded == Decimal(5_000_000)


def test_the_same_1200_kwh_shifted_off_peak_pays_240() -> None:
    shifted = pay_responses(DEMAND, demand_example()).payments[2]
    assert (shifted.kwh, shifted.shifting, shifted.provincial) == (Decimal(1200), 240, 0)
    assert shifted.total == Decimal("240.00")


def test_the_clearing_price_is_capped_at_4_yuan() -> None:
    response = Response("9003", "丙公司", "e1", ResponseKind.DAY_AHEAD_PEAK,
                        Decimal(100), Decimal(0), Decimal(1), Decimal(6))  # fmt: skip
    payment = pay_responses(DEMAND, [response]).payments[0]
    assert payment.provincial == Decimal(400)
    assert payment.topup_claimed == 0

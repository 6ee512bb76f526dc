"""Stored runs and the voucher ledger: bills filed and read back, a run published frozen and the
same to the fen when rerun, vouchers issued from it, redeemed (never beyond the balance),
refunded by a merchant, expired by the tick, and a run's totals reconciling to the pool."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.cli.main import cli
from taizhang.incentives.accounts import load_bills, store_bills
from taizhang.incentives.ledger import VoucherState, issue_from_run, run_totals, state_of
from taizhang.incentives.models import (
    AccountChange,
    IncentiveAccount,
    RunAccount,
    Voucher,
    VoucherEvent,
)
from taizhang.incentives.runs import publish_run, recompute
from taizhang.incentives.vouchers import expire_vouchers, rebuilt, redeem, refund
from taizhang.kernel.errors import Forbidden, Invalid
from taizhang.org.models import User
from tests.conftest import NOW, District
from tests.incentives.ledger.helpers import bill, sample_bills, stored_program

ISSUED = date(2025, 10, 8)


def awards(session: Session, run_id: int) -> dict[str, Decimal]:
    rows = session.execute(
        select(IncentiveAccount.number, RunAccount.award)
        .join(RunAccount.account)
        .where(RunAccount.run_id == run_id)
    )
    return dict(rows.all())


def test_bills_come_back_with_the_holder_of_their_month(
    session: Session, district: District
) -> None:
    stored = store_bills(session, sample_bills(), towns={"凤桥镇": district.town})
    assert (stored.accounts_created, stored.months) == (4, 10)
    bills = {(b.account, b.month.isoformat()): b for b in load_bills(session)}
    assert bills[("A003", "2024-07-01")].holder == "户主A003"
    assert bills[("A003", "2025-07-01")].holder == "新户主"
    assert bills[("A001", "2025-07-01")].yuan == Decimal("285.00")
    assert bills[("A001", "2025-07-01")].town == "凤桥镇"
    change = session.scalars(select(AccountChange)).one()
    assert (change.kind, change.before, change.after) == ("holder", "户主A003", "新户主")
    # the same bills again change nothing; other figures for a stored month are refused
    assert store_bills(session, sample_bills()).accounts_created == 0
    with pytest.raises(Invalid, match="已入库"):
        store_bills(session, [bill("A001", "2025-07", "284")])


def test_a_run_is_stored_with_every_reason_and_reruns_to_the_fen(
    session: Session, district: District, district_admin: User
) -> None:
    program = stored_program(session, district)
    run = publish_run(session, program, issued_on=ISSUED, actor=district_admin, now=NOW)
    assert awards(session, run.id) == {
        "A001": Decimal("35.00"), "A002": Decimal("0.00"), "A003": Decimal("0.00"),
        "A004": Decimal("100.00"),
    }  # fmt: skip
    assert (run.claimed, run.awarded, run.rewarded, run.exceeded) == (
        Decimal("135.00"), Decimal("135.00"), 2, False,
    )  # fmt: skip
    assert run.period == "2025-07—2025-08"
    holder = session.scalar(
        select(RunAccount).join(RunAccount.account).where(IncentiveAccount.number == "A003")
    )
    assert holder is not None and holder.outcome == "过户"
    assert "上年户名 户主A003，本年户名 新户主" in holder.explanation["months"][0]["detail"]
    capped = session.scalar(
        select(RunAccount).join(RunAccount.account).where(IncentiveAccount.number == "A004")
    )
    assert capped is not None and "capped" not in capped.explanation["months"][0]
    assert [m["reward"] for m in capped.explanation["months"]] == ["60.00", "40.00"]
    again = publish_run(session, program, issued_on=ISSUED, actor=district_admin, now=NOW)
    assert again.result_sha256 == run.result_sha256 == recompute(session, run)
    assert again.data_sha256 == run.data_sha256
    assert awards(session, again.id) == awards(session, run.id)


def test_an_exhausted_pool_is_shared_pro_rata_to_the_fen(
    session: Session, district: District, district_admin: User
) -> None:
    program = stored_program(session, district, pool="100")
    run = publish_run(session, program, issued_on=ISSUED, actor=district_admin, now=NOW)
    shares = awards(session, run.id)
    assert sum(shares.values()) == Decimal("100.00") == run.awarded
    assert shares["A001"] == Decimal("25.93") and shares["A004"] == Decimal("74.07")
    explained = session.scalar(
        select(RunAccount).join(RunAccount.account).where(IncentiveAccount.number == "A001")
    )
    assert explained is not None and "按最大余数补 0.01" in explained.explanation["share"]
    assert "逐户补 1 分" in run.rule


def test_only_district_administrators_publish_and_issue(
    session: Session, district: District, town_staff: User
) -> None:
    program = stored_program(session, district)
    with pytest.raises(Forbidden):
        publish_run(session, program, issued_on=ISSUED, actor=town_staff, now=NOW)


def test_vouchers_move_and_the_totals_reconcile_to_the_pool(
    session: Session, district: District, district_admin: User
) -> None:
    program = stored_program(session, district, pool="100")
    run = publish_run(session, program, issued_on=ISSUED, actor=district_admin, now=NOW)
    assert issue_from_run(session, run, on=ISSUED, at=NOW, actor=district_admin) == 2
    assert issue_from_run(session, run, on=ISSUED, at=NOW, actor=district_admin) == 0
    small, big = session.scalars(select(Voucher).order_by(Voucher.amount)).all()
    assert (small.amount, small.valid_until) == (Decimal("25.93"), ISSUED + timedelta(days=29))
    assert (small.number, small.run_id) == ("202507-202508-A001", run.id)
    day = at(ISSUED + timedelta(days=3))
    redeem(session, big, amount=Decimal("50"), merchant="南湖超市", at=day, actor=district_admin)
    with pytest.raises(Invalid, match=r"余额 24\.07 元，不足 24\.08 元"):
        redeem(
            session, big, amount=Decimal("24.08"), merchant="南湖超市", at=day, actor=district_admin
        )
    redeem(session, big, amount=Decimal("24.07"), merchant="五芳斋", at=day, actor=district_admin)
    assert big.balance == Decimal("0.00") and state_of(big, day.date()) is VoucherState.USED
    with pytest.raises(Invalid, match="不足"):
        redeem(
            session, big, amount=Decimal("0.01"), merchant="五芳斋", at=day, actor=district_admin
        )
    redeem(
        session, small, amount=Decimal("10.93"), merchant="南湖超市", at=day, actor=district_admin
    )
    middle = run_totals(session, run)
    assert (middle.issued, middle.redeemed, middle.outstanding) == (
        Decimal("100.00"), Decimal("85.00"), Decimal("15.00"),
    )  # fmt: skip
    assert middle.reconciles
    # a merchant gives back part of what it took: the balance grows again
    refund(session, small, amount=Decimal("5"), merchant="南湖超市", at=day, actor=district_admin,
           note="退货")  # fmt: skip
    assert small.balance == Decimal("20.00")
    # past its last day: redemption refused, then the tick expires what is left
    late = at(small.valid_until + timedelta(days=1))
    with pytest.raises(Invalid, match="到期"):
        redeem(
            session, small, amount=Decimal("1"), merchant="南湖超市", at=late, actor=district_admin
        )
    assert expire_vouchers(session, today=small.valid_until, at=late) == []
    assert len(expire_vouchers(session, today=late.date(), at=late)) == 1
    end = run_totals(session, run)
    assert (end.redeemed, end.refunded, end.expired, end.outstanding) == (
        Decimal("85.00"), Decimal("5.00"), Decimal("20.00"), Decimal("0.00"),
    )  # fmt: skip
    assert end.issued == end.redeemed - end.refunded + end.expired + end.outstanding
    assert end.reconciles and end.issued <= end.pool
    kinds = [e.kind for e in session.scalars(select(VoucherEvent).order_by(VoucherEvent.id))]
    assert kinds == ["ISSUED", "ISSUED", "REDEEMED", "REDEEMED", "REDEEMED", "REFUNDED", "EXPIRED"]
    people = {e.kind: e.actor_id for e in session.scalars(select(VoucherEvent))}
    assert people["REDEEMED"] == district_admin.id == people["ISSUED"]
    assert people["EXPIRED"] is None
    assert rebuilt(session, small) == (small.amount, small.redeemed, small.expired)


def test_only_district_administrators_issue(
    session: Session, district: District, district_admin: User, town_staff: User
) -> None:
    program = stored_program(session, district)
    run = publish_run(session, program, issued_on=ISSUED, actor=district_admin, now=NOW)
    with pytest.raises(Forbidden):
        issue_from_run(session, run, on=ISSUED, at=NOW, actor=town_staff)


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=UTC)


def test_the_tick_expires_vouchers_past_their_last_day(
    database_url: str, session: Session, district: District, district_admin: User
) -> None:
    program = stored_program(session, district)
    run = publish_run(session, program, issued_on=ISSUED, actor=district_admin, now=NOW)
    issue_from_run(session, run, on=ISSUED, at=NOW, actor=district_admin)
    session.commit()  # the last day: 2025-11-06
    arguments = ["--database", database_url, "tick", "--now", "2025-11-07T08:00+08:00"]
    first = CliRunner().invoke(cli, arguments)
    assert first.exit_code == 0, first.output
    assert "消费券到期 2 张，余额 135.00 元回到资金池" in first.output
    again = CliRunner().invoke(cli, arguments)
    assert "消费券到期 0 张" in again.output

"""Specs for the columnar (Polars) path: the same rewards as the Decimal engine, to the fen."""

from __future__ import annotations

import csv
import random
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from taizhang.incentives.bills import read_bills
from taizhang.incentives.columnar import (
    frame_from_bills,
    gaps_frame,
    read_bills_csv,
    run_columnar,
)
from taizhang.incentives.engine.checks import find_gaps
from taizhang.incentives.engine.model import month_index, to_fen
from taizhang.incentives.engine.program import Basis, Sharing
from taizhang.incentives.engine.savings import Outcome, run_program
from taizhang.incentives.shipped import find_program
from taizhang.kernel.errors import Invalid
from tests.incentives.factories import MONTHS_2025, invented_bills

HUANGYAN = find_program("huangyan-2025")


def both(program, bills, *, detail=False):  # type: ignore[no-untyped-def]
    exact = run_program(program, bills, issued_on=MONTHS_2025[-1])
    fast = run_columnar(program, frame_from_bills(bills), detail=detail)
    return exact, fast


@pytest.mark.parametrize("sharing", list(Sharing))
@pytest.mark.parametrize("pool", ["3000000", "4321.09"])
def test_it_gives_the_decimal_engines_awards_to_the_fen(sharing: Sharing, pool: str) -> None:
    program = replace(HUANGYAN, pool=replace(HUANGYAN.pool, amount=Decimal(pool), sharing=sharing))
    exact, fast = both(program, invented_bills(42, 1200))
    expected = {a.account: (to_fen(a.claim), to_fen(a.award)) for a in exact.accounts}
    got = {
        r[0]: (r[1], r[2]) for r in fast.accounts.select("account", "claim_fen", "award_fen").rows()
    }
    assert got == expected
    assert fast.awarded_fen == to_fen(exact.use.awarded)


def test_it_gives_the_same_outcome_for_every_account_month() -> None:
    program = replace(HUANGYAN, saving=replace(HUANGYAN.saving, basis=Basis.ENERGY))  # type: ignore[arg-type]
    exact, fast = both(program, invented_bills(7, 1500), detail=True)
    expected = {
        (m.account, month_index(m.month)): (m.outcome.value, to_fen(m.reward))
        for a in exact.accounts
        for m in a.months
    }
    assert fast.months is not None
    got = {(r[0], r[1]): (r[2], r[3]) for r in fast.months.rows()}
    assert got == expected
    assert len({outcome for outcome, _ in expected.values()}) >= 7  # the data covers the rules


def test_it_finds_the_same_gaps() -> None:
    bills = invented_bills(3, 400)
    gaps = gaps_frame(frame_from_bills(bills))
    assert gaps["account"].to_list() == [g.account for g in find_gaps(bills)]


HEADERS = [
    "户号",
    "户名",
    "用户类别",
    "所属镇街",
    "电费年月",
    "用电量（千瓦时）",
    "电费（元）",
    "电表编号",
    "是否空置",
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADERS, *rows])
    return path


def test_a_power_company_csv_reads_the_same_on_both_paths(tmp_path: Path) -> None:
    bills = invented_bills(5, 60)
    rows = [
        [b.account, b.holder, "居民生活" if b.kind.value == "居民" else "一般工商业", b.town,
         f"{b.month:%Y%m}", f"{b.kwh}", f"{b.yuan}", b.meter, "是" if b.vacant else "否"]
        for b in bills
    ]  # fmt: skip
    path = write_csv(tmp_path / "bills.csv", rows)
    read = read_bills(path)
    fast = read_bills_csv(path)
    expected = frame_from_bills([replace(b, applied_at=None) for b in bills])
    assert fast.equals(expected)
    assert frame_from_bills(read.bills).equals(expected)
    assert [g.account for g in read.gaps] == gaps_frame(fast)["account"].to_list()


def test_both_paths_refuse_a_duplicate_month_naming_its_rows(tmp_path: Path) -> None:
    row = ["3300001", "张三", "居民", "城关", "2025-07", "300", "160.5", "M1", "否"]
    path = write_csv(tmp_path / "dup.csv", [row, row])
    for reader in (read_bills, read_bills_csv):
        with pytest.raises(Invalid) as caught:
            reader(path)
        assert (
            "户号 3300001 的 2025-07 账单重复出现：第 2 行、第 3 行"
            in caught.value.errors[0].reason
        )


def test_both_paths_name_an_unreadable_amount(tmp_path: Path) -> None:
    row = ["3300001", "张三", "居民", "城关", "2025-07", "300", "16O.5", "M1", "否"]
    path = write_csv(tmp_path / "bad.csv", [row])
    for reader in (read_bills, read_bills_csv):
        with pytest.raises(Invalid) as caught:
            reader(path)
        (error,) = caught.value.errors
        assert (error.row, error.column) == (2, "电费") and "16O.5" in error.reason


def test_both_paths_read_kinds_flags_and_application_times_alike(tmp_path: Path) -> None:
    path = tmp_path / "kinds.csv"
    rows = [
        ["户号", "电费年月", "用电量", "电费", "用户类别", "是否空置", "申请时间"],
        ["1", "2025-07", "1", "1", "非居民照明", "否", "2025/08/01 09:30"],
        ["2", "2025-07", "1", "1", "城乡居民生活", "Y", "2025-08-01T09:30:15"],
        ["3", "2025-07", "1", "1", "", "", ""],
        ["4", "2025-07", "1", "1", "大工业", "0", "2025-08-02"],
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert read_bills_csv(path).equals(frame_from_bills(read_bills(path).bills))
    assert read_bills_csv(path)["kind"].to_list() == ["企业", "居民", "居民", "企业"]


def test_both_paths_refuse_an_unknown_kind_flag_or_time(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    rows = [
        ["户号", "电费年月", "用电量", "电费", "用户类别", "是否空置", "申请时间"],
        ["1", "2025-07", "1", "1", "路灯", "也许", "八月一日"],
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    for reader in (read_bills, read_bills_csv):
        with pytest.raises(Invalid) as caught:
            reader(path)
        columns = sorted(e.column for e in caught.value.errors)
        assert columns == ["是否空置", "用户类别", "申请时间"], reader


@pytest.mark.parametrize("prefix", ["HY-", "0"])
def test_accounts_that_are_not_plain_numbers_give_the_same_awards(prefix: str) -> None:
    bills = [replace(b, account=prefix + b.account) for b in invented_bills(9, 500)]
    program = replace(HUANGYAN, pool=replace(HUANGYAN.pool, amount=Decimal("777.77")))
    exact, fast = both(program, bills)
    expected = {a.account: to_fen(a.award) for a in exact.accounts}
    assert dict(fast.accounts.select("account", "award_fen").rows()) == expected


@pytest.mark.parametrize("order", ["account-month", "reversed", "shuffled"])
def test_the_order_of_the_bills_does_not_change_any_award(order: str) -> None:
    """The columnar path takes a power company's usual order (account, then month) as it is
    and sorts anything else; ties in the pool's remainder still go to the earlier account."""
    program = replace(HUANGYAN, pool=replace(HUANGYAN.pool, amount=Decimal("4321.09")))
    bills = invented_bills(11, 900)
    exact = run_program(program, bills, issued_on=MONTHS_2025[-1])
    ordered = sorted(bills, key=lambda b: (b.account, b.month))
    arranged = {
        "account-month": ordered,
        "reversed": ordered[::-1],
        "shuffled": random.Random(5).sample(ordered, len(ordered)),
    }[order]
    fast = run_columnar(program, frame_from_bills(arranged))
    assert fast.accounts["account"].to_list() == sorted(a.account for a in exact.accounts)
    assert dict(fast.accounts.select("account", "award_fen").rows()) == {
        a.account: to_fen(a.award) for a in exact.accounts
    }


def test_an_empty_holder_or_meter_on_either_side_is_not_a_change() -> None:
    program = HUANGYAN
    bills = [
        replace(b, holder="", meter="") if b.month in MONTHS_2025 else b
        for b in invented_bills(3, 200)
    ]
    exact, fast = both(program, bills, detail=True)
    assert fast.months is not None
    outcomes = set(fast.months["outcome"].cast(str).to_list())
    assert Outcome.HOLDER_CHANGED.value not in outcomes
    assert Outcome.METER_CHANGED.value not in outcomes
    assert Outcome.ELIGIBLE.value in outcomes
    assert dict(fast.accounts.select("account", "award_fen").rows()) == {
        a.account: to_fen(a.award) for a in exact.accounts
    }

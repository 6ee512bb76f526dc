"""A small stored program for the ledger's tests: bills filed, a program registered, a run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from taizhang.incentives.accounts import store_bills
from taizhang.incentives.engine.model import AccountKind, Bill
from taizhang.incentives.models import IncentiveProgram
from taizhang.incentives.runs import register_program
from tests.conftest import NOW, District

PROGRAM = """
version = "测试-节能券-2025"
title = "测试节能券"
valid_from = 2025-07-01
valid_to = 2025-12-31
kind = "节能券"

[eligibility]
who = ["居民"]
months = ["2025-07", "2025-08"]
compare = "上年同月"
basis = "电费"
min_drop = 0.05

[reward]
rate = 1
household_cap = 100

[pool]
amount = {pool}
sharing = "按比例"

[vouchers]
valid_days = 30

[exclusions]
vacant = true
meter_changed = true
holder_changed = true
"""


def bill(
    account: str, month: str, yuan: str, *, holder: str = "", town: str = "凤桥镇", **more: object
) -> Bill:
    year, number = (int(p) for p in month.split("-"))
    amount = Decimal(yuan)
    return Bill(
        account, date(year, number, 1), amount * 2, amount, holder or f"户主{account}",
        str(more.get("meter", f"M{account}")), more.get("kind", AccountKind.HOUSEHOLD),  # type: ignore[arg-type]
        town, bool(more.get("vacant", False)),
    )  # fmt: skip


def sample_bills() -> list[Bill]:
    """Four households: 320 → 285 (35 元), 310 → 300.5 (3.06 %: nothing), a holder changed, and
    one that saves in both months (60 + 40)."""
    return [
        bill("A001", "2024-07", "320"), bill("A001", "2025-07", "285"),
        bill("A002", "2024-07", "310"), bill("A002", "2025-07", "300.5"),
        bill("A003", "2024-07", "200"), bill("A003", "2025-07", "100", holder="新户主"),
        bill("A004", "2024-07", "300"), bill("A004", "2025-07", "240"),
        bill("A004", "2024-08", "400"), bill("A004", "2025-08", "360"),
    ]  # fmt: skip


def stored_program(session: Session, district: District, pool: str = "3000000") -> IncentiveProgram:
    store_bills(session, sample_bills(), towns={"凤桥镇": district.town})
    return register_program(session, PROGRAM.format(pool=pool), source="test.toml", now=NOW)

"""Invented bills for the incentives' tests: seeded, covering every outcome."""

from __future__ import annotations

import random
from datetime import date, datetime
from decimal import Decimal

from taizhang.incentives.engine.model import AccountKind, Bill

MONTHS_2024 = [date(2024, m, 1) for m in (6, 7, 8, 9)]
MONTHS_2025 = [date(2025, m, 1) for m in (6, 7, 8, 9)]


def invented_bills(seed: int, households: int) -> list[Bill]:
    """Two summers of bills for `households` accounts (a few of them enterprises), with holder
    and meter changes, vacant homes, missing months, exactly-5 % drops and rises."""
    rng = random.Random(seed)
    bills: list[Bill] = []
    for n in range(households):
        account = f"330{n:07d}"
        kind = AccountKind.ENTERPRISE if n % 23 == 0 else AccountKind.HOUSEHOLD
        holder, meter = f"户主{n}", f"M{n:07d}"
        applied = None if n % 11 == 0 else datetime(2025, 8, 1 + n % 20, n % 24, n % 60)
        for last, this in zip(MONTHS_2024, MONTHS_2025, strict=True):
            if rng.random() < 0.03:
                continue  # a gap
            kwh = Decimal(rng.randint(0, 90_000)) / 100
            yuan = (kwh * Decimal("0.538")).quantize(Decimal("0.01"))
            bills.append(Bill(account, last, kwh, yuan, holder, meter, kind, "城关", False, None))
            if rng.random() < 0.03:
                continue
            shape = rng.random()
            if shape < 0.1:
                new_yuan = (yuan * Decimal("0.95")).quantize(Decimal("0.01"))  # exactly 5 % or so
            else:
                new_yuan = (yuan * Decimal(str(round(rng.uniform(0.55, 1.15), 4)))).quantize(
                    Decimal("0.01")
                )
            new_kwh = (kwh * Decimal(str(round(rng.uniform(0.6, 1.1), 3)))).quantize(
                Decimal("0.01")
            )
            bills.append(
                Bill(
                    account,
                    this,
                    new_kwh,
                    new_yuan,
                    f"新户主{n}" if rng.random() < 0.02 else holder,
                    f"N{n}" if rng.random() < 0.02 else meter,
                    kind,
                    "城关",
                    rng.random() < 0.02,
                    applied,
                )
            )
    return bills

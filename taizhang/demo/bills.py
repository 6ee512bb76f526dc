"""The demo district's electricity bills for trying the 节能券 program: 20,000 invented
households (seeded) with monthly bills from 2024-01 to 2025-12 in the district's streets and
towns — summers heavier, three in four households saving in 2025, a few account holders and
meters changed, a few homes vacant, a few months missing — so that the claims of July to
September 2025 pass the 3,000,000 元 pool and the pro-rata sharing shows.

    taizhang incentives sample-bills bills.csv
    taizhang incentives run huangyan-2025 --period 2025-Q3 --bills bills.csv
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from taizhang.demo.data import UNITS
from taizhang.incentives.engine.model import Bill
from taizhang.org.models import UnitKind

TARIFF = Decimal("0.538")  # 元/kWh, one rate for simplicity
CENT = Decimal("0.01")
HEADERS = ("户号", "户名", "用户类别", "所属镇街", "电费年月", "用电量（千瓦时）", "电费（元）",
           "电表编号", "是否空置")  # fmt: skip
SEASON = {1: 1.4, 2: 1.3, 6: 1.6, 7: 2.0, 8: 2.1, 9: 1.6, 12: 1.3}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅兰玉珍凤云莲荣林斌波宁浩琳晨宇欣怡"


def demo_bills(households: int = 20_000, seed: int = 42) -> Iterator[Bill]:
    rng = random.Random(seed)
    towns = [u.name for u in UNITS if u.kind in (UnitKind.STREET, UnitKind.TOWN)]
    months = [date(year, month, 1) for year in (2024, 2025) for month in range(1, 13)]
    for n in range(households):
        yield from _household(rng, n, towns, months)


def _household(rng: random.Random, n: int, towns: list[str], months: list[date]) -> Iterator[Bill]:
    account = f"3304{n:06d}"
    holder = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN])
    town, base = rng.choice(towns), rng.uniform(150, 480)
    saver = rng.random() < 0.75
    vacant = rng.random() < 0.015
    new_holder = rng.choice(SURNAMES) + rng.choice(GIVEN) if rng.random() < 0.01 else None
    meter_changed = rng.random() < 0.01
    for month in months:
        if rng.random() < 0.005:
            continue  # a month the power company did not send
        later = month.year == 2025
        change = rng.uniform(0.5, 0.92) if saver else rng.uniform(0.95, 1.15)
        kwh = (
            base * SEASON.get(month.month, 1.0) * rng.uniform(0.92, 1.08) * (change if later else 1)
        )
        if vacant:
            kwh = rng.uniform(0, 8)
        amount = Decimal(str(round(kwh, 1)))
        yield Bill(
            account, month, amount, (amount * TARIFF).quantize(CENT),
            new_holder if later and new_holder and month.month >= 3 else holder,
            f"M{n:07d}" + ("N" if later and meter_changed and month.month >= 5 else ""),
            town=town, vacant=vacant,
        )  # fmt: skip


def write_demo_bills(path: Path, households: int = 20_000, seed: int = 42) -> int:
    """The bills as the power company's CSV (UTF-8, Chinese headers); the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for bill in demo_bills(households, seed):
            writer.writerow([
                bill.account, bill.holder, bill.kind.value, bill.town, f"{bill.month:%Y-%m}",
                f"{bill.kwh}", f"{bill.yuan}", bill.meter, "是" if bill.vacant else "否",
            ])  # fmt: skip
            count += 1
    return count

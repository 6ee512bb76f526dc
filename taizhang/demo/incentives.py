"""The demo's 节能降耗消费券: 20,000 invented households (and the demo's enterprises) with two
years of monthly bills, the district's program file, a published run whose claims exceed the
pool (so every award is shared pro rata), vouchers issued in two batches, redeemed at invented
merchants, a few given back, and the first batch's leftovers expired by the tick.

Everything is seeded (`random.Random(2025)`) and written in bulk: the bills as one row per
account and year (`incentives.accounts.file_accounts`), the redemptions as the merchants'
settlement (`incentives.ledger.settle_redemptions`). Dates of issue and redemption are placed
relative to the day the demo is built; the bills and the program's months are fixed (2024–2025).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.incentives.accounts import NewAccount, file_accounts
from taizhang.incentives.engine.model import AccountKind
from taizhang.incentives.ledger import Redemption, issue_from_run, settle_redemptions
from taizhang.incentives.models import ChangeKind, IncentiveRun, RunAccount, Voucher
from taizhang.incentives.runs import program_of, publish_run, register_program
from taizhang.incentives.vouchers import expire_vouchers, refund
from taizhang.org.models import Unit, UnitKind, User

HOUSEHOLDS = 20_000
PROGRAM_FILE = Path(__file__).parent / "nanhu-saving-2025.toml"
TARIFF_PER_MWH = 538  # 元 per MWh (0.538 元/kWh), the residential tariff of both years
YEARS = (2024, 2025)
SEASON = (1.25, 1.15, 1.0, 0.85, 0.8, 1.05, 1.5, 1.65, 1.3, 0.9, 0.95, 1.2)  # by month
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙朱马胡郭林何高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶"
    "程魏苏吕丁沈任姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌鹏辉波宁晨浩宇欣怡琪涵"
MERCHANTS = (
    "禾城百货南湖店", "月河菜场", "南湖家电城", "梅湾街便利店", "东栅粮油店", "新丰超市",
    "凤桥果品店", "七星五金店", "余新药房", "大桥家电维修部", "湘家荡农家乐", "南湖书店",
)  # fmt: skip
TOWN_KINDS = (UnitKind.TOWN.value, UnitKind.STREET.value, UnitKind.PLATFORM.value)
PLACE_KINDS = (UnitKind.COMPOUND.value, UnitKind.VILLAGE.value, UnitKind.COMMUNITY.value)


def build_incentives(
    session: Session,
    units: Mapping[str, Unit],
    enterprises: Mapping[str, tuple[str, Unit | None]],
    admin: User,
    *,
    today: date,
) -> IncentiveRun:
    """The demo's accounts, bills, program, run and vouchers; returns the published run."""
    rng = random.Random(2025)
    places = [u for u in units.values() if u.kind in PLACE_KINDS]
    towns = {u.id: u for u in units.values() if u.kind in TOWN_KINDS}
    accounts = [_household(rng, n, _place(places, n), towns) for n in range(HOUSEHOLDS)]
    accounts += [
        _enterprise(rng, n, name, unit) for n, (name, unit) in enumerate(enterprises.values())
    ]
    file_accounts(session, accounts)
    published = today - timedelta(days=200)
    now = _at(published)
    program = register_program(
        session, PROGRAM_FILE.read_text(encoding="utf-8"), source=PROGRAM_FILE.name, now=now
    )
    run = publish_run(session, program, issued_on=published, actor=admin, now=now)
    _issue_and_spend(session, rng, run, admin, published, today)
    return run


def _place(places: list[Unit], n: int) -> Unit | None:
    return places[n % len(places)] if places else None


def _town_of(place: Unit | None, towns: Mapping[int, Unit]) -> Unit | None:
    unit = place
    while unit is not None and unit.id not in towns:
        unit = unit.parent
    return unit


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    return rng.choice(SURNAMES) + given


def _household(
    rng: random.Random, n: int, place: Unit | None, towns: Mapping[int, Unit]
) -> NewAccount:
    """Two years of one household: a base use, the seasons, and a 2025 of its own — most
    save a little or not at all, some save a lot, some sit right at the 5 % line."""
    number = f"3304{n + 1:07d}"
    base = rng.uniform(90, 420)  # kWh in an ordinary month
    shape = rng.random()
    if shape < 0.32:
        change = rng.uniform(0.72, 0.93)  # saves 7–28 %
    elif shape < 0.40:
        change = rng.choice((0.95, 0.951, 0.949, 0.96, 0.94))  # around the threshold
    else:
        change = rng.uniform(0.96, 1.15)
    vacant = rng.random() < 0.012
    new_account = rng.random() < 0.02  # opened in 2025: no base
    years: dict[int, list[tuple[int, int] | None]] = {}
    for year in YEARS:
        months: list[tuple[int, int] | None] = []
        for month in range(12):
            if (new_account and year == 2024) or rng.random() < 0.004:
                months.append(None)  # no bill that month
                continue
            kwh = 0.0 if vacant else base * SEASON[month] * rng.uniform(0.92, 1.08)
            if year == 2025:
                kwh *= change
            hundredths = round(kwh * 100)
            fen = (hundredths * TARIFF_PER_MWH + 500) // 1000  # kWh × 0.538 元, to the fen
            months.append((hundredths + (300 if vacant else 0), fen + (160 if vacant else 0)))
        years[year] = months
    holder, meter = _name(rng), f"DB{n + 1:08d}"
    changes: list[tuple[date, ChangeKind, str, str]] = []
    if rng.random() < 0.01:
        new_holder = _name(rng)
        changes.append((date(2025, rng.randint(2, 6), 1), ChangeKind.HOLDER, holder, new_holder))
        holder = new_holder
    if rng.random() < 0.01:
        new_meter = f"DB{n + 1:08d}X"
        changes.append((date(2025, rng.randint(1, 9), 1), ChangeKind.METER, meter, new_meter))
        meter = new_meter
    return NewAccount(
        number, AccountKind.HOUSEHOLD, holder, meter, _town_of(place, towns), place,
        f"{place.name if place else ''}{rng.randint(1, 30)}幢{rng.randint(1, 4)}单元"
        f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}室",
        vacant, tuple(changes), years,
    )  # fmt: skip


def _enterprise(rng: random.Random, n: int, name: str, unit: Unit | None) -> NewAccount:
    base = rng.uniform(40_000, 400_000)
    years = {
        year: [
            (round(base * SEASON[m] * 100), int(base * SEASON[m] * 78))  # 0.78 元/kWh
            for m in range(12)
        ]
        for year in YEARS
    }
    return NewAccount(
        f"3309{n + 1:07d}", AccountKind.ENTERPRISE, name, f"QY{n + 1:06d}", unit, None, "",
        False, (), years,  # type: ignore[arg-type]
    )  # fmt: skip


def _at(day: date, hour: int = 2) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _issue_and_spend(
    session: Session,
    rng: random.Random,
    run: IncentiveRun,
    admin: User,
    published: date,
    today: date,
) -> None:
    """Two batches of vouchers (most claimed at once, the rest lately), redeemed over the weeks
    after, a few given back, and the first batch's leftovers expired by today's tick."""
    rewarded = list(
        session.scalars(
            select(RunAccount.account_id)
            .where(RunAccount.run_id == run.id, RunAccount.award > 0)
            .order_by(RunAccount.account_id)
        )
    )
    late = {a for a in rewarded if rng.random() < 0.3}
    first_day, second_day = published + timedelta(days=7), today - timedelta(days=35)
    early = [a for a in rewarded if a not in late]
    issue_from_run(session, run, on=first_day, at=_at(first_day), actor=admin, accounts=early)
    issue_from_run(session, run, on=second_day, at=_at(second_day), actor=admin, accounts=late)
    vouchers = session.scalars(
        select(Voucher).where(Voucher.run_id == run.id).order_by(Voucher.id)
    ).all()
    lines: list[Redemption] = []
    for voucher in vouchers:
        issued = first_day if voucher.account_id not in late else second_day
        last = min(voucher.valid_until, today - timedelta(days=1))
        span = max(1, (last - issued).days)
        habit = rng.random()
        share = 1.0 if habit < 0.6 else (rng.uniform(0.3, 0.9) if habit < 0.85 else 0.0)
        left = (voucher.amount * Decimal(str(round(share, 2)))).quantize(Decimal("0.01"))
        parts = rng.randint(1, 3)
        for part in range(parts):
            amount = left if part == parts - 1 else (left / 2).quantize(Decimal("0.01"))
            if amount <= 0:
                break
            left -= amount
            day = issued + timedelta(days=rng.randint(0, span))
            lines.append(Redemption(voucher.id, amount, rng.choice(MERCHANTS), _at(day, 3 + part)))
    lines.sort(key=lambda line: (line.at, line.voucher_id))
    settle_redemptions(session, lines, actor=admin)
    for line in lines[:: max(1, len(lines) // 25)][:25]:  # a few goods returned
        returned = session.get(Voucher, line.voucher_id)
        if returned is None or line.at.date() + timedelta(days=2) > returned.valid_until:
            continue
        back = (line.amount / 2).quantize(Decimal("0.01"))
        if back > 0:
            refund(
                session, returned, amount=back, merchant=line.merchant,
                at=line.at + timedelta(days=1), actor=admin, note="顾客退货，商户退回",
            )  # fmt: skip
    # the tick, the night after the first batch's last day, and tonight
    lapsed = first_day + timedelta(days=program_of(run.program).voucher_days or 90)
    if lapsed < today:
        expire_vouchers(session, today=lapsed, at=_at(lapsed, 1))
    expire_vouchers(session, today=today, at=_at(today, 1))

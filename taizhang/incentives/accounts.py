"""Accounts (户号) and their bills in the database: `store_bills` files the power company's bills
(the engine's `Bill`s, from `bills.read_bills` or the demo) all or nothing, and `load_bills` gives
them back as `Bill`s for the engine — each month with the holder, meter and 空置 mark it had then.

An account's holder, meter and 空置 mark are today's on its row; every change is an
`AccountChange` from the month it took effect, so a past month's values are today's with the later
changes undone. Bills are kept as one row per account and year (`BillYear`), and written with bulk
inserts: 20,000 households' two years are 40,000 rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from taizhang.incentives.engine.checks import refuse_duplicates
from taizhang.incentives.engine.model import AccountKind, Bill, month_label
from taizhang.incentives.models import AccountChange, BillYear, ChangeKind, IncentiveAccount
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.org.models import Unit

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class StoredBills:
    accounts_created: int
    accounts: int
    months: int


def store_bills(
    session: Session,
    bills: Sequence[Bill],
    *,
    towns: Mapping[str, Unit] | None = None,
    places: Mapping[str, Unit] | None = None,
    addresses: Mapping[str, str] | None = None,
) -> StoredBills:
    """File `bills`: new accounts are opened (their town found by `Bill.town` among `towns`, by
    name; their compound or village from `places`, by 户号), changes of holder, meter and 空置
    between consecutive months are recorded, and each year's months are merged into the account's
    `BillYear`. A month already stored with other figures is refused (nothing is written)."""
    refuse_duplicates(bills)
    by_account: defaultdict[str, list[Bill]] = defaultdict(list)
    for bill in bills:
        by_account[bill.account].append(bill)
    for listed in by_account.values():
        listed.sort(key=lambda b: b.month)
    known = {
        a.number: a
        for a in session.scalars(
            select(IncentiveAccount).where(IncentiveAccount.number.in_(list(by_account)))
        )
    } if len(by_account) < 900 else _all_accounts(session)  # fmt: skip
    new = [n for n in by_account if n not in known]
    _open_accounts(session, new, by_account, towns or {}, places or {}, addresses or {})
    ids = _ids(session, by_account) if new else {n: a.id for n, a in known.items()}
    _merge_years(session, by_account, ids, set(known))
    _record_changes(session, by_account, ids)
    session.flush()
    return StoredBills(len(new), len(by_account), len(bills))


def _all_accounts(session: Session) -> dict[str, IncentiveAccount]:
    return {a.number: a for a in session.scalars(select(IncentiveAccount))}


def _ids(session: Session, numbers: Iterable[str]) -> dict[str, int]:
    wanted = set(numbers)
    rows = session.execute(select(IncentiveAccount.number, IncentiveAccount.id))
    return {number: id_ for number, id_ in rows if number in wanted}


def _open_accounts(
    session: Session,
    numbers: Sequence[str],
    by_account: Mapping[str, list[Bill]],
    towns: Mapping[str, Unit],
    places: Mapping[str, Unit],
    addresses: Mapping[str, str],
) -> None:
    errors = []
    rows = []
    for number in numbers:
        latest = by_account[number][-1]
        town = towns.get(latest.town) if latest.town else None
        if latest.town and town is None:
            errors.append(
                FieldError(f"户号 {number} 的所属镇街“{latest.town}”不在本区", None, "所属镇街")
            )
        place = places.get(number)
        rows.append(
            {
                "number": number,
                "kind": latest.kind.value,
                "holder": latest.holder,
                "meter": latest.meter,
                "address": addresses.get(number, ""),
                "unit_id": place.id if place else None,
                "town_id": town.id if town else None,
                "vacant": latest.vacant,
            }
        )
    if errors:
        raise Invalid(f"有 {len(errors)} 个户号的镇街不认识，未导入 (unknown towns)", errors)
    if rows:
        session.execute(insert(IncentiveAccount), rows)


def _merge_years(
    session: Session,
    by_account: Mapping[str, list[Bill]],
    ids: Mapping[str, int],
    existing: set[str],
) -> int:
    stored: dict[tuple[int, int], BillYear] = {}
    if existing:
        wanted = [ids[n] for n in existing]
        for row in session.scalars(select(BillYear).where(BillYear.account_id.in_(wanted))):
            stored[(row.account_id, row.year)] = row
    fresh: dict[tuple[int, int], tuple[list[int | None], list[int | None]]] = {}
    errors = []
    for number, listed in by_account.items():
        for bill in listed:
            key = (ids[number], bill.month.year)
            row = stored.get(key)
            kwh, fen = (
                (list(row.kwh), list(row.fen))
                if row
                else fresh.get(key, ([None] * 12, [None] * 12))
            )
            i = bill.month.month - 1
            value = (int(bill.kwh * HUNDRED), int(bill.yuan * HUNDRED))
            if kwh[i] is not None and (kwh[i], fen[i]) != value:
                errors.append(
                    FieldError(
                        f"户号 {number} 的 {month_label(bill.month)} 账单已入库，数字不同",
                        None,
                        "户号",
                    )
                )
                continue
            kwh[i], fen[i] = value
            if row:
                row.kwh, row.fen = kwh, fen
            else:
                fresh[key] = (kwh, fen)
    if errors:
        raise Invalid(f"有 {len(errors)} 笔账单与已入库的不一致，未导入 (bills differ)", errors)
    if fresh:
        session.execute(
            insert(BillYear),
            [{"account_id": a, "year": y, "kwh": k, "fen": f} for (a, y), (k, f) in fresh.items()],
        )
    return len(fresh)


def _record_changes(
    session: Session, by_account: Mapping[str, list[Bill]], ids: Mapping[str, int]
) -> None:
    rows = []
    for number, listed in by_account.items():
        for before, after in pairwise(listed):
            for kind, old, new in (
                (ChangeKind.HOLDER, before.holder, after.holder),
                (ChangeKind.METER, before.meter, after.meter),
                (ChangeKind.VACANT, _yes(before.vacant), _yes(after.vacant)),
            ):
                if old != new and (kind is ChangeKind.VACANT or (old and new)):
                    rows.append(
                        {"account_id": ids[number], "kind": kind.value, "month": after.month,
                         "before": old, "after": new}
                    )  # fmt: skip
    if rows:
        session.execute(insert(AccountChange), rows)


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


# ── reading back ────────────────────────────────────────────────────────────


def load_bills(
    session: Session,
    months: Iterable[date] | None = None,
    *,
    account_ids: Iterable[int] | None = None,
) -> list[Bill]:
    """The stored bills (of `months` only, when given; of some accounts, when given), each with
    the holder, meter and 空置 mark of its month, ordered by account and month."""
    wanted = sorted(set(months)) if months is not None else None
    years = sorted({m.year for m in wanted}) if wanted is not None else None
    accounts = select(IncentiveAccount)
    rows = select(BillYear)
    changes = select(AccountChange)
    if account_ids is not None:
        chosen = list(account_ids)
        accounts = accounts.where(IncentiveAccount.id.in_(chosen))
        rows = rows.where(BillYear.account_id.in_(chosen))
        changes = changes.where(AccountChange.account_id.in_(chosen))
    if years is not None:
        rows = rows.where(BillYear.year.in_(years))
    by_id = {a.id: a for a in session.scalars(accounts)}
    towns = dict(session.execute(select(Unit.id, Unit.name).where(Unit.kind.in_(TOWN_KINDS))).all())
    history: defaultdict[int, list[AccountChange]] = defaultdict(list)
    for change in session.scalars(
        changes.order_by(AccountChange.month.desc(), AccountChange.id.desc())
    ):
        history[change.account_id].append(change)
    month_set = set(wanted) if wanted is not None else None
    bills = []
    for row in session.scalars(rows):
        account = by_id.get(row.account_id)
        if account is None:
            continue
        for i in range(12):
            if row.kwh[i] is None or row.fen[i] is None:
                continue
            month = date(row.year, i + 1, 1)
            if month_set is not None and month not in month_set:
                continue
            holder, meter, vacant = values_in(account, history[account.id], month)
            bills.append(
                Bill(
                    account.number, month,
                    Decimal(row.kwh[i]) / HUNDRED, Decimal(row.fen[i]) / HUNDRED,
                    holder, meter, AccountKind(account.kind),
                    towns.get(account.town_id, "") if account.town_id else "", vacant,
                )
            )  # fmt: skip
    bills.sort(key=lambda b: (b.account, b.month))
    return bills


TOWN_KINDS = ("town", "street", "platform")


def values_in(
    account: IncentiveAccount, changes_newest_first: Sequence[AccountChange], month: date
) -> tuple[str, str, bool]:
    """The holder, meter and 空置 mark the account had in `month`: today's, with every change
    from a later month undone."""
    holder, meter, vacant = account.holder, account.meter, account.vacant
    for change in changes_newest_first:
        if change.month <= month:
            break
        if change.kind == ChangeKind.HOLDER.value:
            holder = change.before
        elif change.kind == ChangeKind.METER.value:
            meter = change.before
        else:
            vacant = change.before == "是"
    return holder, meter, vacant

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
        for kept in session.scalars(select(BillYear).where(BillYear.account_id.in_(wanted))):
            stored[(kept.account_id, kept.year)] = kept
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
    the holder, meter and 空置 mark of its month, ordered by account and month. Read as plain
    rows (no ORM objects): 20,000 accounts' summers are 120,000 bills."""
    wanted = sorted(set(months)) if months is not None else None
    accounts = select(
        IncentiveAccount.id, IncentiveAccount.number, IncentiveAccount.kind,
        IncentiveAccount.holder, IncentiveAccount.meter, IncentiveAccount.vacant,
        IncentiveAccount.town_id,
    )  # fmt: skip
    rows = select(BillYear.account_id, BillYear.year, BillYear.kwh, BillYear.fen)
    changes = select(AccountChange)
    if account_ids is not None:
        chosen = list(account_ids)
        accounts = accounts.where(IncentiveAccount.id.in_(chosen))
        rows = rows.where(BillYear.account_id.in_(chosen))
        changes = changes.where(AccountChange.account_id.in_(chosen))
    if wanted is not None:
        rows = rows.where(BillYear.year.in_(sorted({m.year for m in wanted})))
    towns = dict(session.execute(select(Unit.id, Unit.name).where(Unit.kind.in_(TOWN_KINDS))).all())
    by_id = {
        id_: (number, AccountKind(kind), holder, meter, vacant, towns.get(town_id or 0, ""))
        for id_, number, kind, holder, meter, vacant, town_id in session.execute(accounts)
    }
    history: defaultdict[int, list[AccountChange]] = defaultdict(list)
    for change in session.scalars(
        changes.order_by(AccountChange.month.desc(), AccountChange.id.desc())
    ):
        history[change.account_id].append(change)
    chosen_months = [
        (m.year, m.month - 1, m) for m in (wanted or [])
    ] if wanted is not None else None  # fmt: skip
    bills = []
    for account_id, year, kwh, fen in session.execute(rows):
        account = by_id.get(account_id)
        if account is None:
            continue
        number, kind, holder, meter, vacant, town = account
        changed = history.get(account_id)
        if chosen_months is None:
            slots = [(i, date(year, i + 1, 1)) for i in range(12)]
        else:
            slots = [(i, m) for y, i, m in chosen_months if y == year]
        for i, month in slots:
            hundredths, yuan_fen = kwh[i], fen[i]
            if hundredths is None or yuan_fen is None:
                continue
            if changed:
                then = _undo(changed, month, holder, meter, vacant)
            else:
                then = (holder, meter, vacant)
            bills.append(
                Bill(
                    number, month, Decimal(hundredths).scaleb(-2), Decimal(yuan_fen).scaleb(-2),
                    then[0], then[1], kind, town, then[2],
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
    return _undo(changes_newest_first, month, account.holder, account.meter, account.vacant)


def _undo(
    changes_newest_first: Sequence[AccountChange],
    month: date,
    holder: str,
    meter: str,
    vacant: bool,
) -> tuple[str, str, bool]:
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


# ── filing in bulk what is already compact ───────────────────────────────────


@dataclass(frozen=True)
class NewAccount:
    number: str
    kind: AccountKind
    holder: str  # today's
    meter: str
    town: Unit | None
    place: Unit | None = None
    address: str = ""
    vacant: bool = False
    # (month, field, before, after): the changes from the month they took effect, oldest first
    changes: tuple[tuple[date, ChangeKind, str, str], ...] = ()
    # year → twelve months of (hundredths of a kWh, fen), None where there was no bill
    years: dict[int, list[tuple[int, int] | None]] | None = None


def file_accounts(session: Session, accounts: Sequence[NewAccount]) -> int:
    """New accounts with their changes and bills, in bulk (a power company's yearly extract, the
    demo): refused as a whole when a 户号 is already on file or a year has not twelve months."""
    numbers = [a.number for a in accounts]
    if len(set(numbers)) != len(numbers):
        raise Invalid("户号重复，未导入 (repeated account numbers)")
    taken = set(
        session.scalars(select(IncentiveAccount.number).where(IncentiveAccount.number.in_(numbers)))
    ) if len(numbers) < 900 else set(_all_accounts(session)) & set(numbers)  # fmt: skip
    if taken:
        listed = "、".join(sorted(taken)[:5])
        raise Invalid(f"户号 {listed} 已在库中，未导入 (already on file)")
    for account in accounts:
        for year, months in (account.years or {}).items():
            if len(months) != 12:
                raise Invalid(f"户号 {account.number} 的 {year} 年账单应有 12 个月")
    session.execute(
        insert(IncentiveAccount),
        [
            {"number": a.number, "kind": a.kind.value, "holder": a.holder, "meter": a.meter,
             "address": a.address, "unit_id": a.place.id if a.place else None,
             "town_id": a.town.id if a.town else None, "vacant": a.vacant}
            for a in accounts
        ],
    )  # fmt: skip
    ids = _ids(session, numbers)
    years = [
        {"account_id": ids[a.number], "year": year,
         "kwh": [m[0] if m else None for m in months], "fen": [m[1] if m else None for m in months]}
        for a in accounts
        for year, months in sorted((a.years or {}).items())
    ]  # fmt: skip
    for start in range(0, len(years), 10_000):
        session.execute(insert(BillYear), years[start : start + 10_000])
    changes = [
        {"account_id": ids[a.number], "kind": kind.value, "month": month, "before": before,
         "after": after}
        for a in accounts
        for month, kind, before, after in a.changes
    ]  # fmt: skip
    if changes:
        session.execute(insert(AccountChange), changes)
    session.flush()
    return len(accounts)

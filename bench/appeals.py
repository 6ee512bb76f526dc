"""Benchmark: a synthetic district with 1,000,000 appeals (诉求) over two years.

Builds 40 towns/streets, 400 communities, 4,000 compounds and 2,000 staff users, bulk-inserts
appeals with a realistic status mix (and up to five events each) with SQLAlchemy core, then
prints p50/p95 of the inbox and the compound ledger (民情一本账) queries, and the query plans,
so a missing index shows. Every measured run picks another user or compound.

What is measured is the project's own code: `appeals.inbox.read_inbox` (a page of 50 and every
tab's size) for community staff, town staff and the district admin, a fifth page through the
cursor, `appeals.compound_ledger.compound_ledger` for one compound's month, and the inbox routes
through the app in-process. The plans of the inbox's two statements are printed too.

    .venv/bin/python bench/appeals.py                       # SQLite file under bench/data/
    .venv/bin/python bench/appeals.py --database postgresql+psycopg://postgres@127.0.0.1/bench
    .venv/bin/python bench/appeals.py --appeals 100000      # a quick run
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from common import analyze, fresh_database, logged_in, machine, p50_p95, time_requests
from sqlalchemy import (
    Connection,
    Engine,
    Select,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session

from taizhang.appeals.compound_ledger import compound_ledger
from taizhang.appeals.inbox import Tab, inbox_statements, read_inbox
from taizhang.appeals.models import Appeal, AppealCategory, AppealEvent, AppealStatus
from taizhang.kernel.clock import district_date
from taizhang.kernel.db import session_scope
from taizhang.org.models import Role, Unit, UnitKind, User
from taizhang.org.users import hash_password

S = AppealStatus
OPEN = [s.value for s in (S.REGISTERED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS)]
LOOP = [s.value for s in S]  # 登记 … 销号, in order
NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)  # 10:00 in the district
TODAY = district_date(NOW)
DAYS = 730  # two years of requests
PASSWORD = "bench-password"
ADMIN_ID = 1
BATCH = 20_000
TOWNS, COMMUNITIES_PER_TOWN, COMPOUNDS_PER_COMMUNITY = 40, 10, 10
TOWN_STAFF, COMMUNITY_STAFF = 10, 4  # 40 × 10 + 400 × 4 = 2,000 staff users
CATEGORIES = (  # code, label, requester kind, limit (working days), route, weight
    ("property", "物业管理", "resident", 5, "instructor", 30),
    ("sanitation", "环境卫生", "resident", 3, "place_staff", 20),
    ("parking", "停车管理", "resident", 7, "place_staff", 15),
    ("noise", "噪音扰民", "resident", 3, "place_staff", 10),
    ("repair", "公共设施维修", "resident", 10, "instructor", 12),
    ("dispute", "邻里纠纷", "resident", 7, "instructor", 6),
    ("enterprise_legal", "法律咨询", "enterprise", 5, "place_staff", 4),
    ("project_blocker", "项目堵点", "project", 13, "place_staff", 3),
)
CHANNELS = ("走访", "电话", "网站", "APP", "指导员周走访", "议事会")


@dataclass(frozen=True)
class District:
    towns: list[int]
    communities: dict[int, int]  # community id → town id
    compounds: dict[int, int]  # compound id → community id
    paths: dict[int, str]
    town_staff: dict[int, list[int]]
    community_staff: dict[int, list[int]]
    categories: list[tuple[int, int]]  # (id, limit days)
    category_weights: list[int]


def main() -> None:
    args = _arguments()
    engine = fresh_database(args.database)
    started = time.perf_counter()
    district = _build_district(engine)
    appeals, events = _load_appeals(engine, district, args.appeals, args.events_per_appeal)
    load_seconds = time.perf_counter() - started
    version = ".".join(map(str, engine.dialect.server_version_info or ()))
    print(machine(f"{engine.dialect.name} {version}"))
    print(
        f"loaded {len(district.towns)} towns/streets, {len(district.communities)} communities, "
        f"{len(district.compounds)} compounds, 2,001 users, {appeals:,} appeals and "
        f"{events:,} appeal events in {load_seconds:.1f} s"
    )
    _print_mix(engine)
    _measure(engine, district, args.repeat, args.database)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--database", default=f"sqlite:///{Path(__file__).parent / 'data' / 'appeals.db'}"
    )
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument(
        "--events-per-appeal", type=int, default=5, help="at most this many events (0: none)"
    )
    parser.add_argument("--repeat", type=int, default=50, help="runs per measured query")
    return parser.parse_args()


# --- the district: units, staff, categories ---


def _build_district(engine: Engine) -> District:
    units: list[dict[str, Any]] = []
    paths: dict[int, str] = {}

    def unit(uid: int, code: str, name: str, kind: UnitKind, parent: int | None) -> None:
        paths[uid] = f"{paths[parent] if parent else '/'}{uid}/"
        units.append(
            {
                "id": uid,
                "code": code,
                "name": name,
                "kind": kind.value,
                "parent_id": parent,
                "path": paths[uid],
                "sort_order": 0,
            }
        )

    unit(1, "990001", "示范区", UnitKind.DISTRICT, None)
    next_id = 2
    towns: list[int] = []
    communities: dict[int, int] = {}
    compounds: dict[int, int] = {}
    for t in range(TOWNS):
        kind = (UnitKind.TOWN, UnitKind.STREET)[t % 2]
        town = next_id
        next_id += 1
        unit(town, f"990001{t:03d}", f"第{t + 1}{kind.label}", kind, 1)
        towns.append(town)
        for c in range(COMMUNITIES_PER_TOWN):
            community = next_id
            next_id += 1
            unit(
                community, f"990001{t:03d}{c:03d}", f"{t + 1}-{c + 1}社区", UnitKind.COMMUNITY, town
            )
            communities[community] = town
            for k in range(COMPOUNDS_PER_COMMUNITY):
                compound = next_id
                next_id += 1
                code = f"990001{t:03d}{c:03d}{k:03d}"
                unit(compound, code, f"{t + 1}-{c + 1}-{k + 1}小区", UnitKind.COMPOUND, community)
                compounds[compound] = community

    password_hash = hash_password(PASSWORD)  # one hash for all: login cost is not measured
    users = [_user(ADMIN_ID, "admin", Role.DISTRICT_ADMIN, None, password_hash)]
    town_staff: dict[int, list[int]] = {}
    community_staff: dict[int, list[int]] = {}
    for owner, count, target in [(t, TOWN_STAFF, town_staff) for t in towns] + [
        (c, COMMUNITY_STAFF, community_staff) for c in communities
    ]:
        target[owner] = []
        for n in range(count):
            uid = len(users) + 1
            users.append(_user(uid, f"staff{owner}-{n}", Role.UNIT_STAFF, owner, password_hash))
            target[owner].append(uid)

    categories = [
        {
            "id": i,
            "code": code,
            "label": label,
            "kind": kind,
            "limit_days": limit,
            "route": route,
            "route_unit_id": None,
            "active": True,
        }
        for i, (code, label, kind, limit, route, _w) in enumerate(CATEGORIES, start=1)
    ]
    with engine.begin() as connection:
        for table, rows in ((Unit, units), (User, users), (AppealCategory, categories)):
            connection.execute(insert(table.__table__), rows)  # type: ignore[attr-defined]
        _reset_sequences(connection)
    return District(
        towns=towns,
        communities=communities,
        compounds=compounds,
        paths=paths,
        town_staff=town_staff,
        community_staff=community_staff,
        categories=[(c["id"], c["limit_days"]) for c in categories],
        category_weights=[w for *_rest, w in CATEGORIES],
    )


def _user(uid: int, name: str, role: Role, unit_id: int | None, password_hash: str) -> dict:
    return {
        "id": uid,
        "username": name,
        "display_name": name,
        "password_hash": password_hash,
        "role": role.value,
        "unit_id": unit_id,
        "active": True,
    }


def _reset_sequences(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        return
    for table in ("units", "users", "appeal_categories"):
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        )


# --- the appeals ---


def _load_appeals(
    engine: Engine, district: District, count: int, events_per_appeal: int
) -> tuple[int, int]:
    rng = random.Random(5)
    compounds = list(district.compounds)
    appeal_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    event_id = 0
    for appeal_id in range(1, count + 1):
        row = _appeal(rng, appeal_id, district, rng.choice(compounds))
        appeal_rows.append(row)
        for kind, at in _steps(row, events_per_appeal):
            event_id += 1
            event_rows.append(
                {
                    "id": event_id,
                    "appeal_id": appeal_id,
                    "kind": kind,
                    "actor_id": row["handler_id"] if kind != "registered" else None,
                    "at": at,
                    "note": "",
                    "payload": {"status": kind},
                }
            )
        if len(appeal_rows) >= BATCH:
            _flush(engine, appeal_rows, event_rows)
    _flush(engine, appeal_rows, event_rows)
    analyze(engine)
    return count, event_id


def _appeal(rng: random.Random, appeal_id: int, district: District, compound: int) -> dict:
    received = NOW - timedelta(seconds=rng.randrange(DAYS * 86_400))
    age_days = (NOW - received).days
    category_id, limit_days = rng.choices(district.categories, district.category_weights)[0]
    due_on = district_date(received) + timedelta(days=limit_days * 7 // 5 + 1)  # ≈ working days
    status = _status(rng, age_days)
    community = district.compounds[compound]
    town = district.communities[community]
    handler_id, handler_unit_id = None, community
    if status != S.REGISTERED.value:
        if rng.random() < 0.88:
            handler_id = rng.choice(district.community_staff[community])
        else:
            handler_id, handler_unit_id = rng.choice(district.town_staff[town]), town
    step = LOOP.index(status)
    answered_at = received + timedelta(hours=rng.randint(4, 24 * limit_days)) if step >= 4 else None
    closed_at = (
        answered_at + timedelta(days=rng.randint(1, 7)) if answered_at and step == 6 else None
    )
    grade = rng.choices((5, 4, 3, 2, 1), (45, 30, 15, 6, 4))[0] if step >= 5 else None
    if status == S.CLOSED.value and rng.random() < 0.1:
        grade = None  # 超时未评价, closed by the timer
    return {
        "id": appeal_id,
        "number": f"SQ{received.year}{appeal_id:07d}",
        "requester_name": "张**",
        "requester_phone": f"138{rng.randrange(10**8):08d}",
        "requester_id_number": None,
        "requester_address": f"{compound}小区{rng.randint(1, 30)}幢{rng.randint(101, 2604)}室",
        "requester_kind": "resident" if category_id <= 6 else "enterprise",
        "requester_user_id": None,
        "proxy_user_id": None,
        "unit_id": compound,
        "enterprise_id": None,
        "project_id": None,
        "category_id": category_id,
        "description": "楼道灯坏了，晚上出入不便，请尽快维修。" * rng.randint(1, 4),
        "channel": rng.choice(CHANNELS),
        "status": status,
        "received_at": received,
        "due_on": due_on,
        "handler_id": handler_id,
        "handler_unit_id": handler_unit_id,
        "reopen_count": 1 if rng.random() < 0.03 else 0,
        "escalation_level": 0 if step >= 4 or due_on >= TODAY else rng.choice((1, 2)),
        "answered_at": answered_at,
        "grade": grade,
        "closed_at": closed_at,
        "resolved": None if grade is None else grade >= 3,
    }


def _status(rng: random.Random, age_days: int) -> str:
    """Old requests are almost all 销号; the last weeks hold the open ones."""
    if age_days > 60:
        weights = (0.1, 0.1, 0.2, 0.6, 0.5, 0.5, 98.0)  # a few stragglers stay open, overdue
    elif age_days > 14:
        weights = (0.5, 0.5, 2, 6, 8, 3, 80)
    else:
        weights = (8, 8, 15, 30, 20, 4, 15)
    return rng.choices(LOOP, weights)[0]


def _steps(row: dict[str, Any], limit: int) -> list[tuple[str, datetime]]:
    reached = LOOP[: LOOP.index(row["status"]) + 1]
    if len(reached) > limit:
        reached = reached[: max(limit - 1, 0)] + reached[-1:] if limit else []
    start = row["received_at"]
    end = row["closed_at"] or row["answered_at"] or start + timedelta(hours=len(reached))
    spacing = (end - start) / max(len(reached) - 1, 1)
    return [(kind, start + spacing * n) for n, kind in enumerate(reached)]


def _flush(engine: Engine, appeals: list[dict], events: list[dict]) -> None:
    with engine.begin() as connection:
        for table, rows in ((Appeal, appeals), (AppealEvent, events)):
            if rows:
                connection.execute(insert(table.__table__), rows)  # type: ignore[attr-defined]
    appeals.clear()
    events.clear()


def _print_mix(engine: Engine) -> None:
    with engine.connect() as connection:
        rows = connection.execute(select(Appeal.status, func.count()).group_by(Appeal.status)).all()
        overdue = connection.scalar(
            select(func.count()).where(Appeal.status.in_(OPEN), Appeal.due_on < TODAY)
        )
    counts = dict(rows)
    mix = ", ".join(f"{S(s).label} {counts.get(s, 0):,}" for s in LOOP)
    print(f"status mix: {mix}; overdue (open past due on {TODAY}): {overdue:,}")


# --- measuring the project's own code ---


def _measure(engine: Engine, district: District, repeat: int, url: str) -> None:
    rng = random.Random(7)
    community_staff = [u for staff in district.community_staff.values() for u in staff]
    town_staff = [u for staff in district.town_staff.values() for u in staff]
    compounds = list(district.compounds)

    def month() -> tuple[int, date, date]:
        first = date(TODAY.year, TODAY.month, 1) - timedelta(days=30 * rng.randrange(1, 23))
        first = first.replace(day=1)
        return rng.choice(compounds), first, _month_end(first)

    cases: dict[str, Callable[[Session], object]] = {
        "inbox 待办, community staff": lambda s: _inbox(s, rng.choice(community_staff)),
        "inbox 待办, town staff": lambda s: _inbox(s, rng.choice(town_staff)),
        "inbox 待办, district admin": lambda s: _inbox(s, ADMIN_ID),
        "inbox 已超期, district admin": lambda s: _inbox(s, ADMIN_ID, tab=Tab.OVERDUE),
        "inbox 待办 page 5, district admin": lambda s: _fifth_page(s, ADMIN_ID),
        "compound ledger, one month": lambda s: _ledger(s, *month()),
    }
    print(f"\nthe project's query functions (n={repeat}, after one warm-up each):")
    print(f"{'call':40} {'p50 ms':>8} {'p95 ms':>8}")
    for label, call in cases.items():
        print(f"{label:40} {p50_p95(_time_calls(engine, call, repeat))}")
    _print_plans(engine, town_staff[0])
    _measure_inbox_routes(engine, url, district, repeat)


def _inbox(session: Session, user_id: int, tab: Tab = Tab.TODO, after: str | None = None) -> str:
    page = read_inbox(session, session.get_one(User, user_id), today=TODAY, tab=tab, after=after)
    return page.next_cursor or ""


def _fifth_page(session: Session, user_id: int) -> None:
    after: str | None = None
    for _ in range(5):
        after = _inbox(session, user_id, after=after)


def _ledger(session: Session, compound: int, first: date, last: date) -> None:
    compound_ledger(session, session.get_one(Unit, compound), start=first, end=last)


def _time_calls(engine: Engine, call: Callable[[Session], object], repeat: int) -> list[float]:
    timings = []
    for n in range(repeat + 1):
        with session_scope(engine) as session:
            began = time.perf_counter()
            call(session)
            if n:  # the first is a warm-up
                timings.append((time.perf_counter() - began) * 1000)
    return timings


def _print_plans(engine: Engine, town_user: int) -> None:
    print("\nquery plans of the inbox (town staff, then the district admin):")
    with session_scope(engine) as session:
        for user_id in (town_user, ADMIN_ID):
            user = session.get_one(User, user_id)
            statements = inbox_statements(
                session, user, today=TODAY, tab=Tab.TODO, after=None, limit=50
            )
            for statement in statements:
                print(f"-- user {user.username}")
                for line in _plan(session.connection(), statement):
                    print(f"   {line}")


def _plan(connection: Connection, statement: Select[Any]) -> list[str]:
    sql = str(statement.compile(connection, compile_kwargs={"literal_binds": True}))
    if connection.dialect.name == "postgresql":
        rows = connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}").all()
        return [r[0] for r in rows if not r[0].startswith(("Planning", "Execution"))]
    rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
    return [r[-1] for r in rows]


INBOX_ROUTES = ("/api/v1/appeals", "/appeals/inbox", "/appeals/inbox?tab=overdue")


def _measure_inbox_routes(engine: Engine, url: str, district: District, repeat: int) -> None:
    from fastapi.testclient import TestClient

    from taizhang.kernel.config import Settings
    from taizhang.web.app import create_app

    app = create_app(
        Settings(database_url=url, secret_key="b" * 32, timer_seconds=0), engine=engine
    )
    community = next(iter(district.community_staff))
    users = {"admin": "admin", "community staff": f"staff{community}-0"}
    print(f"\nweb inbox routes through the app in-process, 50 rows a page (n={repeat}):")
    print(f"{'route':40} {'p50 ms':>8} {'p95 ms':>8}")
    for who, username in users.items():
        client = logged_in(TestClient(app), username, PASSWORD)
        for path in INBOX_ROUTES:
            timings = time_requests(client, path, repeat)
            label = f"{path} ({who})"
            print(f"{label:40} {p50_p95(timings) if timings else 'no 200 answer'}")


def _month_end(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


if __name__ == "__main__":
    main()

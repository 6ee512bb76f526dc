"""Benchmark: a synthetic district of 100,000 projects and 1,000,000 events.

Prints p50/p95 latency of the dashboard API and the project-list API, measured through the
real app in-process (routing, dependencies, SQL and JSON, without a network hop), with the
p95 before issue 16 on the same database, the ratio to it, and whether p95 is under 50 ms.

    .venv/bin/python bench/ledger.py                      # SQLite file under bench/data/
    .venv/bin/python bench/ledger.py --database postgresql+psycopg://postgres@127.0.0.1/bench
    .venv/bin/python bench/ledger.py --projects 10000 --events 100000   # a quick run
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from common import (
    analyze,
    fresh_database,
    logged_in,
    machine,
    p50_p95,
    percentile,
    time_requests,
)
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from taizhang.kernel.config import Settings
from taizhang.kernel.db import session_scope
from taizhang.kernel.money import Money
from taizhang.kernel.stages import STAGES
from taizhang.org.models import Role, UnitKind
from taizhang.org.units import create_unit
from taizhang.org.users import create_user
from taizhang.projects.commands import projection_columns
from taizhang.projects.models import Event, Project, ProjectMilestone
from taizhang.projects.projection import EventKind, ProjectState, apply_event, figures_to_payload
from taizhang.projects.rollups import rebuild_rollups
from taizhang.projects.search import rebuild_search
from taizhang.web.app import create_app

CHAINS = ("新能源", "微电子", "智能装备", "高端新材料", "人工智能", "未来交通", "生物医药", "食品")
METHODS = ("基金招商", "场景招商", "飞地招商", "以商引商", "链式招商", "二次招商")
PASSWORD = "bench-password"
BATCH = 20_000


def main() -> None:
    args = _arguments()
    engine = fresh_database(args.database)
    started = time.perf_counter()
    units = _build_units(engine)
    projects, events = _load_projects(engine, units, args.projects, args.events)
    load_seconds = time.perf_counter() - started
    print(machine(engine.dialect.name))
    print(f"loaded {projects:,} projects and {events:,} events in {load_seconds:.1f} s")
    _measure(engine, args.database, args.repeat)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--database", default=f"sqlite:///{Path(__file__).parent / 'data' / 'ledger.db'}"
    )
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50, help="requests per measured query")
    return parser.parse_args()


def _build_units(engine: Engine) -> list[int]:
    """A district with 40 towns/streets/platforms and 5 villages or communities under each."""
    with session_scope(engine, write=True) as session:
        district = create_unit(session, code="990001", name="示范区", kind=UnitKind.DISTRICT)
        leaves: list[int] = []
        for n in range(40):
            kind = (UnitKind.TOWN, UnitKind.STREET, UnitKind.PLATFORM)[n % 3]
            top = create_unit(
                session,
                code=f"990001{n:03d}",
                name=f"第{n + 1}{kind.label}",
                kind=kind,
                parent=district,
            )
            leaves.append(top.id)
            for m in range(5):
                child = create_unit(
                    session,
                    code=f"990001{n:03d}{m:03d}",
                    name=f"{top.name}{m + 1}社区",
                    kind=UnitKind.COMMUNITY,
                    parent=top,
                )
                leaves.append(child.id)
        create_user(session, username="admin", password=PASSWORD, role=Role.DISTRICT_ADMIN)
        staff_unit = session.get(type(district), leaves[0])
        create_user(
            session, username="staff", password=PASSWORD, role=Role.UNIT_STAFF, unit=staff_unit
        )
        return leaves


def _load_projects(
    engine: Engine, units: list[int], count: int, event_total: int
) -> tuple[int, int]:
    rng = random.Random(42)
    per_project = max(1, event_total // count)
    written_events = 0
    project_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    milestone_rows: list[dict[str, Any]] = []
    for project_id in range(1, count + 1):
        events = list(_synthetic_events(rng, project_id, units, per_project))
        state = ProjectState()
        for kind, payload, _on in events:
            state = apply_event(state, kind, payload)
        project_rows.append(
            {"id": project_id, "event_count": len(events), **projection_columns(state)}
        )
        milestone_rows.extend(_milestones(project_id, state))
        event_rows.extend(
            _event_row(project_id, seq, kind, payload, on)
            for seq, (kind, payload, on) in enumerate(events, start=1)
        )
        written_events += len(events)
        if len(event_rows) >= BATCH * 5:
            _flush(engine, project_rows, milestone_rows, event_rows)
    _flush(engine, project_rows, milestone_rows, event_rows)
    with engine.begin() as connection:  # the bulk insert went around the ORM's listener
        rebuild_rollups(connection)
        rebuild_search(connection)
    analyze(engine)
    return count, written_events


def _synthetic_events(
    rng: random.Random, project_id: int, units: list[int], per_project: int
) -> Iterator[tuple[str, dict[str, Any], date | None]]:
    start = date(2024, 1, 1) + timedelta(days=rng.randrange(900))
    final = rng.choices(range(len(STAGES)), weights=(20, 25, 12, 20, 8, 10, 5))[0]
    amount = (
        Decimal(rng.choice((5, 30, 80, 150, 600, 2000, 12000)))
        * Decimal(rng.randint(50, 200))
        * 10_000
    )
    figures = figures_to_payload(
        {
            "name": f"示范项目{project_id:06d}",
            "unit_id": rng.choice(units),
            "chain": rng.choice(CHAINS),
            "attraction_method": rng.choice(METHODS),
            "investment": Money(amount),
            "land_mu": Decimal(rng.randint(10, 400)),
        }
    )
    yield (
        EventKind.CREATED,
        {"code": f"B{project_id:07d}", "stage": "TALKS", "stage_on": start.isoformat(), **figures},
        start,
    )
    day = start
    for stage in STAGES[1 : final + 1]:
        day += timedelta(days=rng.randint(20, 120))
        yield EventKind.STAGE_REACHED, {"stage": stage.value, "on": day.isoformat()}, day
    has_next = final + 1 < len(STAGES)
    if has_next:
        planned = day + timedelta(days=rng.randint(-200, 300))
        yield (
            EventKind.STAGE_PLANNED,
            {"stage": STAGES[final + 1].value, "on": planned.isoformat()},
            None,
        )
    for n in range(per_project - 1 - final - int(has_next)):
        yield EventKind.FIGURES, {"progress_pct": str(min(100, 5 * (n + 1)))}, None


def _event_row(
    project_id: int, seq: int, kind: str, payload: dict[str, Any], on: date | None
) -> dict[str, Any]:
    return {
        "project_id": project_id,
        "seq": seq,
        "kind": kind,
        "payload": payload,
        "occurred_on": on,
        "recorded_at": datetime(2026, 1, 1, tzinfo=UTC),
        "source_kind": "system",
        "source_label": "基准测试",
    }


def _milestones(project_id: int, state: ProjectState) -> list[dict[str, Any]]:
    stages = set(state.planned) | set(state.reached)
    return [
        {
            "project_id": project_id,
            "stage": s.value,
            "planned_on": state.planned.get(s),
            "reached_on": state.reached.get(s),
        }
        for s in stages
    ]


def _flush(
    engine: Engine,
    projects: list[dict[str, Any]],
    milestones: list[dict[str, Any]],
    events: list[dict[str, Any]],
) -> None:
    with engine.begin() as connection:
        for table, rows in ((Project, projects), (ProjectMilestone, milestones), (Event, events)):
            if rows:
                connection.execute(insert(table.__table__), rows)  # type: ignore[attr-defined]
    for rows in (projects, milestones, events):
        rows.clear()


QUERIES = {
    "dashboard (district admin)": ("admin", "/api/v1/dashboard"),
    "dashboard (unit staff)": ("staff", "/api/v1/dashboard"),
    "projects, first page": ("admin", "/api/v1/projects"),
    "projects, page 50": ("admin", "/api/v1/projects?page=50"),
    "projects by stage + chain": ("admin", "/api/v1/projects?stage=开工&chain=新能源"),
    "projects by unit (with units below)": ("admin", "/api/v1/projects?unit=2"),
    "projects ≥10亿": ("admin", "/api/v1/projects?min_yi=10"),
    "projects overdue": ("admin", "/api/v1/projects?overdue=true"),
    "projects text search": ("admin", "/api/v1/projects?q=示范项目0123"),
    "projects (unit staff)": ("staff", "/api/v1/projects"),
}


# p50 / p95 ms before issue 16 (README, 2026-11-21, the same machine and sizes), per database
BEFORE = {
    "sqlite": {
        "dashboard (district admin)": (49.7, 95.2),
        "dashboard (unit staff)": (25.9, 32.6),
        "projects, first page": (10.0, 13.9),
        "projects, page 50": (15.8, 19.2),
        "projects by stage + chain": (33.5, 78.2),
        "projects by unit (with units below)": (9.4, 11.4),
        "projects ≥10亿": (9.1, 14.4),
        "projects overdue": (17.8, 20.2),
        "projects text search": (120.3, 182.4),
        "projects (unit staff)": (8.8, 21.0),
    },
    "postgresql": {
        "dashboard (district admin)": (77.1, 93.0),
        "dashboard (unit staff)": (37.9, 47.0),
        "projects, first page": (17.1, 24.4),
        "projects, page 50": (17.0, 21.1),
        "projects by stage + chain": (21.2, 25.6),
        "projects by unit (with units below)": (15.4, 20.0),
        "projects ≥10亿": (14.5, 19.3),
        "projects overdue": (20.3, 23.4),
        "projects text search": (61.0, 82.6),
        "projects (unit staff)": (21.8, 27.1),
    },
}
GOAL_MS = 50


def _measure(engine: Engine, url: str, repeat: int) -> None:
    app = create_app(
        Settings(database_url=url, secret_key="b" * 32, timer_seconds=0), engine=engine
    )
    clients = {name: logged_in(TestClient(app), name, PASSWORD) for name in ("admin", "staff")}
    before = BEFORE.get(engine.dialect.name, {})
    print(
        f"{'query':40} {'p50 ms':>8} {'p95 ms':>8}  {'p95 before':>10} {'ratio':>6}  (n={repeat})"
    )
    for label, (who, path) in QUERIES.items():
        timings = time_requests(clients[who], path, repeat)
        if not timings:
            print(f"{label:40} did not answer 200")
            continue
        p95 = percentile(timings, 95)
        old = before.get(label, (0.0, 0.0))[1]
        ratio = f"{p95 / old:5.2f}×" if old else "     -"
        goal = "ok" if p95 < GOAL_MS else f"over {GOAL_MS} ms"
        print(f"{label:40} {p50_p95(timings)}  {old:10.1f} {ratio}  {goal}")


if __name__ == "__main__":
    main()

"""Shared fixtures: a fresh migrated database per test (SQLite, or PostgreSQL when
TAIZHANG_TEST_DATABASE_URL is set), the demo district built once per session, a small district
and the four personas.

Every test that uses the database (`database_url`, `engine`, `session` or a fixture built on
them) is marked `db` at collection, so `pytest -m "not db"` runs the pure layer alone; a test
without that mark which opens a database fails. Under pytest-xdist each worker has a PostgreSQL
database of its own: the configured name with `_gw0`, `_gw1`, … appended, created if missing."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, make_url, text
from sqlalchemy.orm import Session

from taizhang.demo import DemoSummary, build_demo
from taizhang.kernel.config import Settings
from taizhang.kernel.db import make_engine, session_factory
from taizhang.kernel.money import Money
from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage
from taizhang.org import users as users_module
from taizhang.org.models import Role, Unit, UnitKind, User
from taizhang.org.units import create_unit
from taizhang.org.users import create_user
from taizhang.projects.commands import create_project, plan_stage
from taizhang.projects.models import Project
from taizhang.schema import metadata, upgrade
from taizhang.web.app import create_app

WORKER = os.environ.get("PYTEST_XDIST_WORKER")  # "gw0", "gw1", … under pytest-xdist
PG_URL = os.environ.get("TAIZHANG_TEST_DATABASE_URL")
if PG_URL and WORKER:
    _url = make_url(PG_URL)
    PG_URL = _url.set(database=f"{_url.database}_{WORKER}").render_as_string(hide_password=False)
PASSWORD = "correct-horse-42"
NOW = datetime(2026, 5, 20, 9, 30, tzinfo=UTC)
DEMO_TODAY = date(2026, 5, 20)  # the day the shared demo district is built for
# Argon2 at production cost takes ~0.1 s per hash; tests use a cheap setting.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
DB_FIXTURES = frozenset({"database_url", "engine", "session"})


def pytest_configure(config: pytest.Config) -> None:
    """Collect cyclic garbage less often. Each test's app, engine and sessions live just long
    enough to be promoted, so at the default (700, 10, 10) the collector kept walking every
    live object (half a million by the end): ~12 s of a 70 s SQLite run, ~4 s at this setting."""
    gc.set_threshold(10_000, 10, 10)


# ── marking and guarding the database tests ─────────────────────────────────


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    xdist = config.pluginmanager.hasplugin("xdist")
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & DB_FIXTURES:
            item.add_marker(pytest.mark.db)
        if xdist and "demo" in fixtures:  # with --dist loadgroup one worker builds the demo
            item.add_marker(pytest.mark.xdist_group("demo"))


_pure_test: list[str] = []  # the node id of the running test without the `db` mark


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    if item.get_closest_marker("db") is None:
        _pure_test.append(item.nodeid)
    try:
        return (yield)
    finally:
        _pure_test.clear()


@event.listens_for(Engine, "connect")
def _refuse_a_database_to_pure_tests(_dbapi_connection: Any, _record: Any) -> None:
    if _pure_test:
        pytest.fail(
            f"{_pure_test[0]} opens a database but is not marked `db`: use the database_url,"
            " engine or session fixture, or mark it with @pytest.mark.db",
            pytrace=False,
        )


# ── the database a test starts from ─────────────────────────────────────────


class Blueprint:
    """What a test's database holds when the test begins."""

    def start(self, tmp_path: Path) -> str:
        """Give the test its database in that state and return its URL."""
        raise NotImplementedError


@dataclass(frozen=True)
class SQLiteBlueprint(Blueprint):
    """A closed SQLite file that every test gets a copy of."""

    path: Path

    def start(self, tmp_path: Path) -> str:
        copy = tmp_path / "ledger.db"
        shutil.copy(self.path, copy)
        return f"sqlite:///{copy}"


@dataclass(frozen=True)
class PostgresBlueprint(Blueprint):
    """Rows (binary COPY of each table) and sequence positions, written back into the one
    PostgreSQL database before each test: every table emptied, every sequence back at 1, then
    the rows and positions restored. Plain DELETEs (~7 ms) where TRUNCATE cost ~60 ms a test;
    with autovacuum off for these tables (see `migrated_template`) no space freed mid-test is
    reused, so rows lie in the order they were inserted, as in a truncated table."""

    url: str
    engine: Engine
    rows: tuple[tuple[str, bytes], ...] = ()
    sequences: tuple[tuple[str, int], ...] = ()

    def start(self, tmp_path: Path) -> str:
        with self.engine.begin() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute(_CLEAR_ALL)  # one round trip for all the statements
            with raw.cursor() as cursor:
                for table, data in self.rows:
                    with cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT BINARY)') as copy:
                        copy.write(data)
                for sequence, value in self.sequences:
                    cursor.execute("SELECT setval(%s::regclass, %s)", (sequence, value))
        return self.url

    def capture(self) -> PostgresBlueprint:
        """This database as it is now, as a blueprint."""
        rows: list[tuple[str, bytes]] = []
        with self.engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cursor:
                for table in metadata.sorted_tables:  # parents before children
                    with cursor.copy(f'COPY "{table.name}" TO STDOUT (FORMAT BINARY)') as copy:
                        data = b"".join(bytes(block) for block in copy)
                    rows.append((table.name, data))
                cursor.execute(_USED_SEQUENCES)
                sequences = tuple((str(name), int(value)) for name, value in cursor.fetchall())
        return PostgresBlueprint(self.url, self.engine, tuple(rows), sequences)


_CLEAR_ALL = "".join(
    f'DELETE FROM "{table.name}";' for table in reversed(metadata.sorted_tables)
) + (
    "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false)"
    " FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL"
)
_USED_SEQUENCES = (
    "SELECT format('%I.%I', schemaname, sequencename), last_value"
    " FROM pg_sequences WHERE schemaname = current_schema() AND last_value IS NOT NULL"
)


def _create_database_if_missing(url: str) -> None:
    name = make_url(url).database
    server = make_engine(
        make_url(url).set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with server.connect() as connection:
        found = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not found:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    server.dispose()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Blueprint]:
    """SQLite: one migrated file copied for every test. PostgreSQL: migrate once (into a fresh
    schema, so the dead rows the DELETEs leave last one session), then empty the tables before
    every test."""
    if PG_URL:
        if WORKER:
            _create_database_if_missing(PG_URL)
        engine = make_engine(PG_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade(engine)
        with engine.begin() as connection:
            for table in metadata.sorted_tables:
                connection.exec_driver_sql(
                    f'ALTER TABLE "{table.name}" SET (autovacuum_enabled = false)'
                )
        yield PostgresBlueprint(PG_URL, engine)
        engine.dispose()
        return
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    yield SQLiteBlueprint(path)


@dataclass(frozen=True)
class DemoTemplate:
    blueprint: Blueprint
    summary: DemoSummary


@pytest.fixture(scope="session")
def demo_template(
    migrated_template: Blueprint, tmp_path_factory: pytest.TempPathFactory
) -> DemoTemplate:
    """The demo district built once for DEMO_TODAY (with the tests' cheap password hashing)."""
    folder = tmp_path_factory.mktemp("demo")
    url = migrated_template.start(folder)
    engine = make_engine(url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users_module, "_hasher", CHEAP_HASHER)
        session = session_factory(engine, write=True)()
        summary = build_demo(session, today=DEMO_TODAY)
        session.commit()
        session.close()
    engine.dispose()  # on SQLite this closes the file, checkpointing its WAL into it
    if isinstance(migrated_template, PostgresBlueprint):
        return DemoTemplate(migrated_template.capture(), summary)
    return DemoTemplate(SQLiteBlueprint(folder / "ledger.db"), summary)


@pytest.fixture
def database_url(
    request: pytest.FixtureRequest, migrated_template: Blueprint, tmp_path: Path
) -> str:
    """A migrated database of the test's own: empty, or holding the demo for tests that use
    the `demo` fixture."""
    blueprint = migrated_template
    if "demo" in request.fixturenames:
        blueprint = request.getfixturevalue("demo_template").blueprint
    return blueprint.start(tmp_path)


@pytest.fixture
def demo(demo_template: DemoTemplate, database_url: str) -> DemoSummary:
    """The demo district as built for DEMO_TODAY: built once a session, copied for each test."""
    return demo_template.summary


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    session = session_factory(engine, write=True)()
    yield session
    session.rollback()
    session.close()


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at production cost takes ~0.1 s per hash; tests use a cheap setting."""
    monkeypatch.setattr(users_module, "_hasher", CHEAP_HASHER)


@dataclass
class District:
    district: Unit
    platform: Unit
    street: Unit
    town: Unit
    village: Unit
    department: Unit


def build_district(session: Session) -> District:
    district = create_unit(session, code="330402", name="南湖区", kind=UnitKind.DISTRICT)
    platform = create_unit(
        session, code="330402-XJD", name="湘家荡区域", kind=UnitKind.PLATFORM, parent=district
    )
    street = create_unit(
        session, code="330402001", name="建设街道", kind=UnitKind.STREET, parent=district
    )
    town = create_unit(
        session, code="330402101", name="凤桥镇", kind=UnitKind.TOWN, parent=district
    )
    village = create_unit(
        session, code="330402101201", name="永红村", kind=UnitKind.VILLAGE, parent=town
    )
    department = create_unit(
        session, code="330402-JXS", name="区经信商务局", kind=UnitKind.DEPARTMENT, parent=district
    )
    return District(district, platform, street, town, village, department)


@pytest.fixture
def district(session: Session) -> District:
    built = build_district(session)
    session.commit()
    return built


def _persona(session: Session, username: str, role: Role, unit: Unit | None) -> User:
    user = create_user(
        session, username=username, password=PASSWORD, role=role, unit=unit, display_name=username
    )
    session.commit()
    return user


@pytest.fixture
def district_admin(session: Session, district: District) -> User:
    return _persona(session, "admin", Role.DISTRICT_ADMIN, None)


@pytest.fixture
def town_staff(session: Session, district: District) -> User:
    return _persona(session, "fengqiao", Role.UNIT_STAFF, district.town)


@pytest.fixture
def other_town_staff(session: Session, district: District) -> User:
    return _persona(session, "jianshe", Role.UNIT_STAFF, district.street)


@pytest.fixture
def viewer(session: Session, district: District) -> User:
    return _persona(session, "viewer", Role.VIEWER, None)


@dataclass
class Projects:
    in_town: Project
    in_street: Project
    in_platform: Project


@pytest.fixture
def projects(session: Session, district: District) -> Projects:
    source = Source("system", label="测试数据")
    in_town = create_project(
        session,
        name="智能农机装备项目",
        unit=district.village,
        stage=Stage.SIGNED,
        stage_on=date(2026, 2, 1),
        source=source,
        now=NOW,
        figures={"investment": Money(Decimal(350_000_000)), "chain": "智能装备"},
    )
    plan_stage(session, in_town, Stage.CONSTRUCTION, on=date(2026, 4, 30), source=source)
    in_street = create_project(
        session,
        name="城市更新数字平台项目",
        unit=district.street,
        source=source,
        now=NOW,
        figures={"investment": Money(Decimal(60_000_000)), "chain": "人工智能"},
    )
    in_platform = create_project(
        session,
        name="新型电池电芯项目",
        unit=district.platform,
        stage=Stage.CONSTRUCTION,
        stage_on=date(2026, 3, 1),
        source=source,
        now=NOW,
        figures={
            "investment": Money(Decimal(11_000_000_000)),
            "chain": "新能源",
            "progress_pct": Decimal(45),
        },
    )
    session.commit()
    return Projects(in_town, in_street, in_platform)


@pytest.fixture
def app(engine: Engine, database_url: str) -> FastAPI:
    settings = Settings(database_url=database_url, secret_key="x" * 32, timer_seconds=0)
    return create_app(settings, engine=engine, clock=lambda: NOW)


@pytest.fixture
def app_client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client

"""Engines, sessions and how concurrent writers are kept apart. No module-level engine: callers
build one from settings.

A writer locks the row of the aggregate it changes (`lock_row`) before it reads the state its
checks rely on; unique constraints are the safety net, and what slips past the locks (a duplicate
key, an optimistic version that moved) reaches the edges as `Conflict` (`conflicts_reported`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from taizhang.kernel.errors import Conflict, Unavailable
from taizhang.kernel.text import guard_text_columns

logger = logging.getLogger(__name__)

WRITE_OPTION = "taizhang_write"
# How long a SQLite writer waits for another to finish (a large import under load) before the
# write is refused as Unavailable (503).
WRITE_WAIT_MS = 30_000
Row = TypeVar("Row")
# What a concurrent writer causes: PostgreSQL's unique and foreign-key violations, serialization
# failures and deadlocks; SQLite's unique, primary-key and foreign-key violations.
CONFLICT_CODES = frozenset(
    {
        "23505",
        "23503",
        "40001",
        "40P01",
        "SQLITE_CONSTRAINT_UNIQUE",
        "SQLITE_CONSTRAINT_PRIMARYKEY",
        "SQLITE_CONSTRAINT_FOREIGNKEY",
    }
)


def make_engine(url: str, *, connections: int | None = None, **kwargs: Any) -> Engine:
    """An engine for SQLite (WAL, busy timeout, IMMEDIATE writes) or PostgreSQL. `connections`:
    how many connections the pool keeps (a server: one per worker thread), a quarter more at
    a peak."""
    if connections is not None and not _in_memory(url):
        kwargs |= {"pool_size": connections, "max_overflow": connections // 4}
    if url.startswith("sqlite"):
        return _make_sqlite_engine(url, **kwargs)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def shown_url(url: str) -> str:
    """A database URL fit to print: its password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def _in_memory(url: str) -> bool:
    return url.startswith("sqlite") and (":memory:" in url or url == "sqlite://")


def _make_sqlite_engine(url: str, **kwargs: Any) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        if not _in_memory(url):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={WRITE_WAIT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def session_factory(engine: Engine, *, write: bool = False) -> sessionmaker[Session]:
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    factory = sessionmaker(bind=bind, expire_on_commit=False)
    guard_text_columns(factory)
    return factory


@contextmanager
def session_scope(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """One unit of work: commits once at the end, or rolls everything back."""
    session = session_factory(engine, write=write)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def lock_row(session: Session, row: Row) -> Row:
    """Take `row`'s write lock until the transaction ends and re-read it, so that what the
    caller checks next is the latest committed state. PostgreSQL: `SELECT … FOR UPDATE`, which
    waits for another writer of the row to finish; SQLite: a plain re-read, since a writing
    transaction there (`BEGIN IMMEDIATE`) already holds the database's write lock."""
    session.flush()  # a pending change of the row would be lost by the re-read
    session.refresh(row, with_for_update=True)
    return row


@contextmanager
def conflicts_reported() -> Iterator[None]:
    """The edge where writes are committed: a unique key taken or a version moved by a
    concurrent writer becomes `Conflict` (409, “reload and try again”), a database that cannot
    store the write (disk full, …) `Unavailable` (503, “nothing was saved”) — never a success
    that was not stored, never a crash."""
    try:
        yield
    except StaleDataError as exc:
        logger.info("concurrent write refused: %s", exc)
        raise Conflict() from exc
    except DBAPIError as exc:
        if is_conflict(exc):
            logger.info("concurrent write refused: %s", exc.orig)
            raise Conflict() from exc
        if isinstance(exc, OperationalError):  # disk full, locked too long, connection lost
            logger.error("write not stored: %s", exc.orig)
            raise Unavailable() from exc
        raise


def is_conflict(exc: DBAPIError) -> bool:
    """Whether the database refused a write because of another writer (not a broken query)."""
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "sqlite_errorname", None)
    return code in CONFLICT_CODES

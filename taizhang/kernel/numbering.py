"""Numbers that never collide: named counters advanced inside the writer's own transaction.

`UPDATE counters SET value = value + 1 … RETURNING value` takes the counter's row lock, so a
second writer asking for the same counter waits until the first commits (or rolls back, and
the number is used again) and then gets the next value. A counter is created on first use,
starting from the highest number already in use, race-safely (`INSERT … ON CONFLICT DO
NOTHING`). Works on PostgreSQL and on SQLite ≥ 3.35 (`RETURNING`).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import BigInteger, String, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from taizhang.kernel.base import Base


class Counter(Base):
    """The last number handed out under one name, e.g. project codes or one year's appeals."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


def next_free_number(
    session: Session,
    name: str,
    *,
    highest_in_use: Callable[[], int],
    taken: Callable[[int], bool],
) -> int:
    """The next number of counter `name` that `taken` does not refuse. A number brought from
    outside (an import with its own codes) moves the counter past the highest in use."""
    number = next_value(session, name, start=highest_in_use)
    if taken(number):
        raise_to(session, name, highest_in_use())
        number = next_value(session, name, start=highest_in_use)
    return number


def next_value(session: Session, name: str, *, start: Callable[[], int]) -> int:
    """Advance counter `name` by one and return the new value; a missing counter is created
    holding `start()` (the highest number already in use), so its first value is one more."""
    value = _advance(session, name)
    if value is None:
        _create(session, name, start())
        value = _advance(session, name)
    if value is None:  # pragma: no cover - the row was just created or found
        raise RuntimeError(f"counter {name} could not be created")
    return value


def raise_to(session: Session, name: str, value: int) -> None:
    """Make counter `name` hold at least `value` (it never goes down)."""
    session.execute(
        update(Counter)
        .where(Counter.name == name, Counter.value < value)
        .values(value=value)
        .execution_options(synchronize_session=False)
    )


def _advance(session: Session, name: str) -> int | None:
    statement = (
        update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).scalar_one_or_none()


def _create(session: Session, name: str, value: int) -> None:
    """Insert the counter unless a concurrent writer just did (then theirs is kept)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Counter).values(name=name, value=value)
    session.execute(statement.on_conflict_do_nothing(index_elements=[Counter.name]))

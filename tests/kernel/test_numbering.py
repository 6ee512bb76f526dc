"""Counters (created on first use from the highest number in use, advanced one at a time, never
lowered) and the edge that turns a write refused by the database into `Conflict`."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from taizhang.kernel.db import conflicts_reported, session_factory
from taizhang.kernel.errors import Conflict
from taizhang.kernel.numbering import Counter, next_free_number, next_value, raise_to


def test_a_counter_starts_after_the_highest_number_in_use(session: Session) -> None:
    values = [next_value(session, "things", start=lambda: 41) for _ in range(3)]

    assert values == [42, 43, 44]
    assert session.get(Counter, "things") is not None


def test_the_start_is_only_read_when_the_counter_is_missing(session: Session) -> None:
    next_value(session, "things", start=lambda: 0)
    session.commit()

    def never() -> int:
        raise AssertionError("the counter exists")

    assert next_value(session, "things", start=never) == 2


def test_counters_are_independent(session: Session) -> None:
    next_value(session, "SQ2025", start=lambda: 0)

    assert next_value(session, "SQ2026", start=lambda: 0) == 1


def test_raising_a_counter_never_lowers_it(session: Session) -> None:
    next_value(session, "things", start=lambda: 10)  # 11
    raise_to(session, "things", 5)
    assert next_value(session, "things", start=lambda: 0) == 12
    raise_to(session, "things", 20)
    assert next_value(session, "things", start=lambda: 0) == 21


def test_a_number_in_use_moves_the_counter_past_the_highest(session: Session) -> None:
    in_use = {1, 2, 3, 7}

    numbers = [
        next_free_number(
            session, "things", highest_in_use=lambda: max(in_use), taken=in_use.__contains__
        )
        for _ in range(2)
    ]

    assert numbers == [8, 9]


def test_a_number_rolled_back_is_handed_out_again(engine: Engine) -> None:
    factory = session_factory(engine, write=True)
    with factory() as first:
        assert next_value(first, "things", start=lambda: 0) == 1
        first.commit()
    with factory() as second:
        assert next_value(second, "things", start=lambda: 0) == 2
        second.rollback()
    with factory() as third:
        assert next_value(third, "things", start=lambda: 0) == 2


def test_a_duplicate_key_at_the_edge_is_a_conflict(session: Session) -> None:
    session.add(Counter(name="things", value=1))
    session.commit()

    with pytest.raises(Conflict) as refused, conflicts_reported():
        session.add(Counter(name="things", value=2))
        session.flush()
    session.rollback()

    assert refused.value.status == 409
    assert isinstance(refused.value.__cause__, IntegrityError)


def test_a_broken_write_is_not_disguised_as_a_conflict(session: Session) -> None:
    """A NOT NULL violation is a bug, not another writer: it stays an error (a 500)."""
    with pytest.raises(IntegrityError), conflicts_reported():
        session.execute(text("INSERT INTO counters (name, value) VALUES ('things', NULL)"))
    session.rollback()

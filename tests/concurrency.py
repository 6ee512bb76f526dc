"""Two real writers at once: threads with their own sessions on the same database, started
together, and a hook that forces the interleaving unprotected code loses on.

Each writer loads what it needs in its own session, then calls `go()`: the writers wait for each
other there (a `threading.Barrier`) and arm the hook. After its first statement that touches one
of the aggregate's tables, a writer waits until the other has run such a statement too, so on
code without locks both read the same state before either writes. Code that locks the row
blocks the second writer inside that statement; the first then waits in vain, goes on after
`PAUSE` seconds and commits, and the second continues on the state the first left.

Each writer commits inside `conflicts_reported`, the edge the web and the CLI commit through,
so a refused write comes back as `Conflict` whether the code or the database refused it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from taizhang.kernel.db import conflicts_reported, session_factory

PAUSE = 1.5  # seconds a writer waits for the other to read; only locking code makes it wait in vain
DEADLINE = 60.0  # seconds after which a stuck test fails instead of hanging

Go = Callable[[], None]
Writer = Callable[[Session, Go], Any]


@dataclass
class Outcome:
    """What one writer returned, or the error it ended with (its transaction rolled back)."""

    value: Any = None
    error: BaseException | None = None


class Interleaving:
    """Holds each armed writer after its first statement on `tables` until all have run one."""

    def __init__(self, engine: Engine, tables: Sequence[str], writers: int) -> None:
        self.engine = engine
        self.pattern = re.compile(rf"\b({'|'.join(tables)})\b", re.IGNORECASE)
        self.read = [threading.Event() for _ in range(writers)]
        self.local = threading.local()
        event.listen(engine, "after_cursor_execute", self._after_statement)

    def arm(self, index: int) -> None:
        self.local.index = index

    def close(self) -> None:
        event.remove(self.engine, "after_cursor_execute", self._after_statement)

    def _after_statement(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        index = getattr(self.local, "index", None)
        if index is None or not self.pattern.search(statement):
            return
        self.local.index = None  # once per writer
        self.read[index].set()
        for other in self.read:
            other.wait(PAUSE)


def run_concurrently(engine: Engine, tables: Sequence[str], *writers: Writer) -> list[Outcome]:
    """Run the writers in threads, each in its own write session, and commit each."""
    interleaving = Interleaving(engine, tables, len(writers))
    barrier = threading.Barrier(len(writers), timeout=DEADLINE)
    outcomes = [Outcome() for _ in writers]

    def run(index: int, writer: Writer) -> None:
        def go() -> None:
            barrier.wait()
            interleaving.arm(index)

        session = session_factory(engine, write=True)()
        try:
            with conflicts_reported():
                outcomes[index].value = writer(session, go)
                session.commit()
        except BaseException as exc:  # the test inspects it
            outcomes[index].error = exc
            session.rollback()
        finally:
            session.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(writers)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(DEADLINE)
        assert not any(thread.is_alive() for thread in threads), "a writer is stuck"
    finally:
        interleaving.close()
    return outcomes


def errors_of(outcomes: Sequence[Outcome]) -> list[BaseException]:
    return [o.error for o in outcomes if o.error is not None]

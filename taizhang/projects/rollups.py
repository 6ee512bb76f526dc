"""The dashboard's roll-ups, kept up to date as projects change.

`project_rollups` holds, per (unit, stage), the count and CNY-equivalent investment of the
counted projects (not withdrawn, not held for review), and of those of 1亿元 and more. Every
flush that adds, changes or deletes a project takes its old contribution off and puts its new
one on, in the same transaction as the event that changed it (a listener on every Session, so
commands, imports, reviews and tests that write projects through the ORM are all covered).

Writers that bypass the ORM (bulk loaders) call `rebuild_rollups` afterwards; migration 0018
builds the table the same way from existing projects. `recomputed_rollups` sums the projects
table directly: the property tests pin that it always equals what is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, case, delete, event, func, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, UOWTransaction

from taizhang.projects.models import COUNTED, Project, ProjectRollup

YI_FEN = 100_000_000 * 100
_Key = tuple[int, str]
_Sums = tuple[int, int, int, int]  # count, investment fen, 亿元以上 count, their fen
_WATCHED = ("unit_id", "stage", "investment_cny_fen", "withdrawn", "held_for_review")


def contribution(
    unit_id: int | None,
    stage: str | None,
    cny_fen: int | None,
    withdrawn: bool | None,
    held: bool | None,
) -> tuple[_Key, _Sums] | None:
    """What one project adds to the roll-ups, or None when it is not counted."""
    if unit_id is None or stage is None or withdrawn or held:
        return None
    fen = cny_fen or 0
    big = cny_fen is not None and cny_fen >= YI_FEN
    return (unit_id, stage), (1, fen, int(big), fen if big else 0)


def _now(project: Project) -> tuple[_Key, _Sums] | None:
    return contribution(*(getattr(project, name) for name in _WATCHED))


def _before(project: Project) -> tuple[_Key, _Sums] | None:
    """The contribution as the database holds it, before this flush's changes."""
    state = inspect(project)
    values = []
    for name in _WATCHED:
        history = state.attrs[name].load_history()
        old = history.deleted or history.unchanged
        values.append(old[0] if old else None)
    return contribution(*values)


def _changed(project: Project) -> bool:
    state = inspect(project)
    return any(state.attrs[name].history.has_changes() for name in _WATCHED)


class _Deltas:
    def __init__(self) -> None:
        self.sums: dict[_Key, Counter[int]] = {}

    def add(self, part: tuple[_Key, _Sums] | None, sign: int) -> None:
        if part is None:
            return
        key, values = part
        counter = self.sums.setdefault(key, Counter())
        for index, value in enumerate(values):
            counter[index] += sign * value

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for (unit_id, stage), counter in self.sums.items():
            values = [counter[index] for index in range(4)]
            if any(values):
                rows.append(
                    {"unit_id": unit_id, "stage": stage, **dict(zip(_COLUMNS, values, strict=True))}
                )
        return rows


_COLUMNS = ("count", "investment_fen", "big_count", "big_fen")


@event.listens_for(Session, "before_flush")
def _keep_rollups(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    deltas = _Deltas()
    for project in _projects(session.new):
        deltas.add(_now(project), +1)
    for project in _projects(session.deleted):
        deltas.add(_before(project), -1)
    for project in _projects(session.dirty):
        if project not in session.deleted and _changed(project):
            deltas.add(_before(project), -1)
            deltas.add(_now(project), +1)
    rows = deltas.rows()
    if rows:
        apply_deltas(session.connection(), rows)


def _projects(objects: Iterable[object]) -> list[Project]:
    return [item for item in objects if isinstance(item, Project)]


def apply_deltas(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Add each row's counts and sums to its (unit, stage) roll-up, creating it if new.

    The rows are sorted so that concurrent writers lock roll-up rows in the same order."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = ProjectRollup.__table__
    for row in sorted(rows, key=lambda r: (r["unit_id"], r["stage"])):
        statement = dialect.insert(table).values(**row)
        added = {name: table.c[name] + statement.excluded[name] for name in _COLUMNS}
        connection.execute(
            statement.on_conflict_do_update(index_elements=["unit_id", "stage"], set_=added)
        )


def recomputed_rollups(session: Session) -> dict[_Key, _Sums]:
    """The roll-ups summed over every project now (only non-empty cells)."""
    return {
        (unit_id, stage): tuple(int(v) for v in values)  # type: ignore[misc]
        for unit_id, stage, *values in session.execute(_sums_query())
    }


def kept_rollups(session: Session) -> dict[_Key, _Sums]:
    """The roll-ups as kept, without the cells that went back to zero."""
    columns = [getattr(ProjectRollup, name) for name in _COLUMNS]
    rows = session.execute(select(ProjectRollup.unit_id, ProjectRollup.stage, *columns))
    return {
        (unit_id, stage): (count, fen, big, big_fen)
        for unit_id, stage, count, fen, big, big_fen in rows
        if count or fen or big or big_fen
    }


def _sums_query() -> Any:
    cny_fen = Project.investment_cny_fen
    is_big = cny_fen >= YI_FEN
    return (
        select(
            Project.unit_id,
            Project.stage,
            func.count(),
            func.coalesce(func.sum(cny_fen), 0),
            func.coalesce(func.sum(case((is_big, 1), else_=0)), 0),
            func.coalesce(func.sum(case((is_big, cny_fen), else_=0)), 0),
        )
        .where(COUNTED)
        .group_by(Project.unit_id, Project.stage)
    )


def rebuild_rollups(connection: Connection) -> None:
    """Recompute the whole table from the projects (after a bulk load)."""
    connection.execute(delete(ProjectRollup))
    rows = [
        {"unit_id": unit_id, "stage": stage, **dict(zip(_COLUMNS, values, strict=True))}
        for unit_id, stage, *values in connection.execute(_sums_query())
    ]
    if rows:
        connection.execute(insert(ProjectRollup), rows)

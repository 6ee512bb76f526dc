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

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, case, delete, event, func, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, UOWTransaction

from taizhang.projects.models import COUNTED, Project, ProjectPlanRollup, ProjectRollup

YI_FEN = 100_000_000 * 100
_Key = tuple[int, str]
_Sums = tuple[int, int, int, int]  # count, investment fen, 亿元以上 count, their fen
_Part = tuple[_Key, tuple[int, ...]]
_WATCHED = (
    "unit_id",
    "stage",
    "investment_cny_fen",
    "withdrawn",
    "held_for_review",
    "next_planned_on",
)
_COLUMNS = ("count", "investment_fen", "big_count", "big_fen")
_PLAN_COLUMNS = ("count", "investment_fen")


@dataclass(frozen=True)
class Watched:
    """The project columns the roll-ups depend on, in `_WATCHED` order."""

    unit_id: int | None
    stage: str | None
    cny_fen: int | None
    withdrawn: bool | None
    held: bool | None
    planned_on: date | None = None

    @property
    def counted(self) -> bool:
        return not (self.unit_id is None or self.stage is None or self.withdrawn or self.held)


def contribution(watched: Watched) -> tuple[_Key, _Sums] | None:
    """What one project adds to the roll-ups by unit and stage, or None when not counted."""
    if not watched.counted or watched.unit_id is None or watched.stage is None:
        return None
    fen, cny_fen = watched.cny_fen or 0, watched.cny_fen
    big = cny_fen is not None and cny_fen >= YI_FEN
    return (watched.unit_id, watched.stage), (1, fen, int(big), fen if big else 0)


def plan_contribution(watched: Watched) -> _Part | None:
    """What one counted project with a next planned date adds to its unit's month."""
    if not watched.counted or watched.unit_id is None or watched.planned_on is None:
        return None
    return (watched.unit_id, month_of(watched.planned_on)), (1, watched.cny_fen or 0)


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _values(project: Project) -> list[Any]:
    return [getattr(project, name) for name in _WATCHED]


def _old_values(project: Project) -> list[Any]:
    """The watched values as the database holds them, before this flush's changes."""
    state = inspect(project)
    values = []
    for name in _WATCHED:
        history = state.attrs[name].load_history()
        old = history.deleted or history.unchanged
        values.append(old[0] if old else None)
    return values


def _changed(project: Project) -> bool:
    state = inspect(project)
    return any(state.attrs[name].history.has_changes() for name in _WATCHED)


class _Deltas:
    """Signed changes of the two roll-up tables, by key."""

    def __init__(self) -> None:
        self.sums: dict[tuple[str, _Key], Counter[int]] = {}

    def add(self, values: list[Any], sign: int) -> None:
        watched = Watched(*values)
        for table, part in (("stage", contribution(watched)), ("plan", plan_contribution(watched))):
            if part is None:
                continue
            key, sums = part
            counter = self.sums.setdefault((table, key), Counter())
            for index, value in enumerate(sums):
                counter[index] += sign * value

    def rows(
        self, table: str, keys: tuple[str, str], columns: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        rows = []
        for (which, key), counter in self.sums.items():
            values = [counter[index] for index in range(len(columns))]
            if which == table and any(values):
                rows.append(_row(keys, key, columns, values))
        return rows


def _row(
    keys: tuple[str, str], key: _Key, columns: tuple[str, ...], values: Iterable[int]
) -> dict[str, Any]:
    return {**dict(zip(keys, key, strict=True)), **dict(zip(columns, values, strict=True))}


@event.listens_for(Session, "before_flush")
def _keep_rollups(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    deltas = _Deltas()
    for project in _projects(session.new):
        deltas.add(_values(project), +1)
    for project in _projects(session.deleted):
        deltas.add(_old_values(project), -1)
    for project in _projects(session.dirty):
        if project not in session.deleted and _changed(project):
            deltas.add(_old_values(project), -1)
            deltas.add(_values(project), +1)
    connection = session.connection() if deltas.sums else None
    if connection is None:
        return
    if rows := deltas.rows("stage", ("unit_id", "stage"), _COLUMNS):
        apply_deltas(connection, rows)
    if rows := deltas.rows("plan", ("unit_id", "month"), _PLAN_COLUMNS):
        apply_deltas(connection, rows, ProjectPlanRollup, ("unit_id", "month"), _PLAN_COLUMNS)


def _projects(objects: Iterable[object]) -> list[Project]:
    return [item for item in objects if isinstance(item, Project)]


def apply_deltas(
    connection: Connection,
    rows: list[dict[str, Any]],
    model: Any = ProjectRollup,
    keys: tuple[str, str] = ("unit_id", "stage"),
    columns: tuple[str, ...] = _COLUMNS,
) -> None:
    """Add each row's counts and sums to its roll-up, creating it if new.

    The rows are sorted so that concurrent writers lock roll-up rows in the same order."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = model.__table__
    for row in sorted(rows, key=lambda r: (r[keys[0]], r[keys[1]])):
        statement = dialect.insert(table).values(**row)
        added = {name: table.c[name] + statement.excluded[name] for name in columns}
        connection.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=added))


_AllKeys = tuple[str, _Key]


def recomputed_rollups(session: Session) -> dict[_AllKeys, tuple[int, ...]]:
    """Both roll-ups summed over every project now (only non-empty cells)."""
    return _recomputed(session.connection())


def _recomputed(connection: Connection) -> dict[_AllKeys, tuple[int, ...]]:
    sums: dict[_AllKeys, tuple[int, ...]] = {
        ("stage", (unit_id, stage)): tuple(int(v) for v in values)
        for unit_id, stage, *values in connection.execute(_sums_query())
    }
    plans: defaultdict[_Key, list[int]] = defaultdict(lambda: [0, 0])
    planned = select(Project.unit_id, Project.next_planned_on, Project.investment_cny_fen).where(
        COUNTED, Project.next_planned_on.is_not(None)
    )
    for unit_id, planned_on, fen in connection.execute(planned):
        cell = plans[unit_id, month_of(planned_on)] if planned_on else [0, 0]
        cell[0] += 1
        cell[1] += fen or 0
    sums.update((("plan", key), tuple(cell)) for key, cell in plans.items())
    return sums


def kept_rollups(session: Session) -> dict[_AllKeys, tuple[int, ...]]:
    """Both roll-ups as kept, without the cells that went back to zero."""
    kept: dict[_AllKeys, tuple[int, ...]] = {}
    for name, model, keys, columns in (
        ("stage", ProjectRollup, ("unit_id", "stage"), _COLUMNS),
        ("plan", ProjectPlanRollup, ("unit_id", "month"), _PLAN_COLUMNS),
    ):
        fields = [getattr(model, column) for column in (*keys, *columns)]
        for row in session.execute(select(*fields)):
            if any(row[2:]):
                kept[name, (row[0], row[1])] = tuple(row[2:])
    return kept


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
    """Recompute both tables from the projects (after a bulk load)."""
    connection.execute(delete(ProjectRollup))
    connection.execute(delete(ProjectPlanRollup))
    sums = _recomputed(connection)
    for name, model, keys, columns in (
        ("stage", ProjectRollup, ("unit_id", "stage"), _COLUMNS),
        ("plan", ProjectPlanRollup, ("unit_id", "month"), _PLAN_COLUMNS),
    ):
        rows = [
            _row(keys, key, columns, values)
            for (which, key), values in sums.items()
            if which == name
        ]
        if rows:
            connection.execute(insert(model), rows)

"""Name search through a text index, the same matches on SQLite and PostgreSQL.

Each project has one search document in `project_search`: its name, then each investor's
name and aliases (short and former names), one per line. A query matches a project when it is
a substring of a line, ignoring the case of Latin letters, or when it is the project's code.

- SQLite: `project_search_fts`, an FTS5 index with the trigram tokenizer over the documents
  (external content, kept by triggers), answers queries of 3 characters or more; a trigram
  index cannot answer 1- or 2-character queries, which scan the documents with LIKE instead.
- PostgreSQL: a GIN `pg_trgm` index on the documents answers `ILIKE '%…%'`.

The documents are rewritten after every flush that touches a project's name, its investors,
an investor's name or its aliases (a listener on every Session, in the writer's transaction);
`rebuild_search` rewrites them all after a bulk load, as migration 0019 builds them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    delete,
    event,
    insert,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Session

from taizhang.enterprises.models import Enterprise, EnterpriseAlias
from taizhang.projects.models import Project, ProjectInvestor, ProjectSearch

TRIGRAM = 3
_BATCH = 5_000


def matching_ids(query_text: str, dialect: str) -> Select[Any]:
    """The ids of the projects whose document contains `query_text` (% and _ taken
    literally), or whose code it is."""
    by_code = select(Project.id).where(Project.code == query_text)
    if dialect == "sqlite" and len(query_text) >= TRIGRAM:
        phrase = '"' + query_text.replace('"', '""') + '"'
        fts: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(text("project_search_fts"))
            .where(text("project_search_fts MATCH :phrase").bindparams(phrase=phrase))
        )
        return fts.union(by_code)  # type: ignore[return-value]
    found = select(ProjectSearch.project_id).where(_contains(query_text, dialect))
    return found.union(by_code)  # type: ignore[return-value]


def _contains(query_text: str, dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return ProjectSearch.text.icontains(query_text, autoescape=True)
    return ProjectSearch.text.contains(query_text, autoescape=True)  # LIKE: Latin case ignored


@event.listens_for(Session, "after_flush")
def _keep_documents(session: Session, _flush: object) -> None:
    touched = _touched(session, [*session.new, *session.dirty, *session.deleted])
    if touched:
        write_documents(session.connection(), touched)


def _touched(session: Session, objects: Iterable[object]) -> set[int]:
    projects: set[int] = set()
    enterprises: set[int] = set()
    for item in objects:
        if isinstance(item, Project) and item.id is not None:
            projects.add(item.id)
        elif isinstance(item, ProjectInvestor):
            projects.add(item.project_id)
        elif isinstance(item, Enterprise) and item.id is not None:
            enterprises.add(item.id)
        elif isinstance(item, EnterpriseAlias):
            enterprises.add(item.enterprise_id)
    if enterprises:
        of = select(ProjectInvestor.project_id).where(
            ProjectInvestor.enterprise_id.in_(enterprises)
        )
        projects.update(session.connection().scalars(of))
    return {project for project in projects if project is not None}


def write_documents(connection: Connection, project_ids: Iterable[int]) -> None:
    """Rewrite the documents of these projects (dropping those of deleted projects)."""
    ids = sorted(project_ids)
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        connection.execute(delete(ProjectSearch).where(ProjectSearch.project_id.in_(batch)))
        rows = _documents(connection, Project.id.in_(batch))
        if rows:
            connection.execute(insert(ProjectSearch), rows)


def rebuild_search(connection: Connection) -> None:
    """Every project's document anew (after a bulk load that went around the ORM)."""
    connection.execute(delete(ProjectSearch))
    last = 0
    while True:
        ids = list(
            connection.scalars(
                select(Project.id).where(Project.id > last).order_by(Project.id).limit(_BATCH)
            )
        )
        if not ids:
            return
        connection.execute(insert(ProjectSearch), _documents(connection, Project.id.in_(ids)))
        last = ids[-1]


def _documents(connection: Connection, which: ColumnElement[bool]) -> list[dict[str, Any]]:
    names = {
        pid: name for pid, name in connection.execute(select(Project.id, Project.name).where(which))
    }
    lines: defaultdict[int, list[str]] = defaultdict(list)
    investors = (
        select(ProjectInvestor.project_id, Enterprise.id, Enterprise.name)
        .join(Enterprise, Enterprise.id == ProjectInvestor.enterprise_id)
        .where(ProjectInvestor.project_id.in_(list(names)))
        .order_by(ProjectInvestor.project_id, ProjectInvestor.position)
    )
    rows = list(connection.execute(investors))
    aliases: defaultdict[int, list[str]] = defaultdict(list)
    if rows:
        of = select(EnterpriseAlias.enterprise_id, EnterpriseAlias.alias).where(
            EnterpriseAlias.enterprise_id.in_({enterprise for _, enterprise, _ in rows})
        )
        for enterprise, alias in connection.execute(of.order_by(EnterpriseAlias.id)):
            aliases[enterprise].append(alias)
    for project, enterprise, name in rows:
        lines[project].extend([name, *aliases[enterprise]])
    return [
        {"project_id": pid, "text": "\n".join([name, *lines[pid]])} for pid, name in names.items()
    ]

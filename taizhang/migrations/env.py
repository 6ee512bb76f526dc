"""Alembic environment: the engine is handed over by `taizhang.schema.upgrade`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from taizhang.schema import metadata

config = context.config
# Indexes created by hand in migrations for one dialect only; autogenerate leaves them alone.
DIALECT_ONLY_INDEXES = frozenset({"ix_projects_biggest_first", "ix_project_search_trgm"})
# SQLite's FTS5 index of the project search documents and its shadow tables (migration 0019).
DIALECT_ONLY_TABLE_PREFIX = "project_search_fts"


def _include_object(
    obj: object, name: str | None, kind: str, reflected: bool, compare_to: object
) -> bool:
    if kind == "table" and (name or "").startswith(DIALECT_ONLY_TABLE_PREFIX):
        return False
    return not (kind == "index" and name in DIALECT_ONLY_INDEXES)


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine  # type: ignore[no-any-return]
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no engine or sqlalchemy.url given to the migrations")
    return create_engine(url)


def run_migrations() -> None:
    with _engine().connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            include_object=_include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()

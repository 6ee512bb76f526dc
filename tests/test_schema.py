"""The Alembic history builds exactly the tables the models describe, and unwinds cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from taizhang.kernel.db import make_engine
from taizhang.schema import alembic_config, metadata, upgrade

FTS = "project_search_fts"
pytestmark = pytest.mark.db  # each test migrates a SQLite file of its own


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    engine.dispose()
    # SQLite's FTS5 index of the project search documents (migration 0019) is no model
    fts = [d for d in differences if d[0] == "remove_table" and d[1].name.startswith(FTS)]
    assert len(fts) == 5  # the virtual table and its four shadow tables
    assert [d for d in differences if d not in fts] == []


def test_downgrade_to_base_then_upgrade_again(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    upgrade(engine)
    command.downgrade(alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()

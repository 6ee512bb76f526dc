"""Migration 0007 on a ledger in use: events are numbered per project in the order they were
recorded, appeals start at version 1, and numbering goes on after the highest number in use."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal
from taizhang.kernel.sources import Source
from taizhang.projects.commands import create_project
from taizhang.projects.events import project_events
from taizhang.schema import alembic_config, upgrade
from tests.appeals import conftest as appeals_fixtures
from tests.conftest import NOW, District, Projects

place = appeals_fixtures.place
register = appeals_fixtures.register


def test_upgrading_a_ledger_in_use_numbers_what_is_there(
    engine: Engine,
    session: Session,
    district: District,
    projects: Projects,
    register: Callable[..., Appeal],
) -> None:
    register()
    session.commit()
    session.close()
    command.downgrade(alembic_config(engine), "0006")
    with engine.begin() as connection:  # one project's events after the others' in id order
        connection.execute(
            text("UPDATE events SET id = id + 100 WHERE project_id = :p"),
            {"p": projects.in_town.id},
        )

    upgrade(engine)

    with Session(engine) as fresh:
        for project in (projects.in_town, projects.in_street, projects.in_platform):
            events = project_events(fresh, project.id)
            assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert fresh.scalars(select(Appeal.version)).all() == [1]
        assert register_next(fresh, district) == "XM000004"


def register_next(session: Session, district: District) -> str:
    unit = session.merge(district.street)
    source = Source("system", label="迁移测试")
    return create_project(session, name="新项目", unit=unit, source=source, now=NOW).code

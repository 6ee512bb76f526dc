"""`taizhang tick`: the appeals' timers once, for cron; running it twice changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import CliRunner
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal
from taizhang.cli.main import cli
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import Place

place = appeals_fixtures.place
register = appeals_fixtures.register


def test_tick_escalates_once_as_of_the_moment_given(
    database_url: str, session: Session, place: Place, register: Callable[..., Appeal]
) -> None:
    register()  # due Mon 05-18
    session.commit()
    arguments = ["--database", database_url, "tick", "--now", "2026-05-19T08:00+08:00"]
    first = CliRunner().invoke(cli, arguments)
    assert first.exit_code == 0, first.output
    assert "催办/督办 1 件" in first.output
    again = CliRunner().invoke(cli, arguments)
    assert "催办/督办 0 件" in again.output


def test_tick_wants_a_moment_with_its_time_zone(database_url: str) -> None:
    result = CliRunner().invoke(cli, ["--database", database_url, "tick", "--now", "2026-05-19"])
    assert result.exit_code == 2 and "时区" in result.output

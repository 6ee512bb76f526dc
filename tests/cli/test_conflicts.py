"""A write a concurrent writer got to first ends a command with a message and exit code 1."""

from __future__ import annotations

import click
from click.testing import CliRunner
from sqlalchemy.orm.exc import StaleDataError

from taizhang.cli.main import reports_errors


@click.command()
@reports_errors
def stale_step() -> None:
    raise StaleDataError("UPDATE statement on table 'appeals' expected to update 1 row(s)")


def test_a_refused_write_is_a_message_and_exit_code_1() -> None:
    result = CliRunner().invoke(stale_step)

    assert result.exit_code == 1
    assert "已被他人修改，请刷新后重试" in result.output
    assert "Traceback" not in result.output

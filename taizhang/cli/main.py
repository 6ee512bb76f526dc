"""The `taizhang` command: one entry point for serving, the demo, files and smoke checks."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar

import click
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from taizhang.kernel.clock import clock_for
from taizhang.kernel.config import Settings, load_settings
from taizhang.kernel.db import conflicts_reported, make_engine, session_scope
from taizhang.kernel.errors import AppError
from taizhang.schema import upgrade

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CliContext:
    settings: Settings
    _engine: Engine | None = field(default=None, init=False)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.settings.database_url)
            upgrade(self._engine)
        return self._engine

    def now(self) -> datetime:
        """Now, or the settings' `today` at the current time of day."""
        return clock_for(self.settings.today)()

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        with session_scope(self.engine, write=write) as session:
            yield session


pass_context = click.make_pass_decorator(CliContext)


def reports_errors(command: F) -> F:
    """Turn the application's errors into a message on stderr and exit code 1; so too a write
    a concurrent writer got to first (`Conflict`)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with conflicts_reported():
                return command(*args, **kwargs)
        except AppError as exc:
            click.echo(f"错误 (error): {exc.message}", err=True)
            for problem in exc.errors:
                click.echo(f"  - {problem}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group()
@click.option(
    "--database",
    "database_url",
    help="数据库地址 (database URL); default from TAIZHANG_DATABASE_URL",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="按此日期运行，如 2027-01-04 (run as if today were this day; default TAIZHANG_TODAY)",
)
@click.option("-v", "--verbose", is_flag=True, help="显示运行日志 (show log messages)")
@click.pass_context
def cli(
    ctx: click.Context, database_url: str | None, today: datetime | None, verbose: bool
) -> None:
    """台账 taizhang — 区域经济台账平台 (a district's economic ledgers)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING)
    overrides: dict[str, object] = {"database_url": database_url} if database_url else {}
    if today is not None:
        overrides["today"] = today.date()
    try:
        ctx.obj = CliContext(load_settings(**overrides))
    except ValidationError as exc:
        raise click.UsageError(_settings_message(exc)) from exc


def _settings_message(exc: ValidationError) -> str:
    return "; ".join(str(error["msg"]) for error in exc.errors())


@cli.command("migrate")
@pass_context
@reports_errors
def migrate_command(context: CliContext) -> None:
    """建立或升级数据库结构 (create or upgrade the database schema)."""
    upgrade(make_engine(context.settings.database_url))
    click.echo("数据库已是最新结构 (database is up to date)")


def register_commands() -> None:
    from taizhang.cli import (
        calendar,
        demo,
        evaluation,
        intake,
        race,
        reports,
        serve,
        tabular,
        timers,
        users,
    )

    modules = (calendar, demo, evaluation, intake, race, reports, serve, tabular, timers, users)
    for module in modules:
        module.register(cli)


register_commands()

"""The `taizhang` command: one entry point for serving, the demo, files and smoke checks.

Start-up stays light: this module imports only click, and each command's module (with the
SQLAlchemy, FastAPI or openpyxl it needs) is imported when that command runs, so
`taizhang --help` answers at once (tests/cli/test_startup.py checks what it imports).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from taizhang.kernel.config import Settings

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CliContext:
    settings: Settings
    _engine: Engine | None = field(default=None, init=False)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from taizhang.kernel.db import make_engine
            from taizhang.schema import upgrade

            self._engine = make_engine(self.settings.database_url)
            upgrade(self._engine)
        return self._engine

    def now(self) -> datetime:
        """Now, or the settings' `today` at the current time of day."""
        from taizhang.kernel.clock import clock_for

        return clock_for(self.settings.today)()

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        from taizhang.kernel.db import session_scope

        with session_scope(self.engine, write=write) as session:
            yield session

    def database_shown(self) -> str:
        """The database opened, as a reader can find it: a SQLite file by its full path."""
        from sqlalchemy import make_url

        from taizhang.kernel.db import shown_url

        url = make_url(self.settings.database_url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return f"{shown_url(self.settings.database_url)}（{Path(url.database).resolve()}）"
        return shown_url(self.settings.database_url)

    def require_district(self) -> None:
        """Refuse to answer about an empty ledger: say which database was opened and that it
        holds no units, so a reader never takes an empty answer for the district's."""
        from sqlalchemy import select

        from taizhang.kernel.errors import Invalid
        from taizhang.org.models import Unit

        with self.session() as session:
            if session.scalar(select(Unit.id).limit(1)) is not None:
                return
        raise Invalid(
            f"打开的数据库 {self.database_shown()} 是空的：还没有任何单位和项目。"
            "请用 --database 指定台账，或先运行 `taizhang demo --no-serve` 建示范区"
            " (the database opened is empty: no units, no projects; pass --database"
            " or build the demo first)"
        )


pass_context = click.make_pass_decorator(CliContext)


def reports_errors(command: F) -> F:
    """Turn the application's errors into a message on stderr and exit code 1; so too a write
    a concurrent writer got to first (`Conflict`)."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from taizhang.kernel.db import conflicts_reported
        from taizhang.kernel.errors import AppError

        try:
            with conflicts_reported():
                return command(*args, **kwargs)
        except AppError as exc:
            click.echo(f"错误 (error): {exc.message}", err=True)
            for problem in exc.errors:
                click.echo(f"  - {problem}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


# Each command: the module that defines it (and registers it), and the help line
# `taizhang --help` lists without importing that module.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "calendar": ("taizhang.cli.calendar", "工作日历 (the working-day calendar)."),
    "chains": (
        "taizhang.cli.chains",
        "链式招商：产业链缺口与目标企业 (industrial chains: gaps and targets).",
    ),
    "demo": ("taizhang.cli.demo", "建一个示范区并启动服务 (build a sample district and serve it)."),
    "eval": (
        "taizhang.cli.evaluation",
        "按金标评估抽取效果 (score extraction against gold answers in GOLD_DIR/NNN.json).",
    ),
    "export": ("taizhang.cli.tabular", "导出表格 (export spreadsheets)."),
    "extract": (
        "taizhang.cli.intake",
        "从报道中抽取项目与指标，每个文档输出一行 JSON (extract projects and indicators).",
    ),
    "get": (
        "taizhang.cli.serve",
        "在进程内请求一个地址并打印结果 (render PATH through the app in-process).",
    ),
    "import": ("taizhang.cli.tabular", "导入表格 (import spreadsheets)."),
    "incentives": (
        "taizhang.cli.incentives",
        "激励兑现：节能降耗消费券与需求响应 (incentives paid by rule).",
    ),
    "ingest": (
        "taizhang.cli.intake",
        "抽取报道并归入台账，每条事实附原文句子 (file reports into the ledger).",
    ),
    "muju": (
        "taizhang.cli.muju",
        "亩均论英雄：评价、公示、定级 (per-mu evaluation: evaluate, publish, freeze).",
    ),
    "policies": (
        "taizhang.cli.policies",
        "政策匹配：政策库与免申即享、推送清单 (policy matching).",
    ),
    "rank": (
        "taizhang.cli.race",
        "赛马排名：按积分规则计算各单位得分与名次 (rank units by points).",
    ),
    "report": (
        "taizhang.cli.reports",
        "赛马报告：每周复盘、每月排名、每季通报、每年评优 (race reports).",
    ),
    "serve": ("taizhang.cli.serve", "启动网页服务 (serve the web app)."),
    "tick": (
        "taizhang.cli.timers",
        "运行计时：诉求催办、督办、超时未评价自动销号；消费券到期 (run the timers once).",
    ),
    "user": ("taizhang.cli.users", "用户管理 (user accounts)."),
    "achievements": (
        "taizhang.cli.achievements",
        "成果库：检索技术成果、索引重建 (the achievement library).",
    ),
}


class LazyGroup(click.Group):
    """A group whose commands' modules are imported only when one of them is called."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            import_module(LAZY_COMMANDS[cmd_name][0]).register(self)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in self.list_commands(ctx))
        rows = [(name, self._short_help(name, limit)) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _short_help(self, name: str, limit: int) -> str:
        command = self.commands.get(name) or click.Command(name, help=LAZY_COMMANDS[name][1])
        return command.get_short_help_str(limit)


@click.group(cls=LazyGroup)
@click.option(
    "--database",
    "database_url",
    help="数据库地址 (database URL); default from TAIZHANG_DATABASE_URL, else sqlite:///taizhang.db",
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
    import logging

    from pydantic import ValidationError

    from taizhang.kernel.config import load_settings

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING)
    overrides: dict[str, object] = {"database_url": database_url} if database_url else {}
    if today is not None:
        overrides["today"] = today.date()
    try:
        ctx.obj = CliContext(load_settings(**overrides))
    except ValidationError as exc:
        raise click.UsageError("; ".join(str(e["msg"]) for e in exc.errors())) from exc


@cli.command("migrate")
@pass_context
@reports_errors
def migrate_command(context: CliContext) -> None:
    """建立或升级数据库结构 (create or upgrade the database schema)."""
    from taizhang.kernel.db import make_engine
    from taizhang.schema import upgrade

    upgrade(make_engine(context.settings.database_url))
    click.echo("数据库已是最新结构 (database is up to date)")

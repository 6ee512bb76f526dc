"""`taizhang demo`: a sample district built fresh, then served with its log-ins printed."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import click
from sqlalchemy import Engine, exists, inspect, select
from sqlalchemy.exc import DatabaseError

from taizhang.cli.main import CliContext, pass_context, reports_errors
from taizhang.cli.serve import run_server
from taizhang.demo import DemoSummary, build_demo, holds_demo
from taizhang.demo.data import DISTRICT_NAME
from taizhang.kernel.clock import district_date
from taizhang.kernel.config import DEFAULT_DATABASE_PATH, DEFAULT_DATABASE_URL
from taizhang.kernel.db import make_engine, session_scope, shown_url
from taizhang.kernel.errors import Invalid
from taizhang.schema import metadata, upgrade

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@click.command("demo")
@click.option("--port", default=8000, show_default=True, type=int, help="端口 (port)")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址 (host)")
@click.option("--no-serve", is_flag=True, help="只建数据，不启动服务 (build only, do not serve)")
@click.option(
    "--database-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="示范数据库文件，每次运行都重建；默认与其他命令用同一个库：全局 --database、"
    "TAIZHANG_DATABASE_URL，否则 taizhang.db (SQLite file of the demo, rebuilt on every run;"
    " by default the database every other command opens)",
)
@pass_context
@reports_errors
def demo_command(
    context: CliContext, port: int, host: str, no_serve: bool, database_file: Path | None
) -> None:
    """建一个示范区并启动服务 (build a sample district and serve it)."""
    url, demo_file = demo_database(context, database_file)
    summary = rebuild_demo(url, demo_file, today=district_date(context.now()))
    _echo_summary(summary, url)
    if no_serve:
        click.echo(
            "未启动服务；之后浏览可运行 (not serving; to browse later run):\n"
            f"  TAIZHANG_DEBUG=true taizhang --database {shown_url(url)} serve --port {port}"
        )
        return
    if host not in LOCAL_HOSTS:
        click.echo("注意：示范账号的密码是公开的，只宜在本机演示 (demo passwords are public)")
    click.echo(f"打开 (open): http://{host}:{port}/   按 Ctrl+C 停止 (Ctrl+C to stop)")
    settings = context.settings.model_copy(update={"database_url": url, "debug": True})
    run_server(settings, host=host, port=port)


def demo_database(context: CliContext, database_file: Path | None) -> tuple[str, Path | None]:
    """The demo's database and, when it is a SQLite file to delete and rebuild, that file.

    By default the demo goes where every other command looks (`taizhang rank`, `get`, `serve`):
    the global --database, else TAIZHANG_DATABASE_URL, else taizhang.db. A database named by
    URL has its rows cleared; the default file, or --database-file, is deleted and rebuilt.
    """
    explicit_url: str | None = click.get_current_context().find_root().params.get("database_url")
    if explicit_url:
        return explicit_url, None
    if database_file is not None:
        return f"sqlite:///{database_file.resolve()}", database_file.resolve()
    url = context.settings.database_url
    if url == DEFAULT_DATABASE_URL:
        return f"sqlite:///{DEFAULT_DATABASE_PATH.resolve()}", DEFAULT_DATABASE_PATH.resolve()
    return url, None


def rebuild_demo(url: str, demo_file: Path | None, *, today: date) -> DemoSummary:
    """Replace the demo database with a fresh one: a file is deleted, a URL's rows cleared.

    Refuses (changing nothing) when the database holds anything but an earlier demo.
    """
    engine = make_engine(url)
    try:
        tables = _existing_tables(engine, url)
        _refuse_other_data(engine, tables, url)
        if demo_file is not None:
            engine.dispose()
            _delete_sqlite_file(demo_file)
        else:
            _clear_rows(engine, tables)
        upgrade(engine)
        with session_scope(engine, write=True) as session:
            return build_demo(session, today=today)
    finally:
        engine.dispose()


def _existing_tables(engine: Engine, url: str) -> set[str]:
    try:
        return set(inspect(engine).get_table_names())
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        raise Invalid(
            f"{shown_url(url)} 不是可用的数据库，未做任何改动"
            " (not a usable database; left untouched)"
        ) from exc


def _refuse_other_data(engine: Engine, tables: set[str], url: str) -> None:
    """Only an empty database or an earlier demo may be replaced."""
    with session_scope(engine) as session:
        filled = any(
            session.scalar(select(exists().select_from(table)))
            for table in metadata.sorted_tables
            if table.name in tables
        )
        if filled and not ("events" in tables and holds_demo(session)):
            raise Invalid(
                f"{shown_url(url)} 里已有非示范数据，示范不会覆盖它；请换一个空库或示范库"
                " (the database holds other data; the demo will not overwrite it)"
            )


def _delete_sqlite_file(path: Path) -> None:
    """Delete the file with its WAL companions (making its folder, if missing, for the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in SQLITE_COMPANIONS:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _clear_rows(engine: Engine, tables: set[str]) -> None:
    with session_scope(engine, write=True) as session:
        for table in reversed(metadata.sorted_tables):
            if table.name in tables:
                session.execute(table.delete())


def _echo_summary(summary: DemoSummary, url: str) -> None:
    click.echo(f"{DISTRICT_NAME}示范台账已建好 (demo district built)")
    click.echo(
        f"  单位 {summary.units} · 企业 {summary.enterprises} · 项目 {summary.projects}"
        f" · 事件 {summary.events} · 诉求 {summary.appeals}"
        "  (units · enterprises · projects · events · appeals)"
    )
    click.echo(f"  数据库 (database): {shown_url(url)}")
    click.echo("  示范数据：部分企业和数字取自公开报道，其余为虚构 (sample data, partly invented)")
    click.echo("登录账号 (accounts):")
    for account in summary.accounts:
        duty = f" · {account.duty}" if account.duty else ""
        click.echo(
            f"  {account.username:<14} 密码 {account.password:<15}"
            f" {account.role_label} · {account.unit_name}{duty}"
        )


def register(cli: click.Group) -> None:
    cli.add_command(demo_command)

"""`taizhang calendar`: the working-day calendar's years, and entering next year's notice."""

from __future__ import annotations

from pathlib import Path

import click

from taizhang.appeals.deadlines import enter_holiday_notice
from taizhang.cli.main import CliContext, pass_context, reports_errors
from taizhang.kernel.calendar_files import district_calendar


@click.group("calendar")
def calendar_group() -> None:
    """工作日历 (the working-day calendar)."""


@calendar_group.command("show")
@pass_context
def show_calendar(context: CliContext) -> None:
    """已录入的年份 (the years whose notice is entered)."""
    with context.session() as session:
        first, last = district_calendar(session).covers
    click.echo(f"已录入 {first}–{last} 年的节假日安排；其他年份按法定节假日暂定计算")


@calendar_group.command("add")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_context
@reports_errors
def add_calendar(context: CliContext, path: Path) -> None:
    """录入国务院节假日安排（TOML 文件）并重算暂定的办理时限 (enter a notice, recount)."""
    text = path.read_text(encoding="utf-8")
    with context.session(write=True) as session:
        years, changed = enter_holiday_notice(
            session, text, source=path.name, now=context.now(), actor_id=None
        )
    added = "、".join(str(year) for year in years)
    click.echo(f"已录入 {added} 年；重算暂定办理时限 {changed} 件 (entered; due dates recounted)")


def register(cli: click.Group) -> None:
    cli.add_command(calendar_group)

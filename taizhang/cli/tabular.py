"""`taizhang import projects FILE` and `taizhang export projects FILE`: the 项目台账 in Excel."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors
from taizhang.kernel.clock import district_minute
from taizhang.org.units import get_unit_by_code
from taizhang.projects.sheets import export_projects, import_projects

FILE = click.Path(dir_okay=False, path_type=Path)


@click.group("import")
def import_group() -> None:
    """导入表格 (import spreadsheets)."""


@import_group.command("projects")
@click.argument("file", type=FILE)
@pass_context
@reports_errors
def import_projects_command(context: CliContext, file: Path) -> None:
    """导入项目台账 .xlsx/.csv；任何一行有误则不导入 (import the project ledger; all or nothing)."""
    with context.session(write=True) as session:
        summary = import_projects(session, file, actor=None, now=datetime.now(UTC))
    if summary.repeat_of is not None:
        earlier = summary.repeat_of
        when = district_minute(earlier.imported_at)
        click.echo(
            f"这份文件与 {when} 导入的“{earlier.file_name}”内容相同，未作改动"
            " (identical to an earlier import; nothing changed)"
        )
        return
    click.echo(
        f"导入完成：新增 {summary.created} 个，更新 {summary.updated} 个，"
        f"未变 {summary.unchanged} 个 (created, updated, unchanged)"
    )
    if summary.ignored_columns:
        ignored = "、".join(summary.ignored_columns)
        click.echo(f"未识别而忽略的列：{ignored} (ignored columns)")


@click.group("export")
def export_group() -> None:
    """导出表格 (export spreadsheets)."""


@export_group.command("projects")
@click.argument("file", type=FILE)
@click.option("--unit", "unit_code", help="只导出该单位及其下级的项目 (unit code to export)")
@pass_context
@reports_errors
def export_projects_command(context: CliContext, file: Path, unit_code: str | None) -> None:
    """导出项目台账为 .xlsx (export the project ledger to .xlsx)."""
    context.require_district()
    with context.session() as session:
        scope = get_unit_by_code(session, unit_code).path if unit_code else None
        count = export_projects(session, file, scope=scope)
    click.echo(f"已导出 {count} 个项目到 {file} (projects exported)")


def register(cli: click.Group) -> None:
    cli.add_command(import_group)
    cli.add_command(export_group)

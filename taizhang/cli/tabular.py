"""`taizhang import projects FILE` and `taizhang export projects FILE`: the 项目台账 in Excel;
`taizhang import enterprise-figures FILE --year YYYY`: a bureau's yearly list of enterprise figures
(its modules imported when it runs)."""

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


@import_group.command("enterprise-figures")
@click.argument("file", type=FILE)
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="指标所属年度 (year)")
@click.option(
    "--kind",
    type=click.Choice(["tax", "stats", "power", "standing"]),
    help=(
        "清单来源：税务局 tax、统计局 stats、供电公司 power、部门资质与研发清单 standing；"
        "缺省时按表中指标判断 (whose list)"
    ),
)
@pass_context
@reports_errors
def import_enterprise_figures_command(
    context: CliContext, file: Path, year: int, kind: str | None
) -> None:
    """导入企业年度指标清单（税收、统计、用电）；任何一行有误则不导入
    (import a bureau's yearly list of enterprise figures; all or nothing)."""
    from taizhang.enterprises.figure_columns import SheetKind
    from taizhang.enterprises.figure_sheets import import_enterprise_figures

    context.require_district()
    with context.session(write=True) as session:
        result = import_enterprise_figures(
            session,
            file,
            year=year,
            kind=SheetKind(kind) if kind else None,
            actor=None,
            now=context.now(),
        )
    if result.repeat_of is not None:
        earlier = result.repeat_of
        click.echo(
            f"这份文件与 {district_minute(earlier.imported_at)} 导入的“{earlier.file_name}”"
            f"内容相同，未作改动 (identical to an earlier import; nothing changed)"
        )
    else:
        click.echo(
            f"{result.kind.label}（{result.year}年）导入完成：匹配 {result.matched} 行，"
            f"{result.changed} 家企业的指标有变化，记录 {result.recorded} 项 "
            "(rows matched, enterprises changed, figures recorded)"
        )
    if result.ignored_columns:
        click.echo(f"未识别而忽略的列：{'、'.join(result.ignored_columns)} (ignored columns)")
    if result.unmatched:
        click.echo(
            f"{len(result.unmatched)} 行未匹配到企业，未导入，请核对后重新导入"
            " (rows matched to no enterprise):"
        )
        for row in result.unmatched:
            who = " ".join(p for p in (row.credit_code, row.account, row.name) if p)
            click.echo(f"  第 {row.row} 行 {who}：{row.reason}")


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

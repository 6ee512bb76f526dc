"""`taizhang achievements search QUERY [--field] [--region] [--limit]`: the achievement library
searched (Chinese terms, company short names), each line with its holder, field, maturity,
region and the terms it holds; `taizhang achievements index`: the search index built again."""

from __future__ import annotations

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors


@click.group("achievements")
def achievements_group() -> None:
    """成果库：检索技术成果、索引重建 (the achievement library)."""


@achievements_group.command("search")
@click.argument("query")
@click.option("--field", default="", help="技术领域，如 新能源、新材料")
@click.option("--region", default="", help="地区名称或 6 位代码，如 浙江、杭州市、330402")
@click.option("--limit", default=10, show_default=True, type=int, help="最多列出几项")
@pass_context
@reports_errors
def search_command(context: CliContext, query: str, field: str, region: str, limit: int) -> None:
    """检索成果库 (search the library)。QUERY：技术词、成果名称或持有单位（可用简称）。"""
    from taizhang.achievements.search import open_library, search_library

    with context.session() as session:
        library = open_library(session, context.settings.data_folder())
        found = search_library(session, library, query, field=field, region=region, limit=limit)
        click.echo(
            f"检索：{found.query}（词：{'、'.join(found.terms) or '—'}）共 {len(found.items)} 项"
        )
        for n, item in enumerate(found.items, start=1):
            a = item.achievement
            click.echo(f"{n}. [{a.id}] {a.title}")
            click.echo(f"   {a.holder} · {a.field} · {a.maturity} · {a.region}")
            click.echo(f"   {item.reasons.words()}")


@achievements_group.command("index")
@pass_context
@reports_errors
def index_command(context: CliContext) -> None:
    """重建成果库检索索引 (build the search index again)."""
    from taizhang.achievements.search import open_library

    with context.session() as session:
        library = open_library(session, context.settings.data_folder(), rebuild=True)
        stamp = library.index.stamp()
    count = stamp.count if stamp else 0
    click.echo(f"已重建索引：{count} 项成果，位于 {library.index.root} (index built)")


def register(cli: click.Group) -> None:
    cli.add_command(achievements_group)

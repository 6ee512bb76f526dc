"""`taizhang extract`: read reports and news and print what they say, one JSON line each."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"日期应为 YYYY-MM-DD：{value} (date must be YYYY-MM-DD)") from exc


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["jsonl"]), default="jsonl")
@click.option(
    "--published",
    callback=_parse_date,
    help="文档日期 YYYY-MM-DD，文中未写明时用于推算“昨天”“今年6月底” (document date)",
)
def extract_command(paths: tuple[Path, ...], output_format: str, published: date | None) -> None:
    """从报道中抽取项目与指标，每个文档输出一行 JSON (extract projects and indicators)."""
    from taizhang.intake.pipeline import extract_file

    failed = 0
    for path in paths:
        result = extract_file(path, published=published)
        for message in result["errors"]:
            click.echo(message, err=True)
        failed += bool(result["errors"])
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    if failed == len(paths):
        sys.exit(1)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--unit", "unit_code", help="新项目归属的单位代码 (unit code for new projects)")
@click.option("--official", is_flag=True, help="官方报告（优先于新闻） (official reports)")
@click.option("--published", callback=_parse_date, help="文档日期 YYYY-MM-DD (document date)")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="并行抽取的进程数 (processes for extraction)",
)
@pass_context
@reports_errors
def ingest_command(
    context: CliContext,
    paths: tuple[Path, ...],
    unit_code: str | None,
    official: bool,
    published: date | None,
    workers: int,
) -> None:
    """抽取报道并归入台账，每条事实附原文句子 (file reports into the ledger)."""
    from taizhang.intake.ingest import ingest_paths

    report = ingest_paths(
        context.engine,
        list(paths),
        unit_code=unit_code,
        official=official,
        published=published,
        workers=workers,
    )
    for line in report.lines:
        click.echo(line, err=line.startswith("错误"))
    click.echo(report.summary)
    if report.failed == len(paths):
        sys.exit(1)


def register(cli: click.Group) -> None:
    cli.add_command(extract_command)
    cli.add_command(ingest_command)

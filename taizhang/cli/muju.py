"""`taizhang muju`: a year's 亩均 evaluation computed from the enterprise ledger, published for
objections and frozen (evaluate / publish / freeze)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from taizhang.org.models import User


@click.group("muju")
def muju_group() -> None:
    """亩均论英雄：评价、公示、定级 (per-mu evaluation: evaluate, publish, freeze)."""


_BY = click.option(
    "--by", "username", help="操作人（区级管理员的用户名）；默认为系统 (acting user name)"
)


@muju_group.command("evaluate")
@click.option("--year", type=int, required=True, help="评价年度（数据所属年度），如 2025")
@click.option(
    "--scheme",
    "scheme_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="评价方案 TOML 文件；默认用本区方案 (scheme file; default: the district's)",
)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json", "xlsx"]), default="table"
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="写入此文件（xlsx 必须给出）(write to this file)",
)
@_BY
@pass_context
@reports_errors
def evaluate_command(
    context: CliContext,
    year: int,
    scheme_path: Path | None,
    output_format: str,
    output_path: Path | None,
    username: str | None,
) -> None:
    """试算一个年度的亩均评价并保存（已公示或已定级的年度显示保存的结果）(compute a year)."""
    from taizhang.muju.models import RunState
    from taizhang.muju.results import results_table, results_workbook, run_json
    from taizhang.muju.runs import compute_run, current_run
    from taizhang.muju.schemes import scheme_text

    if output_format == "xlsx" and output_path is None:
        raise click.UsageError("xlsx 格式须用 --output 指定文件 (--output is required for xlsx)")
    context.require_district()
    configured = scheme_path or context.settings.muju_scheme
    with context.session(write=True) as session:
        actor = _actor(session, username)
        run = current_run(session, year)
        if run is not None and run.state != RunState.TRIAL and scheme_path is None:
            click.echo(
                f"{year} 年度已{'定级' if run.state == RunState.FROZEN else '公示'}，"
                f"显示保存的第 {run.revision} 版 (showing the stored run)",
                err=True,
            )
        else:
            run = compute_run(
                session, year, scheme_text(configured), actor=actor, now=context.now()
            )
        if output_format == "xlsx":
            assert output_path is not None
            output_path.write_bytes(results_workbook(run))
            click.echo(f"已写入 {output_path} (written)")
            return
        text = (
            json.dumps(run_json(run), ensure_ascii=False, indent=2)
            if output_format == "json"
            else results_table(run)
        )
    if output_path is not None:
        output_path.write_text(text + "\n", encoding="utf-8")
        click.echo(f"已写入 {output_path} (written)")
    else:
        click.echo(text)


@muju_group.command("publish")
@click.option("--year", type=int, required=True, help="评价年度，如 2025")
@click.option("--days", type=int, help="公示天数；默认按评价方案，方案未写则 7 天 (days)")
@_BY
@pass_context
@reports_errors
def publish_command(context: CliContext, year: int, days: int | None, username: str | None) -> None:
    """公示试算结果，开始异议期 (publish the trial for objections)."""
    from taizhang.muju.runs import publish_run

    context.require_district()
    with context.session(write=True) as session:
        run = publish_run(
            session, year, actor=_actor(session, username), now=context.now(), days=days
        )
        kind = "个工作日" if run.window_working_days else "天"
        click.echo(
            f"{year} 年度亩均评价第 {run.revision} 版已公示 {run.window_days} {kind}，"
            f"异议期至 {run.window_ends_on} 止 (published)"
        )


@muju_group.command("freeze")
@click.option("--year", type=int, required=True, help="评价年度，如 2025")
@_BY
@pass_context
@reports_errors
def freeze_command(context: CliContext, year: int, username: str | None) -> None:
    """公示期满、异议处理完后定级 (freeze the published result)."""
    from taizhang.muju.runs import freeze_run

    context.require_district()
    with context.session(write=True) as session:
        run = freeze_run(session, year, actor=_actor(session, username), now=context.now())
        counts = "，".join(f"{g} {n} 家" for g, n in run.counts.items())
        click.echo(f"{year} 年度亩均评价第 {run.revision} 版已定级：{counts} (frozen)")


def _actor(session: Session, username: str | None) -> User | None:
    from taizhang.org.accounts import get_user_by_name

    return get_user_by_name(session, username) if username else None


def register(cli: click.Group) -> None:
    cli.add_command(muju_group)

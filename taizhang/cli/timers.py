"""`taizhang tick`: one run of the appeals' timers, for cron (the served app also runs them)."""

from __future__ import annotations

from datetime import datetime

import click

from taizhang.appeals.escalation import run_timers
from taizhang.cli.main import CliContext, pass_context, reports_errors


@click.command("tick")
@click.option(
    "--now",
    "now_text",
    help="按此时刻运行，ISO 格式如 2027-01-04T09:00+08:00 (run as of this moment; default now)",
)
@pass_context
@reports_errors
def tick_command(context: CliContext, now_text: str | None) -> None:
    """运行诉求计时：催办、督办、超时未评价自动销号 (run the appeals' timers once)."""
    now = _moment(now_text) if now_text else context.now()
    with context.session(write=True) as session:
        run = run_timers(session, now=now)
        escalated, closed = len(run.escalated), len(run.closed)
    click.echo(f"催办/督办 {escalated} 件，超时未评价自动销号 {closed} 件 (escalated, closed)")


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(f"时刻格式不对：{text} (use ISO 8601)") from exc
    if moment.tzinfo is None:
        raise click.BadParameter(f"请写明时区，如 {text}+08:00 (give the time zone)")
    return moment


def register(cli: click.Group) -> None:
    cli.add_command(tick_command)

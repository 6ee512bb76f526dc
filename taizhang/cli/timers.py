"""`taizhang tick`: one run of the appeals' timers and the vouchers' expiry, for cron (the served
app also runs them)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import click

from taizhang.appeals.escalation import run_timers
from taizhang.cli.main import CliContext, pass_context, reports_errors
from taizhang.incentives.vouchers import expire_vouchers
from taizhang.kernel.clock import district_date


@click.command("tick")
@click.option(
    "--now",
    "now_text",
    help="按此时刻运行，ISO 格式如 2027-01-04T09:00+08:00 (run as of this moment; default now)",
)
@pass_context
@reports_errors
def tick_command(context: CliContext, now_text: str | None) -> None:
    """运行计时：诉求催办、督办、超时未评价自动销号；消费券到期 (run the timers once)."""
    now = _moment(now_text) if now_text else context.now()
    with context.session(write=True) as session:
        run = run_timers(session, now=now)
        escalated, closed = len(run.escalated), len(run.closed)
    click.echo(f"催办/督办 {escalated} 件，超时未评价自动销号 {closed} 件 (escalated, closed)")
    with context.session(write=True) as session:
        expired = expire_vouchers(session, today=district_date(now), at=now)
        left = sum((v.expired for v in expired), Decimal(0))
    click.echo(f"消费券到期 {len(expired)} 张，余额 {left} 元回到资金池 (vouchers expired)")


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

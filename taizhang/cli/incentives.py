"""`taizhang incentives run PROGRAM --period YYYY-MM [--bills FILE]`: a program's rewards from the
power company's bills (a file, or the bills stored in the database), the pool's use printed, the
payment office's workbook written. A demand-response program is paid on the grid company's
results (`--responses`) or on the enterprises' own load measured against the events
(`--load FILE --events FILE`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors
from taizhang.incentives.bills import BillFile, read_bills
from taizhang.incentives.engine.demand import Response, pay_responses
from taizhang.incentives.engine.load import LoadGap
from taizhang.incentives.engine.program import Program, ProgramKind
from taizhang.incentives.engine.savings import RunResult, run_program
from taizhang.incentives.payment_sheet import demand_workbook, payment_workbook
from taizhang.incentives.responses import read_responses
from taizhang.incentives.shipped import find_program
from taizhang.incentives.summary import (
    demand_as_json,
    demand_lines,
    payment_lines,
    pool_lines,
    run_as_json,
)
from taizhang.kernel.errors import Invalid
from taizhang.kernel.money import parse_money
from taizhang.kernel.periods import Period, parse_period

FILE = click.Path(dir_okay=False, path_type=Path)


@click.group("incentives")
def incentives_group() -> None:
    """激励兑现：节能降耗消费券与需求响应 (incentives paid by rule)."""


@incentives_group.command("run")
@click.argument("program_name", metavar="PROGRAM")
@click.option("--period", "period_text", required=True, help="月份或期间：2025-07、2025-Q3、2025")
@click.option(
    "--bills", "bills_path", type=FILE,
    help="节能券：供电公司月度电费 .csv/.xlsx；不给时用数据库中已导入的账单",
)  # fmt: skip
@click.option("--responses", "responses_path", type=FILE, help="需求响应：响应结果 .csv/.xlsx")
@click.option(
    "--load", "load_paths", type=FILE, multiple=True,
    help="需求响应：企业负荷 .csv/.xlsx（每日峰/平/谷电量、15 分钟或整点负荷），可给多个",
)  # fmt: skip
@click.option(
    "--events", "events_path", type=FILE, help="需求响应：响应事件 .csv/.xlsx（配合 --load）"
)
@click.option(
    "--format", "output_format", type=click.Choice(["xlsx", "json"]), default="xlsx",
    show_default=True, help="xlsx：打印资金池使用并写兑付清单；json：打印全部结果",
)  # fmt: skip
@click.option("--output", "output_path", type=FILE, help="兑付清单 .xlsx 的路径")
@click.option("--pool-left", help="资金池尚余金额（前几个月已兑付时），如 120万；默认整个资金池")
@click.option(
    "--issued",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="消费券发放日，默认今天 (the day vouchers are issued)",
)
@click.option("--issue", is_flag=True, help="把兑付结果作为消费券记入数据库 (issue the vouchers)")
@pass_context
@reports_errors
def run_command(
    context: CliContext,
    program_name: str,
    period_text: str,
    bills_path: Path | None,
    responses_path: Path | None,
    load_paths: tuple[Path, ...],
    events_path: Path | None,
    output_format: str,
    output_path: Path | None,
    pool_left: str | None,
    issued: datetime | None,
    issue: bool,
) -> None:
    """按项目规则计算奖励、分配资金池 (compute a program's rewards from the bills).

    PROGRAM：内置项目名（huangyan-2025）、项目文件路径，或数据库中已登记项目的版本名
    （如 南湖-节能券-2025）。"""
    program = _program(context, program_name)
    pool = _pool(pool_left)
    period = parse_period(period_text)
    target = output_path or Path(f"兑付清单-{program.version}-{period.label}.xlsx")
    if program.kind is ProgramKind.DEMAND:
        if issue:
            raise Invalid("需求响应项目不发放消费券 (no vouchers for demand response)")
        if pool is not None:
            program = replace(program, pool=replace(program.pool, amount=pool))
        sources = DemandSources(responses_path, load_paths, events_path)
        responses, gaps = sources.responses(context, program, period)
        _run_demand(program, period, responses, output_format, target, gaps)
        return
    day = issued.date() if issued else context.now().date()
    months = _months(program, period)
    bill_file = read_bills(bills_path) if bills_path else _stored_bills(context, months)
    run = run_program(program, bill_file.bills, issued_on=day, months=months, pool=pool)
    if issue:
        _issue(context, run)
    if output_format == "json":
        document = run_as_json(run, period.label)
        document["gaps"] = [gap.describe() for gap in bill_file.gaps]
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for label, value in pool_lines(run):
        click.echo(f"{label}：{value}")
    if bill_file.gaps:
        click.echo(f"账单缺月：{len(bill_file.gaps)} 户（如 {bill_file.gaps[0].describe()}）")
    payment_workbook(run).save(target)
    click.echo(f"兑付清单已写入 {target} (payment list written)")


def _program(context: CliContext, name: str) -> Program:
    """A shipped program or a file; else the latest registered program of that version."""
    try:
        return find_program(name)
    except Invalid as missing:
        from taizhang.incentives.runs import find_registered, program_of

        with context.session() as session:
            row = find_registered(session, name)
        if row is None:
            raise missing
        return program_of(row)


def _months(program: Program, period: Period) -> list[date]:
    assert program.saving is not None
    months = [m for m in program.saving.months if period.contains(m)]
    if not months:
        listed = "、".join(f"{m:%Y-%m}" for m in program.saving.months)
        raise Invalid(f"期间 {period.label} 不含项目的月份（{listed}） (no program month)")
    return months


def _stored_bills(context: CliContext, months: list[date]) -> BillFile:
    """The bills imported into the database: the chosen months and the same months a year
    earlier (their gaps were reported when they were imported)."""
    from taizhang.incentives.accounts import load_bills

    earlier = [date(m.year - 1, m.month, 1) for m in months]
    with context.session() as session:
        bills = load_bills(session, [*earlier, *months])
    if not bills:
        raise Invalid(
            "数据库中没有导入的电费账单，请用 --bills 给出文件 (no stored bills; use --bills)"
        )
    return BillFile(name="数据库", bills=bills, rows=[], gaps=[])


@dataclass(frozen=True)
class DemandSources:
    """Where a demand-response run's responses come from: the grid company's results, or the
    enterprises' load and the events it is measured against."""

    results: Path | None
    load: tuple[Path, ...]
    events: Path | None

    def responses(
        self, context: CliContext, program: Program, period: Period
    ) -> tuple[list[Response], list[LoadGap]]:
        if self.results is not None and self.load:
            raise Invalid("--responses 与 --load 只能二选一 (either results or load)")
        if self.results is not None:
            return read_responses(self.results), []
        if not self.load or self.events is None:
            raise Invalid(
                "需求响应项目要用 --responses 给出响应结果，或用 --load 与 --events 给出企业负荷"
                "和响应事件 (use --responses, or --load with --events)"
            )
        return self.measured(context, program, period)

    def measured(
        self, context: CliContext, program: Program, period: Period
    ) -> tuple[list[Response], list[LoadGap]]:
        from taizhang.incentives.engine.measure import measure_responses
        from taizhang.incentives.events import read_events
        from taizhang.incentives.load import read_load_files
        from taizhang.kernel.calendar_files import district_calendar

        assert self.events is not None
        events = read_events(self.events)
        if not any(period.contains(e.day) for e in events):
            raise Invalid(f"期间 {period.label} 内没有响应事件 (no events in the period)")
        load = read_load_files(self.load)
        with context.session() as session:
            calendar = district_calendar(session)
        responses = measure_responses(program, load.data, events, calendar, within=period.contains)
        return responses, load.gaps


def _run_demand(
    program: Program,
    period: Period,
    responses: list[Response],
    output_format: str,
    target: Path,
    gaps: list[LoadGap],
) -> None:
    chosen = [r for r in responses if r.day is None or period.contains(r.day)]
    if not chosen:
        raise Invalid(f"期间 {period.label} 内没有响应记录 (no responses in the period)")
    run = pay_responses(program, chosen)
    if output_format == "json":
        document = demand_as_json(run, period.label)
        document["gaps"] = [gap.describe() for gap in gaps]
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    for line in payment_lines(run):
        click.echo(line)
    for label, value in demand_lines(run, period.label):
        click.echo(f"{label}：{value}")
    if gaps:
        click.echo(f"负荷数据缺漏：{len(gaps)} 处（如 {gaps[0].describe()}）")
    demand_workbook(run, period.label).save(target)
    click.echo(f"兑付清单已写入 {target} (payment list written)")


@incentives_group.command("sample-bills")
@click.argument("file", type=FILE)
@click.option("--households", default=20_000, show_default=True, help="户数")
@reports_errors
def sample_bills_command(file: Path, households: int) -> None:
    """写一份示范区两年的模拟月度电费 CSV (write the demo district's invented bills)."""
    from taizhang.demo.bills import write_demo_bills

    rows = write_demo_bills(file, households)
    click.echo(f"已写入 {households:,} 户、{rows:,} 行模拟电费：{file} (demo bills written)")


@incentives_group.command("sample-load")
@click.argument("load_file", type=FILE)
@click.argument("events_file", type=FILE)
@click.option("--enterprises", default=8, show_default=True, help="企业数")
@reports_errors
def sample_load_command(load_file: Path, events_file: Path, enterprises: int) -> None:
    """写示范企业 2025 年夏季的模拟负荷与响应事件 CSV (write invented load and events)."""
    from taizhang.demo.load import write_sample_load

    if not 1 <= enterprises <= 500:
        raise Invalid(f"--enterprises 应在 1 到 500 之间：{enterprises}")
    rows, events = write_sample_load(load_file, events_file, enterprises)
    click.echo(f"已写入 {enterprises} 家企业、{rows:,} 行负荷：{load_file} (demo load written)")
    click.echo(f"已写入 {events} 行响应事件：{events_file} (demo events written)")


def _issue(context: CliContext, run: RunResult) -> None:
    from taizhang.incentives.vouchers import issue_vouchers

    with context.session(write=True) as session:
        vouchers = issue_vouchers(session, run, at=context.now())
    total = sum(v.amount for v in vouchers)
    click.echo(f"已发放消费券 {len(vouchers)} 张，合计 {total} 元 (vouchers issued)", err=True)


def _pool(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        amount = parse_money(text)
    except ValueError as exc:
        raise Invalid(f"--pool-left “{text}” 不是金额，如 120万：{exc}") from exc
    if amount.currency != "CNY":
        raise Invalid(f"--pool-left “{text}” 应为人民币金额 (CNY only)")
    return amount.amount


def register(cli: click.Group) -> None:
    cli.add_command(incentives_group)

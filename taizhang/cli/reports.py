"""`taizhang report`: the weekly, monthly, quarterly or annual report as HTML, XLSX or DOCX."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors
from taizhang.kernel.clock import district_date
from taizhang.kernel.errors import NotFound
from taizhang.kernel.periods import Period, parse_period
from taizhang.kernel.report_document import ReportData
from taizhang.race.engine.reports import REPORT_KINDS, ReportKind, check_kind, report_kind
from taizhang.race.loading import LEVEL_LABELS
from taizhang.race.report_data import gather_report, publish_report
from taizhang.race.snapshots import latest_snapshot
from taizhang.race.standings import rules_from_file, shipped_rules
from taizhang.reports import FORMATS, render


@click.command("report")
@click.argument("kind", type=click.Choice(REPORT_KINDS))
@click.option(
    "--period", "period_text", required=True, help="期间：2026-W20、2026-05、2026-Q2、2026 (period)"
)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True, help="格式"
)
@click.option(
    "--out", "out", type=click.Path(path_type=Path, dir_okay=False), required=True, help="输出文件"
)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="积分规则 TOML 文件；默认用该年度内置规则 (points rules file)",
)
@click.option("--level", type=click.Choice(list(LEVEL_LABELS)), default="town", show_default=True)
@click.option("--publish", is_flag=True, help="发布：保存为报告快照并显示版本号 (publish)")
@click.option(
    "--from-snapshot", is_flag=True, help="按最新已发布版本输出，不重新计算 (latest published)"
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="报告日期（落款日期），默认今天 (report date)",
)
@pass_context
@reports_errors
def report_command(
    context: CliContext,
    kind: str,
    period_text: str,
    fmt: str,
    out: Path,
    rules_path: Path | None,
    level: str,
    publish: bool,
    from_snapshot: bool,
    as_of: datetime | None,
) -> None:
    """赛马报告：每周复盘、每月排名、每季通报、每年评优 (race reports)."""
    context.require_district()
    period = parse_period(period_text)
    check_kind(kind, period)
    if from_snapshot:
        report = _published(context, kind, period)
    else:
        day = as_of.date() if as_of else None
        report = _live(context, report_kind(kind), period, rules_path, level, day, publish=publish)
    out.write_bytes(render(report, fmt))
    click.echo(f"已生成 {report.title}（{fmt}）：{out}")


def _live(
    context: CliContext,
    kind: ReportKind,
    period: Period,
    rules_path: Path | None,
    level: str,
    day: date | None,
    *,
    publish: bool,
) -> ReportData:
    rules = rules_from_file(rules_path) if rules_path else shipped_rules(period.year)
    now = datetime.now(UTC)
    as_of = day or district_date(now)
    district = context.settings.district_name
    with context.session(write=publish) as session:
        if not publish:
            return gather_report(
                session, kind, period, rules=rules, as_of=as_of, level=level, district=district
            )
        report, snapshot = publish_report(
            session, kind, period, rules=rules, as_of=as_of, actor=None, now=now, level=level,
            district=district,
        )  # fmt: skip
        click.echo(f"已发布 {report.title} 第 {snapshot.version} 版 (published version)")
    return report


def _published(context: CliContext, kind: str, period: Period) -> ReportData:
    with context.session() as session:
        snapshot = latest_snapshot(session, kind, period.label)
        if snapshot is None:
            raise NotFound(f"{period.label_zh}的 {kind} 报告尚未发布 (never published)")
        click.echo(f"按已发布的第 {snapshot.version} 版输出 (from published version)")
        return ReportData.from_dict(snapshot.content)


def register(cli: click.Group) -> None:
    cli.add_command(report_command)

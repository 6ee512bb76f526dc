"""`taizhang rank`: the leaderboard of a period, and where each unit's points came from."""

from __future__ import annotations

import json
from pathlib import Path

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors
from taizhang.kernel.periods import parse_period
from taizhang.race.engine.ranking import Standing
from taizhang.race.loading import LEVEL_LABELS
from taizhang.race.standings import rules_from_file, shipped_rules, standings


@click.command("rank")
@click.option(
    "--period",
    "period_text",
    required=True,
    help="期间：2026-05-18、2026-W20、2026-05、2026-Q2、2026 (period)",
)
@click.option(
    "--level",
    type=click.Choice(list(LEVEL_LABELS)),
    default="town",
    show_default=True,
    help="排名层级：town 镇街/平台，department 部门 (level)",
)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="积分规则 TOML 文件；默认用该年度内置规则 (points rules file)",
)
@click.option(
    "--explain", "explain_unit", help="列出该单位（名称或代码）每一分的来源 (explain a unit)"
)
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table")
@pass_context
@reports_errors
def rank_command(
    context: CliContext,
    period_text: str,
    level: str,
    rules_path: Path | None,
    explain_unit: str | None,
    output_format: str,
) -> None:
    """赛马排名：按积分规则计算各单位得分与名次 (rank units by points)."""
    context.require_district()
    period = parse_period(period_text)
    rules = rules_from_file(rules_path) if rules_path else shipped_rules(period.year)
    with context.session() as session:
        board = standings(session, period=period, rules=rules, level=level)
    if output_format == "json":
        click.echo(json.dumps([_as_json(s) for s in board], ensure_ascii=False, indent=2))
        return
    click.echo(f"{period.label_zh} {LEVEL_LABELS[level]}赛马排名（规则 {rules.version}）")
    click.echo(f"{'名次':>4}  {'单位':<12}{'得分':>8}  较上期")
    for standing in board:
        click.echo(_row(standing))
    if explain_unit:
        _explain(board, explain_unit)


def _row(standing: Standing) -> str:
    change = standing.ranked.change
    moved = "—" if change is None else ("持平" if change == 0 else f"{change:+d}")
    name = standing.unit.name + "　" * max(0, 8 - len(standing.unit.name))  # CJK-wide padding
    rank = "—" if standing.ranked.rank is None else str(standing.ranked.rank)
    return f"{rank:>4}  {name}{standing.score.total:>8}  {moved}"


def _explain(board: list[Standing], unit_text: str) -> None:
    match = [s for s in board if unit_text in (s.unit.name, s.unit.code)]
    if not match:
        raise click.UsageError(f"排名中没有单位“{unit_text}” (unit not in the ranking)")
    click.echo(f"\n{match[0].unit.name} 得分明细：")
    for part in match[0].score.parts:
        source = f"事件 #{part.event_id}" if part.event_id else ""
        note = f"（{part.note}）" if part.note else ""
        click.echo(f"  {part.points:>+8}  {part.rule}{note}  {source}")


def _as_json(standing: Standing) -> dict[str, object]:
    return {
        "unit": {
            "id": standing.unit.unit_id,
            "code": standing.unit.code,
            "name": standing.unit.name,
        },
        "rank": standing.ranked.rank,
        "previous_rank": standing.ranked.previous_rank,
        "change": standing.ranked.change,
        "total": str(standing.score.total),
        "parts": [
            {
                "rule": p.rule,
                "points": str(p.points),
                "event_id": p.event_id,
                "project_id": p.project_id,
                "note": p.note,
            }
            for p in standing.score.parts
        ],
    }


def register(cli: click.Group) -> None:
    cli.add_command(rank_command)

"""`taizhang chains gaps [CHAIN] [--format table|json|xlsx] [--out FILE]`: each chain over the
district as the ledgers stand. Without CHAIN: one line per chain (links, local firms, 链主, gaps
by kind, target firms). With CHAIN: every gap link with its reason and the target firms named
by reports or entered as leads; xlsx writes the gap list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors

if TYPE_CHECKING:
    from taizhang.chains.queries import ChainPage, ChainSummary

FILE = click.Path(dir_okay=False, path_type=Path)


@click.group("chains")
def chains_group() -> None:
    """链式招商：产业链缺口与目标企业 (industrial chains: gaps and targets)."""


@chains_group.command("gaps")
@click.argument("key", metavar="[CHAIN]", required=False)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json", "xlsx"]), default="table",
    show_default=True, help="table：打印；json：完整结果；xlsx：写缺口与目标企业清单",
)  # fmt: skip
@click.option("--out", "out_path", type=FILE, help="输出文件（json、xlsx）")
@pass_context
@reports_errors
def gaps_command(
    context: CliContext, key: str | None, output_format: str, out_path: Path | None
) -> None:
    """产业链缺口与目标企业 (a chain's gaps and the firms to attract).

    CHAIN：产业链，如 new-energy-batteries；不给时列出全部产业链。"""
    from taizhang.chains.queries import chain_page, chain_summaries
    from taizhang.chains.sheets import gaps_workbook
    from taizhang.kernel.clock import district_date
    from taizhang.web.chains.schemas import ChainOut, ChainSummaryOut

    context.require_district()
    with context.session() as session:
        if key is None:
            summaries = chain_summaries(session)
            if output_format == "json":
                text = json.dumps(
                    [ChainSummaryOut.of(s).model_dump(mode="json") for s in summaries],
                    ensure_ascii=False,
                    indent=2,
                )
            else:
                text = "\n".join(_summary_line(s) for s in summaries)
            return _emit(text, out_path)
        page = chain_page(session, key)
    if output_format == "xlsx":
        today = district_date(context.now()).isoformat()
        target = out_path or Path(f"缺口与目标企业-{page.view.chain.title}.xlsx")
        gaps_workbook(page, today=today).save(target)
        click.echo(f"已写入 {target} (written)")
        return None
    if output_format == "json":
        text = json.dumps(ChainOut.of(page).model_dump(mode="json"), ensure_ascii=False, indent=2)
    else:
        text = _gap_lines(page)
    return _emit(text, out_path)


def _emit(text: str, out_path: Path | None) -> None:
    if out_path is not None:
        out_path.write_text(text + "\n", encoding="utf-8")
        click.echo(f"已写入 {out_path} (written)")
    else:
        click.echo(text)


def _summary_line(summary: ChainSummary) -> str:
    chain = summary.chain
    gaps = "，".join(f"{kind.label} {n}" for kind, n in summary.gaps.items()) or "无缺口"
    return (
        f"{chain.key}  {chain.title}：{len(chain.links)} 个环节，本地企业 {summary.firms} 家，"
        f"链主 {summary.leaders} 家；{gaps}；目标企业 {summary.targets} 家"
    )


def _gap_lines(page: ChainPage) -> str:
    from taizhang.chains.engine.analysis import gap_sentence

    chain = page.view.chain
    lines = [f"{chain.title}（{chain.key}，图谱 {chain.version}）"]
    gaps = page.view.gaps()
    if not gaps:
        lines.append("没有缺口环节 (no gaps)")
    for link in gaps:
        lines.append(gap_sentence(link))
        targets = page.targets_of(link)
        for target in targets:
            where = f"，{target.region}" if target.region else ""
            lines.append(f"    目标企业：{target.firm}{where}（{target.source}，{target.step}）")
        if not targets:
            lines.append("    尚无目标企业 (no target firm yet)")
    for leader in page.view.leaders:
        names = "、".join(f.name for _, f in leader.suppliers) or "无"
        lines.append(f"链主 {leader.firm.name}（{leader.link.name}）本地配套：{names}")
    return "\n".join(lines)


def register(cli: click.Group) -> None:
    cli.add_command(chains_group)

"""`taizhang policies match [POLICY] [--format table|json|xlsx] [--out FILE]`: the library's
policies matched over the enterprise ledger as it stands (试算, not stored). Without POLICY:
one line per policy (qualify, nearly, data missing, total). With POLICY: every enterprise that
qualifies or nearly does, with what it lacks; xlsx writes the payment list of a 免申即享 policy
(else the push list)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from taizhang.cli.main import CliContext, pass_context, reports_errors

if TYPE_CHECKING:
    from openpyxl import Workbook
    from sqlalchemy.orm import Session

FILE = click.Path(dir_okay=False, path_type=Path)
Answer = tuple[str, "Workbook | None"]


@click.group("policies")
def policies_group() -> None:
    """政策匹配：政策库与免申即享、推送清单 (policy matching)."""


@policies_group.command("match")
@click.argument("code", metavar="[POLICY]", required=False)
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json", "xlsx"]), default="table",
    show_default=True, help="table：打印；json：完整结果；xlsx：写清单",
)  # fmt: skip
@click.option("--out", "out_path", type=FILE, help="输出文件（json、xlsx）")
@pass_context
@reports_errors
def match_command(
    context: CliContext, code: str | None, output_format: str, out_path: Path | None
) -> None:
    """按台账数据匹配政策（不保存）(match policies against the ledger, not stored).

    POLICY：政策编号，如 KJ-2026-01；不给时匹配整个政策库。"""
    context.require_district()
    with context.session() as session:
        if code is None:
            text, workbook = _library(session, output_format)
        else:
            text, workbook = _one(session, code, output_format)
    if workbook is not None:
        target = out_path or Path(f"政策匹配-{code or '政策库'}.xlsx")
        workbook.save(target)
        click.echo(f"已写入 {target} (written)")
    elif out_path is not None:
        out_path.write_text(text, encoding="utf-8")
        click.echo(f"已写入 {out_path} (written)")
    else:
        click.echo(text)


def _library(session: Session, output_format: str) -> Answer:
    from openpyxl import Workbook

    from taizhang.kernel.numbers import format_number
    from taizhang.kernel.sheets import new_sheet, write_table
    from taizhang.policies.library import shipped
    from taizhang.policies.results import counts_of, total_of
    from taizhang.policies.runs import match_live

    lines = []
    for found in shipped():
        matches = match_live(session, found.policy)
        lines.append((found.policy, counts_of(matches), total_of(matches)))
    if output_format == "json":
        said = [
            {"code": p.id, "title": p.title, "kind": p.kind.value, **counts,
             "total": format_number(total, places=2, trim=False)}
            for p, counts, total in lines
        ]  # fmt: skip
        return json.dumps(said, ensure_ascii=False, indent=2), None
    header = ("编号", "政策", "方式", "符合", "接近", "缺数据", "不符合", "金额合计（元）")
    rows = [
        (p.id, p.title, p.kind.value, c["met"], c["nearly"], c["unknown"], c["not_met"], total)
        for p, c, total in lines
    ]
    if output_format == "xlsx":
        workbook = Workbook()
        write_table(new_sheet(workbook, "政策库匹配"), caption="政策库匹配（试算，按台账现有数据）",
                    headers=header, rows=rows, widths=(14, 36, 10, 8, 8, 8, 8, 16))  # fmt: skip
        return "", workbook
    shown = [" | ".join(header)] + [" | ".join(_cell(v) for v in row) for row in rows]
    return "\n".join(shown), None


def _cell(value: object) -> str:
    from taizhang.kernel.numbers import format_number

    if isinstance(value, Decimal):
        return format_number(value, places=2, trim=False, grouping=True)
    return str(value)


def _one(session: Session, code: str, output_format: str) -> Answer:
    from taizhang.policies.engine.policy import PolicyKind
    from taizhang.policies.library import shipped_file
    from taizhang.policies.queries import policy_view
    from taizhang.policies.sheets import payment_workbook, push_workbook

    found = shipped_file(code)
    view = policy_view(session, found)
    if output_format == "xlsx":
        automatic = found.policy.kind is PolicyKind.AUTOMATIC
        sheet = payment_workbook if automatic else push_workbook
        return "", sheet(session, view)
    if output_format == "json":
        from taizhang.web.policies.schemas import MatchOut, PolicyOut

        said = {
            "policy": PolicyOut.of(found).model_dump(mode="json"),
            "counts": view.counts,
            "items": [MatchOut.of(m).model_dump(mode="json") for m in view.matches],
        }
        return json.dumps(said, ensure_ascii=False, indent=2), None
    policy = found.policy
    lines = [f"{policy.id} {policy.title}（{policy.kind.value}）", _counts(view.counts)]
    for m in view.qualified:
        lines.append(f"符合  {m.name}  {m.amount_words.zh if m.amount_words else ''}")
    for m in view.nearly:
        lacking = "；".join(f"{o.condition.zh}（{o.figure.zh}）" for o in m.lacking)
        lines.append(f"差一项  {m.name}  {lacking}")
    for m in view.unknown:
        lines.append(f"缺数据  {m.name}  缺：{m.missing_words().zh}")
    return "\n".join(lines), None


def _counts(counts: dict[str, int]) -> str:
    met, nearly, unknown, not_met = (counts[k] for k in ("met", "nearly", "unknown", "not_met"))
    return f"符合 {met} 家，接近 {nearly} 家（其中缺数据 {unknown} 家），不符合 {not_met} 家"


def register(cli: click.Group) -> None:
    cli.add_command(policies_group)

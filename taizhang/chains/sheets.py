"""A chain's gap list as a workbook: every gap link with its kind and reason, the local firms it
has, and each target firm with where it came from (a report or a lead) and how far it got."""

from __future__ import annotations

from openpyxl import Workbook

from taizhang.chains.queries import ChainPage
from taizhang.kernel.sheets import new_sheet, write_table

HEADERS = (
    "环节",
    "位置",
    "缺口",
    "原因",
    "本地企业数",
    "目标企业",
    "所在地",
    "来源",
    "进展",
    "说明",
)


def gaps_workbook(page: ChainPage, *, today: str) -> Workbook:
    chain = page.view.chain
    rows = []
    for link in page.view.gaps():
        assert link.gap is not None
        base = (link.link.name, link.link.position.label, link.gap.kind.label, link.gap.why)
        targets = page.targets_of(link)
        rows += [(*base, len(link.firms), "", "", "", "", "")] if not targets else []
        rows += [
            (*base, len(link.firms), t.firm, t.region, t.source, t.step, t.why) for t in targets
        ]
    workbook = Workbook()
    write_table(
        new_sheet(workbook, "缺口与目标企业"),
        caption=f"{chain.title}产业链（图谱 {chain.version}）缺口与目标企业，{today}："
        f"{len(page.view.gaps())} 个缺口环节",
        headers=HEADERS,
        rows=rows,
        widths=(18, 8, 8, 40, 10, 34, 14, 34, 10, 40),
    )
    return workbook

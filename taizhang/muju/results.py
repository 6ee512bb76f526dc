"""A run's results as the CLI, the API, the page and the workbooks read them: plain values.

`run_json` is the JSON answer (every evaluated enterprise's score, class and explanation, and the
class counts); `results_table` an aligned Chinese table; `results_workbook` a workbook with the
results, the class counts and each enterprise's explanation line by line."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from taizhang.kernel.sheets import new_sheet, workbook_bytes, write_table
from taizhang.muju.models import MujuRun, RunState

GRADE_ORDER = ("A", "B", "C", "D")


def state_label(run: MujuRun) -> str:
    return RunState(run.state).label


def ordered(results: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Results best first: by category, then rank; those not ranked last, by name."""
    return sorted(
        results,
        key=lambda r: (r["rank"] is None, r["category"], r["rank"] or 0, r["name"]),
    )


def run_summary(run: MujuRun) -> dict[str, Any]:
    return {
        "year": run.year,
        "revision": run.revision,
        "state": run.state,
        "state_label": state_label(run),
        "scheme": {
            "version": run.scheme_version,
            "title": run.scheme_title,
            "source": run.scheme_source,
            "sha256": run.scheme_hash,
        },
        "evaluated_on": run.evaluated_on.isoformat(),
        "created_at": run.created_at.isoformat(),
        "published_on": run.published_on.isoformat() if run.published_on else None,
        "window_days": run.window_days,
        "window_working_days": run.window_working_days,
        "window_ends_on": run.window_ends_on.isoformat() if run.window_ends_on else None,
        "frozen_at": run.frozen_at.isoformat() if run.frozen_at else None,
        "counts": run.counts,
        "evaluated": sum(1 for r in run.results if r["score"] is not None),
        "enterprises": len(run.results),
    }


def run_json(run: MujuRun) -> dict[str, Any]:
    return {**run_summary(run), "results": ordered(run.results)}


# ── a table for the terminal ─────────────────────────────────────────────────

COLUMNS = ("名次", "企业名称", "镇街", "类别", "得分", "等级")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    room = " " * max(0, width - display_width(text))
    return room + text if right else text + room


def results_table(run: MujuRun) -> str:
    rows = [
        (
            f"{r['rank']}/{r['ranked']}" if r["rank"] else "—",
            r["name"],
            r["town"] or "—",
            r["category"] or "—",
            r["score"] or "—",
            r["grade"] + (f"（按{r['treated_as']}类管理）" if r["treated_as"] else ""),
        )
        for r in ordered(run.results)
    ]
    widths = [max(display_width(c) for c in column) for column in zip(COLUMNS, *rows, strict=True)]
    numeric = {0, 4}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            pad(c, w, right=i in numeric)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    title = (
        f"{run.year} 年度亩均效益评价（{run.scheme_version}，第 {run.revision} 版，"
        f"{state_label(run)}）"
    )
    counts = "，".join(f"{grade} {count} 家" for grade, count in run.counts.items())
    return "\n".join([title, line(COLUMNS), *(line(r) for r in rows), f"分类：{counts}"])


# ── a workbook ───────────────────────────────────────────────────────────────


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def _result_cells(r: dict[str, Any]) -> list[Any]:
    return [
        r["rank"], r["ranked"], r["name"], r["credit_code"] or "", r["town"], r["category"],
        _decimal(r["score"]), r["grade"], _decimal(r["land_mu"]), _decimal(r["tax"]),
        r["explanation"],
    ]  # fmt: skip


def results_workbook(run: MujuRun) -> bytes:
    workbook = Workbook()
    sheet = new_sheet(workbook, "评价结果")
    headers = ["名次", "参评数", "企业名称", "统一社会信用代码", "镇街", "类别", "得分", "等级",
               "用地面积（亩）", "评价税收（万元）", "说明"]  # fmt: skip
    write_table(
        sheet,
        caption=f"{run.year} 年度亩均效益评价结果（{run.scheme_version}，第 {run.revision} 版，"
        f"{state_label(run)}）",
        headers=headers,
        rows=(_result_cells(r) for r in ordered(run.results)),
        widths=[6, 7, 32, 22, 12, 8, 9, 10, 12, 14, 80],
    )
    counts = new_sheet(workbook, "分类统计")
    write_table(
        counts,
        caption=f"{run.year} 年度各类企业数",
        headers=["等级", "企业数"],
        rows=([grade, count] for grade, count in run.counts.items()),
        widths=[12, 10],
    )
    return workbook_bytes(workbook)

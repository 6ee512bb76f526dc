"""The race's four reports as data: 每周复盘, 每月排名, 每季通报, 每年评优. Pure.

`build_report(kind, period, *, standings, completions, warnings, moved, as_of)` turns what the
race computed into a `ReportData`: a title, a subtitle, numbered sections of paragraphs and
tables (cells are plain strings, ints and Decimals), and the issuing unit and date. The
presentation layer (`taizhang.reports`) renders it as HTML, XLSX or DOCX; `to_dict`/`from_dict`
(and `to_json`/`from_json`) round-trip it exactly, so a published report is stored as it was.

What each report holds
- weekly (每周复盘): the week's ranking, the stages projects reached that week, projects that are
  stuck (签约未开工, 节点逾期, 长期无动态) and the warnings new that week;
- monthly (每月排名): the ranking with its change, and completion of the annual targets
  against 序时进度;
- quarterly (每季通报): ranking, completion, highlights, laggards and all warnings;
- annual (每年评优): ranking, completion and the award list.

Highlights: the top three units and the unit that moved up most. Laggards: the bottom unit(s)
(the last rank, when at least three units race) and every unit with a red target.

The annual award rule (评优规则), applied to the year's standings and completions:
- 一等奖: rank 1–2, a score above 0, and every target of the unit completed (rate ≥ 100%;
  a target of 0 is met);
- 二等奖: not 一等奖, rank 1–4, a score above 0 and no target red against 序时进度 (at the
  year's end 序时进度 is 100%, so no target below 90% with the default yellow margin);
- 进步奖: neither of the above, a score above 0, and up at least two places on the year before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from taizhang.kernel.errors import Invalid
from taizhang.kernel.numbers import format_number, plain_decimal
from taizhang.kernel.periods import Period
from taizhang.kernel.report_document import ReportData, Section, Table
from taizhang.race.engine.model import StageEvent
from taizhang.race.engine.progress import Completion, Status
from taizhang.race.engine.ranking import Standing
from taizhang.race.engine.warnings import ProjectWarning, WarningKind, zh_date

ReportKind = Literal["weekly", "monthly", "quarterly", "annual"]
REPORT_KINDS: tuple[ReportKind, ...] = ("weekly", "monthly", "quarterly", "annual")
PERIOD_OF_KIND = {"weekly": "week", "monthly": "month", "quarterly": "quarter", "annual": "year"}
TITLE_WORDS = {
    "weekly": "招商引资赛马每周复盘",
    "monthly": "招商引资赛马排名",
    "quarterly": "招商引资赛马情况通报",
    "annual": "招商引资赛马年度评优结果",
}
# What each report is called on an English page (the report itself stays an official Chinese
# document).
TITLE_WORDS_ENGLISH = {
    "weekly": "Weekly race review",
    "monthly": "Monthly race ranking",
    "quarterly": "Quarterly race bulletin",
    "annual": "Annual race awards",
}


def title_words(kind: str, language: str) -> str:
    return TITLE_WORDS_ENGLISH[kind] if language == "en" else TITLE_WORDS[kind]


STUCK = (WarningKind.NOT_STARTED, WarningKind.PLAN_OVERDUE, WarningKind.STALE)
HUNDRED = Decimal(100)


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Inputs:
    period: Period
    board: Sequence[Standing]
    completions: Sequence[Completion]
    warnings: Sequence[ProjectWarning]
    moved: Sequence[StageEvent]
    metric_labels: Mapping[str, str]

    def unit_name(self, unit_id: int) -> str:
        return next((s.unit.name for s in self.board if s.unit.unit_id == unit_id), f"#{unit_id}")

    def unit_of_path(self, path: str) -> str:
        owners = [s.unit for s in self.board if path.startswith(s.unit.path)]
        return max(owners, key=lambda u: len(u.path)).name if owners else "其他"

    def metric(self, code: str) -> str:
        return self.metric_labels.get(code, code)


def build_report(
    kind: ReportKind,
    period: Period,
    *,
    standings: Sequence[Standing],
    completions: Sequence[Completion],
    warnings: Sequence[ProjectWarning],
    moved: Sequence[StageEvent],
    as_of: date,
    district: str,
    issuer: str | None = None,
    rules_version: str = "",
    metric_labels: Mapping[str, str] | None = None,
) -> ReportData:
    """One report of a period from its standings, completions, warnings and stage events."""
    check_kind(kind, period)
    known = {s.unit.unit_id for s in standings}
    inputs = _Inputs(
        period,
        standings,
        [c for c in completions if c.unit_id in known],
        warnings,
        moved,
        metric_labels or {},
    )
    return ReportData(
        kind=kind,
        period_label=period.label,
        title=f"{district}{period.label_zh}{TITLE_WORDS[kind]}",
        subtitle=_subtitle(period, rules_version),
        sections=tuple(SECTIONS[kind](inputs)),
        issuer=issuer or f"{district}招商引资赛马比拼工作专班",
        issued_on=as_of,
        rules_version=rules_version,
    )


def report_kind(text: str) -> ReportKind:
    """A report kind from its name; `Invalid` for an unknown one."""
    for kind in REPORT_KINDS:
        if kind == text:
            return kind
    raise Invalid(f"未知的报告类型 {text}，应为 {'、'.join(REPORT_KINDS)} (unknown kind)")


def check_kind(kind: str, period: Period) -> None:
    """`Invalid` unless the period is the report's own kind (a monthly report needs a month)."""
    if kind not in PERIOD_OF_KIND:
        raise Invalid(f"未知的报告类型 {kind}，应为 {'、'.join(REPORT_KINDS)} (unknown kind)")
    if PERIOD_OF_KIND[kind] != period.kind:
        raise Invalid(
            f"{kind} 报告的期间应为{_PERIOD_WORDS[PERIOD_OF_KIND[kind]]}，实为 {period.label}"
            " (the period does not fit the report)"
        )


_PERIOD_WORDS = {"week": "周（如 2026-W20）", "month": "月（如 2026-05）"}
_PERIOD_WORDS |= {"quarter": "季度（如 2026-Q2）", "year": "年度（如 2026）"}


def _subtitle(period: Period, rules_version: str) -> str:
    rules = f"，积分规则 {rules_version}" if rules_version else ""
    return f"统计期间：{zh_date(period.start)}至{zh_date(period.end)}{rules}"


def _weekly(i: _Inputs) -> list[Section]:
    new = [w for w in i.warnings if i.period.contains(w.since)]
    return [
        _overview(i),
        _ranking(i, "本周积分排名"),
        _moves(i),
        _warning_section(i, "推进滞缓项目", [w for w in i.warnings if w.kind in STUCK]),
        _warning_section(i, "本周新增预警", new),
    ]


def _monthly(i: _Inputs) -> list[Section]:
    return [_overview(i), _ranking(i, "积分排名"), _completion(i)]


def _quarterly(i: _Inputs) -> list[Section]:
    return [
        _overview(i),
        _ranking(i, "积分排名"),
        _completion(i),
        Section("工作亮点", tuple(highlights(i.board))),
        Section("后进单位", tuple(laggards(i.board, i.completions, i.unit_name, i.metric))),
        _warning_section(i, "项目预警", list(i.warnings)),
    ]


def _annual(i: _Inputs) -> list[Section]:
    awards = award_list(i.board, i.completions)
    rows = tuple((a.award, a.unit, a.rank, a.total, a.reason) for a in awards)
    table = Table(("奖项", "单位", "名次", "得分", "评定依据"), rows)
    return [
        _overview(i),
        _ranking(i, "年度积分排名"),
        _completion(i),
        Section(
            "评优结果",
            (AWARD_RULE_TEXT,) if rows else (AWARD_RULE_TEXT, "本年度无单位获奖。"),
            (table,) if rows else (),
        ),
    ]


def _overview(i: _Inputs) -> Section:
    total = sum((s.score.total for s in i.board), Decimal(0))
    red = {c.unit_id for c in i.completions if c.status is Status.RED}
    text = (
        f"{i.period.label_zh}，全区 {len(i.board)} 个单位参加赛马比拼，合计得分 {_num(total)} 分；"
        f"期内项目推进节点 {len(i.moved)} 个，在库项目预警 {len(i.warnings)} 条；"
        f"有 {len(red)} 个单位存在落后序时进度较多（红色）的指标。"
    )
    return Section("总体情况", (text,))


def _ranking(i: _Inputs, heading: str) -> Section:
    rows = tuple(
        (rank_text(s.ranked.rank), s.unit.name, s.score.total, change_text(s.ranked.change))
        for s in i.board
    )
    return Section(heading, tables=(Table(("名次", "单位", "得分", "较上期"), rows),))


def _completion(i: _Inputs) -> Section:
    headers = ("单位", "指标", "年度目标", "完成", "完成率（%）", "序时进度（%）", "状态")
    ordered = sorted(i.completions, key=lambda c: (_position(i.board, c.unit_id), c.metric))
    rows = tuple(
        (
            i.unit_name(c.unit_id),
            i.metric(c.metric),
            plain_decimal(c.target),
            plain_decimal(c.actual),
            _percent(c.rate) if c.rate is not None else "—",
            _percent(c.time_share),
            c.status.label,
        )
        for c in ordered
    )
    if not rows:
        return Section("年度任务完成情况", ("本年度尚未下达目标任务。",))
    return Section("年度任务完成情况", tables=(Table(headers, rows),))


def _moves(i: _Inputs) -> Section:
    rows = tuple(
        (
            zh_date(e.on),
            i.unit_of_path(e.unit_path),
            e.project_name,
            e.stage.label + ("（退回）" if e.moved_back else ""),
        )
        for e in sorted(i.moved, key=lambda e: (e.on, e.event_id))
    )
    if not rows:
        return Section("本周项目进展", ("本周无项目推进节点。",))
    scopes = tuple(e.unit_path for e in sorted(i.moved, key=lambda e: (e.on, e.event_id)))
    table = Table(("日期", "单位", "项目", "达到阶段"), rows, row_scopes=scopes)
    return Section("本周项目进展", tables=(table,))


def _warning_section(i: _Inputs, heading: str, found: Sequence[ProjectWarning]) -> Section:
    if not found:
        return Section(heading, ("无。",))
    rows = tuple(
        (i.unit_of_path(w.unit_path), w.project_name, w.kind.label, w.message) for w in found
    )
    scopes = tuple(w.unit_path for w in found)
    return Section(heading, tables=(Table(("单位", "项目", "预警类型", "情况"), rows, "", scopes),))


def highlights(board: Sequence[Standing]) -> list[str]:
    """The top three units and the biggest mover, in a bulletin's words."""
    scored = [s for s in board if s.score.total > 0]
    lines = [
        f"{s.unit.name}以 {_num(s.score.total)} 分位列第 {s.ranked.rank} 名。" for s in scored[:3]
    ]
    movers = [s for s in board if s.ranked.change is not None and s.ranked.change > 0]
    if movers:
        best = max(movers, key=lambda s: (s.ranked.change or 0, -(s.ranked.rank or 0)))
        lines.append(f"{best.unit.name}较上期上升 {best.ranked.change} 位，进步最快。")
    return lines or ["本期暂无得分单位。"]


def laggards(
    board: Sequence[Standing],
    completions: Iterable[Completion],
    unit_name: Callable[[int], str],
    metric: Callable[[str], str],
) -> list[str]:
    """The bottom unit(s) and every red target, in a bulletin's words."""
    lines = []
    if len(board) >= 3 and board[-1].ranked.rank is not None:
        bottom = [s for s in board if s.ranked.rank == board[-1].ranked.rank]
        names, points = "、".join(s.unit.name for s in bottom), _num(bottom[0].score.total)
        if len(bottom) == 1:
            lines.append(f"{names}得分 {points} 分，排名末位，需加快追赶。")
        else:
            lines.append(f"{names}得分均为 {points} 分，并列末位，需加快追赶。")
    for c in completions:
        if c.status is Status.RED and c.rate is not None:
            done = format_number(_percent(c.rate), trim=False)
            lines.append(f"{unit_name(c.unit_id)}“{metric(c.metric)}”完成 {done}%，{c.gap_text}。")
    return lines or ["本期无明显落后单位。"]


# ---------------------------------------------------------------------------------------------
# Awards
# ---------------------------------------------------------------------------------------------

AWARD_RULE_TEXT = (
    "评优规则：名次第 1–2 名、得分大于 0 且年度任务全部完成的单位评为一等奖；"
    "名次前 4 名、得分大于 0 且无红色（落后序时进度）指标的其余单位评为二等奖；"
    "其余得分大于 0、名次较上年上升 2 位及以上的单位评为进步奖。"
)


@dataclass(frozen=True)
class Award:
    award: str  # 一等奖, 二等奖, 进步奖
    unit: str
    rank: int
    total: Decimal
    reason: str


def award_list(board: Sequence[Standing], completions: Sequence[Completion]) -> list[Award]:
    """The year's awards by the rule in the module docstring, in the order of the board."""
    awards = []
    for s in board:
        mine = [c for c in completions if c.unit_id == s.unit.unit_id]
        found = _award_of(s, mine)
        if found is not None and s.ranked.rank is not None:
            awards.append(Award(found[0], s.unit.name, s.ranked.rank, s.score.total, found[1]))
    order = ("一等奖", "二等奖", "进步奖")
    return sorted(awards, key=lambda a: (order.index(a.award), a.rank))


def _award_of(s: Standing, mine: Sequence[Completion]) -> tuple[str, str] | None:
    if s.score.total <= 0:
        return None
    rank = s.ranked.rank
    if rank is None:
        return None
    if rank <= 2 and all(c.rate is None or c.rate >= 1 for c in mine):
        return "一等奖", f"第 {rank} 名，年度任务全部完成"
    if rank <= 4 and all(c.status is not Status.RED for c in mine):
        return "二等奖", f"第 {rank} 名，无红色指标"
    change = s.ranked.change
    if change is not None and change >= 2:
        return "进步奖", f"较上年上升 {change} 位"
    return None


# ---------------------------------------------------------------------------------------------
# Wording helpers
# ---------------------------------------------------------------------------------------------


def rank_text(rank: int | None) -> str | int:
    """A rank as a table shows it: 3, or 未排名 when nobody scored in the period."""
    return "未排名" if rank is None else rank


def change_text(change: int | None) -> str:
    if change is None:
        return "—"
    if change == 0:
        return "持平"
    return f"上升{change}位" if change > 0 else f"下降{-change}位"


def _percent(share: Decimal) -> Decimal:
    return (share * HUNDRED).quantize(Decimal("0.01"))


def _num(value: Decimal) -> str:
    return format_number(value)


def _position(board: Sequence[Standing], unit_id: int) -> int:
    return next((n for n, s in enumerate(board) if s.unit.unit_id == unit_id), len(board))


SECTIONS: dict[str, Callable[[_Inputs], list[Section]]] = {
    "weekly": _weekly,
    "monthly": _monthly,
    "quarterly": _quarterly,
    "annual": _annual,
}

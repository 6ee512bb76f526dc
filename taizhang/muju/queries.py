"""What the evaluation page, the API and the lists read from a year's run: the distribution by
class, each town's standing, the list with search and class filter, and last year's classes."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.numbers import format_number
from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.inputs import enterprise_years
from taizhang.muju.models import MujuRun
from taizhang.muju.results import GRADE_ORDER, ordered
from taizhang.muju.runs import current_run
from taizhang.org.models import Unit

NO_TOWN = "未归属镇街"


def year_runs(session: Session) -> list[MujuRun]:
    """Every year's current revision, latest year first."""
    runs = session.scalars(select(MujuRun).order_by(MujuRun.year.desc(), MujuRun.revision.desc()))
    seen: dict[int, MujuRun] = {}
    for run in runs:
        seen.setdefault(run.year, run)
    return list(seen.values())


def revisions(session: Session, year: int) -> list[MujuRun]:
    query = select(MujuRun).where(MujuRun.year == year).order_by(MujuRun.revision)
    return list(session.scalars(query))


@dataclass(frozen=True)
class LastYear:
    grades: dict[int, str]
    note: str  # where last year's classes came from


def last_year_grades(session: Session, run: MujuRun) -> LastYear:
    """Last year's classes: its run when there is one, else last year's ledger evaluated with
    this run's scheme (not stored) — said in `note`."""
    previous = current_run(session, run.year - 1)
    if previous is not None:
        grades = {r["enterprise_id"]: r["grade"] for r in previous.results}
        note = f"{run.year - 1} 年度评价第 {previous.revision} 版（{previous.scheme_version}）"
        return LastYear(grades, note)
    firms = enterprise_years(session, run.year - 1)
    if not firms:
        return LastYear({}, f"{run.year - 1} 年度没有台账数据")
    scheme = load_scheme(run.scheme_text, source=run.scheme_source)
    before = enterprise_years(session, run.year - 2)
    results = evaluate(firms, scheme, as_of=run.evaluated_on.replace(year=run.year - 1),
                       last_year=before)  # fmt: skip
    note = f"{run.year - 1} 年度未保存评价，按本次方案 {run.scheme_version} 试算"
    return LastYear({r.enterprise_id: r.grade for r in results}, note)


@dataclass(frozen=True)
class GradeCount:
    grade: str
    count: int
    share: Decimal  # of all enterprises in the run


def distribution(run: MujuRun) -> list[GradeCount]:
    total = len(run.results) or 1
    return [
        GradeCount(grade, count, Decimal(count) / total * 100)
        for grade, count in run.counts.items()
    ]


@dataclass(frozen=True)
class TownStanding:
    town: str
    evaluated: int  # graded A–D
    counts: dict[str, int]
    share_ab: Decimal  # % of the graded that are A or B
    average_score: Decimal | None
    tax_per_mu: Decimal | None  # Σ评价税收 ÷ Σ用地面积 of the graded, 万元/亩

    def count(self, grade: str) -> int:
        return self.counts.get(grade, 0)


def town_standings(run: MujuRun) -> list[TownStanding]:
    """Each town's standing, best share of A and B first."""
    by_town: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in run.results:
        if result["grade"] in GRADE_ORDER:
            by_town[result["town"] or NO_TOWN].append(result)
    standings = []
    for town, members in by_town.items():
        counts = Counter(m["grade"] for m in members)
        scores = [Decimal(m["score"]) for m in members]
        taxed = [m for m in members if m["tax"] is not None and m["land_mu"] is not None]
        land = sum((Decimal(m["land_mu"]) for m in taxed), Decimal(0))
        tax = sum((Decimal(m["tax"]) for m in taxed), Decimal(0))
        standings.append(
            TownStanding(
                town, len(members), dict(counts),
                Decimal(counts["A"] + counts["B"]) / len(members) * 100,
                sum(scores, Decimal(0)) / len(scores) if scores else None,
                tax / land if land else None,
            )
        )  # fmt: skip
    return sorted(standings, key=lambda s: (-s.share_ab, -(s.average_score or 0), s.town))


def visible_results(session: Session, run: MujuRun, scope_path: str | None) -> list[dict[str, Any]]:
    """The results a log-in may list: all of them, or its town's subtree's."""
    if scope_path is None:
        return ordered(run.results)
    inside = set(session.scalars(select(Unit.id).where(Unit.path.startswith(scope_path))))
    return [r for r in ordered(run.results) if r["town_id"] in inside]


def search(
    results: Sequence[dict[str, Any]], *, text: str = "", grade: str = ""
) -> list[dict[str, Any]]:
    """By name or credit code (any part), and by class."""
    needle = text.strip().upper()
    return [
        r
        for r in results
        if (not grade or r["grade"] == grade)
        and (not needle or needle in r["name"].upper() or needle in (r["credit_code"] or ""))
    ]


def shown(value: Decimal | None, places: int = 2) -> str:
    return "—" if value is None else format_number(value, places=places)

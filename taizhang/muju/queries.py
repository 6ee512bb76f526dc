"""What the evaluation page, the API and the lists read from a year's run: the distribution by
class, each town's standing, the list with search and class filter, and last year's classes.

`classes_by_year(session, years)` is the one place the enterprise library, an enterprise's page
and their API read an enterprise's class of a year from: the year's stored run (its latest
revision, 试算 / 公示中 / 已定级) when there is one, else computed live (试算, not stored) with
the pure engine over the ledger's figures under the district's scheme, with last year's figures
for benchmarks of 上年, as of the year's last day. Kept on the session (one request), so a page
that asks twice computes each year once."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.numbers import format_number
from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.model import EnterpriseYear, Evaluation
from taizhang.muju.engine.scheme import Scheme
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.inputs import enterprise_years
from taizhang.muju.models import MujuRun, RunState
from taizhang.muju.results import GRADE_ORDER, ordered
from taizhang.muju.runs import current_run
from taizhang.muju.schemes import scheme_text
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


# ── the classes the enterprise pages show ───────────────────────────────────

LIVE_STATE = RunState.TRIAL.label  # 试算: computed for the page, not stored
_CLASSES_KEY = "muju.classes_by_year"
_FIRMS_KEY = "muju.enterprise_years"
_SCHEME_KEY = "muju.district_scheme"


@dataclass(frozen=True)
class YearClasses:
    """One year's classes: each evaluated enterprise's `Evaluation`, and how final they are."""

    year: int
    state: str  # 试算, 公示中, 已定级 (a stored run's state; 试算 when computed live)
    scheme: str  # the scheme's version
    evaluations: Mapping[int, Evaluation]
    stored: bool = False  # from a stored run (else computed for this request)

    def of(self, enterprise_id: int) -> Evaluation | None:
        return self.evaluations.get(enterprise_id)

    def grade_of(self, enterprise_id: int) -> str | None:
        found = self.evaluations.get(enterprise_id)
        return found.grade if found else None


def classes_by_year(session: Session, years: Iterable[int]) -> dict[int, YearClasses]:
    """Each year's classes (a year without figures has none), read once per session."""
    cache: dict[int, YearClasses] = session.info.setdefault(_CLASSES_KEY, {})
    chosen = sorted(set(years))
    for year in chosen:
        if year not in cache:
            run = current_run(session, year)
            cache[year] = _stored(run) if run is not None else _live(session, year)
    return {year: cache[year] for year in chosen}


def _stored(run: MujuRun) -> YearClasses:
    evaluations = {
        int(r["enterprise_id"]): Evaluation(
            enterprise_id=int(r["enterprise_id"]),
            name=r["name"],
            category=r["category"],
            score=Decimal(r["score"]) if r["score"] is not None else None,
            grade=r["grade"],
            rank=r["rank"],
            ranked=r["ranked"],
            group=r.get("group", ""),
            grade_rule=r.get("grade_rule", ""),
            excluded=r.get("excluded", ""),
            treated_as=r.get("treated_as", ""),
        )
        for r in run.results
    }
    state = RunState(run.state).label
    return YearClasses(run.year, state, run.scheme_version, evaluations, stored=True)


def _live(session: Session, year: int) -> YearClasses:
    scheme = _district_scheme(session)
    firms = _firms(session, year)
    last_year = _firms(session, year - 1) if firms else []
    results = evaluate(firms, scheme, as_of=date(year, 12, 31), last_year=last_year)
    return YearClasses(year, LIVE_STATE, scheme.version, {r.enterprise_id: r for r in results})


def _firms(session: Session, year: int) -> list[EnterpriseYear]:
    """A year's figures, read once per session (a year's evaluation reads last year's too)."""
    cache: dict[int, list[EnterpriseYear]] = session.info.setdefault(_FIRMS_KEY, {})
    if year not in cache:
        cache[year] = enterprise_years(session, year)
    return cache[year]


def _district_scheme(session: Session) -> Scheme:
    scheme: Scheme | None = session.info.get(_SCHEME_KEY)
    if scheme is None:
        text = scheme_text()
        scheme = load_scheme(text.text, source=text.source)
        session.info[_SCHEME_KEY] = scheme
    return scheme

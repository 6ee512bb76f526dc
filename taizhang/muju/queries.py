"""What the evaluation page, the API and the lists read from a year's run: the distribution by
class, each town's standing, the list with search and class filter, and last year's classes.

`classes_by_year(session, years)` is the one place the enterprise library, an enterprise's page
and their API read an enterprise's class of a year from: the year's stored run (its latest
revision, 试算 / 公示中 / 已定级) when there is one, else computed live (试算, not stored) with
the pure engine over the ledger's figures under the configured scheme (`TAIZHANG_MUJU_SCHEME`,
as `taizhang muju evaluate` uses; else the district's), with last year's figures for benchmarks
of 上年, as of the year's last day. Kept on the session (one request), so a page that asks twice
computes each year once, for all its enterprises."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.numbers import format_number
from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.explain import ENGLISH
from taizhang.muju.engine.model import EnterpriseYear, Evaluation
from taizhang.muju.engine.scheme import Scheme
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.inputs import enterprise_years
from taizhang.muju.models import MujuRun, RunState
from taizhang.muju.results import GRADE_ORDER, ordered
from taizhang.muju.rows import evaluation_of
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


@functools.lru_cache(maxsize=16)
def _parsed(text: str, source: str) -> Scheme:
    return load_scheme(text, source=source)


def run_scheme(run: MujuRun) -> Scheme:
    """The scheme a run was computed with, read from the text the run keeps (its names in
    English too, when that text gives them)."""
    return _parsed(run.scheme_text, run.scheme_source)


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
    scheme = run_scheme(run)
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
_SCHEME_KEY = "muju.schemes"


@dataclass(frozen=True)
class YearClasses:
    """One year's classes: each evaluated enterprise's `Evaluation` and grade, and how final
    they are."""

    year: int
    state: str  # 试算, 公示中, 已定级 (a stored run's state; 试算 when computed live)
    scheme: str  # the scheme's version
    evaluations: Mapping[int, Evaluation]
    grades: Mapping[int, str]  # each enterprise's grade (or exclusion label)
    stored: bool = False  # from a stored run (else computed for this request)
    grades_en: Mapping[str, str] = field(default_factory=dict)  # a grade's English, if named

    def grade_in(self, grade: str, language: str) -> str:
        """A grade (not ranked: the exclusion's label) as the language writes it."""
        return (self.grades_en.get(grade) if language == ENGLISH else None) or grade

    def of(self, enterprise_id: int) -> Evaluation | None:
        return self.evaluations.get(enterprise_id)

    def grade_of(self, enterprise_id: int) -> str | None:
        return self.grades.get(enterprise_id)


class _StoredEvaluations(Mapping[int, Evaluation]):
    """A stored run's results as `Evaluation`s, each read from its row when first asked for (a
    page about one enterprise reads one row a year, not the whole run)."""

    def __init__(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self._rows = {int(row["enterprise_id"]): row for row in rows}
        self._read: dict[int, Evaluation] = {}

    def __getitem__(self, enterprise_id: int) -> Evaluation:
        if enterprise_id not in self._read:
            self._read[enterprise_id] = evaluation_of(self._rows[enterprise_id])
        return self._read[enterprise_id]

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def classes_by_year(
    session: Session, years: Iterable[int], *, scheme: Path | None = None
) -> dict[int, YearClasses]:
    """Each year's classes (a year without figures has none), read once per session. A year
    without a stored run is computed under `scheme` (the configured `TAIZHANG_MUJU_SCHEME`,
    else the district's shipped scheme), for every enterprise of the year at once."""
    cache: dict[tuple[int, Path | None], YearClasses] = session.info.setdefault(_CLASSES_KEY, {})
    chosen = sorted(set(years))
    for year in chosen:
        if (year, scheme) not in cache:
            run = current_run(session, year)
            found = _stored(run) if run is not None else _live(session, year, scheme)
            cache[year, scheme] = found
    return {year: cache[year, scheme] for year in chosen}


def _stored(run: MujuRun) -> YearClasses:
    grades = {int(r["enterprise_id"]): r["grade"] for r in run.results}
    english = {r["grade"]: r["grade_en"] for r in run.results if r.get("grade_en")}
    state, evaluations = RunState(run.state).label, _StoredEvaluations(run.results)
    return YearClasses(
        run.year, state, run.scheme_version, evaluations, grades, stored=True, grades_en=english
    )


def _live(session: Session, year: int, path: Path | None) -> YearClasses:
    scheme = _scheme(session, path)
    firms = _firms(session, year)
    last_year = _firms(session, year - 1) if firms else []
    results = evaluate(firms, scheme, as_of=date(year, 12, 31), last_year=last_year)
    grades = {r.enterprise_id: r.grade for r in results}
    evaluations = {r.enterprise_id: r for r in results}
    english = {r.grade: r.grade_en for r in results if r.grade_en}
    return YearClasses(year, LIVE_STATE, scheme.version, evaluations, grades, grades_en=english)


def _firms(session: Session, year: int) -> list[EnterpriseYear]:
    """A year's figures, read once per session (a year's evaluation reads last year's too)."""
    cache: dict[int, list[EnterpriseYear]] = session.info.setdefault(_FIRMS_KEY, {})
    if year not in cache:
        cache[year] = enterprise_years(session, year)
    return cache[year]


def _scheme(session: Session, path: Path | None) -> Scheme:
    """The scheme file at `path` (else the district's), read once per session."""
    schemes: dict[Path | None, Scheme] = session.info.setdefault(_SCHEME_KEY, {})
    if path not in schemes:
        text = scheme_text(path)
        schemes[path] = load_scheme(text.text, source=text.source)
    return schemes[path]

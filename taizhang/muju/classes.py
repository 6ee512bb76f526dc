"""The classes (A/B/C/D) pages show: `classes_by_year(session, years)` is the one place the
enterprise library, the enterprise page and their API read an enterprise's class of a year from.

For now every year is computed live (试算) with the pure engine over the ledger's figures
(`muju.inputs.enterprise_years`) under the district's scheme (`muju.schemes.DISTRICT_SCHEME`),
with last year's figures for benchmarks of 上年, evaluated as of the year's last day. The result
is kept on the session (one request), so a page that asks twice computes each year once (and
reads each year's figures once). Stored
evaluation runs (公示中, 已定级) are to be preferred here once they exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.model import EnterpriseYear, Evaluation
from taizhang.muju.engine.scheme import Scheme
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.inputs import enterprise_years
from taizhang.muju.schemes import scheme_text

TRIAL = "试算"
_CACHE_KEY = "muju.classes_by_year"
_SCHEME_KEY = "muju.district_scheme"
_FIRMS_KEY = "muju.enterprise_years"


@dataclass(frozen=True)
class YearClasses:
    """One year's classes: each evaluated enterprise's `Evaluation`, and how final they are."""

    year: int
    state: str  # 试算 (computed live); a stored run's 公示中 or 已定级 when there is one
    scheme: str  # the scheme's version, 南湖-2026
    evaluations: Mapping[int, Evaluation]

    def of(self, enterprise_id: int) -> Evaluation | None:
        return self.evaluations.get(enterprise_id)

    def grade_of(self, enterprise_id: int) -> str | None:
        found = self.evaluations.get(enterprise_id)
        return found.grade if found else None


def classes_by_year(session: Session, years: Iterable[int]) -> dict[int, YearClasses]:
    """Each year's classes (a year without figures has none), computed once per session."""
    cache: dict[int, YearClasses] = session.info.setdefault(_CACHE_KEY, {})
    for year in sorted(set(years)):
        if year not in cache:
            cache[year] = _evaluated(session, year)
    return {year: cache[year] for year in sorted(set(years))}


def _evaluated(session: Session, year: int) -> YearClasses:
    scheme = _district_scheme(session)
    firms = _firms(session, year)
    last_year = _firms(session, year - 1) if firms else []
    results = evaluate(firms, scheme, as_of=date(year, 12, 31), last_year=last_year)
    return YearClasses(year, TRIAL, scheme.version, {r.enterprise_id: r for r in results})


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

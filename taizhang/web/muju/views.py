"""What the evaluation page shows, gathered for its template: the class distribution as a bar
chart with its table, the towns' standing, the list (search, class filter), the actions a
district administrator may take now, the objections, and the year's revisions with what was
done to them; the scheme's names and the explanations in the page's language (`RunWords`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from taizhang.enterprises.ledger import FactField
from taizhang.kernel.errors import Invalid
from taizhang.muju.access import may_act
from taizhang.muju.engine.scheme import Scheme
from taizhang.muju.models import MujuRun, ObjectionStatus, RunAction, RunState
from taizhang.muju.policies import Tariffs, shipped_tariffs
from taizhang.muju.queries import (
    distribution,
    revisions,
    run_scheme,
    search,
    shown,
    town_standings,
    visible_results,
)
from taizhang.muju.results import GRADE_ORDER
from taizhang.muju.rows import evaluation_of
from taizhang.muju.runs import run_events, year_objections
from taizhang.org.access import scope_path
from taizhang.org.models import User
from taizhang.web.charts import Bar, bar_chart_svg
from taizhang.web.i18n import translate

PAGE_SIZE = 400  # the demo's few hundred firms fit on one page
CORRECTABLE = (FactField.LAND_MU, FactField.TAX, FactField.REVENUE, FactField.VALUE_ADDED,
               FactField.ENERGY_TCE, FactField.ELECTRICITY_KWH, FactField.EMISSIONS_T,
               FactField.WATER_T, FactField.EMPLOYEES, FactField.RND)  # fmt: skip


@dataclass(frozen=True)
class Actions:
    compute: bool
    publish: bool
    objection: bool
    freeze: bool

    @property
    def any(self) -> bool:
        return self.compute or self.publish or self.objection or self.freeze


def actions_for(user: User, run: MujuRun | None) -> Actions:
    if not may_act(user):
        return Actions(False, False, False, False)
    state = RunState(run.state) if run else None
    return Actions(
        compute=state in (None, RunState.TRIAL),
        publish=state == RunState.TRIAL,
        objection=state == RunState.PUBLISHED,
        freeze=state == RunState.PUBLISHED,
    )


@dataclass(frozen=True)
class RunWords:
    """What the page shows from the run's scheme and results, in the page's language: the
    scheme's title, classes, categories and explanations (English where the scheme gives it;
    explanations said from their steps, or as stored when the run kept none)."""

    scheme: Scheme
    language: str

    @property
    def title(self) -> str:
        english = self.language == "en" and self.scheme.title_en
        return english or self.scheme.title or self.scheme.version

    def grade(self, grade: str) -> str:
        english = self.language == "en" and self.scheme.grade_en(grade)
        return english or grade

    def category(self, row: Mapping[str, Any]) -> str:
        english = self.language == "en" and row.get("category_en")
        return str(english or row["category"])

    def explanation(self, row: Mapping[str, Any]) -> str:
        if self.language != "en":
            return str(row["explanation"])
        return evaluation_of(row).explained(self.language)


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    revision: int
    action: RunAction
    by: str  # who took it ("" for the system)


def history_lines(session: Session, revisions: Sequence[MujuRun]) -> list[HistoryLine]:
    """What was done to the year's evaluation, revision by revision, oldest first."""
    numbers = {run.id: run.revision for run in revisions}
    lines = []
    for event in run_events(session, list(numbers)):
        by = event.actor.display_name if event.actor else ""
        lines.append(HistoryLine(event.at, numbers[event.run_id], RunAction(event.action), by))
    return lines


def class_chart(run: MujuRun, words: RunWords) -> str:
    language = words.language
    bars = [
        Bar(words.grade(grade), count, href=f"/muju/{run.year}?grade={grade}#results")
        for grade, count in run.counts.items()
    ]
    title = translate("muju_chart_classes", language, year=run.year)
    return bar_chart_svg(bars, title=title, empty=translate("no_data", language))


def town_chart(run: MujuRun, language: str) -> str:
    bars = [Bar(s.town, round(float(s.share_ab), 1), caption="%") for s in town_standings(run)]
    title = translate("muju_chart_towns", language, year=run.year)
    return bar_chart_svg(bars, title=title, empty=translate("no_data", language))


def tariffs_for(year: int) -> Tariffs | None:
    try:
        return shipped_tariffs(year)
    except Invalid:
        return None


def page_context(
    session: Session,
    user: User,
    run: MujuRun | None,
    year: int,
    language: str,
    *,
    text: str = "",
    grade: str = "",
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "year": year,
        "run": run,
        "actions": actions_for(user, run),
        "query": text,
        "grade": grade,
        "grades": GRADE_ORDER,
        "correctable": CORRECTABLE,
        "num": shown,
    }
    if run is None:
        return context
    listed = visible_results(session, run, scope_path(user))
    found = search(listed, text=text, grade=grade)
    objections = year_objections(session, year)
    words = RunWords(run_scheme(run), language)
    history = revisions(session, year)
    return context | {
        "state": RunState(run.state),
        "words": words,
        "distribution": distribution(run),
        "class_svg": class_chart(run, words),
        "towns": town_standings(run),
        "town_svg": town_chart(run, language),
        "results": found[:PAGE_SIZE],
        "found": len(found),
        "listed": len(listed),
        "objections": objections,
        "open_objections": [o for o in objections if o.status == ObjectionStatus.OPEN],
        "revisions": history,
        "history": history_lines(session, history),
        "evaluated": [r for r in run.results if r["grade"] in GRADE_ORDER],
        "tariffs": tariffs_for(year),
        "all_results": sorted(run.results, key=lambda r: r["name"]),
    }

"""What the evaluation page shows, gathered for its template: the class distribution as a bar
chart with its table, the towns' standing, the list (search, class filter), the actions a
district administrator may take now, and the objections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from taizhang.enterprises.ledger import FactField
from taizhang.kernel.errors import Invalid
from taizhang.muju.access import may_act
from taizhang.muju.models import MujuRun, ObjectionStatus, RunState
from taizhang.muju.policies import Tariffs, shipped_tariffs
from taizhang.muju.queries import (
    distribution,
    revisions,
    search,
    shown,
    town_standings,
    visible_results,
)
from taizhang.muju.results import GRADE_ORDER
from taizhang.muju.runs import year_objections
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


def class_chart(run: MujuRun, language: str) -> str:
    bars = [
        Bar(grade, count, href=f"/muju/{run.year}?grade={grade}#results")
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
    return context | {
        "state": RunState(run.state),
        "distribution": distribution(run),
        "class_svg": class_chart(run, language),
        "towns": town_standings(run),
        "town_svg": town_chart(run, language),
        "results": found[:PAGE_SIZE],
        "found": len(found),
        "listed": len(listed),
        "objections": objections,
        "open_objections": [o for o in objections if o.status == ObjectionStatus.OPEN],
        "revisions": revisions(session, year),
        "evaluated": [r for r in run.results if r["grade"] in GRADE_ORDER],
        "tariffs": tariffs_for(year),
        "all_results": sorted(run.results, key=lambda r: r["name"]),
    }

"""The demo district's 亩均 evaluations, stored through the domain's own commands (`muju.runs`),
so the pages show every state a year's evaluation passes through:

- 2023 and 2024 were computed, published for seven days and frozen (已定级), each in May of the
  year after (a year and two years before the build day);
- 2025 was computed and published five days before the build day and is still 公示中: one
  objection was corrected (the figure a ledger event, the year a new revision, 第 2 版) and one
  dismissed.

Each year is evaluated under the district's scheme of that year: the shipped one
(`district-2026.toml`) for 2025, and for the earlier years the same rules under their own year's
header (version 本区-2024, 本区-2025), as a district carries its scheme from year to year.
Dates are placed relative to the build day, like the rest of the demo.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from taizhang.enterprises.ledger import FactField
from taizhang.muju.models import MujuRun
from taizhang.muju.runs import (
    compute_run,
    correct_objection,
    dismiss_objection,
    freeze_run,
    publish_run,
    record_objection,
)
from taizhang.muju.schemes import SchemeText, scheme_text
from taizhang.org.models import User

FROZEN_YEARS = (2023, 2024)
PUBLISHED_YEAR = 2025
PUBLISHED_DAYS_AGO = 5  # the 2025 run's 公示 began this many days before the build day
TRIAL_DAYS = 7  # a trial is checked for a week before it is published
FREEZE_AFTER = 9  # days after publication a year is frozen (its 7-day window over)


def build_muju_runs(session: Session, admin: User, *, today: date) -> MujuRun:
    """The demo's evaluation runs; returns the 2025 run's current (corrected) revision."""
    for year in FROZEN_YEARS:
        published = today - timedelta(days=PUBLISHED_DAYS_AGO + 365 * (PUBLISHED_YEAR - year))
        _publish(session, year, admin, published)
        freeze_run(session, year, actor=admin, now=_at(published + timedelta(days=FREEZE_AFTER)))
    published = today - timedelta(days=PUBLISHED_DAYS_AGO)
    run = _publish(session, PUBLISHED_YEAR, admin, published)
    return _objections(session, run, admin, published)


def _publish(session: Session, year: int, admin: User, published: date) -> MujuRun:
    computed = _at(published - timedelta(days=TRIAL_DAYS))
    compute_run(session, year, scheme_of(year), actor=admin, now=computed)
    return publish_run(session, year, actor=admin, now=_at(published))


def scheme_of(year: int) -> SchemeText:
    """The district's scheme for evaluating `year`: the shipped file for its own year, else the
    same rules under that year's header."""
    shipped = scheme_text()
    if year == PUBLISHED_YEAR:
        return shipped
    header = {
        "version": f"本区-{year + 1}",
        "title": f"{year}年度工业企业亩均效益综合评价（本区办法）",
        "title_en": f"Per-mu efficiency evaluation of industrial enterprises, {year}"
        " (the district's scheme)",
        "valid_from": f"{year + 1}-01-01",
        "valid_to": f"{year + 1}-12-31",
    }
    text = shipped.text
    for key, value in header.items():
        written = value if key.startswith("valid") else f'"{value}"'
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = {written}", text, count=1)
    return SchemeText(text, f"{shipped.source}，{year + 1} 年版（示范）")


def _objections(session: Session, run: MujuRun, admin: User, published: date) -> MujuRun:
    """Two objections to the 2025 results: a C firm's tax understated (corrected into a new
    revision), a D firm's land questioned (dismissed after the land bureau checked it)."""
    understated = _first(run, "C")
    tax = Decimal(understated["tax"])
    corrected = (tax * Decimal("1.4")).quantize(Decimal("0.1"))
    raised = published + timedelta(days=1)
    first = record_objection(
        session, run.year, enterprise_id=understated["enterprise_id"], raised_by="企业财务部",
        content=f"评价税收漏计了 12 月入库的一笔税款，应为 {corrected} 万元", raised_on=raised,
        actor=admin, now=_at(raised),
    )  # fmt: skip
    questioned = _first(run, "D")
    raised += timedelta(days=1)
    second = record_objection(
        session, run.year, enterprise_id=questioned["enterprise_id"], raised_by="企业负责人",
        content="用地面积核定偏大，请求复核", raised_on=raised, actor=admin, now=_at(raised),
    )  # fmt: skip
    revised = correct_objection(
        session, first.id, {FactField.TAX: corrected}, actor=admin,
        now=_at(raised + timedelta(days=1)), note="按税务局出具的完税证明更正评价税收",
    )  # fmt: skip
    dismiss_objection(
        session, second.id, reason="经区自然资源分局现场复核，用地面积核定无误", actor=admin,
        now=_at(raised + timedelta(days=2)),
    )  # fmt: skip
    return revised


def _first(run: MujuRun, grade: str) -> dict[str, Any]:
    """The first (by id) enterprise of 规上 with that grade and a stated tax."""
    return min(
        (r for r in run.results if r["grade"] == grade and r["tax"] and r["category"] == "规上"),
        key=lambda r: int(r["enterprise_id"]),
    )


def _at(day: date) -> datetime:
    return datetime.combine(day, time(2), tzinfo=UTC)  # 10:00 in the district

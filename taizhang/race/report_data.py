"""Reading a report's inputs from the ledger: standings, targets, actuals, warnings, moves.

`gather_report(session, kind, period, *, rules, as_of)` takes a session (it opens none) and
returns the `ReportData` of `reports.build_report`. The reference date `as_of` is the report's
date: warnings hold as of the period's end or `as_of`, whichever is earlier.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from taizhang.kernel.periods import Period
from taizhang.kernel.report_document import ReportData
from taizhang.org.models import User
from taizhang.org.units import district_name
from taizhang.race.engine.progress import Completion, completions
from taizhang.race.engine.ranking import Standing
from taizhang.race.engine.reports import ReportKind, build_report, check_kind
from taizhang.race.engine.rules import RuleSet
from taizhang.race.engine.warnings import ProjectWarning, WarningSettings, project_warnings
from taizhang.race.ledger_facts import project_snapshots
from taizhang.race.loading import stage_events
from taizhang.race.metrics import list_metrics
from taizhang.race.models import ReportSnapshot
from taizhang.race.snapshots import publish_snapshot
from taizhang.race.standings import standings
from taizhang.race.targets import actuals, targets_for

WHOLE_DISTRICT = "全区"  # a report's district on a ledger without a root unit


def gather_report(
    session: Session,
    kind: ReportKind,
    period: Period,
    *,
    rules: RuleSet,
    as_of: date,
    level: str = "town",
    warning_settings: WarningSettings | None = None,
    district: str | None = None,
) -> ReportData:
    """The report of a period as the ledger has it now; `district` is the setting
    `TAIZHANG_DISTRICT_NAME`, if any (otherwise the root unit's name)."""
    check_kind(kind, period)
    board = standings(session, period=period, rules=rules, level=level)
    return build_report(
        kind,
        period,
        standings=board,
        completions=_completions(session, period, board),
        warnings=_warnings(session, min(period.end, as_of), warning_settings or rules.warnings),
        moved=stage_events(session, start=period.start, end=period.end),
        as_of=as_of,
        district=district_name(session, district) or WHOLE_DISTRICT,
        rules_version=rules.version,
        metric_labels={m.code: m.label for m in list_metrics(session)},
    )


def _completions(session: Session, period: Period, board: list[Standing]) -> list[Completion]:
    paths = {s.unit.unit_id: s.unit.path for s in board}
    targets = targets_for(session, year=period.year, unit_ids=list(paths))
    if not targets:
        return []
    metrics = sorted({code for _, code in targets})
    done = actuals(session, year=period.year, until=period.end, units=paths, metrics=metrics)
    return completions(targets, done, as_of=period)


def _warnings(
    session: Session, as_of: date, settings: WarningSettings | None
) -> list[ProjectWarning]:
    chosen = settings or WarningSettings()
    since = as_of - timedelta(days=chosen.moved_back_days)
    snapshots = project_snapshots(session, as_of=as_of, moves_since=since)
    return project_warnings(snapshots, as_of=as_of, settings=chosen)


def publish_report(
    session: Session,
    kind: ReportKind,
    period: Period,
    *,
    rules: RuleSet,
    as_of: date,
    actor: User | None,
    now: datetime,
    level: str = "town",
    district: str | None = None,
) -> tuple[ReportData, ReportSnapshot]:
    """Gather the report as the ledger has it now and store it as the next published version."""
    report = gather_report(
        session, kind, period, rules=rules, as_of=as_of, level=level, district=district
    )
    snapshot = publish_snapshot(
        session,
        kind=kind,
        period_label=period.label,
        rules_version=rules.version,
        content=report.to_dict(),
        actor=actor,
        now=now,
    )
    return report, snapshot

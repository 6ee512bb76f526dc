"""亩均评价 runs: compute a year's evaluation from the enterprise ledger, publish it for
objections (公示), record objections and corrections, and freeze it (定级).

States: 试算 → 公示中 → 已定级. A trial may be computed again (a new revision replaces it); a
published run changes only through a correction, which records the corrected figure in the
ledger (an event with its source: the objection) and recomputes the year as a new revision, still
公示中 with the same window; a frozen run changes no more. Every action is a `MujuRunEvent` with
the person who took it. Commands flush and never commit.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.enterprises.ledger import (
    FIGURE_UNITS,
    FactField,
    ledger_years,
    record_facts,
)
from taizhang.enterprises.models import Enterprise
from taizhang.kernel.calendar_files import district_calendar
from taizhang.kernel.clock import district_date
from taizhang.kernel.db import lock_row
from taizhang.kernel.errors import Conflict, Invalid, NotFound
from taizhang.kernel.numbers import format_number
from taizhang.kernel.sources import Source, SourceKind
from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.model import Evaluation
from taizhang.muju.engine.scheme import Scheme
from taizhang.muju.engine.schemefile import load_scheme
from taizhang.muju.inputs import as_enterprise_year
from taizhang.muju.models import (
    MujuObjection,
    MujuRun,
    MujuRunEvent,
    ObjectionStatus,
    RunAction,
    RunState,
)
from taizhang.muju.rows import input_row, result_row
from taizhang.muju.schemes import SchemeText
from taizhang.org.access import require_district_admin
from taizhang.org.models import Unit, UnitKind, User

DEFAULT_WINDOW_DAYS = 7  # 公示 days when neither the command nor the scheme says (Jingning: 7)
TOWN_KINDS = (UnitKind.TOWN.value, UnitKind.STREET.value, UnitKind.PLATFORM.value)


# ── reading a year's run ──────────────────────────────────────────────────────


def current_run(session: Session, year: int) -> MujuRun | None:
    """The year's latest revision, or None when the year was never evaluated."""
    query = select(MujuRun).where(MujuRun.year == year).order_by(MujuRun.revision.desc())
    return session.scalars(query.limit(1)).first()


def require_run(session: Session, year: int) -> MujuRun:
    run = current_run(session, year)
    if run is None:
        raise NotFound(
            f"{year} 年度还没有亩均评价，请先试算（taizhang muju evaluate --year {year}）"
            f" (no evaluation of {year} yet)"
        )
    return run


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise Invalid(f"评价年度 {year} 不在 2000–2100 之间 (year out of range)")


# ── computing ────────────────────────────────────────────────────────────────


def compute_run(
    session: Session,
    year: int,
    scheme: SchemeText,
    *,
    actor: User | None,
    now: datetime,
) -> MujuRun:
    """A new trial (试算) revision of the year's evaluation. Refused once the year is published
    (only a correction changes it then) or frozen."""
    check_year(year)
    require_district_admin(actor, "试算亩均评价 (compute an evaluation)")
    parsed = load_scheme(scheme.text, source=scheme.source)
    previous = current_run(session, year)
    if previous is not None:
        lock_row(session, previous)
        if previous.state == RunState.FROZEN:
            raise Conflict(f"{year} 年度亩均评价已定级，不能重新试算 (the year is frozen)")
        if previous.state == RunState.PUBLISHED:
            raise Conflict(
                f"{year} 年度亩均评价正在公示，公示中只能通过异议更正重算"
                " (published: only a correction recomputes it)"
            )
    run = _new_revision(session, year, parsed, scheme, previous, now=now, actor=actor)
    _event(session, run, RunAction.COMPUTED, actor, now, note=f"方案 {parsed.version}")
    return run


def _new_revision(
    session: Session,
    year: int,
    scheme: Scheme,
    text: SchemeText,
    previous: MujuRun | None,
    *,
    now: datetime,
    actor: User | None,
) -> MujuRun:
    ledger = ledger_years(session, year)
    if not ledger:
        raise Invalid(f"企业台账里没有 {year} 年度的数据，无法评价 (no figures for {year})")
    firms = [as_enterprise_year(entry) for entry in ledger]
    last_year = [as_enterprise_year(entry) for entry in ledger_years(session, year - 1)]
    as_of = date(year, 12, 31)
    evaluations = evaluate(firms, scheme, as_of=as_of, last_year=last_year)
    towns = _towns(session)
    revision = (
        session.scalar(select(func.max(MujuRun.revision)).where(MujuRun.year == year)) or 0
    ) + 1
    run = MujuRun(
        year=year,
        revision=revision,
        state=RunState.TRIAL.value,
        scheme_version=scheme.version,
        scheme_title=scheme.title or scheme.version,
        scheme_source=text.source,
        scheme_text=text.text,
        scheme_hash=hashlib.sha256(text.text.encode("utf-8")).hexdigest(),
        evaluated_on=as_of,
        inputs=[input_row(entry, firm) for entry, firm in zip(ledger, firms, strict=True)],
        results=[
            result_row(result, entry, towns)
            for result, entry in zip(evaluations, ledger, strict=True)
        ],
        counts=class_counts(evaluations),
        created_at=now,
        created_by_id=actor.id if actor else None,
    )
    session.add(run)
    session.flush()
    if previous is not None:
        previous.superseded_by_id = run.id
        session.flush()
    return run


def class_counts(evaluations: Sequence[Evaluation]) -> dict[str, int]:
    """How many enterprises each class (or exclusion label) holds, best class first."""
    counted = Counter(e.grade for e in evaluations)
    return dict(sorted(counted.items(), key=lambda item: (item[0] not in "ABCD", item[0])))


def _towns(session: Session) -> dict[int, tuple[int, str]]:
    """Each unit's town, street or platform (the level towns are compared at)."""
    units = {u.id: u for u in session.scalars(select(Unit))}
    towns: dict[int, tuple[int, str]] = {}
    for unit in units.values():
        ids = [int(part) for part in unit.path.strip("/").split("/") if part.isdigit()]
        town = next((units[i] for i in ids if i in units and units[i].kind in TOWN_KINDS), None)
        if town is not None:
            towns[unit.id] = (town.id, town.name)
    return towns


# ── publishing ───────────────────────────────────────────────────────────────


def publish_run(
    session: Session,
    year: int,
    *,
    actor: User | None,
    now: datetime,
    days: int | None = None,
) -> MujuRun:
    """Publish the year's trial for objections: N days from the command, else the scheme's,
    else 7; counted on the working-day calendar when the scheme says so. The window starts the
    day after publication and its last day is `window_ends_on`."""
    require_district_admin(actor, "公示亩均评价结果 (publish an evaluation)")
    run = require_run(session, year)
    lock_row(session, run)
    if run.state == RunState.PUBLISHED:
        raise Conflict(
            f"{year} 年度亩均评价已在公示中（至 {run.window_ends_on} 止），不能重复公示"
            " (already published)"
        )
    if run.state == RunState.FROZEN:
        raise Conflict(f"{year} 年度亩均评价已定级，不能再公示 (already frozen)")
    scheme = load_scheme(run.scheme_text, source=run.scheme_source)
    if days is not None and not 1 <= days <= 60:
        raise Invalid(f"公示天数应在 1–60 天之间：{days} (days must be 1–60)")
    window = days or scheme.publication_days or DEFAULT_WINDOW_DAYS
    working = scheme.publication_working_days
    today = district_date(now)
    if working:
        ends = district_calendar(session).add_working_days(today, window)
    else:
        ends = today + timedelta(days=window)
    run.state = RunState.PUBLISHED.value
    run.published_on = today
    run.window_days = window
    run.window_working_days = working
    run.window_ends_on = ends
    kind = "个工作日" if working else "天"
    note = f"公示 {window} {kind}：{today.isoformat()} 起，至 {ends.isoformat()} 止"
    _event(session, run, RunAction.PUBLISHED, actor, now, note=note)
    return run


# ── objections and corrections ───────────────────────────────────────────────


def record_objection(
    session: Session,
    year: int,
    *,
    enterprise_id: int,
    raised_by: str,
    content: str,
    raised_on: date,
    actor: User | None,
    now: datetime,
) -> MujuObjection:
    """Record an objection raised during the 公示 against one enterprise's result."""
    require_district_admin(actor, "登记异议 (record an objection)")
    run = require_run(session, year)
    lock_row(session, run)
    _require_published(run, "登记异议 (record an objection)")
    assert run.published_on is not None and run.window_ends_on is not None
    if not run.published_on <= raised_on <= run.window_ends_on:
        raise Invalid(
            f"异议须在公示期内提出（{run.published_on} 至 {run.window_ends_on}），"
            f"{raised_on} 不在其中 (outside the objection window)"
        )
    if raised_on > district_date(now):
        raise Invalid(f"提出日期 {raised_on} 晚于今天 (raised in the future)")
    names = {row["enterprise_id"]: row["name"] for row in run.results}
    if enterprise_id not in names:
        raise Invalid(f"企业 {enterprise_id} 不在 {year} 年度的评价结果中 (not evaluated)")
    who, what = raised_by.strip(), content.strip()
    if not who or not what:
        raise Invalid("请写明异议人和异议内容 (who objects, and what, are required)")
    objection = MujuObjection(
        run_id=run.id,
        enterprise_id=enterprise_id,
        raised_by=who[:100],
        content=what,
        raised_on=raised_on,
        recorded_at=now,
        recorded_by_id=actor.id if actor else None,
        status=ObjectionStatus.OPEN.value,
    )
    session.add(objection)
    session.flush()
    note = f"{names[enterprise_id]}：{who} 于 {raised_on} 提出：{what}"
    _event(
        session, run, RunAction.OBJECTION, actor, now, note=note, detail={"objection": objection.id}
    )
    return objection


def correct_objection(
    session: Session,
    objection_id: int,
    figures: Mapping[FactField, Decimal],
    *,
    actor: User | None,
    now: datetime,
    note: str = "",
) -> MujuRun:
    """Settle an objection by correcting figures: each becomes a ledger event whose source is
    the objection, then the year is recomputed as a new revision (still 公示中, same window)."""
    require_district_admin(actor, "更正评价数据 (correct figures)")
    objection = _open_objection(session, objection_id)
    run = require_run(session, session.get_one(MujuRun, objection.run_id).year)
    lock_row(session, run)
    _require_published(run, "更正数据 (correct figures)")
    if not figures:
        raise Invalid("请至少给出一项更正后的数据 (no corrected figure)")
    enterprise = session.get_one(Enterprise, objection.enterprise_id)
    label = f"{run.year}年度亩均评价异议第{objection.id}号（{objection.raised_by}）更正"
    source = Source(SourceKind.USER, label=label[:300])
    record_facts(
        session, enterprise, dict(figures), year=run.year, source=source, actor=actor,
        now=now, reason=note or objection.content,
    )  # fmt: skip
    scheme = load_scheme(run.scheme_text, source=run.scheme_source)
    text = SchemeText(run.scheme_text, run.scheme_source)
    revised = _new_revision(session, run.year, scheme, text, run, now=now, actor=actor)
    revised.state = RunState.PUBLISHED.value
    revised.published_on = run.published_on
    revised.window_days = run.window_days
    revised.window_working_days = run.window_working_days
    revised.window_ends_on = run.window_ends_on
    objection.status = ObjectionStatus.CORRECTED.value
    objection.resolution = note or "按异议更正数据并重算"
    objection.resolved_at = now
    objection.resolved_by_id = actor.id if actor else None
    objection.corrected_run_id = revised.id
    changed = "、".join(
        f"{fact.label} {format_number(value)} {FIGURE_UNITS.get(fact, '')}".strip()
        for fact, value in figures.items()
    )
    _event(
        session, revised, RunAction.CORRECTED, actor, now,
        note=f"{enterprise.name}：{changed}（第 {revised.revision} 版，替代第 {run.revision} 版）",
        detail={"objection": objection.id, "replaces": run.id},
    )  # fmt: skip
    session.flush()
    return revised


def dismiss_objection(
    session: Session, objection_id: int, *, reason: str, actor: User | None, now: datetime
) -> MujuObjection:
    require_district_admin(actor, "处理异议 (settle an objection)")
    objection = _open_objection(session, objection_id)
    run = session.get_one(MujuRun, objection.run_id)
    if not reason.strip():
        raise Invalid("请写明不予采纳的理由 (a reason is required)")
    objection.status = ObjectionStatus.DISMISSED.value
    objection.resolution = reason.strip()
    objection.resolved_at = now
    objection.resolved_by_id = actor.id if actor else None
    current = require_run(session, run.year)
    _event(session, current, RunAction.DISMISSED, actor, now, note=reason.strip(),
           detail={"objection": objection.id})  # fmt: skip
    return objection


def _open_objection(session: Session, objection_id: int) -> MujuObjection:
    objection = session.get(MujuObjection, objection_id)
    if objection is None:
        raise NotFound(f"没有第 {objection_id} 号异议 (no such objection)")
    if objection.status != ObjectionStatus.OPEN:
        status = ObjectionStatus(objection.status).label
        raise Conflict(f"第 {objection_id} 号异议已处理（{status}） (already settled)")
    return objection


def year_objections(session: Session, year: int) -> list[MujuObjection]:
    """Every objection to any revision of the year's run, oldest first."""
    query = (
        select(MujuObjection)
        .join(MujuRun, MujuRun.id == MujuObjection.run_id)
        .where(MujuRun.year == year)
        .order_by(MujuObjection.id)
    )
    return list(session.scalars(query))


# ── freezing ─────────────────────────────────────────────────────────────────


def freeze_run(session: Session, year: int, *, actor: User | None, now: datetime) -> MujuRun:
    """定级: the published run becomes final once its window is over and every objection is
    settled."""
    require_district_admin(actor, "定级 (freeze an evaluation)")
    run = require_run(session, year)
    lock_row(session, run)
    if run.state == RunState.FROZEN:
        raise Conflict(f"{year} 年度亩均评价已定级 (already frozen)")
    if run.state == RunState.TRIAL:
        raise Conflict(
            f"{year} 年度亩均评价还是试算结果，须先公示、期满后才能定级 (publish it first)"
        )
    assert run.window_ends_on is not None
    today = district_date(now)
    if today <= run.window_ends_on:
        raise Conflict(
            f"公示期至 {run.window_ends_on} 止，期满后（{run.window_ends_on + timedelta(days=1)}"
            " 起）才能定级 (the objection window is still open)"
        )
    open_ones = [o for o in year_objections(session, year) if o.status == ObjectionStatus.OPEN]
    if open_ones:
        numbers = "、".join(f"第 {o.id} 号" for o in open_ones)
        raise Conflict(
            f"还有 {len(open_ones)} 件异议未处理（{numbers}），处理后才能定级"
            " (objections are still open)"
        )
    run.state = RunState.FROZEN.value
    run.frozen_at = now
    _event(session, run, RunAction.FROZEN, actor, now, note=f"第 {run.revision} 版定级")
    return run


def _require_published(run: MujuRun, what: str) -> None:
    zh = what.split(" (")[0]
    if run.state == RunState.TRIAL:
        raise Conflict(f"{run.year} 年度亩均评价尚未公示，不能{zh} (not published)")
    if run.state == RunState.FROZEN:
        raise Conflict(f"{run.year} 年度亩均评价已定级，不能再{zh} (already frozen)")


def run_events(session: Session, run_ids: Sequence[int]) -> list[MujuRunEvent]:
    query = select(MujuRunEvent).where(MujuRunEvent.run_id.in_(run_ids))
    return list(session.scalars(query.order_by(MujuRunEvent.id)))


def _event(
    session: Session,
    run: MujuRun,
    action: RunAction,
    actor: User | None,
    now: datetime,
    *,
    note: str = "",
    detail: dict[str, Any] | None = None,
) -> MujuRunEvent:
    event = MujuRunEvent(
        run_id=run.id, action=action.value, at=now, actor_id=actor.id if actor else None,
        note=note or None, detail=detail,
    )  # fmt: skip
    session.add(event)
    session.flush()
    return event

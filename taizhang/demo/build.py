"""Building the demo district through the ledger's own functions, so every figure has events."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal
from taizhang.appeals.people import compounds_of
from taizhang.demo.achievements import build_achievements
from taizhang.demo.appeals import build_appeals
from taizhang.demo.chains import build_chains
from taizhang.demo.compounds import build_compound_units
from taizhang.demo.data import (
    DEMO_LABEL,
    DEMO_PASSWORD,
    DISTRICT_CODE,
    DISTRICT_NAME,
    ENTERPRISES,
    NEWSPAPER,
    PROJECTS,
    STAGE_NOTES,
    UNITS,
    USERS,
    EnterpriseRow,
    ProjectRow,
    UserRow,
)
from taizhang.demo.enterprise_ledger import build_enterprise_ledger
from taizhang.demo.incentives import build_incentives
from taizhang.demo.muju_runs import build_muju_runs
from taizhang.demo.policies import build_policies
from taizhang.demo.reports import file_report
from taizhang.demo.targets import set_demo_targets
from taizhang.enterprises.models import Enterprise
from taizhang.enterprises.registry import create_enterprise
from taizhang.kernel.base import Base
from taizhang.kernel.codes import credit_code_check_char, organisation_code_check_char
from taizhang.kernel.money import parse_money
from taizhang.kernel.sources import Source, SourceKind
from taizhang.kernel.stages import STAGES, Stage
from taizhang.org.models import Role, Unit, User
from taizhang.org.units import create_unit, is_within
from taizhang.org.users import create_user
from taizhang.projects.commands import (
    add_note,
    change_figures,
    create_project,
    plan_stage,
    reach_stage,
)
from taizhang.projects.models import Event, Project
from taizhang.projects.projection import Capacity, Investor

logger = logging.getLogger(__name__)

SYSTEM = Source(SourceKind.SYSTEM, label=DEMO_LABEL)
DAYS_PER_MONTH = 30


class DemoAccount(NamedTuple):
    username: str
    password: str
    role_label: str
    unit_name: str
    duty: str = ""  # e.g. the compounds an instructor covers


@dataclass(frozen=True)
class DemoSummary:
    units: int
    enterprises: int
    projects: int
    events: int
    appeals: int
    accounts: tuple[DemoAccount, ...]


@dataclass
class _World:
    session: Session
    today: date
    rng: random.Random
    units: dict[str, Unit]
    enterprises: dict[str, Enterprise]
    users: dict[str, User]
    projects: dict[str, Project] = field(default_factory=dict)


def build_demo(session: Session, *, today: date) -> DemoSummary:
    """Fill an empty ledger with the demo district, its dates placed relative to `today`."""
    units = _build_units(session)
    units.update(build_compound_units(session, units))  # before the accounts of their parties
    world = _World(
        session,
        today,
        random.Random(42),
        units,
        {row.key: _build_enterprise(session, row, units) for row in ENTERPRISES},
        {row.username: _build_user(session, row, units) for row in USERS},
    )
    for row in PROJECTS:
        world.projects[row.key] = _build_project(world, row)
    set_demo_targets(session, units, today=today)
    build_enterprise_ledger(session, units, corrector=world.users["jingxin"])
    build_muju_runs(session, world.users["admin"], today=today)
    build_appeals(
        session,
        units=units,
        users=world.users,
        enterprises=world.enterprises,
        projects=world.projects,
        today=today,
    )
    by_id = {unit.id: unit for unit in units.values()}
    enterprises = {
        key: (e.name, by_id.get(e.unit_id) if e.unit_id else None)
        for key, e in world.enterprises.items()
    }
    build_incentives(session, units, enterprises, world.users["admin"], today=today)
    build_policies(session, world.users["admin"], today=today)
    firms = list(world.enterprises.values())
    build_achievements(session, world.users["admin"], firms, today=today)
    build_chains(session, units[DISTRICT_NAME], world.users["touzhong"], today=today)
    summary = _summary(session, world.users)
    counts = (summary.projects, summary.events, summary.appeals)
    logger.info("demo built: %d projects, %d events, %d appeals", *counts)
    return summary


def holds_demo(session: Session) -> bool:
    """True when the ledger's events include the demo's own (so it may be rebuilt)."""
    marker = select(Event.id).where(
        Event.source_kind == SourceKind.SYSTEM, Event.source_label == DEMO_LABEL
    )
    return session.scalar(marker.limit(1)) is not None


def _credit_code(org_body: str) -> str:
    """A well-formed 统一社会信用代码: 91 + the district's code + body + both check characters."""
    first17 = f"91{DISTRICT_CODE}{org_body}{organisation_code_check_char(org_body)}"
    return first17 + credit_code_check_char(first17)


def _build_units(session: Session) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for row in UNITS:
        parent = units[row.parent] if row.parent else None
        units[row.name] = create_unit(
            session, code=row.code, name=row.name, kind=row.kind, parent=parent
        )
    return units


def _build_enterprise(session: Session, row: EnterpriseRow, units: dict[str, Unit]) -> Enterprise:
    enterprise = create_enterprise(
        session,
        name=row.name,
        aliases=row.aliases,
        credit_code=_credit_code(row.org_body) if row.org_body else None,
        industry_code=row.industry,
        chain=row.chain,
        is_chain_leader=row.leader,
    )
    enterprise.unit_id = units[row.unit].id
    return enterprise


def _build_user(session: Session, row: UserRow, units: dict[str, Unit]) -> User:
    return create_user(
        session,
        username=row.username,
        password=DEMO_PASSWORD,
        role=row.role,
        display_name=row.display_name,
        unit=units[row.unit] if row.unit else None,
    )


def _summary(session: Session, users: dict[str, User]) -> DemoSummary:
    accounts = tuple(
        DemoAccount(
            user.username,
            DEMO_PASSWORD,
            Role(user.role).label,
            user.unit.name if user.unit else DISTRICT_NAME,
            _duty(session, user),
        )
        for user in users.values()
    )
    return DemoSummary(
        units=_count(session, Unit),
        enterprises=_count(session, Enterprise),
        projects=_count(session, Project),
        events=_count(session, Event),
        appeals=_count(session, Appeal),
        accounts=accounts,
    )


def _duty(session: Session, user: User) -> str:
    compounds = compounds_of(session, user)
    return f"指导员：{'、'.join(c.name for c in compounds)}" if compounds else ""


def _count(session: Session, model: type[Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


@dataclass
class _History:
    """Writes one project's events in date order, choosing who or what each came from."""

    world: _World
    row: ProjectRow
    clerk: User  # the unit's staff member, or the district admin
    project: Project | None = None
    last: datetime | None = None

    @property
    def current(self) -> Project:
        assert self.project is not None, "open the project first"
        return self.project

    def at(self, day: date) -> datetime:
        """A working-hours moment on `day` (UTC), never before the previous event."""
        rng = self.world.rng
        moment = datetime.combine(day, time(rng.randint(0, 8), rng.randint(0, 59)), tzinfo=UTC)
        if self.last is not None and moment <= self.last:
            moment = self.last + timedelta(minutes=rng.randint(3, 40))
        self.last = moment
        return moment

    def source(self) -> tuple[Source, User | None]:
        if self.world.rng.random() < 0.3:
            return SYSTEM, None
        return Source.user(self.clerk), self.clerk

    def open(self, day: date, figures: dict[str, Any]) -> None:
        self.project = create_project(
            self.world.session,
            name=self.row.name,
            unit=self.world.units[self.row.unit],
            stage_on=day,
            figures=figures,
            source=Source.user(self.clerk),
            actor=self.clerk,
            now=self.at(day),
        )

    def plan(self, stage: Stage, on: date, day: date) -> None:
        source, actor = self.source()
        plan_stage(
            self.world.session,
            self.current,
            stage,
            on=on,
            source=source,
            actor=actor,
            now=self.at(day),
        )

    def reach(self, stage: Stage, day: date) -> None:
        if stage is self.row.news:  # the newspaper told of it: file its report
            file_report(
                self.world.session,
                self.current,
                self.row.key,
                stage=stage,
                newspaper=NEWSPAPER,
                published=day,
                now=self.at(day),
            )
            return
        source, actor = self.source()
        reach_stage(
            self.world.session,
            self.current,
            stage,
            on=day,
            source=source,
            actor=actor,
            now=self.at(day),
        )

    def figures(self, values: dict[str, Any], stage: Stage, day: date, reason: str) -> None:
        source, actor = self.source()
        change_figures(
            self.world.session,
            self.current,
            values,
            source=source,
            actor=actor,
            reason=reason,
            occurred_on=day,
            now=self.at(day),
        )

    def note(self, text: str, day: date) -> None:
        source = Source.user(self.clerk)
        add_note(
            self.world.session,
            self.current,
            text,
            source=source,
            actor=self.clerk,
            now=self.at(day),
        )

    def maybe_note(self, stage: Stage, day: date) -> None:
        if self.world.rng.random() < 0.5:
            self.note(self.world.rng.choice(STAGE_NOTES[stage]), day)


def _build_project(world: _World, row: ProjectRow) -> Project:
    days = _stage_days(row, world.today, world.rng)
    history = _History(world, row, _clerk(world, world.units[row.unit]))
    opening = _opening_figures(world, row)
    if row.stage is Stage.TALKS:
        opening.update(_signing_figures(row, days, world.today))
    history.open(days[0], opening)
    history.maybe_note(Stage.TALKS, days[0])
    for stage, day, previous in zip(STAGES[1:], days[1:], days, strict=False):
        history.plan(stage, day + timedelta(days=world.rng.randint(-10, 20)), previous)
        history.reach(stage, day)
        _stage_figures(history, stage, days, world.today)
        history.maybe_note(stage, day)
    _plan_ahead(history, days[-1])
    _latest(history, days[-1])
    return history.current


def _stage_days(row: ProjectRow, today: date, rng: random.Random) -> list[date]:
    """The day each stage up to `row.stage` was reached, spread from the talks to lately."""
    start = today - timedelta(days=row.months * DAYS_PER_MONTH)
    overdue = row.due is not None and row.due < 0
    lately = rng.randint(30, 60) - (row.due or 0) if overdue else rng.randint(5, 60)
    end = today - timedelta(days=lately)
    steps = row.stage.order
    if steps == 0:
        return [start]
    step = (end - start) / steps
    middle = [start + step * n + timedelta(days=rng.randint(-3, 3)) for n in range(1, steps)]
    return [start, *middle, end]


def _clerk(world: _World, unit: Unit) -> User:
    """Who files a project's events: the staff of the unit it lies in, else the district admin."""
    for user in world.users.values():
        if user.role == Role.UNIT_STAFF and user.unit and is_within(unit, user.unit):
            return user
    return next(u for u in world.users.values() if u.role == Role.DISTRICT_ADMIN)


def _opening_figures(world: _World, row: ProjectRow) -> dict[str, Any]:
    investment = parse_money(row.estimate or row.investment)
    investor = world.enterprises[row.investor] if row.investor else None
    parent = world.projects[row.parent] if row.parent else None
    return _known(
        {
            "chain": row.chain,
            "phase": row.phase,
            "parent_id": parent.id if parent else None,
            "investment": investment,
            "capital_origin": "内资" if investment.currency == "CNY" else "外资",
            "attraction_method": row.method,
            "investors": (Investor(investor.id, investor.name),) if investor else (),
        }
    )


def _signing_figures(row: ProjectRow, days: list[date], today: date) -> dict[str, Any]:
    """What the investment agreement fixes: land, capacity, output, the final investment."""
    started = days[Stage.CONSTRUCTION.order] if len(days) > Stage.CONSTRUCTION.order else None
    carried_over = started is not None and started < date(today.year, 1, 1)
    return _known(
        {
            "investment": parse_money(row.investment),
            "land_mu": Decimal(row.land) if row.land else None,
            "annual_output": parse_money(row.output) if row.output else None,
            "capacities": tuple(Capacity(Decimal(v), u, p) for v, u, p in row.capacities),
            "build_type": "续建" if carried_over else "新建",
        }
    )


def _known(figures: dict[str, Any]) -> dict[str, Any]:
    """Leave out figures nobody has named yet (None would read as clearing them)."""
    return {key: value for key, value in figures.items() if value is not None and value != ()}


def _stage_figures(history: _History, stage: Stage, days: list[date], today: date) -> None:
    day = days[stage.order]
    if stage is Stage.SIGNED:
        figures = _signing_figures(history.row, days, today)
        history.figures(figures, stage, day, reason="按投资协议核定")
    elif stage is Stage.COMPLETED:
        history.figures({"progress_pct": Decimal(100)}, stage, day, reason="竣工验收通过")


def _plan_ahead(history: _History, last: date) -> None:
    """Plan the next stage (in the past for overdue projects) and any further ones."""
    row, world = history.row, history.world
    if row.stage is Stage.FULL_CAPACITY:
        return
    due = row.due if row.due is not None else world.rng.randint(20, 200)
    following = STAGES[row.stage.order + 1]
    history.plan(following, world.today + timedelta(days=due), last)
    for stage, days_ahead in row.plans:
        history.plan(stage, world.today + timedelta(days=days_ahead), last)


def _latest(history: _History, last: date) -> None:
    """The most recent word on the project: works progress, then the row's own notes."""
    row = history.row
    if row.progress is not None:
        progress = {"progress_pct": Decimal(row.progress)}
        history.figures(progress, row.stage, last + timedelta(days=2), reason="现场核实形象进度")
    for text in row.notes:
        history.note(text, last + timedelta(days=3))

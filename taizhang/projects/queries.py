"""Read side of the project ledger: filtered lists and the dashboard's figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from taizhang.kernel.errors import Invalid
from taizhang.kernel.stages import STAGES, Stage
from taizhang.org.models import Unit
from taizhang.org.units import COMPOUND_PARTIES
from taizhang.projects.models import COUNTED, Project, ProjectPlanRollup, ProjectRollup
from taizhang.projects.projection import SIZE_BAND_BY_CODE
from taizhang.projects.rollups import month_of
from taizhang.projects.search import matching_ids

YI_FEN = 100_000_000 * 100
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class ProjectFilter:
    unit_id: int | None = None
    stage: Stage | None = None
    chain: str | None = None
    size_band: str | None = None
    min_yi: int | None = None
    q: str | None = None
    overdue_on: date | None = None

    def __post_init__(self) -> None:
        if self.size_band and self.size_band not in SIZE_BAND_BY_CODE:
            known = "、".join(SIZE_BAND_BY_CODE)
            raise Invalid(f"未知的规模档次 {self.size_band}，应为 {known} (unknown size band)")


@dataclass(frozen=True)
class Page:
    number: int = 1
    size: int = 50

    def __post_init__(self) -> None:
        if self.number < 1 or not 1 <= self.size <= MAX_PAGE_SIZE:
            raise Invalid(f"页码须 ≥1，每页 1–{MAX_PAGE_SIZE} 条 (bad page or page size)")

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def filtered_projects(
    session: Session, filters: ProjectFilter, *, scope: str | None
) -> Select[Project]:
    """The projects matching a filter within a user's part of the tree."""
    query = select(Project).where(COUNTED)
    if scope is not None:
        query = query.where(Project.unit_id.in_(_scope_ids(scope)))
    if filters.unit_id is not None:
        query = query.where(Project.unit_id.in_(_subtree_ids(session, filters.unit_id)))
    if filters.stage is not None:
        query = query.where(Project.stage == filters.stage.value)
    if filters.chain:
        query = query.where(Project.chain == filters.chain)
    if filters.size_band:
        query = query.where(Project.size_band == filters.size_band)
    if filters.min_yi is not None:
        query = query.where(Project.investment_cny_fen >= filters.min_yi * YI_FEN)
    if filters.overdue_on is not None:
        query = query.where(Project.next_planned_on < filters.overdue_on)
    if filters.q:
        dialect = session.get_bind().dialect.name
        query = query.where(Project.id.in_(matching_ids(filters.q.strip(), dialect)))
    return query


def _scope_ids(path: str) -> Select[int]:
    return select(Unit.id).where(Unit.path.startswith(path))


def _subtree_ids(session: Session, unit_id: int) -> Select[int]:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise Invalid(f"未知的单位 {unit_id} (unknown unit)")
    return _scope_ids(unit.path)


@dataclass(frozen=True)
class ProjectPage:
    """One page of matching projects, and the count and investment of all that match."""

    rows: list[Project]
    count: int
    investment_cny_fen: int  # in yuan-equivalent fen, foreign currencies converted


def list_projects(
    session: Session, filters: ProjectFilter, page: Page, *, scope: str | None
) -> ProjectPage:
    """One page of matching projects (biggest investment first) and the totals of them all:
    from the kept roll-ups when only the unit and the stage are filtered, else counted (the
    other filters each have a covering index that holds the investment)."""
    count, fen = _list_totals(session, filters, scope)
    rows = session.scalars(
        _biggest_first(filtered_projects(session, filters, scope=scope))
        .options(selectinload(Project.unit))
        .limit(page.size)
        .offset(page.offset)
    )
    return ProjectPage(list(rows), int(count), int(fen))


def _list_totals(session: Session, filters: ProjectFilter, scope: str | None) -> tuple[int, int]:
    """Count and investment of all matching projects: from the kept roll-ups when only the
    unit and the stage, or only the unit and overdue, are filtered; else counted (the other
    filters each have a covering index that holds the investment)."""
    others = (filters.chain, filters.size_band, filters.min_yi, filters.q)
    if any(value is not None and value != "" for value in others):
        query = filtered_projects(session, filters, scope=scope).subquery()
        totals = select(func.count(), func.coalesce(func.sum(query.c.investment_cny_fen), 0))
        count, fen = session.execute(totals).one()
        return int(count), int(fen)
    units = _units_in(session, scope, filters.unit_id)
    if filters.overdue_on is not None and filters.stage is None:
        return _overdue_totals(session, filters.overdue_on, units)
    if filters.overdue_on is not None:
        query = filtered_projects(session, filters, scope=scope).subquery()
        totals = select(func.count(), func.coalesce(func.sum(query.c.investment_cny_fen), 0))
        count, fen = session.execute(totals).one()
        return int(count), int(fen)
    rolled = select(
        func.coalesce(func.sum(ProjectRollup.count), 0),
        func.coalesce(func.sum(ProjectRollup.investment_fen), 0),
    )
    if filters.stage is not None:
        rolled = rolled.where(ProjectRollup.stage == filters.stage.value)
    for within in units:
        rolled = rolled.where(ProjectRollup.unit_id.in_(within))
    count, fen = session.execute(rolled).one()
    return int(count), int(fen)


def _units_in(session: Session, scope: str | None, unit_id: int | None) -> list[Select[int]]:
    """The unit sets a list is limited to: the user's part of the tree, the chosen unit's."""
    units = [] if scope is None else [_scope_ids(scope)]
    if unit_id is not None:
        units.append(_subtree_ids(session, unit_id))
    return units


def _overdue_totals(session: Session, as_of: date, units: list[Select[int]]) -> tuple[int, int]:
    """Counted projects whose next planned date is before `as_of`: the months before its
    month from `project_plan_rollups`, its own month's first days from the projects."""
    month = month_of(as_of)
    before = select(
        func.coalesce(func.sum(ProjectPlanRollup.count), 0),
        func.coalesce(func.sum(ProjectPlanRollup.investment_fen), 0),
    ).where(ProjectPlanRollup.month < month)
    this_month = select(func.count(), func.coalesce(func.sum(Project.investment_cny_fen), 0)).where(
        COUNTED,
        Project.next_planned_on >= as_of.replace(day=1),
        Project.next_planned_on < as_of,
    )
    for within in units:
        before = before.where(ProjectPlanRollup.unit_id.in_(within))
        this_month = this_month.where(Project.unit_id.in_(within))
    earlier_count, earlier_fen = session.execute(before).one()
    count, fen = session.execute(this_month).one()
    return int(earlier_count) + int(count or 0), int(earlier_fen) + int(fen or 0)


@dataclass(frozen=True)
class StageTotal:
    """Projects now at a stage, and how many have reached it or gone beyond (the funnel)."""

    stage: Stage
    count: int
    investment_fen: int
    reached_count: int = 0


@dataclass(frozen=True)
class UnitTotal:
    unit_id: int
    code: str
    name: str
    kind: str
    count: int = 0
    investment_fen: int = 0
    big_count: int = 0


@dataclass
class Dashboard:
    as_of: date
    funnel: list[StageTotal]
    by_unit: list[UnitTotal]
    total_count: int
    total_investment_fen: int
    big_count: int
    big_investment_fen: int
    overdue_count: int
    big_projects: list[Project] = field(default_factory=list)
    overdue_projects: list[Project] = field(default_factory=list)


def dashboard(
    session: Session, *, scope: str | None, as_of: date, top_unit: Unit | None, listed: int = 10
) -> Dashboard:
    """Funnel by stage, totals by unit, 亿元以上 projects and overdue projects."""
    by_stage = _rollup_sums(session, scope, ProjectRollup.stage)
    overdue_filter = ProjectFilter(overdue_on=as_of)
    return Dashboard(
        as_of=as_of,
        funnel=_funnel(by_stage),
        by_unit=_by_unit(session, _rollup_sums(session, scope, ProjectRollup.unit_id), top_unit),
        total_count=sum(c.count for c in by_stage),
        total_investment_fen=sum(c.fen for c in by_stage),
        big_count=sum(c.big_count for c in by_stage),
        big_investment_fen=sum(c.big_fen for c in by_stage),
        overdue_count=_overdue_totals(session, as_of, _units_in(session, scope, None))[0],
        big_projects=_first(session, ProjectFilter(min_yi=1), scope, listed, _biggest_first),
        overdue_projects=_first(session, overdue_filter, scope, listed, _most_overdue_first),
    )


def _funnel(by_stage: list[_Cell]) -> list[StageTotal]:
    at = {cell.key: cell for cell in by_stage}
    empty = _Cell(None, 0, 0, 0, 0)
    return [
        StageTotal(
            stage,
            count=at.get(stage.value, empty).count,
            investment_fen=at.get(stage.value, empty).fen,
            reached_count=sum(at.get(later.value, empty).count for later in STAGES[n:]),
        )
        for n, stage in enumerate(STAGES)
    ]


@dataclass(frozen=True)
class _Cell:
    """Totals of the counted projects at one stage, or of one unit."""

    key: object
    count: int
    fen: int
    big_count: int
    big_fen: int


def _rollup_sums(session: Session, scope: str | None, key: Any) -> list[_Cell]:
    """The kept roll-ups (`rollups`) summed by stage or by unit: at most units × stages rows
    are read, however many projects there are."""
    query = (
        select(
            key,
            func.sum(ProjectRollup.count),
            func.sum(ProjectRollup.investment_fen),
            func.sum(ProjectRollup.big_count),
            func.sum(ProjectRollup.big_fen),
        )
        .where(ProjectRollup.count > 0)
        .group_by(key)
    )
    if scope is not None:
        query = query.where(ProjectRollup.unit_id.in_(_scope_ids(scope)))
    return [_Cell(k, int(n), int(f), int(b), int(bf)) for k, n, f, b, bf in session.execute(query)]


def _by_unit(session: Session, by_unit: list[_Cell], top: Unit | None) -> list[UnitTotal]:
    """Totals rolled up to the units directly under `top` (the district when None), each
    unit's owner among them found once."""
    children = _child_units(session, top)
    ids = [cell.key for cell in by_unit]
    query = select(Unit.id, Unit.path).where(Unit.id.in_(ids))
    paths: dict[object, str] = {unit_id: path for unit_id, path in session.execute(query)}
    child_paths = [(child.id, child.path) for child in children]
    totals: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for cell in by_unit:
        path = paths[cell.key]
        owner = next((cid for cid, top_path in child_paths if path.startswith(top_path)), None)
        if owner is not None:
            total = totals[owner]
            total[0] += cell.count
            total[1] += cell.fen
            total[2] += cell.big_count
    return [UnitTotal(u.id, u.code, u.name, u.kind, *totals[u.id]) for u in children]


def _child_units(session: Session, top: Unit | None) -> list[Unit]:
    """The units a dashboard rolls up to; a compound's 物业 and 业委会 hold no projects."""
    parent = Unit.parent_id.is_(None) if top is None else Unit.parent_id == top.id
    areas = select(Unit).where(parent, Unit.kind.not_in([k.value for k in COMPOUND_PARTIES]))
    roots = list(session.scalars(areas.order_by(Unit.sort_order, Unit.id)))
    if top is None and len(roots) == 1:  # one district: show its towns, streets and platforms
        return _child_units(session, roots[0])
    return roots


def _count(session: Session, query: Select[Project]) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _biggest_first(query: Select[Project]) -> Select[Project]:
    return query.order_by(Project.investment_cny_fen.desc().nulls_last(), Project.id)


def _most_overdue_first(query: Select[Project]) -> Select[Project]:
    return query.order_by(Project.next_planned_on, Project.id)


def _first(
    session: Session,
    filters: ProjectFilter,
    scope: str | None,
    listed: int,
    order: Callable[[Select[Project]], Select[Project]],
) -> list[Project]:
    query = order(filtered_projects(session, filters, scope=scope))
    return list(session.scalars(query.options(selectinload(Project.unit)).limit(listed)))


def chains_in_use(session: Session) -> list[str]:
    rows = session.scalars(
        select(Project.chain).where(COUNTED, Project.chain.is_not(None)).distinct()
    )
    return sorted(c for c in rows if c)

"""Read side of the project ledger: filtered lists and the dashboard's figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from taizhang.errors import Invalid
from taizhang.ledger.models import Enterprise, EnterpriseAlias, Project, ProjectInvestor, Unit
from taizhang.ledger.projection import SIZE_BAND_BY_CODE
from taizhang.ledger.stages import STAGES, Stage

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
) -> Select[tuple[Project]]:
    """The projects matching a filter within a user's part of the tree."""
    query = select(Project)
    if scope is not None:
        query = query.join(Unit, Project.unit_id == Unit.id).where(Unit.path.startswith(scope))
    if filters.unit_id is not None:
        query = query.where(Project.unit_id.in_(_subtree_ids(session, filters.unit_id)))
    if filters.stage is not None:
        query = query.where(Project.stage == filters.stage.value)
    if filters.chain:
        query = query.where(Project.chain == filters.chain)
    if filters.size_band:
        query = query.where(Project.size_band == filters.size_band)
    if filters.min_yi is not None:
        query = query.where(Project.investment_band_fen >= filters.min_yi * YI_FEN)
    if filters.overdue_on is not None:
        query = query.where(Project.next_planned_on < filters.overdue_on)
    if filters.q:
        query = query.where(_matches_text(filters.q.strip()))
    return query


def _subtree_ids(session: Session, unit_id: int) -> Select[tuple[int]]:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise Invalid(f"未知的单位 {unit_id} (unknown unit)")
    return select(Unit.id).where(Unit.path.startswith(unit.path))


def _matches_text(text: str):  # type: ignore[no-untyped-def]
    pattern = f"%{text}%"
    by_investor = exists().where(
        ProjectInvestor.project_id == Project.id,
        ProjectInvestor.enterprise_id == Enterprise.id,
        or_(
            Enterprise.name.like(pattern),
            exists().where(
                EnterpriseAlias.enterprise_id == Enterprise.id, EnterpriseAlias.alias.like(pattern)
            ),
        ),
    )
    return or_(Project.name.like(pattern), Project.code == text, by_investor)


def list_projects(
    session: Session, filters: ProjectFilter, page: Page, *, scope: str | None
) -> tuple[list[Project], int]:
    """One page of matching projects (biggest investment first) and the total count."""
    query = filtered_projects(session, filters, scope=scope)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.options(selectinload(Project.unit))
        .order_by(Project.investment_band_fen.desc().nulls_last(), Project.id)
        .limit(page.size)
        .offset(page.offset)
    )
    return list(rows), count


@dataclass(frozen=True)
class StageTotal:
    stage: Stage
    count: int
    investment_fen: int


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
    base = filtered_projects(session, ProjectFilter(), scope=scope).subquery()
    funnel = _funnel(session, base)
    big = _big_totals(session, base)
    overdue_filter = ProjectFilter(overdue_on=as_of)
    return Dashboard(
        as_of=as_of,
        funnel=funnel,
        by_unit=_by_unit(session, base, top_unit),
        total_count=sum(s.count for s in funnel),
        total_investment_fen=sum(s.investment_fen for s in funnel),
        big_count=big[0],
        big_investment_fen=big[1],
        overdue_count=_count(session, filtered_projects(session, overdue_filter, scope=scope)),
        big_projects=list_projects(session, ProjectFilter(min_yi=1), Page(1, listed), scope=scope)[
            0
        ],
        overdue_projects=_overdue(session, overdue_filter, scope, listed),
    )


def _funnel(session: Session, base: object) -> list[StageTotal]:
    stage_col, fen_col = base.c.stage, base.c.investment_fen  # type: ignore[attr-defined]
    rows = session.execute(
        select(stage_col, func.count(), func.coalesce(func.sum(fen_col), 0)).group_by(stage_col)
    )
    found = {stage: (count, int(fen)) for stage, count, fen in rows}
    return [StageTotal(s, *found.get(s.value, (0, 0))) for s in STAGES]


def _big_totals(session: Session, base: object) -> tuple[int, int]:
    band, fen = base.c.investment_band_fen, base.c.investment_fen  # type: ignore[attr-defined]
    row = session.execute(
        select(func.count(), func.coalesce(func.sum(fen), 0)).where(band >= YI_FEN)
    ).one()
    return int(row[0]), int(row[1])


def _by_unit(session: Session, base: object, top: Unit | None) -> list[UnitTotal]:
    """Totals rolled up to the units directly under `top` (the district when None)."""
    unit_col = base.c.unit_id  # type: ignore[attr-defined]
    band, fen = base.c.investment_band_fen, base.c.investment_fen  # type: ignore[attr-defined]
    big = func.sum((band >= YI_FEN).cast(type_=func.count().type))
    rows = session.execute(
        select(
            unit_col, func.count(), func.coalesce(func.sum(fen), 0), func.coalesce(big, 0)
        ).group_by(unit_col)
    ).all()
    children = _child_units(session, top)
    totals = defaultdict(lambda: [0, 0, 0])
    paths = dict(session.execute(select(Unit.id, Unit.path)).all())
    for unit_id, count, fen_sum, big_count in rows:
        owner = _owning_child(paths[unit_id], children)
        if owner is not None:
            for n, value in enumerate((count, fen_sum, big_count)):
                totals[owner.id][n] += int(value)
    return [UnitTotal(u.id, u.code, u.name, u.kind, *totals[u.id]) for u in children]


def _child_units(session: Session, top: Unit | None) -> list[Unit]:
    parent = Unit.parent_id.is_(None) if top is None else Unit.parent_id == top.id
    roots = list(session.scalars(select(Unit).where(parent).order_by(Unit.sort_order, Unit.id)))
    if top is None and len(roots) == 1:  # one district: show its towns, streets and platforms
        return _child_units(session, roots[0])
    return roots


def _owning_child(path: str, children: list[Unit]) -> Unit | None:
    return next((c for c in children if path.startswith(c.path)), None)


def _count(session: Session, query: Select[tuple[Project]]) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _overdue(
    session: Session, filters: ProjectFilter, scope: str | None, listed: int
) -> list[Project]:
    query = filtered_projects(session, filters, scope=scope)
    return list(
        session.scalars(
            query.options(selectinload(Project.unit))
            .order_by(Project.next_planned_on)
            .limit(listed)
        )
    )


def chains_in_use(session: Session) -> list[str]:
    rows = session.scalars(select(Project.chain).where(Project.chain.is_not(None)).distinct())
    return sorted(c for c in rows if c)

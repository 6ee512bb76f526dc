"""Query-string parameters shared by the pages and the API, and the data they build."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.kernel.stages import Stage
from taizhang.org.access import scope_path, scope_unit
from taizhang.org.models import User
from taizhang.projects.queries import (
    Dashboard,
    Page,
    ProjectFilter,
    ProjectPage,
    dashboard,
    list_projects,
)
from taizhang.web.bounds import MAX_ID


@dataclass(frozen=True)
class ProjectListParams:
    unit: int | None
    stage: str | None
    chain: str | None
    size_band: str | None
    min_yi: int | None
    q: str | None
    overdue: bool
    page: int
    per_page: int

    def to_filter(self, today: date) -> ProjectFilter:
        return ProjectFilter(
            unit_id=self.unit,
            stage=_stage(self.stage),
            chain=self.chain or None,
            size_band=self.size_band or None,
            min_yi=self.min_yi,
            q=self.q or None,
            overdue_on=today if self.overdue else None,
        )


def _stage(text: str | None) -> Stage | None:
    if not text:
        return None
    try:
        return Stage.parse(text)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc


def project_list_params(
    unit: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="单位 id，含下级 (unit id, with units below)"),
    ] = None,
    stage: Annotated[str | None, Query(description="阶段：签约 / SIGNED …")] = None,
    chain: Annotated[str | None, Query(description="产业链 (industry chain)")] = None,
    size_band: Annotated[
        str | None, Query(description="规模档：under_1, 1_10, 10_50, 50_100, over_100")
    ] = None,
    min_yi: Annotated[int | None, Query(ge=0, le=10**6, description="总投资不低于 N 亿元")] = None,
    q: Annotated[str | None, Query(max_length=100, description="项目名称、编号或投资主体")] = None,
    overdue: Annotated[bool, Query(description="只看计划节点已过期的项目")] = False,
    page: Annotated[int, Query(ge=1, le=10**6)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ProjectListParams:
    return ProjectListParams(unit, stage, chain, size_band, min_yi, q, overdue, page, per_page)


ProjectListDep = Annotated[ProjectListParams, Depends(project_list_params)]


def projects_for(
    session: Session, user: User, params: ProjectListParams, today: date
) -> ProjectPage:
    return list_projects(
        session,
        params.to_filter(today),
        Page(params.page, params.per_page),
        scope=scope_path(user),
    )


def dashboard_for(session: Session, user: User, today: date) -> Dashboard:
    return dashboard(session, scope=scope_path(user), as_of=today, top_unit=scope_unit(user))

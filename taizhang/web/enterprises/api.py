"""The enterprise library's JSON API: /api/v1/enterprises (the page's filters) and one
enterprise with its five years."""

from __future__ import annotations

from fastapi import APIRouter

from taizhang.enterprises.access import get_enterprise_for_user
from taizhang.org.access import Section
from taizhang.web.deps import CurrentUser, SessionDep, SettingsDep, section
from taizhang.web.enterprises.schemas import EnterpriseOut, EnterprisesOut, EnterpriseSummaryOut
from taizhang.web.enterprises.views import (
    EnterpriseListDep,
    check_grade,
    enterprise_view,
    library_for,
)
from taizhang.web.errors import ERRORS

router = APIRouter(prefix="/api/v1", responses=ERRORS, dependencies=[section(Section.ENTERPRISES)])


@router.get("/enterprises", response_model=EnterprisesOut, tags=["enterprises"])
def get_enterprises(
    session: SessionDep, user: CurrentUser, settings: SettingsDep, params: EnterpriseListDep
) -> EnterprisesOut:
    """企业库：按名称、简称、信用代码搜索，按等级、行业、镇街筛选，分页
    (search and filter the enterprise library, paged)."""
    found = library_for(session, user, params, scheme=settings.muju_scheme)
    check_grade(params.grade, found.grades)
    return EnterprisesOut(
        items=[EnterpriseSummaryOut.of(row) for row in found.rows],
        count=found.count,
        page=params.page,
        per_page=params.per_page,
        year=found.year,
        grade_state=found.state,
    )


@router.get("/enterprises/{enterprise_id:id}", response_model=EnterpriseOut, tags=["enterprises"])
def get_enterprise(
    session: SessionDep, user: CurrentUser, settings: SettingsDep, enterprise_id: int
) -> EnterpriseOut:
    """一家企业的近五年指标（含来源）、亩均与等级 (an enterprise's five years, sourced)."""
    enterprise = get_enterprise_for_user(session, user, enterprise_id)
    view = enterprise_view(session, user, enterprise, scheme=settings.muju_scheme)
    return EnterpriseOut.of(view)

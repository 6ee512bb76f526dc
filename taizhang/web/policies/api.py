"""The policies' JSON API (/api/v1/policies): the library with each policy's latest run, a
policy's matches (filter by status; `nearly=true` for who nearly qualifies), and the policies
an enterprise qualifies for or nearly does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from taizhang.enterprises.models import Enterprise
from taizhang.kernel.errors import NotFound
from taizhang.org.access import Section
from taizhang.policies.access import get_policy_for_user, require_policies
from taizhang.policies.queries import enterprise_matches, list_policies, policy_view
from taizhang.web.deps import CurrentUser, SessionDep, section
from taizhang.web.errors import ERRORS
from taizhang.web.policies.schemas import (
    EnterprisePoliciesOut,
    EnterprisePolicyOut,
    LibraryItemOut,
    LibraryOut,
    MatchOut,
    PolicyMatchesOut,
    PolicyOut,
    RunOut,
)
from taizhang.web.policies.views import LibraryFilterDep, RunQuery, chosen_run

router = APIRouter(dependencies=[section(Section.POLICIES)])


@router.get("/api/v1/policies", response_model=LibraryOut, tags=["policies"], responses=ERRORS)
def get_library(session: SessionDep, user: CurrentUser, chosen: LibraryFilterDep) -> LibraryOut:
    """政策库：每条政策及其最近一次匹配 (the library, each policy with its latest run)."""
    require_policies(user)
    items = [
        LibraryItemOut(
            **PolicyOut.of(row.file).model_dump(),
            latest_run=RunOut.of(row.run) if row.run else None,
        )
        for row in list_policies(session, chosen)
    ]
    return LibraryOut(items=items, count=len(items))


@router.get(
    "/api/v1/policies/{code:policy}",
    response_model=PolicyMatchesOut,
    tags=["policies"],
    responses=ERRORS,
)
def get_policy(
    session: SessionDep,
    user: CurrentUser,
    code: str,
    run: RunQuery = None,
    status: Annotated[
        str, Query(pattern="^(|met|not_met|unknown)$", description="met / not_met / unknown")
    ] = "",
    nearly: Annotated[bool, Query(description="只列差一项或只缺数据的企业")] = False,
) -> PolicyMatchesOut:
    """一条政策的匹配结果：每家企业每个条件的数据、年度与来源 (a policy's matches)."""
    found = get_policy_for_user(session, user, code)
    view = policy_view(session, found, chosen_run(session, user, code, run))
    items = [
        MatchOut.of(m)
        for m in view.matches
        if (not status or m.status.value == status) and (not nearly or m.nearly)
    ]
    return PolicyMatchesOut(
        policy=PolicyOut.of(found), run=RunOut.of(view.run) if view.run else None,
        counts=view.counts, total=view.total, items=items, count=len(items),
    )  # fmt: skip


@router.get(
    "/api/v1/policies/enterprises/{enterprise_id:id}",
    response_model=EnterprisePoliciesOut,
    tags=["policies"],
    responses=ERRORS,
)
def get_enterprise_policies(
    session: SessionDep, user: CurrentUser, enterprise_id: int
) -> EnterprisePoliciesOut:
    """一家企业可享或差一项可享的政策（按台账现有数据）(an enterprise's policies)."""
    require_policies(user)  # the desks of this section read every enterprise's matches
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound(f"企业 {enterprise_id} 不存在 (no such enterprise)")
    lines = enterprise_matches(session, enterprise.id)
    items = [
        EnterprisePolicyOut(
            policy=PolicyOut.of(line.file), match=MatchOut.of(line.match),
            published_run=line.published.id if line.published else None,
        )
        for line in lines
    ]  # fmt: skip
    return EnterprisePoliciesOut(enterprise_id=enterprise.id, items=items, count=len(items))

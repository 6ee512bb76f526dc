"""The achievement library's JSON API (/api/achievements): search with filters (each item with
the terms it holds), one achievement, and a need with its candidates and 对接 trail."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from taizhang.achievements.access import (
    SECTION,
    get_achievement_for_user,
    get_need_for_user,
    require_achievements,
)
from taizhang.achievements.models import Achievement, NeedStep
from taizhang.achievements.needs import latest_candidates
from taizhang.achievements.search import latest_achievements, search_library
from taizhang.web.achievements.views import SearchFilterDep, library_of
from taizhang.web.deps import CurrentUser, SessionDep, SettingsDep, section
from taizhang.web.errors import ERRORS

router = APIRouter(dependencies=[section(SECTION)])


class AchievementOut(BaseModel):
    id: int
    title: str
    abstract: str
    field: str
    holder: str
    maturity: str
    ipc: str | None
    industry_code: str | None
    region_code: str
    region: str

    @classmethod
    def of(cls, a: Achievement) -> AchievementOut:
        return cls(
            id=a.id, title=a.title, abstract=a.abstract, field=a.field, holder=a.holder,
            maturity=a.maturity, ipc=a.ipc, industry_code=a.industry_code,
            region_code=a.region_code, region=a.region,
        )  # fmt: skip


class FoundOut(BaseModel):
    achievement: AchievementOut
    score: float
    terms: list[str]
    reasons: str


class SearchOut(BaseModel):
    query: str
    terms: list[str]
    items: list[FoundOut]
    count: int


class StepOut(BaseModel):
    seq: int
    step: str
    label: str
    person: str
    day: str
    outcome: str | None
    achievement_id: int | None


class NeedOut(BaseModel):
    id: int
    enterprise_id: int
    enterprise: str
    text: str
    field: str | None
    source: str
    step: str
    candidates: list[dict[str, Any]]
    trail: list[StepOut]


@router.get("/api/achievements", response_model=SearchOut, tags=["achievements"], responses=ERRORS)
def search(
    session: SessionDep, settings: SettingsDep, user: CurrentUser, chosen: SearchFilterDep
) -> SearchOut:
    """检索成果库（分词含企业简称与技术词典）；不给 q 时列出最近收录的成果 (search the library)."""
    require_achievements(user)
    if not chosen.q.strip():
        latest = latest_achievements(session, field=chosen.field, region=chosen.region,
                                     limit=chosen.limit)  # fmt: skip
        listed = [FoundOut(achievement=AchievementOut.of(a), score=0.0, terms=[], reasons="")
                  for a in latest]  # fmt: skip
        return SearchOut(query="", terms=[], items=listed, count=len(listed))
    found = search_library(session, library_of(session, settings), chosen.q, field=chosen.field,
                           region=chosen.region, limit=chosen.limit)  # fmt: skip
    items = [
        FoundOut(achievement=AchievementOut.of(f.achievement), score=round(f.score, 3),
                 terms=list(f.reasons.terms), reasons=f.reasons.words())
        for f in found.items
    ]  # fmt: skip
    return SearchOut(query=found.query, terms=found.terms, items=items, count=len(items))


@router.get(
    "/api/achievements/{achievement_id:id}",
    response_model=AchievementOut, tags=["achievements"], responses=ERRORS,
)  # fmt: skip
def get_achievement(session: SessionDep, user: CurrentUser, achievement_id: int) -> AchievementOut:
    """一项成果 (one achievement)."""
    return AchievementOut.of(get_achievement_for_user(session, user, achievement_id))


@router.get(
    "/api/achievements/needs/{need_id:id}",
    response_model=NeedOut, tags=["achievements"], responses=ERRORS,
)  # fmt: skip
def get_need(session: SessionDep, user: CurrentUser, need_id: int) -> NeedOut:
    """一项技术需求：推荐成果及理由、对接记录 (a need, its candidates and trail)."""
    need = get_need_for_user(session, user, need_id)
    trail = [
        StepOut(seq=e.seq, step=e.step, label=NeedStep(e.step).label, person=e.person,
                day=e.day.isoformat(), outcome=e.outcome, achievement_id=e.achievement_id)
        for e in need.events
    ]  # fmt: skip
    return NeedOut(
        id=need.id, enterprise_id=need.enterprise_id, enterprise=need.enterprise.name,
        text=need.text, field=need.field, source=need.source, step=need.step,
        candidates=latest_candidates(need), trail=trail,
    )  # fmt: skip

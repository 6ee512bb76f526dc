"""成果库 pages: the library searched (query, field, region), an achievement, the needs, and a
need with its candidates (their reasons), its 对接 trail and the forms to recommend again and
to record a meeting or an agreement; the candidates as a workbook."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from taizhang.achievements.access import (
    SECTION,
    get_achievement_for_user,
    get_need_for_user,
    require_achievements,
)
from taizhang.achievements.engine.terms import FIELDS
from taizhang.achievements.models import NeedStep
from taizhang.achievements.needs import latest_candidates, list_needs, recommend, record_step
from taizhang.achievements.search import latest_achievements, search_library
from taizhang.achievements.sheets import candidates_workbook
from taizhang.kernel.clock import district_date
from taizhang.kernel.sheets import workbook_bytes
from taizhang.web.achievements.views import SearchFilterDep, library_of, step_of_form
from taizhang.web.deps import (
    CsrfChecked,
    CurrentUser,
    FormText,
    NowDep,
    SessionDep,
    SettingsDep,
    section,
)
from taizhang.web.downloads import attachment
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[section(SECTION)])


@router.get("/achievements", response_class=HTMLResponse)
def library_page(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    chosen: SearchFilterDep,
) -> Response:  # fmt: skip
    require_achievements(user)
    found = None
    if chosen.q.strip():
        library = library_of(session, settings)
        found = search_library(session, library, chosen.q, field=chosen.field,
                               region=chosen.region, limit=chosen.limit)  # fmt: skip
    latest = [] if found else latest_achievements(session, field=chosen.field, region=chosen.region)
    context = {"found": found, "latest": latest, "chosen": chosen, "fields": FIELDS}
    return render(request, "achievements/list.html", context)


@router.get("/achievements/{achievement_id:id}", response_class=HTMLResponse)
def achievement_page(
    request: Request, session: SessionDep, user: CurrentUser, achievement_id: int
) -> Response:
    found = get_achievement_for_user(session, user, achievement_id)
    return render(request, "achievements/detail.html", {"a": found})


@router.get("/achievements/needs", response_class=HTMLResponse)
def needs_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    require_achievements(user)
    return render(request, "achievements/needs.html", {"needs": list_needs(session)})


@router.get("/achievements/needs/{need_id:id}", response_class=HTMLResponse)
def need_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, need_id: int
) -> Response:
    need = get_need_for_user(session, user, need_id)
    context = {
        "need": need, "candidates": latest_candidates(need), "today": district_date(now),
        "steps": [NeedStep.MEETING, NeedStep.AGREEMENT],
    }  # fmt: skip
    return render(request, "achievements/need.html", context)


@router.get("/achievements/needs/{need_id:id}/candidates.xlsx")
def candidates_download(session: SessionDep, user: CurrentUser, need_id: int) -> Response:
    need = get_need_for_user(session, user, need_id)
    content = workbook_bytes(candidates_workbook(need))
    return attachment(content, f"推荐成果-需求{need.id}.xlsx")


@router.post("/achievements/needs/{need_id:id}/recommend", dependencies=[CsrfChecked])
def recommend_form(
    session: SessionDep, settings: SettingsDep, user: CurrentUser, now: NowDep, need_id: int,
) -> Response:  # fmt: skip
    need = get_need_for_user(session, user, need_id)
    recommend(session, library_of(session, settings), need, person=user.display_name,
              day=district_date(now), actor=user, now=now)  # fmt: skip
    return RedirectResponse(f"/achievements/needs/{need.id}#candidates", status_code=303)


@router.post("/achievements/needs/{need_id:id}/steps", dependencies=[CsrfChecked])
def step_form(
    session: SessionDep, user: CurrentUser, now: NowDep, need_id: int, step: FormText = "",
    person: FormText = "", day: FormText = "", outcome: FormText = "", achievement: FormText = "",
) -> Response:  # fmt: skip
    need = get_need_for_user(session, user, need_id)
    record_step(session, need, step_of_form(step, person, day, outcome, achievement),
                actor=user, now=now)  # fmt: skip
    return RedirectResponse(f"/achievements/needs/{need.id}#trail", status_code=303)

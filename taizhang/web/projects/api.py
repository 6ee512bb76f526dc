"""JSON API under /api/v1 (its OpenAPI document is /api/v1/openapi.json)."""

from __future__ import annotations

from fastapi import APIRouter

from taizhang.kernel.sources import Source
from taizhang.org.access import Section, can_view
from taizhang.org.units import list_units
from taizhang.projects.access import get_project_for_user
from taizhang.projects.commands import add_note, reach_stage
from taizhang.projects.events import project_timeline
from taizhang.web.deps import (
    CsrfChecked,
    CurrentUser,
    NowDep,
    SessionDep,
    district_today,
    section,
)
from taizhang.web.errors import ERRORS
from taizhang.web.projects.edits import apply_figures
from taizhang.web.projects.queries import ProjectListDep, dashboard_for, projects_for
from taizhang.web.projects.schemas import (
    DashboardOut,
    EventOut,
    EventsOut,
    FiguresIn,
    NoteIn,
    ProjectOut,
    ProjectsOut,
    ProjectSummaryOut,
    StageChangeIn,
    UnitOut,
    UnitsOut,
)

router = APIRouter(prefix="/api/v1", responses=ERRORS)
# The dashboard's figures are the dashboard's; the projects and the units they sit in are the
# project ledger's.
DASHBOARD, PROJECTS = section(Section.DASHBOARD), section(Section.PROJECTS)


@router.get("/dashboard", response_model=DashboardOut, tags=["dashboard"], dependencies=[DASHBOARD])
def get_dashboard(session: SessionDep, user: CurrentUser, now: NowDep) -> DashboardOut:
    """漏斗、分单位统计、亿元以上项目与逾期项目 (funnel, by unit, big and overdue projects)."""
    return DashboardOut.of(dashboard_for(session, user, district_today(now)))


@router.get("/projects", response_model=ProjectsOut, tags=["projects"], dependencies=[PROJECTS])
def get_projects(
    session: SessionDep, user: CurrentUser, now: NowDep, params: ProjectListDep
) -> ProjectsOut:
    """项目列表，可筛选、分页 (filtered, paged project list)."""
    found = projects_for(session, user, params, district_today(now))
    return ProjectsOut(
        items=[ProjectSummaryOut.of(p) for p in found.rows],
        count=found.count,
        page=params.page,
        per_page=params.per_page,
    )


@router.get(
    "/projects/{project_id:id}",
    response_model=ProjectOut,
    tags=["projects"],
    dependencies=[PROJECTS],
)
def get_project(session: SessionDep, user: CurrentUser, project_id: int) -> ProjectOut:
    return ProjectOut.of(get_project_for_user(session, user, project_id))


@router.get(
    "/projects/{project_id:id}/events",
    response_model=EventsOut,
    tags=["projects"],
    dependencies=[PROJECTS],
)
def get_project_events(session: SessionDep, user: CurrentUser, project_id: int) -> EventsOut:
    """项目的全部事件及来源 (every event of the project with its source)."""
    project = get_project_for_user(session, user, project_id)
    events = [EventOut.of(e) for e in project_timeline(session, project.id, newest_first=False)]
    return EventsOut(items=events, count=len(events))


@router.post(
    "/projects/{project_id:id}/stage",
    response_model=ProjectOut,
    tags=["projects"],
    dependencies=[PROJECTS, CsrfChecked],
)
def post_stage(
    session: SessionDep, user: CurrentUser, now: NowDep, project_id: int, change: StageChangeIn
) -> ProjectOut:
    """记录阶段推进；退回须写原因 (record a stage; moving back needs a reason)."""
    project = get_project_for_user(session, user, project_id, write=True)
    reach_stage(
        session,
        project,
        change.stage,
        on=change.on,
        source=Source.user(user),
        actor=user,
        reason=change.reason,
        now=now,
    )
    return ProjectOut.of(project)


@router.post(
    "/projects/{project_id:id}/figures",
    response_model=ProjectOut,
    tags=["projects"],
    dependencies=[PROJECTS, CsrfChecked],
)
def post_figures(
    session: SessionDep, user: CurrentUser, now: NowDep, project_id: int, figures: FiguresIn
) -> ProjectOut:
    project = get_project_for_user(session, user, project_id, write=True)
    apply_figures(session, project, figures, user=user, now=now)
    return ProjectOut.of(project)


@router.post(
    "/projects/{project_id:id}/notes",
    response_model=ProjectOut,
    tags=["projects"],
    dependencies=[PROJECTS, CsrfChecked],
)
def post_note(
    session: SessionDep, user: CurrentUser, now: NowDep, project_id: int, note: NoteIn
) -> ProjectOut:
    project = get_project_for_user(session, user, project_id, write=True)
    add_note(session, project, note.text, source=Source.user(user), actor=user, now=now)
    return ProjectOut.of(project)


@router.get("/units", response_model=UnitsOut, tags=["units"], dependencies=[PROJECTS])
def get_units(session: SessionDep, user: CurrentUser) -> UnitsOut:
    units = [UnitOut.of(u) for u in list_units(session) if can_view(user, u)]
    return UnitsOut(items=units, count=len(units))

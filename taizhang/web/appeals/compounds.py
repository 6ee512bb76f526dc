"""A compound's 民情一本账 (every request of the month, personal data masked) as a page and as
an Excel export, and the compounds of a scope that no instructor covers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from taizhang.appeals.access import get_compound_for_user
from taizhang.appeals.compound_ledger import compound_ledger, export_compound_ledger, headers_in
from taizhang.appeals.people import count_households, coverage_gaps, instructor_of
from taizhang.appeals.visits import record_visit, visits_of
from taizhang.org.access import Section, can_view, scope_or_district
from taizhang.org.models import Role, UnitKind
from taizhang.org.units import list_units
from taizhang.web.bounds import Day
from taizhang.web.deps import (
    CsrfChecked,
    CurrentUser,
    FormText,
    MonthQuery,
    NowDep,
    SessionDep,
    district_today,
    month_range,
    section,
)
from taizhang.web.downloads import attachment
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[section(Section.COMPOUNDS)])


@router.get("/appeals/compounds/{unit_id:id}/ledger", response_class=HTMLResponse)
def ledger_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    unit_id: int,
    month: MonthQuery = None,
) -> Response:
    compound = get_compound_for_user(session, user, unit_id)
    start, end = month_range(month, district_today(now))
    instructor = instructor_of(session, compound)
    context = {
        "compound": compound,
        "month": f"{start:%Y-%m}",
        "headers": headers_in(request.state.language),
        "rows": compound_ledger(session, compound, start=start, end=end),
        "instructor": instructor,
        "may_record_visit": instructor is not None
        and (instructor.id == user.id or user.role == Role.DISTRICT_ADMIN),
        "households": count_households(session, compound=compound),
        "visits": visits_of(session, compound=compound, start=start, end=end),
    }
    return render(request, "appeals/ledger.html", context)


@router.post("/appeals/compounds/{unit_id:id}/visits", dependencies=[CsrfChecked])
def record_visit_form(
    session: SessionDep, user: CurrentUser, now: NowDep, unit_id: int,
    visited_on: Annotated[Day, Form()], households: Annotated[int, Form(ge=0, le=100_000)] = 0,
    note: FormText = "",
) -> Response:  # fmt: skip
    """指导员周走访, entered by the compound's instructor from the ledger page."""
    compound = get_compound_for_user(session, user, unit_id)
    record_visit(
        session, compound=compound, by=user, visited_on=visited_on, households=households,
        now=now, note=note,
    )  # fmt: skip
    month = f"{visited_on:%Y-%m}"
    return RedirectResponse(f"/appeals/compounds/{unit_id}/ledger?month={month}", status_code=303)


@router.get("/appeals/compounds/{unit_id:id}/ledger.xlsx")
def ledger_export(
    session: SessionDep, user: CurrentUser, now: NowDep, unit_id: int, month: MonthQuery = None
) -> Response:
    compound = get_compound_for_user(session, user, unit_id)
    start, end = month_range(month, district_today(now))
    content = export_compound_ledger(session, compound, start=start, end=end)
    return attachment(content, f"{compound.name}民情一本账-{start:%Y-%m}.xlsx")


@router.get("/appeals/coverage", response_class=HTMLResponse)
def coverage_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    top = scope_or_district(session, user)
    compounds = [u for u in list_units(session, kinds=(UnitKind.COMPOUND,)) if can_view(user, u)]
    context = {"gaps": coverage_gaps(session, scope_unit=top), "compounds": compounds}
    return render(request, "appeals/coverage.html", context)

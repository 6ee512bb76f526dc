"""指导员月度考评 as a page and a workbook: the month assessed live from the ledger, stored on
request, with the 三方 rating form beside it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from taizhang.appeals.evaluation import monthly_table
from taizhang.appeals.monthly_evaluation import (
    MonthlyResult,
    assess_month,
    default_month,
    evaluate_month,
    export_month,
)
from taizhang.appeals.ratings import Rater, rate_compound
from taizhang.kernel.errors import NotFound
from taizhang.org.access import Section, require_writer, scope_or_district
from taizhang.org.models import Unit, UnitKind, User
from taizhang.web.bounds import MAX_ID
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

router = APIRouter(include_in_schema=False, dependencies=[section(Section.EVALUATIONS)])
MonthForm = Annotated[str, Form(pattern=r"^\d{4}-\d{2}$")]


@router.get("/appeals/evaluations", response_class=HTMLResponse)
def evaluations_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, month: MonthQuery = None
) -> Response:
    today = district_today(now)
    result = _assess(session, user, month, today)
    stored = {row.instructor_id: row for row in monthly_table(session, month=result.month)}
    context = {
        "result": result,
        "month": f"{result.month:%Y-%m}",
        "current_month": None if month or result.month.month == today.month else f"{today:%Y-%m}",
        "stored": stored,
        "raters": list(Rater),
        "compounds": [c.compound for row in result.instructors for c in row.compounds],
    }
    return render(request, "appeals/evaluations.html", context)


@router.get("/appeals/evaluations.xlsx")
def evaluations_export(
    session: SessionDep, user: CurrentUser, now: NowDep, month: MonthQuery = None
) -> Response:
    result = _assess(session, user, month, district_today(now))
    return attachment(export_month(result), f"指导员考评-{result.month:%Y-%m}.xlsx")


@router.post("/appeals/evaluations", dependencies=[CsrfChecked])
def record_evaluations(
    session: SessionDep, user: CurrentUser, now: NowDep, month: MonthForm
) -> Response:
    """Store the month's complete evaluations (the page shows them live before that)."""
    require_writer(user, "保存考评 (store evaluations)")
    first, _ = month_range(month, district_today(now))
    evaluate_month(
        session,
        month=first,
        scope=scope_or_district(session, user),
        today=district_today(now),
        now=now,
        by=user,
    )
    return RedirectResponse(f"/appeals/evaluations?month={month}", status_code=303)


@router.post("/appeals/evaluations/ratings", dependencies=[CsrfChecked])
def rate_form(
    session: SessionDep, user: CurrentUser, now: NowDep, month: MonthForm,
    compound: Annotated[int, Form(ge=1, le=MAX_ID)], rater: Annotated[str, Form()],
    score: Annotated[str, Form()], note: FormText = "",
) -> Response:  # fmt: skip
    unit = session.get(Unit, compound)
    if unit is None or unit.kind != UnitKind.COMPOUND:
        raise NotFound(f"小区 {compound} 不存在 (no such compound)")
    first, _ = month_range(month, district_today(now))
    rate_compound(
        session, compound=unit, month=first, rater=rater, score=score,
        by=user, now=now, note=note,
    )  # fmt: skip
    return RedirectResponse(f"/appeals/evaluations?month={month}", status_code=303)


def _assess(session: Session, user: User, month: str | None, today: date) -> MonthlyResult:
    """The asked-for month, or `default_month`: last month while this one has nothing yet."""
    first = month_range(month, today)[0] if month else default_month(session, today)
    return assess_month(session, month=first, scope=scope_or_district(session, user), today=today)

"""A compound's 民情一本账 (every request of the month, personal data masked) as a page and as
an Excel export, and the compounds of a scope that no instructor covers."""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from taizhang.appeals.compound_ledger import HEADERS, compound_ledger, export_compound_ledger
from taizhang.appeals.people import count_households, coverage_gaps, instructor_of
from taizhang.errors import Forbidden, Invalid, NotFound
from taizhang.ledger.models import Unit, UnitKind, User
from taizhang.ledger.units import list_units
from taizhang.ledger.users import can_view, scope_unit
from taizhang.web.deps import CurrentUser, NowDep, SessionDep, district_today
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MonthQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")]


@router.get("/appeals/compounds/{unit_id}/ledger", response_class=HTMLResponse)
def ledger_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    unit_id: int,
    month: MonthQuery = None,
) -> Response:
    compound = _compound_for(session, user, unit_id)
    start, end = _month(month, district_today(now))
    context = {
        "compound": compound,
        "month": f"{start:%Y-%m}",
        "headers": HEADERS,
        "rows": compound_ledger(session, compound, start=start, end=end),
        "instructor": instructor_of(session, compound),
        "households": count_households(session, compound=compound),
    }
    return render(request, "appeals/ledger.html", context)


@router.get("/appeals/compounds/{unit_id}/ledger.xlsx")
def ledger_export(
    session: SessionDep, user: CurrentUser, now: NowDep, unit_id: int, month: MonthQuery = None
) -> Response:
    compound = _compound_for(session, user, unit_id)
    start, end = _month(month, district_today(now))
    content = export_compound_ledger(session, compound, start=start, end=end)
    name = quote(f"{compound.name}民情一本账-{start:%Y-%m}.xlsx")
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{name}"}
    return Response(content, media_type=XLSX, headers=headers)


@router.get("/appeals/coverage", response_class=HTMLResponse)
def coverage_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    top = scope_unit(user) or _district(session)
    compounds = [u for u in list_units(session, kinds=(UnitKind.COMPOUND,)) if can_view(user, u)]
    context = {"gaps": coverage_gaps(session, scope_unit=top), "compounds": compounds}
    return render(request, "appeals/coverage.html", context)


def _compound_for(session: Session, user: User, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or unit.kind != UnitKind.COMPOUND:
        raise NotFound(f"小区 {unit_id} 不存在 (no such compound)")
    if not can_view(user, unit):
        raise Forbidden(f"{unit.name}不在您的范围内 (outside your scope)")
    return unit


def _month(text: str | None, today: date) -> tuple[date, date]:
    year, month = (int(p) for p in text.split("-")) if text else (today.year, today.month)
    if not 1 <= month <= 12:
        raise Invalid(f"月份应为 YYYY-MM：{text} (month must be YYYY-MM)")
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


def _district(session: Session) -> Unit:
    roots = list_units(session, kinds=(UnitKind.DISTRICT,))
    if not roots:
        raise NotFound("台账里还没有区级单位 (no district unit yet)")
    return roots[0]

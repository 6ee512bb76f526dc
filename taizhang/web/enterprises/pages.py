"""The enterprise library (企业库) and an enterprise's page, and the library as a workbook."""

from __future__ import annotations

import math

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from openpyxl import Workbook

from taizhang.enterprises.access import get_enterprise_for_user
from taizhang.enterprises.ledger import FactField
from taizhang.kernel.sheets import new_sheet, workbook_bytes, write_table
from taizhang.org.access import Section
from taizhang.policies.queries import enterprise_matches
from taizhang.policies.results import source_words, value_words
from taizhang.web.deps import (
    CurrentUser,
    NowDep,
    SessionDep,
    SettingsDep,
    district_today,
    section,
)
from taizhang.web.downloads import attachment
from taizhang.web.enterprises.views import (
    LIST_HEADERS,
    EnterpriseListDep,
    check_grade,
    enterprise_view,
    fact_value_words,
    filter_industries,
    filter_units,
    library_cells,
    library_for,
    state_words,
    unit_words,
)
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[section(Section.ENTERPRISES)])


@router.get("/enterprises", response_class=HTMLResponse)
def library_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
    params: EnterpriseListDep,
) -> Response:
    found = library_for(session, user, params, scheme=settings.muju_scheme)
    check_grade(params.grade, found.grades)
    context = {
        "state_words": state_words,
        "library": found,
        "params": params,
        "pages": max(1, math.ceil(found.count / params.per_page)),
        "units": filter_units(session, user),
        "industries": filter_industries(session, user),
    }
    return render(request, "enterprises/list.html", context)


@router.get("/enterprises.xlsx")
def library_workbook(
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
    now: NowDep,
    params: EnterpriseListDep,
) -> Response:
    """The list as filtered, every page of it, as a workbook."""
    found = library_for(session, user, params, everything=True, scheme=settings.muju_scheme)
    check_grade(params.grade, found.grades)
    workbook = Workbook()
    year = f"{found.year} 年度" if found.year else ""
    state = f"（等级为{found.state}）" if found.state else ""
    write_table(
        new_sheet(workbook, "企业库"),
        caption=f"企业库 {year}{state}，共 {found.count} 家",
        headers=LIST_HEADERS,
        rows=(library_cells(row) for row in found.rows),
        widths=(34, 16, 22, 14, 10, 30, 8, 14, 18, 10),
    )
    today = district_today(now)
    return attachment(workbook_bytes(workbook), f"企业库-{today.isoformat()}.xlsx")


@router.get("/enterprises/{enterprise_id:id}", response_class=HTMLResponse)
def enterprise_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
    enterprise_id: int,
) -> Response:
    enterprise = get_enterprise_for_user(session, user, enterprise_id)
    language = request.state.language
    view = enterprise_view(
        session, user, enterprise, language=language, scheme=settings.muju_scheme
    )
    context = {
        "view": view,
        "e": enterprise,
        "scheme": view.scheme,
        "fact_labels": {fact.value: fact.label_in(language) for fact in FactField},
        "REGISTERED_ON": FactField.REGISTERED_ON,
        "state_words": state_words,
        "unit_words": unit_words,
        "fact_value_words": fact_value_words,
        "KINDS": FactField.KINDS,
        "policy_lines": enterprise_matches(session, enterprise.id),
        "source_words": source_words,
        "value_words": value_words,
    }
    return render(request, "enterprises/detail.html", context)

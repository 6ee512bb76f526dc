"""The four race reports in the browser: read live, download as XLSX/DOCX, publish a snapshot.

A published report is a snapshot: `?version=N` shows it as issued, whatever changed since. Like
the leaderboard, rankings and completions are read by every logged-in user; rows naming a
project are shown only to readers whose scope covers the project, as its page is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from taizhang.kernel.errors import NotFound
from taizhang.kernel.periods import Period, parse_period, period_containing
from taizhang.kernel.report_document import ReportData
from taizhang.org.access import Section, require_district_admin, scope_path
from taizhang.race.engine.reports import PERIOD_OF_KIND, REPORT_KINDS, report_kind, title_words
from taizhang.race.report_data import gather_report, publish_report
from taizhang.race.snapshots import list_snapshots
from taizhang.race.standings import shipped_rules
from taizhang.reports import render
from taizhang.web.deps import (
    CsrfChecked,
    CurrentUser,
    NowDep,
    SessionDep,
    SettingsDep,
    district_today,
    section,
)
from taizhang.web.downloads import attachment
from taizhang.web.rendering import render as render_page

router = APIRouter(include_in_schema=False, dependencies=[section(Section.RACE)])
MEDIA = {
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@router.get("/race/reports", response_class=HTMLResponse)
def reports_page(request: Request, session: SessionDep, user: CurrentUser, now: NowDep) -> Response:
    today = district_today(now)
    rows = []
    for kind in REPORT_KINDS:
        period = period_containing(PERIOD_OF_KIND[kind], today)  # type: ignore[arg-type]
        words = title_words(kind, request.state.language)
        rows.append((kind, words, period, list_snapshots(session, kind, period.label)))
    return render_page(request, "race/reports.html", {"rows": rows})


@router.get("/race/reports/{kind}")
def report_view(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    settings: SettingsDep,
    kind: str,
    period: Annotated[str, Query()],
    format: Annotated[str, Query(pattern="^(html|xlsx|docx)$")] = "html",
    version: Annotated[int | None, Query(ge=1, le=10**6)] = None,
) -> Response:
    chosen = parse_period(period)
    report = (
        _published(session, kind, chosen, version)
        if version
        else _live(session, kind, chosen, now, settings.district_name)
    )
    return _download(report.seen_from(scope_path(user)), format)


@router.post("/race/reports/{kind}/publish", dependencies=[CsrfChecked])
def publish_form(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    settings: SettingsDep,
    kind: str,
    period: Annotated[str, Form()],
) -> Response:
    require_district_admin(user, "发布报告 (publish reports)")
    chosen = parse_period(period)
    _, snapshot = publish_report(
        session, report_kind(kind), chosen, rules=shipped_rules(chosen.year),
        as_of=district_today(now), actor=user, now=now, district=settings.district_name,
    )  # fmt: skip
    target = f"/race/reports/{kind}?period={chosen.label}&version={snapshot.version}"
    return RedirectResponse(target, status_code=303)


def _live(
    session: Session, kind: str, period: Period, now: datetime, district: str | None
) -> ReportData:
    rules = shipped_rules(period.year)
    as_of = district_today(now)
    return gather_report(
        session, report_kind(kind), period, rules=rules, as_of=as_of, district=district
    )


def _published(session: Session, kind: str, period: Period, version: int) -> ReportData:
    found = [s for s in list_snapshots(session, kind, period.label) if s.version == version]
    if not found:
        raise NotFound(f"{period.label_zh}的报告没有第 {version} 版 (no such version)")
    return ReportData.from_dict(found[0].content)


def _download(report: ReportData, fmt: str) -> Response:
    content = render(report, fmt)
    if fmt == "html":
        return HTMLResponse(content)
    return attachment(content, f"{report.title}.{fmt}", MEDIA[fmt])

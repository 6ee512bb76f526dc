"""The race reports in the browser: live, downloadable, and published as snapshots."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from docx import Document as read_docx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from taizhang.kernel.sources import Source
from taizhang.kernel.stages import Stage
from taizhang.org.models import User
from taizhang.projects.commands import reach_stage
from tests.conftest import Projects
from tests.web.conftest import csrf_from, log_in

ClientFor = Callable[[User], TestClient]


def test_the_reports_page_offers_all_four_reports(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    html = client_for(district_admin).get("/race/reports").text
    for kind in ("weekly", "monthly", "quarterly", "annual"):
        assert f'id="report-{kind}"' in html


def test_a_monthly_report_reads_live_and_downloads_as_excel_and_word(
    client_for: ClientFor, district_admin: User, projects: Projects
) -> None:
    client = client_for(district_admin)
    page = client.get("/race/reports/monthly?period=2026-05").text
    assert "南湖区2026年5月" in page
    workbook = load_workbook(
        io.BytesIO(client.get("/race/reports/monthly?period=2026-05&format=xlsx").content)
    )
    assert workbook.sheetnames
    word = read_docx(
        io.BytesIO(client.get("/race/reports/quarterly?period=2026-Q2&format=docx").content)
    )
    assert "2026年第二季度" in word.paragraphs[0].text


def test_a_published_report_stays_as_issued_after_the_ledger_changes(
    client_for: ClientFor, session: Session, district_admin: User, projects: Projects
) -> None:
    client = client_for(district_admin)
    token = csrf_from(client.get("/race/reports").text)
    response = client.post(
        "/race/reports/monthly/publish",
        data={"csrf_token": token, "period": "2026-05"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and "version=1" in response.headers["location"]
    issued = client.get(response.headers["location"]).text
    project = session.merge(projects.in_street)
    reach_stage(session, project, Stage.SIGNED, on=date(2026, 5, 19), source=Source("system"))
    session.commit()
    assert client.get(response.headers["location"]).text == issued
    assert client.get("/race/reports/monthly?period=2026-05").text != issued


def test_only_district_administrators_publish(
    client_for: ClientFor, town_staff: User, projects: Projects
) -> None:
    client = client_for(town_staff)
    token = csrf_from(client.get(f"/projects/{projects.in_town.id}").text)
    response = client.post(
        "/race/reports/monthly/publish", data={"csrf_token": token, "period": "2026-05"}
    )
    assert response.status_code == 403


def test_rows_naming_a_project_follow_the_projects_scope_live_and_published(
    client_for: ClientFor,
    district_admin: User,
    town_staff: User,
    other_town_staff: User,
    projects: Projects,
) -> None:
    admin = client_for(district_admin)
    token = csrf_from(admin.get("/race/reports").text)
    published = admin.post(
        "/race/reports/quarterly/publish",
        data={"csrf_token": token, "period": "2026-Q2"},
        follow_redirects=False,
    ).headers["location"]
    for path in ("/race/reports/quarterly?period=2026-Q2", published):
        assert projects.in_town.name in admin.get(path).text
        assert projects.in_town.name in client_for(town_staff).get(path).text
        outsider = client_for(other_town_staff).get(path).text
        assert projects.in_town.name not in outsider
        assert "排名" in outsider  # the ranking is published to every unit


def test_the_district_name_setting_names_the_reports_and_the_pages(
    app: FastAPI, district_admin: User, projects: Projects
) -> None:
    app.state.settings = app.state.settings.model_copy(update={"district_name": "秀洲区"})
    with TestClient(app) as client:
        log_in(client, district_admin.username)
        report = client.get("/race/reports/monthly?period=2026-05").text
        page = client.get("/race/reports").text
    assert "秀洲区2026年5月" in report and "南湖区" not in report
    assert '<a class="brand" href="/">秀洲区项目台账</a>' in page

"""Every report and workbook of the demo district writes its numbers plainly: no 4E+1.

The race's reports (every kind, for the period holding the demo's day and the one before) are
downloaded through the web routes as HTML, DOCX and XLSX and read back with python-docx and
openpyxl; so are the ledger and appeals workbooks. Text anywhere must not hold exponent notation,
and a number cell must be a number with a format that never shows one (not General).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from docx import Document as read_docx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.demo import DEMO_PASSWORD, DemoSummary
from taizhang.kernel.periods import period_containing
from taizhang.org.models import Unit
from taizhang.race.engine.reports import PERIOD_OF_KIND, REPORT_KINDS
from tests.conftest import DEMO_TODAY
from tests.web.conftest import log_in

EXPONENT = re.compile(r"\d[eE][+-]?\d")


def report_paths() -> list[str]:
    paths = []
    for kind in REPORT_KINDS:
        period = period_containing(PERIOD_OF_KIND[kind], DEMO_TODAY)  # type: ignore[arg-type]
        earlier = period_containing(period.kind, period.start - timedelta(days=1))
        chosen = (period, earlier) if earlier.year == period.year else (period,)  # rules of 2026
        paths += [f"/race/reports/{kind}?period={p.label}" for p in chosen]
    return paths


@pytest.fixture
def admin(demo: DemoSummary, app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield log_in(client, "admin", DEMO_PASSWORD)


def docx_texts(content: bytes) -> list[str]:
    document = read_docx(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


def xlsx_problems(content: bytes) -> list[str]:
    """Cells whose text holds an exponent, or numbers a spreadsheet could show as one."""
    problems = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str) and EXPONENT.search(cell.value):
                    problems.append(f"{where} text {cell.value!r}")
                if isinstance(cell.value, float) and cell.number_format == "General":
                    problems.append(f"{where} General number {cell.value!r}")
                if "E" in cell.number_format.replace("[Red]", ""):
                    problems.append(f"{where} format {cell.number_format}")
    return problems


def test_every_race_report_writes_its_numbers_without_exponents(admin: TestClient) -> None:
    problems: dict[str, list[str]] = {}
    numbers_seen = 0
    for path in report_paths():
        html = admin.get(f"{path}&format=html")
        docx = admin.get(f"{path}&format=docx")
        xlsx = admin.get(f"{path}&format=xlsx")
        assert (html.status_code, docx.status_code, xlsx.status_code) == (200, 200, 200), path
        texts = [html.text, *docx_texts(docx.content)]
        found = [match.group() for text in texts for match in EXPONENT.finditer(text)]
        found += xlsx_problems(xlsx.content)
        numbers_seen += html.text.count('class="num"')
        if found:
            problems[path] = found
    assert problems == {}
    assert numbers_seen > 0  # the reports hold numbers at all


def test_the_ledger_and_appeals_workbooks_write_numbers_without_exponents(
    admin: TestClient, session: Session
) -> None:
    compound = session.scalars(select(Unit.id).where(Unit.kind == "compound")).first()
    paths = ["/projects.xlsx", "/appeals/evaluations.xlsx?month=2026-04"]
    paths.append(f"/appeals/compounds/{compound}/ledger.xlsx")
    session.rollback()
    found = {}
    for path in paths:
        response = admin.get(path)
        assert response.status_code == 200, path
        found[path] = xlsx_problems(response.content)
    assert found == {path: [] for path in paths}

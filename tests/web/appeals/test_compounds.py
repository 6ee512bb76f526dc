"""The compound ledger (民情一本账) page and export, and the coverage page."""

from __future__ import annotations

import io
from collections.abc import Callable

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from taizhang.appeals.models import AppealChannel
from taizhang.appeals.workflow import Requester, register_appeal
from taizhang.org.models import User
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import RECEIVED, Place

place = appeals_fixtures.place
ClientFor = Callable[[User], TestClient]


def _register(session: Session, place: Place) -> str:
    requester = Requester(name="王小明", phone="13812345678", address="幸福里小区3幢2单元501室")
    appeal = register_appeal(
        session, requester=requester, unit=place.compound.code, category_code="complaint",
        description="楼道灯坏了", channel=AppealChannel.PHONE, received_at=RECEIVED,
    )  # fmt: skip
    session.commit()
    return appeal.number


def test_the_ledger_page_lists_the_months_requests_masked(
    session: Session, place: Place, client_for: ClientFor, district_admin: User
) -> None:
    number = _register(session, place)
    month = f"{RECEIVED:%Y-%m}"
    html = (
        client_for(district_admin)
        .get(f"/appeals/compounds/{place.compound.id}/ledger", params={"month": month})
        .text
    )
    assert number in html and "138****5678" in html and "13812345678" not in html


def test_the_ledger_downloads_as_a_workbook(
    session: Session, place: Place, client_for: ClientFor, district_admin: User
) -> None:
    number = _register(session, place)
    response = client_for(district_admin).get(
        f"/appeals/compounds/{place.compound.id}/ledger.xlsx", params={"month": f"{RECEIVED:%Y-%m}"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert number in values and "13812345678" not in values


def test_a_description_written_as_a_formula_or_with_a_nul_exports_as_plain_text(
    session: Session, place: Place, client_for: ClientFor, district_admin: User
) -> None:
    register_appeal(
        session, requester=Requester(name="王小明", phone="13812345678"),
        unit=place.compound.code, category_code="complaint",
        description='=HYPERLINK("http://evil.example","点此查看")\x00', channel=AppealChannel.PHONE,
        received_at=RECEIVED,
    )  # fmt: skip
    session.commit()
    response = client_for(district_admin).get(
        f"/appeals/compounds/{place.compound.id}/ledger.xlsx", params={"month": f"{RECEIVED:%Y-%m}"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    found = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPER")]
    assert [(c.data_type, c.value.rstrip().endswith(")")) for c in found] == [("s", True)]
    assert "\x00" not in found[0].value


def test_staff_of_another_unit_cannot_open_the_ledger(
    session: Session, place: Place, client_for: ClientFor, town_staff: User
) -> None:
    response = client_for(town_staff).get(f"/appeals/compounds/{place.compound.id}/ledger")
    assert response.status_code == 403


def test_the_coverage_page_names_compounds_without_an_instructor(
    place: Place, client_for: ClientFor, district_admin: User
) -> None:
    html = client_for(district_admin).get("/appeals/coverage").text
    gaps = html[html.index('id="gaps"') : html.index('id="compounds"')]
    assert place.compound.name in gaps

"""The monthly evaluation page: assessed live, rated and stored by form, exported to Excel."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.evaluation import monthly_table
from taizhang.appeals.people import assign_instructor
from taizhang.org.models import Role, UnitKind, User, WebSession
from taizhang.org.units import create_unit
from taizhang.org.users import create_user
from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import RECEIVED, Place
from tests.web.conftest import csrf_from

place = appeals_fixtures.place
ClientFor = Callable[[User], TestClient]
MONTH = "2026-05"  # the month of the test clock (2026-05-20)


@pytest.fixture
def covered(session: Session, place: Place) -> Place:
    assign_instructor(session, instructor=place.handler, compound=place.compound, now=RECEIVED)
    session.commit()
    return place


def rate(client: TestClient, place: Place, rater: str, score: str, month: str = MONTH) -> int:
    token = csrf_from(client.get(f"/appeals/evaluations?month={month}").text)
    form = {"csrf_token": token, "month": month, "compound": str(place.compound.id)}
    response = client.post(
        "/appeals/evaluations/ratings",
        data=form | {"rater": rater, "score": score},
        follow_redirects=False,
    )
    return response.status_code


def test_the_page_names_the_ratings_still_missing(
    covered: Place, client_for: ClientFor, district_admin: User
) -> None:
    html = client_for(district_admin).get(f"/appeals/evaluations?month={MONTH}").text
    assert "缺少幸福里小区业委会评分、幸福里小区物业评分、幸福里小区社区评分" in html


def test_rated_and_saved_the_month_is_stored_and_shown(
    covered: Place, session: Session, client_for: ClientFor, district_admin: User
) -> None:
    client, april = client_for(district_admin), "2026-04"  # the app's clock is in May
    for rater, score in (("committee", "80"), ("property", "90"), ("community", "85")):
        assert rate(client, covered, rater, score, april) == 303
    token = csrf_from(client.get(f"/appeals/evaluations?month={april}").text)
    saved = client.post(
        "/appeals/evaluations",
        data={"csrf_token": token, "month": april},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    (row,) = monthly_table(session, month=date(2026, 4, 1))
    # no visits (0), no appeals (service 100), owners follow 业委会/物业: 85, community 85
    assert str(row.total) == "67.50"
    html = client.get(f"/appeals/evaluations?month={april}").text
    assert "已保存于" in html and "<strong>67.50</strong>" in html


def test_a_month_not_yet_over_cannot_be_stored(
    covered: Place, client_for: ClientFor, district_admin: User
) -> None:
    client = client_for(district_admin)
    token = csrf_from(client.get(f"/appeals/evaluations?month={MONTH}").text)
    response = client.post("/appeals/evaluations", data={"csrf_token": token, "month": MONTH})
    assert response.status_code == 422 and "尚未结束" in response.text


def test_the_instructor_assessed_cannot_store_the_month(
    covered: Place, client_for: ClientFor
) -> None:
    client = client_for(covered.handler)
    token = csrf_from(client.get("/appeals/evaluations?month=2026-04").text)
    response = client.post("/appeals/evaluations", data={"csrf_token": token, "month": "2026-04"})
    assert response.status_code == 403


def test_the_workbook_holds_the_instructors_and_the_compounds(
    covered: Place, client_for: ClientFor, district_admin: User
) -> None:
    response = client_for(district_admin).get(f"/appeals/evaluations.xlsx?month={MONTH}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["指导员考评", "小区评价"]
    sheet = book["指导员考评"]
    assert sheet["A1"].value == "2026年05月指导员考评"
    assert [c.value for c in sheet[2]][:3] == ["指导员", "包联小区", "履职情况"]
    assert sheet["B3"].value == "幸福里小区" and sheet["I3"].value.startswith("缺少")


def test_the_instructor_cannot_rate_their_own_compound_and_a_viewer_cannot_save(
    covered: Place, session: Session, client_for: ClientFor, viewer: User
) -> None:
    assert rate(client_for(covered.handler), covered, "community", "100") == 403
    client = client_for(viewer)
    query = select(WebSession.csrf_token).where(WebSession.user_id == viewer.id)
    token = session.scalars(query).one()  # a viewer's page shows no form, so no token
    session.rollback()  # end the read before the app writes
    saved = client.post(
        "/appeals/evaluations",
        data={"csrf_token": token, "month": MONTH},
        follow_redirects=False,
    )
    assert saved.status_code == 403


def test_the_instructor_records_a_weekly_visit_from_the_ledger_page(
    covered: Place, client_for: ClientFor
) -> None:
    client = client_for(covered.handler)
    page = f"/appeals/compounds/{covered.compound.id}/ledger?month={MONTH}"
    token = csrf_from(client.get(page).text)
    form = {"csrf_token": token, "visited_on": "2026-05-18", "households": "0", "note": "走访三幢"}
    visits = f"/appeals/compounds/{covered.compound.id}/visits"
    response = client.post(visits, data=form, follow_redirects=False)
    assert response.status_code == 303
    assert "走访三幢" in client.get(page).text
    form["visited_on"] = "2026-05-21"  # tomorrow, by the test clock
    refused = client.post(visits, data=form)
    assert refused.status_code == 422 and "晚于今天" in refused.text


def test_the_page_reads_the_month_in_a_fixed_number_of_queries(
    covered: Place,
    session: Session,
    client_for: ClientFor,
    district_admin: User,
    count_queries: Callable[[], int],
) -> None:
    client = client_for(district_admin)

    def cost() -> int:
        before = count_queries()
        assert client.get(f"/appeals/evaluations?month={MONTH}").status_code == 200
        return count_queries() - before

    one = cost()
    for n in range(3):  # three more instructors, one compound each
        compound = create_unit(
            session, code=f"330402001001-9{n}", name=f"测试小区{n}", kind=UnitKind.COMPOUND,
            parent=covered.community,
        )  # fmt: skip
        staff = create_user(
            session, username=f"zdy{n}", password="correct-horse-42", role=Role.UNIT_STAFF,
            unit=covered.community,
        )  # fmt: skip
        assign_instructor(session, instructor=staff, compound=compound, now=RECEIVED)
    session.commit()
    assert cost() == one


def test_without_a_month_the_page_shows_last_month_until_this_one_has_ratings(
    covered: Place, client_for: ClientFor, district_admin: User
) -> None:
    client = client_for(district_admin)  # the app's clock is on 2026-05-20
    for rater, score in (("committee", "80"), ("property", "90"), ("community", "85")):
        assert rate(client, covered, rater, score, "2026-04") == 303
    html = client.get("/appeals/evaluations").text
    assert 'name="month" value="2026-04"' in html and "缺少" not in _section(html, "instructors")
    assert "本月（2026-05）尚无评分" in html and 'href="/appeals/evaluations?month=2026-05"' in html
    assert rate(client, covered, "committee", "70") == 303  # May now has a rating
    html = client.get("/appeals/evaluations").text
    assert 'name="month" value="2026-05"' in html and 'id="period-notice"' not in html


def _section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]

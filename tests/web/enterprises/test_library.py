"""The enterprise library and an enterprise's page on the demo district: search by name, alias
and credit code, filters by class, industry and town, scope, paging, the workbook and the API."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from io import BytesIO

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.demo import DEMO_PASSWORD, DemoSummary
from taizhang.enterprises.models import Enterprise, EnterpriseAlias, EnterpriseFact
from taizhang.muju.queries import classes_by_year
from taizhang.org.models import Unit, User
from tests.web.conftest import ERROR_KEYS, log_in

YEAR = 2025


def _user(session: Session, username: str) -> User:
    return session.scalars(select(User).where(User.username == username)).one()


def _unit(session: Session, name: str) -> Unit:
    return session.scalars(select(Unit).where(Unit.name == name)).one()


def _ledger_firm(session: Session, unit: Unit | None = None) -> Enterprise:
    """A demo firm with figures, in `unit` when given."""
    with_figures = select(EnterpriseFact.enterprise_id).where(EnterpriseFact.year == YEAR)
    query = select(Enterprise).where(Enterprise.id.in_(with_figures))
    if unit is not None:
        query = query.where(Enterprise.unit_id == unit.id)
    return session.scalars(query.order_by(Enterprise.id)).first()  # type: ignore[return-value]


@pytest.fixture
def demo_client(demo: DemoSummary, app: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    """A client logged in as a demo account."""
    clients: list[TestClient] = []

    def make(username: str) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        return log_in(client, username, DEMO_PASSWORD)

    yield make
    for client in clients:
        client.close()


DemoClient = Callable[[str], TestClient]


@pytest.fixture
def admin(demo_client: DemoClient) -> TestClient:
    return demo_client("admin")


def _names(client: TestClient, **params: str) -> list[str]:
    response = client.get("/api/v1/enterprises", params={"per_page": "200", **params})
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


def test_the_library_lists_the_demo_firms_with_their_year(
    admin: TestClient, session: Session
) -> None:
    page = admin.get("/enterprises")
    assert page.status_code == 200
    assert "企业库" in page.text and 'id="enterprises"' in page.text
    assert "2025 年等级" in page.text and "公示中" in page.text
    body = admin.get("/api/v1/enterprises", params={"per_page": "200"}).json()
    assert body["year"] == YEAR and body["grade_state"] == "公示中"
    assert body["count"] >= 300 and len(body["items"]) == 200
    graded = [item for item in body["items"] if item["grade"] in ("A", "B", "C", "D")]
    assert len(graded) > 100
    firm = next(item for item in graded if item["tax_per_mu"] is not None)
    assert firm["land_mu"] and firm["size"] in ("ABOVE", "BELOW") and firm["industry"]


def test_search_by_name_alias_and_credit_code(admin: TestClient, session: Session) -> None:
    firm = _ledger_firm(session)
    firm.aliases.append(EnterpriseAlias(alias="测试简称甲"))
    session.commit()
    found = _names(admin, q=firm.name[2:6])
    assert firm.name in found and all(firm.name[2:6] in name for name in found)
    assert _names(admin, q="测试简称甲") == [firm.name]
    assert firm.credit_code
    assert _names(admin, q=firm.credit_code) == [firm.name]
    assert _names(admin, q=firm.credit_code[-8:].lower()) == [firm.name]
    page = admin.get("/enterprises", params={"q": "测试简称甲"})
    assert firm.name in page.text and "共 1 家企业" in page.text


def test_filters_by_class_industry_and_town(admin: TestClient, session: Session) -> None:
    classes = classes_by_year(session, [YEAR])[YEAR]
    a_class = {e.name for e in classes.evaluations.values() if e.grade == "A"}
    assert a_class and set(_names(admin, grade="A")) == a_class
    d_2024 = {e.name for e in classes_by_year(session, [2024])[2024].evaluations.values()
              if e.grade == "D"}  # fmt: skip
    assert set(_names(admin, grade="D", year="2024")) == d_2024

    metal = admin.get("/api/v1/enterprises", params={"industry": "C33"}).json()
    assert metal["count"] and all(i["industry_code"].startswith("C33") for i in metal["items"])
    assert all("金属制品业" in i["industry"] for i in metal["items"])
    manufacturing = admin.get("/api/v1/enterprises", params={"industry": "c"}).json()
    utilities = admin.get("/api/v1/enterprises", params={"industry": "D"}).json()
    assert metal["count"] < manufacturing["count"] and utilities["count"] >= 3

    fengqiao = _unit(session, "凤桥镇")
    in_town = set(_names(admin, unit=str(fengqiao.id)))
    expected = {
        e.name
        for e in session.scalars(select(Enterprise).join(Unit, Enterprise.unit_id == Unit.id)
                                 .where(Unit.path.startswith(fengqiao.path)))
    }  # fmt: skip
    assert in_town == expected and in_town
    both = set(_names(admin, unit=str(fengqiao.id), grade="A"))
    assert both == in_town & a_class

    refused = admin.get("/api/v1/enterprises", params={"grade": "Z"})
    assert refused.status_code == 422 and set(refused.json()) == ERROR_KEYS
    assert "等级" in refused.json()["message"]


def test_paging(admin: TestClient) -> None:
    first = admin.get("/api/v1/enterprises", params={"per_page": "20"}).json()
    second = admin.get("/api/v1/enterprises", params={"per_page": "20", "page": "2"}).json()
    assert len(first["items"]) == len(second["items"]) == 20
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    page = admin.get("/enterprises", params={"per_page": "20"})
    assert 'rel="next"' in page.text


def test_the_workbook_holds_the_filtered_list(admin: TestClient, session: Session) -> None:
    fengqiao = _unit(session, "凤桥镇")
    response = admin.get("/enterprises.xlsx", params={"unit": str(fengqiao.id), "grade": "B"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert "2025 年度" in str(rows[0][0]) and "公示中" in str(rows[0][0])
    assert rows[1][0] == "企业名称" and rows[1][-1] == "亩均等级"
    names = [row[0] for row in rows[2:]]
    assert names == sorted(_names(admin, unit=str(fengqiao.id), grade="B"))
    assert names and all(row[-1] == "B" and row[3] for row in rows[2:])
    assert all(isinstance(row[8], (int, float)) or row[8] is None for row in rows[2:])


def test_a_town_sees_only_its_own_enterprises(session: Session, demo_client: DemoClient) -> None:
    client = demo_client("fengqiao")
    own_unit = _unit(session, "凤桥镇")
    other = _ledger_firm(session, _unit(session, "湘家荡区域"))
    own = _ledger_firm(session, own_unit)
    listed = client.get("/api/v1/enterprises", params={"per_page": "200"}).json()
    ids = {item["id"] for item in listed["items"]}
    assert own.id in ids and other.id not in ids
    assert client.get(f"/enterprises/{own.id}").status_code == 200
    assert client.get(f"/enterprises/{other.id}").status_code == 403
    refused = client.get(f"/api/v1/enterprises/{other.id}")
    assert refused.status_code == 403 and set(refused.json()) == ERROR_KEYS
    assert client.get("/enterprises/999999999").status_code == 404
    searched = client.get("/enterprises", params={"q": other.name}).text
    assert f'/enterprises/{other.id}"' not in searched and "共 0 家企业" in searched
    workbook = load_workbook(BytesIO(client.get("/enterprises.xlsx").content)).active
    assert workbook is not None
    assert other.name not in {row[0] for row in workbook.iter_rows(values_only=True)}


def test_the_library_is_in_the_navigation_of_district_leader_and_town_desks(
    demo_client: DemoClient,
) -> None:
    for username, shown in (("admin", True), ("viewer", True), ("fengqiao", True),
                            ("jingxin", False), ("wangshan", False)):  # fmt: skip
        page = demo_client(username).get("/appeals/inbox")
        assert ('href="/enterprises"' in page.text) is shown, username


def test_an_enterprise_page_shows_its_five_years_with_sources(
    admin: TestClient, session: Session
) -> None:
    firm = _ledger_firm(session)
    page = admin.get(f"/enterprises/{firm.id}")
    assert page.status_code == 200
    html = page.text
    assert firm.name in html and (firm.credit_code or "") in html
    for year in range(2021, 2026):
        assert f'data-year="{year}"' in html or f'<th class="num">{year}</th>' in html
    assert html.count('class="source-link"') >= 20
    assert "第" in html and "行" in html  # a sheet row as the source
    assert html.count("<svg") >= 3 and "chart-levels" in html and "chart-trend" in html
    assert 'id="parcels"' in html and "不动产权第" in html
    assert "电力户号" in html
    body = admin.get(f"/api/v1/enterprises/{firm.id}").json()
    assert [y["year"] for y in body["years"]][-1] == YEAR
    latest = body["years"][-1]
    assert latest["grade_state"] == "公示中" and latest["grade"]
    tax = next(f for f in latest["figures"] if f["field"] == "tax")
    assert tax["value"] and "税务局" in tax["source"] and tax["event_id"]


def test_an_enterprise_page_links_tenancies_and_projects(
    admin: TestClient, session: Session
) -> None:
    from taizhang.enterprises.models import Tenancy
    from taizhang.projects.models import ProjectInvestor

    tenancy = session.scalars(select(Tenancy)).first()
    assert tenancy is not None
    html = admin.get(f"/enterprises/{tenancy.tenant_id}").text
    assert f'href="/enterprises/{tenancy.landlord_id}"' in html
    landlord = admin.get(f"/enterprises/{tenancy.landlord_id}").text
    assert f'href="/enterprises/{tenancy.tenant_id}"' in landlord
    investor = session.scalars(select(ProjectInvestor)).first()
    assert investor is not None
    html = admin.get(f"/enterprises/{investor.enterprise_id}").text
    assert f'href="/projects/{investor.project_id}"' in html


def test_the_filter_form_sends_empty_choices(admin: TestClient) -> None:
    blank = {"q": "", "unit": "", "industry": "", "grade": "", "year": "2025"}
    assert admin.get("/enterprises", params=blank).status_code == 200
    assert admin.get("/enterprises", params={**blank, "year": ""}).status_code == 200
    for bad in ({"year": "1999"}, {"unit": "0"}, {"industry": "C3x"}):
        refused = admin.get("/api/v1/enterprises", params=bad)
        assert refused.status_code == 422 and set(refused.json()) == ERROR_KEYS, bad


def test_an_enterprise_page_lists_the_requests_it_filed(
    admin: TestClient, session: Session
) -> None:
    from taizhang.appeals.models import Appeal

    appeal = session.scalars(select(Appeal).where(Appeal.enterprise_id.is_not(None))).first()
    assert appeal is not None  # the demo has enterprises' requests
    html = admin.get(f"/enterprises/{appeal.enterprise_id}").text
    section = html[html.index('id="appeals"') :]
    assert f'href="/appeals/{appeal.id}"' in section and appeal.number in section

"""Specs for the section gate (`web.deps.section`): every route declares where it belongs, and
each demo account reaches the pages, downloads and API of the sections its desk uses
(`org.access.may`) and gets 403 (`section_closed`) everywhere else — not only a navigation
without the link."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealAttachment
from taizhang.demo.build import DemoSummary
from taizhang.demo.data import USERS
from taizhang.enterprises.models import Enterprise
from taizhang.incentives.models import IncentiveAccount, IncentiveProgram, IncentiveRun
from taizhang.kernel.sources import Document
from taizhang.org.access import SECTION_CLOSED, Section, may, scope_path
from taizhang.org.models import Unit, UnitKind, User
from taizhang.projects.models import Project
from taizhang.web.deps import SectionGate, public_route
from tests.web.conftest import ERROR_KEYS, csrf_from, log_in

DEMO_PASSWORD = "taizhang-demo"
# What anyone may open without logging in.
PUBLIC_PATHS = {
    "/login",
    "/favicon.ico",
    "/appeals/new",
    "/appeals/track/{number}",
    "/appeals/track/{number}/photos/{photo_id:id}",
    "/appeals/track/{number}/evaluate",
    "/open311/v2/services.json",
    "/open311/v2/requests.json",
    "/open311/v2/requests/{public_id}.json",
}
PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")
Gate = SectionGate | Callable[[], None]


def gates_of(dependant: Dependant) -> Iterator[Gate]:
    for dependency in dependant.dependencies:
        if isinstance(dependency.call, SectionGate) or dependency.call is public_route:
            yield dependency.call
        yield from gates_of(dependency)


@dataclass(frozen=True)
class Declared:
    """A route as the app serves it: its full path, its methods, the gates it declares (its
    own and its router's)."""

    path: str
    methods: frozenset[str]
    gates: tuple[Gate, ...]

    @property
    def gate(self) -> Gate:
        (gate,) = self.gates
        return gate


def declared(app: FastAPI) -> tuple[list[Declared], list[RouteContext]]:
    """The app's API routes (each included router's, with the router's dependencies), and the
    other routes."""
    routes, others = [], []
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            methods = frozenset(context.methods or ())
            gates = tuple(gates_of(context.dependant))
            routes.append(Declared(str(context.path), methods, gates))
        else:
            others.append(context)
    return routes, others


def api_routes(app: FastAPI) -> list[Declared]:
    return declared(app)[0]


def test_every_route_declares_exactly_one_gate(app: FastAPI) -> None:
    routes, others = declared(app)
    assert len(routes) > 70  # the walk sees inside the included routers
    problems = [
        f"{sorted(route.methods)} {route.path}: {len(route.gates)} gates"
        for route in routes
        if len(route.gates) != 1
    ]
    assert problems == [], "every route needs `section(...)` or `PUBLIC`:\n" + "\n".join(problems)
    # Not ours: the static files and FastAPI's OpenAPI document (public, like the API's docs).
    assert sorted(str(other.path) for other in others) == ["/api/v1/openapi.json", "/static"]


def test_only_the_public_pages_are_public(app: FastAPI) -> None:
    public = {route.path for route in api_routes(app) if route.gate is public_route}
    assert public == PUBLIC_PATHS


def test_the_navigation_pages_belong_to_their_sections(app: FastAPI) -> None:
    from taizhang.web.navigation import SECTION_PATHS

    sections = {
        route.path: gate.section
        for route in api_routes(app)
        if "GET" in route.methods and isinstance(gate := route.gate, SectionGate)
    }
    for section, path in SECTION_PATHS.items():
        if path != "/":  # the home page: the dashboard, or each desk sent on to its work
            assert sections[path] == section, path


# ── every demo account against every GET route ─────────────────────────────────────────────


@dataclass(frozen=True)
class Visit:
    path: str  # with its parameters filled
    section: Section | None  # None: every log-in


def demo_client(app: FastAPI, username: str) -> TestClient:
    return log_in(TestClient(app), username, DEMO_PASSWORD)


@dataclass(frozen=True)
class Account:
    """What the sweep needs of a demo account and the demo, read before any request (the test's
    session must hold no transaction while the app writes the log-in)."""

    username: str
    sections: frozenset[Section]
    parameters: dict[str, dict[str, str]]  # path parameters by route prefix
    appeals: tuple[int, ...]  # any appeal, for an account whose inbox is empty
    attachments: dict[int, int]  # an attachment of each appeal that has one


def read_account(session: Session, username: str) -> Account:
    user = session.scalars(select(User).where(User.username == username)).one()
    scope = scope_path(user)

    def seen(unit: Unit) -> bool:
        return scope is None or unit.path.startswith(scope)

    def first_seen(kind: UnitKind) -> str:
        units = list(session.scalars(select(Unit).where(Unit.kind == kind.value).order_by(Unit.id)))
        return str(next((u for u in units if seen(u)), units[0]).id)

    projects = list(session.scalars(select(Project).order_by(Project.id)))
    project = next((p for p in projects if seen(p.unit)), projects[0])
    document = session.scalar(select(Document.id).limit(1))
    town = user.unit.id if user.unit and user.unit.kind == UnitKind.TOWN else None
    firms = list(session.scalars(select(Enterprise).order_by(Enterprise.id)))
    units = {u.id: u for u in session.scalars(select(Unit))}
    firm = next((f for f in firms if f.unit_id and seen(units[f.unit_id])), firms[0])
    common = {
        "project_id": str(project.id),
        "document_id": str(document or 1),
        "enterprise_id": str(firm.id),
        "year": "2025",
        "program_id": str(session.scalar(select(IncentiveProgram.id).limit(1))),
        "run_id": str(session.scalar(select(IncentiveRun.id).limit(1))),
        "number": str(session.scalar(select(IncentiveAccount.number).limit(1))),
        "code": "KJ-2026-01",
        "achievement_id": "1",
        "need_id": "1",
        "key": "semiconductors",  # a chain
    }
    account = Account(
        username,
        frozenset(section for section in Section if may(user, section)),
        {
            "": common,
            "/race/": {**common, "unit_id": str(town or first_seen(UnitKind.TOWN))},
            "/appeals/compounds/": {**common, "unit_id": first_seen(UnitKind.COMPOUND)},
        },
        tuple(session.scalars(select(Appeal.id).order_by(Appeal.id).limit(1))),
        {a: f for a, f in session.execute(select(AppealAttachment.appeal_id, AppealAttachment.id))},
    )
    session.rollback()
    return account


def _queries(admin: TestClient) -> tuple[dict[str, str], str]:
    """Query strings a route cannot do without, and a report's kind."""
    reports = admin.get("/race/reports").text
    found = re.search(
        r'action="/race/reports/([a-z_]+)".*?name="period" value="([^"]+)"', reports, re.S
    )
    assert found, "the reports page offers no report"
    town = re.search(r'href="/race/units/(\d+)', admin.get("/race").text)
    assert town, "the race board links no town"
    return {
        "/race/reports/{kind}": f"period={found.group(2)}",
        "/api/v1/race/explain": f"unit={town.group(1)}",
    }, found.group(1)


def _sends_on(path: str, location: str) -> bool:
    """A redirect that is the page's answer: the home page sends a desk without the dashboard
    on to its work, a section's front page (/muju) to its current page (/muju/2025)."""
    return path == "/" or location.split("?")[0].startswith(path.rstrip("/") + "/")


def visits(app: FastAPI, account: Account, client: TestClient) -> list[Visit]:
    """Every GET route behind a section gate, its path filled for the account."""
    admin = demo_client(app, "admin")
    queries, kind = _queries(admin)
    admin.close()
    listed = client.get("/api/v1/appeals").json().get("items") or []
    appeal_id = listed[0]["id"] if listed else account.appeals[0]
    attachment = str(account.attachments.get(appeal_id, 1))
    extra = {"kind": kind, "appeal_id": str(appeal_id), "photo_id": attachment}
    extra["file_id"] = attachment
    found = []
    for route in api_routes(app):
        gate = route.gate
        if "GET" not in route.methods or not isinstance(gate, SectionGate):
            continue
        prefix = next((p for p in account.parameters if p and route.path.startswith(p)), "")
        values = {**account.parameters[prefix], **extra}
        path = PARAMETER.sub(lambda m, values=values: values[m.group(1)], route.path)
        query = queries.get(route.path)
        found.append(Visit(f"{path}?{query}" if query else path, gate.section))
    return found


@pytest.mark.parametrize("username", [row.username for row in USERS])
def test_each_demo_account_reaches_its_sections_and_gets_403_elsewhere(
    demo: DemoSummary, app: FastAPI, session: Session, username: str
) -> None:
    account = read_account(session, username)
    client = demo_client(app, username)
    problems: list[str] = []
    reached: list[str] = []
    for visit in visits(app, account, client):
        response = client.get(visit.path, follow_redirects=False)
        status, api = response.status_code, visit.path.startswith("/api/")
        allowed = visit.section is None or visit.section in account.sections
        if allowed:
            closed = status == 403 and SECTION_CLOSED in response.text
            if status == 303 and _sends_on(visit.path, response.headers["location"]):
                continue
            if status not in (200, 404, 403) or closed:
                problems.append(f"{visit.path} ({visit.section}) answers {status}, should be open")
            elif status == 200 and not api and "text/html" in response.headers["content-type"]:
                reached.append(visit.path)
            continue
        if status != 403:
            problems.append(f"{visit.path} ({visit.section}) answers {status}, should be 403")
        elif api:
            body = response.json()
            assert set(body) == ERROR_KEYS and body["code"] == SECTION_CLOSED, body
            assert body["message"].startswith("此页面属于"), body
        else:
            assert response.headers["content-type"].startswith("text/html")
            assert "您的岗位不使用该栏目" in response.text
    problems += _links_answering_403(client, reached)
    client.close()
    assert problems == [], f"{username}:\n" + "\n".join(problems)


def _links_answering_403(client: TestClient, pages: list[str]) -> list[str]:
    """Follow the links on every page the account reached: none may answer 403 (a few of each
    shape of link, the digits standing for any id)."""
    links: dict[str, list[str]] = {}
    for page in pages:
        for href in re.findall(r'href="(/[^"]*)"', client.get(page).text):
            parts = urlsplit(href.replace("&amp;", "&"))
            if parts.path.startswith("/static/") or "format=" in parts.query:
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            shape = re.sub(r"\d+", "N", parts.path)
            if link not in links.setdefault(shape, []) and len(links[shape]) < 3:
                links[shape].append(link)
    return [
        f"{link} (linked) answers 403"
        for shaped in links.values()
        for link in shaped
        if client.get(link, follow_redirects=False).status_code == 403
    ]


def test_the_district_administrator_opens_every_get_route(
    demo: DemoSummary, app: FastAPI, session: Session
) -> None:
    """The sweep means something only if the filled paths exist: the administrator sees all."""
    account = read_account(session, "admin")
    client = demo_client(app, "admin")
    statuses = {v.path: client.get(v.path).status_code for v in visits(app, account, client)}
    missing_in_demo = {p for p, s in statuses.items() if s == 404}
    assert {s for s in statuses.values()} <= {200, 404}, statuses
    # Only what the demo does not hold (a read document, an attachment, a stored 亩均 run) may
    # be missing.
    held = r"/documents/|/photos/|/files/|/muju/"
    assert all(re.search(held, p) for p in missing_in_demo), missing_in_demo


# ── writes are gated too ───────────────────────────────────────────────────────────────────


def test_a_property_company_cannot_import_projects_or_set_targets(
    demo: DemoSummary, app: FastAPI
) -> None:
    client = demo_client(app, "anhe-wuye")
    token = csrf_from(client.get("/account").text)
    sheet = {"file": ("x.csv", b"a,b\n", "text/csv")}
    page = client.post("/projects/import", data={"csrf_token": token}, files=sheet)
    assert page.status_code == 403 and "您的岗位不使用该栏目" in page.text
    put = client.put(
        "/api/v1/race/targets",
        json={"unit": 1, "year": 2026, "metric": "started", "value": 1},
        headers={"X-CSRF-Token": token},
    )
    assert put.status_code == 403 and put.json()["code"] == SECTION_CLOSED
    english = client.get("/api/v1/dashboard?lang=en").json()
    assert english["error"] == (
        "this page is part of the project dashboard, which your desk does not use"
    )


def test_a_department_reaches_the_race_but_not_the_projects(
    demo: DemoSummary, app: FastAPI
) -> None:
    client = demo_client(app, "jingxin")
    assert client.get("/race").status_code == 200
    assert client.get("/api/v1/race/rankings").status_code == 200
    for path in ("/projects", "/projects.xlsx", "/api/v1/projects", "/documents", "/admin/users"):
        assert client.get(path).status_code == 403, path


def test_logging_in_is_asked_before_the_section(app: FastAPI) -> None:
    client = TestClient(app)
    assert client.get("/api/v1/projects").status_code == 401
    page = client.get("/race/targets", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")

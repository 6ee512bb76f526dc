"""Specs for the home page (`web.home`): each role lands on its work, and the navigation offers
only what the role may use."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from taizhang.demo.build import DemoSummary
from tests.web.conftest import log_in

DEMO_PASSWORD = "taizhang-demo"


def demo_client(app: FastAPI, username: str) -> TestClient:
    return log_in(TestClient(app), username, DEMO_PASSWORD)


def nav_links(html: str) -> list[str]:
    found = re.search(r'<nav class="mainnav">(.*?)</nav>', html, re.S)
    assert found, "the page has no navigation"
    return re.findall(r'href="([^"]+)"', found.group(1))


@pytest.mark.parametrize(
    "username", ["chenyaqin", "anhe-wuye", "xc-yeweihui", "jingxin", "touzhong"]
)
def test_it_sends_appeal_handlers_on_to_their_inbox(
    demo: DemoSummary, app: FastAPI, username: str
) -> None:
    response = demo_client(app, username).get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/appeals/inbox"


@pytest.mark.parametrize("username", ["admin", "viewer", "fengqiao"])
def test_it_keeps_the_dashboard_for_the_district_and_the_towns(
    demo: DemoSummary, app: FastAPI, username: str
) -> None:
    response = demo_client(app, username).get("/", follow_redirects=False)
    assert response.status_code == 200
    assert 'class="chart chart-funnel"' in response.text


def test_a_towns_dashboard_is_titled_as_its_own(demo: DemoSummary, app: FastAPI) -> None:
    html = demo_client(app, "fengqiao").get("/").text
    assert "本单位项目与赛马 · 凤桥镇" in html
    assert "各镇街、平台项目分布" not in html


@pytest.mark.parametrize(
    ("username", "links"),
    [
        ("admin", ["/", "/projects", "/documents", "/race", "/muju", "/appeals/inbox",
                   "/appeals/coverage", "/appeals/evaluations", "/enterprises", "/incentives",
                   "/policies", "/achievements", "/chains", "/admin/users"]),
        ("viewer", ["/", "/projects", "/documents", "/race", "/muju", "/appeals/inbox",
                    "/appeals/coverage", "/appeals/evaluations", "/enterprises",
                    "/incentives", "/policies", "/achievements", "/chains"]),
        ("chenyaqin", ["/appeals/inbox", "/appeals/coverage", "/appeals/evaluations"]),
        ("anhe-wuye", ["/appeals/inbox"]),
        ("jingxin", ["/race", "/appeals/inbox", "/policies", "/achievements", "/chains"]),
    ],
)  # fmt: skip
def test_the_navigation_offers_only_what_the_role_may_use(
    demo: DemoSummary, app: FastAPI, username: str, links: list[str]
) -> None:
    client = demo_client(app, username)
    html = client.get("/appeals/inbox").text
    assert nav_links(html) == links
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_race_board_links_a_town_only_to_its_own_points(
    demo: DemoSummary, app: FastAPI
) -> None:
    client = demo_client(app, "fengqiao")
    explained = set(re.findall(r'href="(/race/units/\d+)', client.get("/race").text))
    assert len(explained) == 1
    assert client.get(explained.pop()).status_code == 200


def test_the_inbox_of_a_property_company_links_nothing_it_may_not_open(
    demo: DemoSummary, app: FastAPI
) -> None:
    html = demo_client(app, "anhe-wuye").get("/appeals/inbox").text
    assert "/appeals/coverage" not in html and "/appeals/evaluations" not in html
    assert re.search(r'id="tab-todo"[^>]*>[^<]*<span class="badge">\d+</span>', html)


def test_the_favicon_is_served_and_linked(app: FastAPI) -> None:
    client = TestClient(app)
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/login").text
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.lstrip().startswith("<svg")

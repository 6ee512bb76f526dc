"""Web fixtures: the app on the test database with a fixed clock, and logged-in clients."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright
from sqlalchemy import Engine

from taizhang.demo.build import DemoSummary
from taizhang.org.models import User
from tests.conftest import DEMO_TODAY, PASSWORD
from tests.web.browsing import CHROMIUM, CHROMIUM_FLAGS, serving

# The keys of every JSON error (`web.errors.ErrorOut`).
ERROR_KEYS = {"ok", "code", "error", "message", "errors", "status"}


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def client_for(app: FastAPI) -> Iterator[Callable[[User], TestClient]]:
    clients: list[TestClient] = []

    def make(user: User) -> TestClient:
        client = TestClient(app)
        clients.append(client)
        return log_in(client, user.username)

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def count_queries(engine: Engine) -> Iterator[Callable[[], int]]:
    """Counts the SQL statements the app sends from now on."""
    from sqlalchemy import event

    statements: list[str] = []

    def remember(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    statements.clear()
    yield lambda: len(statements)
    event.remove(engine, "before_cursor_execute", remember)


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's Chromium through Playwright (`tests/web/browsing.py`)."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def demo_server(demo: DemoSummary, database_url: str) -> Iterator[str]:
    """`taizhang serve` on a copy of the demo district, its clock on the demo's day; every demo
    account logs in with DEMO_PASSWORD."""
    with serving(database_url, TAIZHANG_TODAY=DEMO_TODAY.isoformat()) as url:
        yield url

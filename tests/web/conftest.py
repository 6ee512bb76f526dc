"""Web fixtures: the app on the test database with a fixed clock, and logged-in clients."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from taizhang.config import Settings
from taizhang.ledger.events import Source
from taizhang.ledger.models import Project, User
from taizhang.ledger.money import Money
from taizhang.ledger.projects import create_project, plan_stage
from taizhang.ledger.stages import Stage
from taizhang.web.app import create_app
from tests.conftest import NOW, PASSWORD, District


@pytest.fixture
def app(engine: Engine, database_url: str) -> FastAPI:
    settings = Settings(database_url=database_url, secret_key="x" * 32)
    return create_app(settings, engine=engine, clock=lambda: NOW)


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


@dataclass
class Projects:
    in_town: Project
    in_street: Project
    in_platform: Project


@pytest.fixture
def projects(session: Session, district: District) -> Projects:
    source = Source("system", label="测试数据")
    in_town = create_project(
        session,
        name="智能农机装备项目",
        unit=district.village,
        stage=Stage.SIGNED,
        stage_on=date(2026, 2, 1),
        source=source,
        now=NOW,
        figures={"investment": Money(Decimal(350_000_000)), "chain": "智能装备"},
    )
    plan_stage(session, in_town, Stage.CONSTRUCTION, on=date(2026, 4, 30), source=source)
    in_street = create_project(
        session,
        name="城市更新数字平台项目",
        unit=district.street,
        source=source,
        now=NOW,
        figures={"investment": Money(Decimal(60_000_000)), "chain": "人工智能"},
    )
    in_platform = create_project(
        session,
        name="新型电池电芯项目",
        unit=district.platform,
        stage=Stage.CONSTRUCTION,
        stage_on=date(2026, 3, 1),
        source=source,
        now=NOW,
        figures={
            "investment": Money(Decimal(11_000_000_000)),
            "chain": "新能源",
            "progress_pct": Decimal(45),
        },
    )
    session.commit()
    return Projects(in_town, in_street, in_platform)


@pytest.fixture
def app_client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


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

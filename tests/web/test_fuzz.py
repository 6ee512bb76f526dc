"""No input makes the JSON API fail: Hypothesis (through Schemathesis) generates requests for
every operation of the OpenAPI document — in-range and out-of-range ids, amounts, dates, codes
and texts — as a logged-in administrator, and every answer is below 500."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.generation.case import Case
from schemathesis.schemas import BaseSchema
from sqlalchemy.orm import Session

from taizhang.org.logins import open_login
from taizhang.org.models import User
from taizhang.web.deps import SESSION_COOKIE
from tests.conftest import NOW, Projects

EXAMPLES = 15


@pytest.fixture
def api_schema(app: FastAPI) -> BaseSchema:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.fixture
def admin_login(session: Session, district_admin: User, projects: Projects) -> tuple[str, str]:
    """A live log-in of the administrator: (cookie token, CSRF token)."""
    token, csrf = open_login(session, district_admin, now=NOW, minutes=480)
    session.commit()
    return token, csrf


def test_no_request_makes_the_api_fail(
    api_schema: BaseSchema, admin_login: tuple[str, str]
) -> None:
    token, csrf = admin_login
    failures: list[str] = []
    for result in api_schema.get_all_operations():
        for mode in GenerationMode:  # inputs the schema allows, and inputs it does not
            failures += _fuzz(result.ok(), mode, token, csrf)
    assert failures == []


def _fuzz(operation: Any, mode: GenerationMode, token: str, csrf: str) -> list[str]:
    """The failing requests of up to `EXAMPLES` generated for one operation."""
    failed: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case: Case) -> None:
        try:
            response = case.call(cookies={SESSION_COOKIE: token}, headers={"X-CSRF-Token": csrf})
        except Exception as exc:  # the app raised instead of answering: a 500 for a client
            failed.append(f"{case.as_curl_command()} → {exc!r}"[:400])
            return
        if response.status_code >= 500:
            failed.append(f"{case.as_curl_command()} → {response.status_code}")

    with contextlib.suppress(Unsatisfiable):  # an operation without inputs has no invalid ones
        call()
    return failed


NASTY_NUMBERS = ("9223372036854775808", "-9223372036854775809", "1e999", "-1", "0", "NaN")
NASTY_DATES = ("0001-01-01", "9999-12-31", "0000-01", "9999-12")


def test_out_of_range_numbers_and_dates_in_every_parameter_never_fail(
    app: FastAPI, admin_login: tuple[str, str]
) -> None:
    """The same, deterministically: each numeric or date parameter of each operation, alone,
    set to a value past every bound (an id past 64 bits, 1e999, year 9999 …)."""
    token, csrf = admin_login
    client = TestClient(app, raise_server_exceptions=False)
    client.cookies.set(SESSION_COOKIE, token)
    failures = [
        f"{method.upper()} {path} {name}={value} → {status}"
        for method, path, name, value in _nasty_requests(app.openapi())
        if (status := _send(client, csrf, method, path, name, value)) >= 500
    ]
    assert failures == []


def _nasty_requests(document: dict[str, Any]) -> Iterator[tuple[str, str, str, str]]:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                for value in _nasty_for(parameter.get("schema", {})):
                    yield method, path, f"{parameter['in']}:{parameter['name']}", value
            for name, field in _body_fields(document, operation).items():
                for value in _nasty_for(field):
                    yield method, path, f"body:{name}", value


def _body_fields(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    reference = (content or {}).get("schema", {}).get("$ref", "")
    if not reference:
        return {}
    schema = document["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    return dict(schema.get("properties", {}))


def _nasty_for(schema: dict[str, Any]) -> tuple[str, ...]:
    kinds = {schema.get("type"), schema.get("format")}
    kinds |= {s.get("type") for s in schema.get("anyOf", [])}
    kinds |= {s.get("format") for s in schema.get("anyOf", [])}
    if kinds & {"integer", "number"}:
        return NASTY_NUMBERS
    if "date" in kinds:
        return NASTY_DATES
    return ()


def _send(client: TestClient, csrf: str, method: str, path: str, name: str, value: str) -> int:
    where, key = name.split(":", 1)
    url = path
    for parameter in re.findall(r"{(\w+)}", path):
        url = url.replace(f"{{{parameter}}}", value if parameter == key else "1")
    query = {key: value} if where == "query" else {}
    headers = {"X-CSRF-Token": csrf, "Content-Type": "application/json"}
    body = f'{{"{key}": {_json_text(value)}}}' if where == "body" else None
    return client.request(method, url, params=query, content=body, headers=headers).status_code


def _json_text(value: str) -> str:
    """Numbers as written (1e999 and NaN too, as a careless client sends them), dates quoted."""
    return value if "-" not in value[1:] else json.dumps(value)

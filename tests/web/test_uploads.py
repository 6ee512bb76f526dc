"""Hostile uploads, as an attacker or a careless user sends them: each is refused with a Chinese
message before it is parsed, nothing is written, and the server goes on answering."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.kernel.sheets import MAX_ROWS, read_table
from taizhang.org.models import User
from taizhang.projects.models import Project
from tests.conftest import District
from tests.web.conftest import csrf_from

ClientFor = Callable[[User], TestClient]


def _workbook_with(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced by `sheet_xml`."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    original = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as forged:
        for item in original.infolist():
            data = original.read(item.filename)
            forged.writestr(item, sheet_xml if item.filename.endswith("sheet1.xml") else data)
    return out.getvalue()


ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
ZIP_BOMB = _workbook_with(b"<worksheet><sheetData>" + ROW * 200_000 + b"</sheetData></worksheet>")
LAUGHS = _workbook_with(
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b"<worksheet><sheetData><row><c><v>&lol2;</v></c></row></sheetData></worksheet>"
)
TOO_MANY_ROWS = b"a\n" * (MAX_ROWS + 1)
HOSTILE = {
    "bomb.xlsx": (ZIP_BOMB, "解压后过大"),
    "laughs.xlsx": (LAUGHS, "XML"),
    "broken.xlsx": (b"PK\x03\x04 this is not a workbook", "无法读取"),
    "rows.csv": (TOO_MANY_ROWS, "1,048,576"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_the_sheet_reader_refuses_it_before_parsing(tmp_path: Path, name: str) -> None:
    content, words = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(Invalid, match=words):
        read_table(path)


def _post(client: TestClient, name: str, content: bytes) -> int:
    token = csrf_from(client.get("/projects/import").text)
    files = {"file": (name, content)}
    return client.post("/projects/import", data={"csrf_token": token}, files=files).status_code


@pytest.mark.parametrize("name", list(HOSTILE))
def test_an_upload_is_refused_with_422_and_nothing_is_written(
    client_for: ClientFor, district_admin: User, session: Session, district: District, name: str
) -> None:
    client = client_for(district_admin)
    assert _post(client, name, HOSTILE[name][0]) == 422
    assert client.get("/api/v1/dashboard").status_code == 200  # still answering
    assert session.scalar(select(func.count()).select_from(Project)) == 0


def test_a_body_over_the_limit_is_refused_before_it_is_read(
    client_for: ClientFor, district_admin: User
) -> None:
    client = client_for(district_admin)
    token = csrf_from(client.get("/projects/import").text)
    files = {"file": ("big.csv", b"x" * (11 * 1024 * 1024))}
    response = client.post("/projects/import", data={"csrf_token": token}, files=files)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large" and "10 MB" in response.json()["error"]


def test_an_upload_without_a_log_in_is_sent_to_log_in_unread(app_client: TestClient) -> None:
    files = {"file": ("a.csv", "项目名称,所属单位\n甲,乙\n".encode())}
    response = app_client.post("/projects/import", files=files, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")

"""Uploading a bureau's yearly list of enterprise figures from the browser."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.enterprises.ledger import fact_history
from taizhang.enterprises.models import EnterpriseFact
from taizhang.org.models import Role, User
from taizhang.org.users import create_user
from tests.conftest import PASSWORD, District
from tests.enterprises.ledger_helpers import credit_code, firm, workbook
from tests.web.conftest import csrf_from

ClientFor = Callable[[User], TestClient]


def _xlsx(tmp_path: Path, rows: list[list[object]]) -> bytes:
    return workbook(tmp_path / "list.xlsx", rows).read_bytes()


def _upload(client: TestClient, name: str, content: bytes, **form: str) -> str:
    token = csrf_from(client.get("/enterprises/figures/import").text)
    response = client.post(
        "/enterprises/figures/import",
        data={"csrf_token": token, "year": "2025", **form},
        files={"file": (name, BytesIO(content), "application/octet-stream")},
    )
    return f"{response.status_code} {response.text}"


def _department_staff(session: Session, district: District) -> User:
    user = create_user(
        session,
        username="jingxin",
        password=PASSWORD,
        role=Role.UNIT_STAFF,
        unit=district.department,
        display_name="经信局 吴",
    )
    session.commit()
    return user


def test_department_staff_import_a_tax_list_and_see_the_rows_left_out(
    client_for: ClientFor, session: Session, district: District, tmp_path: Path
) -> None:
    steel = firm(session, "嘉兴恒信金属制品有限公司", "MA7A0001")
    session.commit()
    staff = _department_staff(session, district)
    content = _xlsx(
        tmp_path,
        [
            ["统一社会信用代码", "纳税人名称", "税收（万元）"],
            [credit_code("MA7A0001"), "嘉兴恒信金属制品有限公司", 800],
            [None, "嘉兴无名五金厂", 3],
        ],
    )

    client = client_for(staff)
    page = _upload(client, "税务局2025.xlsx", content, kind="tax")

    assert page.startswith("200"), page[:500]
    assert "税务局税收清单（2025年）导入完成：匹配 1 行" in page
    assert 'id="figures-unmatched"' in page and "嘉兴无名五金厂" in page
    session.expire_all()
    event = fact_history(session, steel.id)[-1]
    assert (event.actor_id, event.source_label, event.value) == (
        staff.id,
        "税务局2025.xlsx 第2行",
        "800",
    )
    session.rollback()  # end the test's read, so the app may write
    again = _upload(client, "税务局2025（再传）.xlsx", content, kind="tax")
    assert "导入的“税务局2025.xlsx”" in again


def test_a_bad_list_shows_every_error_and_writes_nothing(
    client_for: ClientFor, session: Session, district: District, district_admin: User,
    tmp_path: Path,
) -> None:  # fmt: skip
    firm(session, "嘉兴恒信金属制品有限公司", "MA7A0001")
    session.commit()
    content = _xlsx(
        tmp_path, [["企业名称", "用电量（桶）", "税收"], ["嘉兴恒信金属制品有限公司", 5, "x"]]
    )

    page = _upload(client_for(district_admin), "bad.xlsx", content)

    assert page.startswith("422")
    assert '<td class="num">1</td><td>用电量（桶）</td>' in page
    assert '<td class="num">2</td><td>税收</td>' in page
    session.expire_all()
    assert session.scalar(select(func.count(EnterpriseFact.id))) == 0


def test_town_staff_and_viewers_may_not_import_figures(
    client_for: ClientFor, district: District, town_staff: User, viewer: User
) -> None:
    assert client_for(town_staff).get("/enterprises/figures/import").status_code == 403
    assert client_for(viewer).get("/enterprises/figures/import").status_code == 403

"""Routes of the incentives: the pages and the API for the district's desks, 403 for the others,
a merchant's redemption never beyond the balance, and the payment office's workbook."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.incentives.ledger import issue_from_run
from taizhang.incentives.models import IncentiveRun, Voucher
from taizhang.incentives.runs import publish_run
from taizhang.org.models import User
from tests.conftest import NOW, District
from tests.incentives.ledger.helpers import stored_program
from tests.web.conftest import ERROR_KEYS, csrf_from

ClientFor = Callable[[User], TestClient]


@pytest.fixture
def run(session: Session, district: District, district_admin: User) -> IncentiveRun:
    program = stored_program(session, district, pool="100")
    published = publish_run(
        session, program, issued_on=date(2026, 5, 1), actor=district_admin, now=NOW
    )
    issue_from_run(session, published, on=date(2026, 5, 1), at=NOW, actor=district_admin)
    session.commit()
    return published


def test_the_program_page_shows_rules_charts_and_runs(
    client_for: ClientFor, district_admin: User, run: IncentiveRun
) -> None:
    client = client_for(district_admin)
    listed = client.get("/incentives")
    assert listed.status_code == 200 and "测试节能券" in listed.text
    page = client.get(f"/incentives/programs/{run.program_id}")
    assert page.status_code == 200
    for words in ("降幅达到 5% 的月份达标", "逐户补 1 分", "chart-bar", "chart-trend", "凤桥镇",
                  "payments.xlsx", "申领超过资金池", 'data-reconciles="yes"'):  # fmt: skip
        assert words in page.text, words
    assert client.get("/incentives/programs/999").status_code == 404


def test_the_run_page_searches_by_account(
    client_for: ClientFor, district_admin: User, run: IncentiveRun
) -> None:
    client = client_for(district_admin)
    page = client.get(f"/incentives/runs/{run.id}")
    assert page.status_code == 200 and "A003" in page.text and "户主已变更" in page.text
    found = client.get(f"/incentives/runs/{run.id}?q=A00&rewarded=true")
    assert "A001" in found.text and "A003" not in found.text
    exact = client.get(f"/incentives/runs/{run.id}?q=A004", follow_redirects=False)
    assert exact.status_code == 303 and exact.headers["location"] == "/incentives/accounts/A004"
    api = client.get(f"/api/v1/incentives/runs/{run.id}?q=A001").json()
    assert api["count"] == 1 and api["items"][0]["award"] == "25.93"
    assert api["run"]["totals"]["reconciles"] is True


def test_an_account_page_shows_bills_vouchers_and_movements(
    client_for: ClientFor, district_admin: User, run: IncentiveRun, session: Session
) -> None:
    client = client_for(district_admin)
    page = client.get("/incentives/accounts/A001")
    assert page.status_code == 200
    for words in ("两年电费账单", "320.00", "285.00", "25.93", "发放", "降幅 10.94%"):
        assert words in page.text, words
    voucher_id = session.scalars(select(Voucher.id).order_by(Voucher.amount)).first()
    name = district_admin.display_name
    session.rollback()  # the test's session holds no lock while the app writes
    token = csrf_from(page.text)
    too_much = client.post(
        f"/incentives/vouchers/{voucher_id}/redeem",
        data={"amount": "25.94", "merchant": "南湖超市", "csrf_token": token},
    )
    assert too_much.status_code == 422 and "不足 25.94 元" in too_much.text
    done = client.post(
        f"/incentives/vouchers/{voucher_id}/redeem",
        data={"amount": "10", "merchant": "南湖超市", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    after = client.get("/api/v1/incentives/accounts/A001").json()
    moves = after["vouchers"][0]["movements"]
    assert [m["kind"] for m in moves] == ["ISSUED", "REDEEMED"]
    assert moves[1]["merchant"] == "南湖超市" and moves[1]["person"] == name
    assert after["vouchers"][0]["balance"] == "15.93"
    api = client.post(
        f"/api/v1/incentives/vouchers/{voucher_id}/redeem",
        json={"amount": "16", "merchant": "五芳斋"},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 422 and set(api.json()) >= ERROR_KEYS
    refunded = client.post(
        f"/api/v1/incentives/vouchers/{voucher_id}/refund",
        json={"amount": "4", "merchant": "南湖超市", "reason": "退货"},
        headers={"X-CSRF-Token": token},
    )
    assert refunded.status_code == 200 and refunded.json()["balance"] == "19.93"
    too_much_back = client.post(
        f"/api/v1/incentives/vouchers/{voucher_id}/refund",
        json={"amount": "7", "merchant": "南湖超市"},
        headers={"X-CSRF-Token": token},
    )
    assert too_much_back.status_code == 422
    assert client.get("/incentives/accounts/NOPE").status_code == 404


def test_the_payment_workbook_lists_the_stored_run(
    client_for: ClientFor, district_admin: User, run: IncentiveRun
) -> None:
    response = client_for(district_admin).get(f"/incentives/runs/{run.id}/payments.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["兑付清单"]
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert [(r[1], r[6]) for r in rows] == [("A001", 25.93), ("A004", 74.07)]


def test_other_desks_and_viewers(
    client_for: ClientFor, town_staff: User, viewer: User, run: IncentiveRun, session: Session
) -> None:
    town = client_for(town_staff)
    closed = (
        "/incentives",
        f"/incentives/runs/{run.id}",
        "/incentives/accounts/A001",
        "/api/v1/incentives/programs",
        f"/incentives/runs/{run.id}/payments.xlsx",
    )
    for path in closed:
        assert town.get(path).status_code == 403, path
    leader = client_for(viewer)
    page = leader.get("/incentives/accounts/A001")
    assert page.status_code == 200 and "登记核销" not in page.text
    voucher_id = session.scalars(select(Voucher.id)).first()
    session.rollback()
    refused = leader.post(
        f"/api/v1/incentives/vouchers/{voucher_id}/redeem",
        json={"amount": "1", "merchant": "店"},
        headers={"X-CSRF-Token": csrf_from(page.text)},
    )
    assert refused.status_code == 403

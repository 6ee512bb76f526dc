"""Match runs on the demo district: a run stored and published reads the same later whatever
the ledger holds since; the payment and push lists read back from their workbooks; and the
columnar path gives the engine's results for every demo enterprise and policy."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.demo import DemoSummary
from taizhang.enterprises.ledger import FactField, record_facts
from taizhang.enterprises.models import Enterprise
from taizhang.kernel.errors import Conflict, Forbidden
from taizhang.kernel.sheets import workbook_bytes
from taizhang.kernel.sources import Source
from taizhang.org.models import User
from taizhang.policies.columnar import STATUS_OF, match_table, table_of
from taizhang.policies.engine.matching import match
from taizhang.policies.inputs import load_profiles, years_read
from taizhang.policies.library import shipped, shipped_file
from taizhang.policies.queries import policy_view
from taizhang.policies.runs import compute_run, publish_run, register_file, run_matches
from taizhang.policies.sheets import PAYMENT_HEADERS, payment_workbook, push_workbook

NOW = datetime(2026, 6, 1, 2, tzinfo=UTC)


def _admin(session: Session) -> User:
    return session.scalars(select(User).where(User.username == "admin")).one()


def test_every_demo_policy_has_qualifiers_near_misses_and_unknowns(
    demo: DemoSummary, session: Session
) -> None:
    for found in shipped():
        view = policy_view(session, found)
        assert view.qualified and view.nearly and view.unknown, found.policy.id


def test_a_published_run_reads_the_same_after_the_ledger_changes(
    demo: DemoSummary, session: Session
) -> None:
    admin = _admin(session)
    found = shipped_file("JX-2026-01")
    run = compute_run(session, register_file(session, found, now=NOW), actor=admin, now=NOW)
    publish_run(session, run, actor=admin, now=NOW, note="核准")
    before = [(m.enterprise_id, m.status, m.amount) for m in run_matches(session, run)]
    firm = session.get(Enterprise, run_matches(session, run)[0].enterprise_id)
    assert firm is not None
    record_facts(session, firm, {FactField.INCIDENTS: Decimal(3)}, year=2025,
                 source=Source.user(admin), actor=admin, now=NOW)  # fmt: skip
    assert [(m.enterprise_id, m.status, m.amount) for m in run_matches(session, run)] == before
    with pytest.raises(Conflict):
        publish_run(session, run, actor=admin, now=NOW)


def test_only_district_administrators_match_and_publish(
    demo: DemoSummary, session: Session
) -> None:
    clerk = session.scalars(select(User).where(User.username == "jingxin")).one()
    version = register_file(session, shipped_file("KJ-2026-01"), now=NOW)
    with pytest.raises(Forbidden):
        compute_run(session, version, actor=clerk, now=NOW)


def test_the_payment_and_push_lists_read_back(demo: DemoSummary, session: Session) -> None:
    view = policy_view(session, shipped_file("KJ-2026-03"))
    sheet = load_workbook(BytesIO(workbook_bytes(payment_workbook(session, view)))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert tuple(rows[1]) == PAYMENT_HEADERS
    assert len(rows) - 2 == len(view.qualified)
    first = view.qualified[0]
    assert rows[2][1] == first.name and Decimal(str(rows[2][4])) == first.amount
    assert "R&D经费支出" in str(rows[2][6])
    push = load_workbook(BytesIO(workbook_bytes(push_workbook(session, view)))).active
    assert push is not None
    states = {r[4] for r in list(push.iter_rows(values_only=True))[2:]}
    assert states == {"符合", "差一项", "缺数据"}


def test_the_columnar_path_gives_the_engines_results(demo: DemoSummary, session: Session) -> None:
    policies = [f.policy for f in shipped()]
    profiles = load_profiles(session, policies)
    table = table_of(profiles, sorted(years_read(policies)[0]))
    for policy in policies:
        for profile, row in zip(profiles, match_table(policy, table).iter_rows(named=True),
                                strict=True):  # fmt: skip
            found = match(policy, profile)
            amount = row["amount"]
            shown = None if amount is None else Decimal(repr(amount)).quantize(Decimal("0.01"))
            assert (STATUS_OF[row["status"]], row["nearly"], shown) == (
                found.status, found.nearly, found.amount,
            ), (policy.id, profile.name)  # fmt: skip

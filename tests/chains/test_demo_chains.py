"""The chains over the demo district: gaps follow from the firms it holds, the report its
investment team filed names targets, leads are entered and taken further, and the gap list
reads back from its workbook."""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.chains.engine.model import GapKind
from taizhang.chains.leads import enter_lead, leads_of, record_step
from taizhang.chains.models import LeadStep
from taizhang.chains.queries import chain_page, chain_summaries
from taizhang.chains.sheets import HEADERS, gaps_workbook
from taizhang.demo import DemoSummary
from taizhang.kernel.errors import Forbidden, Invalid, NotFound
from taizhang.kernel.sheets import workbook_bytes
from taizhang.org.models import User

NOW = datetime(2026, 5, 20, 2, tzinfo=UTC)


def _user(session: Session, name: str) -> User:
    return session.scalars(select(User).where(User.username == name)).one()


def test_every_demo_chain_shows_gaps_with_targets(demo: DemoSummary, session: Session) -> None:
    summaries = {s.chain.key: s for s in chain_summaries(session)}
    assert set(summaries) == {"new-energy-batteries", "semiconductors", "intelligent-equipment"}
    equipment = chain_page(session, "intelligent-equipment")
    with_targets = {
        link.gap.kind for link in equipment.view.gaps() if link.gap and equipment.targets_of(link)
    }
    assert {GapKind.MISSING, GapKind.WEAK} <= with_targets
    assert all(s.firms > 0 and s.leaders == 1 for s in summaries.values())


def test_the_investment_teams_report_names_targets_for_the_battery_gaps(
    demo: DemoSummary, session: Session
) -> None:
    page = chain_page(session, "new-energy-batteries")
    separator = page.view.view("separator")
    assert separator.gap is not None and separator.gap.kind is GapKind.BROKEN
    (target,) = page.targets_of(separator)
    assert target.firm == "江苏恒膜新材料科技有限公司"
    assert target.document_id is not None and target.source.startswith("报道")
    assert "隔膜" in target.why
    # the cell makers are local, so the missing materials break the chain rather than lack a link
    assert page.view.view("cells").gap is None
    (leader,) = page.view.leaders
    assert leader.firm.name == "浙江当卓能源科技有限公司"
    assert {link.key for link in leader.missing} == {"cathode", "anode", "separator", "electrolyte"}


def test_a_lead_is_entered_taken_further_and_closed(demo: DemoSummary, session: Session) -> None:
    staff = _user(session, "touzhong")
    lead = enter_lead(
        session, staff, chain_key="new-energy-batteries", link_key="anode",
        firm="  江西紫宸负极材料有限公司 ", region="江西", source="展会", now=NOW,
    )  # fmt: skip
    assert lead.firm == "江西紫宸负极材料有限公司"
    record_step(session, staff, lead.id, LeadStep.TALKS, note="已报价", now=NOW)
    record_step(session, staff, lead.id, LeadStep.SIGNED, now=NOW)
    assert [e.step for e in lead.events] == ["entered", "talks", "signed"]
    with pytest.raises(Invalid, match="已签约"):
        record_step(session, staff, lead.id, LeadStep.DROPPED, now=NOW)
    page = chain_page(session, "new-energy-batteries")
    (target,) = page.targets_of(page.view.view("anode"))
    assert (target.firm, target.step, target.lead_id) == (lead.firm, "已签约", lead.id)


def test_a_wrong_lead_is_refused_naming_each_problem(demo: DemoSummary, session: Session) -> None:
    staff = _user(session, "touzhong")
    before = len(leads_of(session, "semiconductors"))
    with pytest.raises(Invalid) as caught:
        enter_lead(
            session, staff, chain_key="semiconductors", link_key="fabs", firm=" ",
            region="长" * 101, now=NOW,
        )  # fmt: skip
    columns = {e.column for e in caught.value.errors}
    assert columns == {"firm", "link", "region"}
    assert "wafers（晶圆制造）" in " ".join(e.reason for e in caught.value.errors)
    assert len(leads_of(session, "semiconductors")) == before
    with pytest.raises(NotFound, match="没有名为 tea"):
        enter_lead(session, staff, chain_key="tea", link_key="x", firm="某公司", now=NOW)


def test_viewers_read_but_do_not_enter_leads(demo: DemoSummary, session: Session) -> None:
    viewer = _user(session, "viewer")
    with pytest.raises(Forbidden, match="查看者"):
        enter_lead(
            session, viewer, chain_key="semiconductors", link_key="design", firm="某芯片公司",
            now=NOW,
        )  # fmt: skip


def test_the_gap_list_reads_back(demo: DemoSummary, session: Session) -> None:
    page = chain_page(session, "semiconductors")
    sheet = load_workbook(BytesIO(workbook_bytes(gaps_workbook(page, today="2026-05-20")))).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert "半导体与集成电路产业链" in str(rows[0][0])
    assert rows[1] == HEADERS
    firms = {row[5] for row in rows[2:]}
    assert "上海晶硅材料科技有限公司" in firms
    gap_links = {row[0] for row in rows[2:]}
    assert gap_links == {link.link.name for link in page.view.gaps()}

"""The enterprise ledger: figures as events with their sources, and the query the 亩均 engine
reads (`muju.inputs.enterprise_years`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.enterprises.ledger import (
    FactField,
    SizeClass,
    Utility,
    accounts_of,
    add_parcel,
    add_tenancy,
    add_utility_account,
    enterprise_history,
    fact_history,
    ledger_state,
    parcels_of,
    record_facts,
    tenancies_of,
)
from taizhang.enterprises.models import EnterpriseFact
from taizhang.kernel.errors import Invalid
from taizhang.kernel.sources import Source, SourceKind
from taizhang.muju.engine.model import SizeClass as EngineSize
from taizhang.muju.inputs import LANDLORD_ADJUSTMENT, TENANT_ADJUSTMENT, enterprise_years
from taizhang.org.models import User
from tests.enterprises.ledger_helpers import firm

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
TAX_ROW = Source.import_row("税务局2025年税收清单.xlsx", 7)
NEWS = Source(SourceKind.DOCUMENT, label="南湖晚报", document_id=None, quote="纳税 900 万元")


def test_each_stated_figure_is_an_event_with_its_source(session: Session) -> None:
    steel = firm(session, "嘉兴恒信金属制品有限公司", "MA7A0001")

    count = record_facts(
        session,
        steel,
        {FactField.TAX: Decimal("812.5"), FactField.LAND_MU: Decimal(40)},
        year=2025,
        source=TAX_ROW,
        now=NOW,
    )

    events = fact_history(session, steel.id)
    assert count == 2
    assert [(e.seq, e.year, e.field, e.value) for e in events] == [
        (1, 2025, "tax", "812.5"),
        (2, 2025, "land_mu", "40"),
    ]
    assert {(e.source_kind, e.source_label, e.source_rank) for e in events} == {
        ("import", "税务局2025年税收清单.xlsx 第7行", 3)
    }
    assert events[0].stated_on == NOW.date()


def test_stating_the_same_again_records_nothing(session: Session) -> None:
    steel = firm(session, "嘉兴恒信金属制品有限公司", "MA7A0001")
    figures = {FactField.TAX: Decimal("812.50"), FactField.SIZE: SizeClass.ABOVE}
    record_facts(session, steel, figures, year=2025, source=TAX_ROW, now=NOW)

    again = record_facts(session, steel, figures, year=2025, source=TAX_ROW, now=NOW)
    other_year = record_facts(session, steel, figures, year=2024, source=TAX_ROW, now=NOW)

    assert again == 0
    assert other_year == 2


def test_a_person_or_sheet_outranks_news_and_the_later_statement_wins(
    session: Session, district_admin: User
) -> None:
    steel = firm(session, "嘉兴恒信金属制品有限公司", "MA7A0001")
    record_facts(session, steel, {FactField.TAX: Decimal(800)}, year=2025, source=TAX_ROW)
    record_facts(session, steel, {FactField.TAX: Decimal(900)}, year=2025, source=NEWS)
    assert _held(session, steel.id, FactField.TAX) == ("800", "税务局2025年税收清单.xlsx 第7行")

    record_facts(
        session,
        steel,
        {FactField.TAX: Decimal(805)},
        year=2025,
        source=Source.user(district_admin),
        actor=district_admin,
        reason="税务局更正",
    )

    assert _held(session, steel.id, FactField.TAX) == ("805", district_admin.display_name)
    last = fact_history(session, steel.id)[-1]
    assert (last.actor_id, last.reason) == (district_admin.id, "税务局更正")


def _held(session: Session, enterprise_id: int, fact: FactField) -> tuple[str | None, str | None]:
    held = {h.field: h for h in ledger_state(session, enterprise_id)}[fact]
    return held.value, held.event.source_label


def test_yearly_and_standing_facts_are_kept_apart(session: Session) -> None:
    steel = firm(session, "嘉兴恒信金属制品有限公司", "MA7A0001")
    with pytest.raises(Invalid, match="须按年度记录"):
        record_facts(session, steel, {FactField.TAX: Decimal(1)}, year=None, source=TAX_ROW)
    with pytest.raises(Invalid, match="不按年度记录"):
        record_facts(session, steel, {FactField.KINDS: frozenset()}, year=2025, source=TAX_ROW)


def test_parcels_accounts_and_tenancies_leave_their_trail(session: Session) -> None:
    landlord = firm(session, "嘉兴恒信金属制品有限公司", "MA7A0001")
    tenant = firm(session, "嘉兴立达电子有限公司", "MA7A0002")
    source = Source(SourceKind.SYSTEM, label="土地核查")

    add_parcel(
        session,
        landlord,
        certificate_no="浙(2015)嘉兴市不动产权第0000123号",
        area_mu=Decimal("42.5"),
        supplied_on=date(2015, 3, 1),
        source=source,
    )
    add_utility_account(
        session, landlord, utility=Utility.ELECTRICITY, number="3300000001", source=source
    )
    add_tenancy(session, tenant, landlord, area_mu=Decimal(6), from_year=2023, source=source)

    assert [(e.field, e.value) for e in fact_history(session, landlord.id)] == [
        ("parcel", "浙(2015)嘉兴市不动产权第0000123号：42.5 亩，2015-03-01 供地"),
        ("account", "电力户号 3300000001"),
    ]
    assert [e.value for e in fact_history(session, tenant.id)] == [
        "租用嘉兴恒信金属制品有限公司土地 6 亩（2023 年起）"
    ]
    assert [p.area_mu for p in parcels_of(session, landlord.id)] == [Decimal("42.5")]
    assert [a.number for a in accounts_of(session, landlord.id)] == ["3300000001"]
    assert [t.tenant_id for t in tenancies_of(session, landlord.id)] == [tenant.id]
    with pytest.raises(Invalid, match="已属于另一家企业"):
        add_utility_account(
            session, tenant, utility=Utility.ELECTRICITY, number="3300000001", source=source
        )
    with pytest.raises(Invalid, match="已登记"):
        add_parcel(
            session,
            tenant,
            certificate_no="浙(2015)嘉兴市不动产权第0000123号",
            area_mu=Decimal(1),
            source=source,
        )


def test_enterprise_years_gives_the_engine_its_figures(session: Session) -> None:
    landlord = firm(session, "嘉兴恒信金属制品有限公司", "MA7A0001")
    tenant = firm(session, "嘉兴立达电子有限公司", "MA7A0002")
    quiet = firm(session, "嘉兴澄源纸业有限公司", "MA7A0003")
    source = Source(SourceKind.SYSTEM, label="土地核查")
    add_parcel(
        session,
        landlord,
        certificate_no="浙(2015)嘉兴市不动产权第0000123号",
        area_mu=Decimal("30"),
        supplied_on=date(2015, 3, 1),
        source=source,
    )
    add_parcel(
        session,
        landlord,
        certificate_no="浙(2025)嘉兴市不动产权第0000456号",
        area_mu=Decimal("12.5"),
        supplied_on=date(2025, 4, 1),
        source=source,
    )
    add_tenancy(session, tenant, landlord, area_mu=Decimal(6), from_year=2023, source=source)
    record_facts(
        session,
        landlord,
        {FactField.REGISTERED_ON: date(2012, 5, 1), FactField.KINDS: frozenset({"公用事业"})},
        year=None,
        source=source,
    )
    figures = {
        FactField.TAX: Decimal("1500"),
        FactField.REVENUE: Decimal("30000"),
        FactField.ELECTRICITY_KWH: Decimal("2400000"),
        FactField.SIZE: SizeClass.ABOVE,
        FactField.INDUSTRY: "C3389",
    }
    record_facts(session, landlord, figures, year=2025, source=TAX_ROW)
    record_facts(
        session,
        tenant,
        {FactField.TAX: Decimal(60), FactField.LAND_MU: Decimal(6)},
        year=2025,
        source=TAX_ROW,
    )
    record_facts(session, quiet, {FactField.TAX: Decimal(5)}, year=2024, source=TAX_ROW)

    years = {y.name: y for y in enterprise_years(session, 2025)}

    assert set(years) == {landlord.name, tenant.name}
    big = years[landlord.name]
    assert (big.size, big.tax, big.revenue, big.electricity_kwh) == (
        EngineSize.ABOVE,
        Decimal(1500),
        Decimal(30000),
        Decimal(2400000),
    )
    assert big.land_mu == Decimal("42.5")  # no 用地面积 stated: the parcels held in 2025
    assert (big.value_added, big.energy_tce) == (None, None)
    assert big.industry_code == "C3389"
    assert big.kinds == frozenset({"公用事业"})
    assert (big.registered_on, big.land_supplied_on) == (date(2012, 5, 1), date(2025, 4, 1))
    assert big.adjustments == {LANDLORD_ADJUSTMENT: 1}
    small = years[tenant.name]
    assert (small.size, small.land_mu, small.industry_code) == (
        EngineSize.BELOW,
        Decimal(6),
        "C3311",
    )
    assert small.adjustments == {TENANT_ADJUSTMENT: 1}
    assert enterprise_years(session, 2024)[0].land_mu is None  # no parcel, no figure
    assert [y.name for y in enterprise_years(session, 2024)] == [quiet.name]
    assert session.scalars(select(EnterpriseFact.id)).first() is not None


def test_an_enterprise_history_gives_its_years_oldest_first(session: Session) -> None:
    steel = firm(session, "嘉兴恒信金属制品有限公司", "MA7A0001")
    other = firm(session, "嘉兴立达电子有限公司", "MA7A0002")
    for year, tax in ((2024, 700), (2022, 500), (2023, 600)):
        record_facts(session, steel, {FactField.TAX: Decimal(tax)}, year=year, source=TAX_ROW)
    record_facts(session, other, {FactField.TAX: Decimal(9)}, year=2025, source=TAX_ROW)

    history = enterprise_history(session, steel.id)

    assert [(y.year, y.figure(FactField.TAX)) for y in history] == [
        (2022, Decimal(500)),
        (2023, Decimal(600)),
        (2024, Decimal(700)),
    ]
    assert history[0].sources[FactField.TAX] == "税务局2025年税收清单.xlsx 第7行"

"""The demo district's enterprise ledger: about 300 firms, five years, something to show."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.demo import DemoSummary
from taizhang.enterprises.models import Enterprise, LandParcel, Tenancy, UtilityAccount
from taizhang.muju.engine.model import SizeClass
from taizhang.muju.inputs import enterprise_years
from taizhang.org.models import Unit


def test_the_demo_ledger_has_five_years_of_varied_figures(
    demo: DemoSummary, session: Session
) -> None:
    years = {year: enterprise_years(session, year) for year in range(2021, 2026)}
    latest = years[2025]

    assert 280 <= len(latest) <= 320
    assert len(years[2021]) < len(latest)  # firms registered since
    sizes = Counter(firm.size for firm in latest)
    assert sizes[SizeClass.ABOVE] > 50 and sizes[SizeClass.BELOW] > 50
    assert sum(1 for firm in latest if "公用事业" in firm.kinds) >= 3
    assert any(firm.adjustments for firm in latest)  # tenants and their landlords
    assert any(firm.value_added is None for firm in latest)  # some figures missing
    assert all(firm.land_mu and firm.land_mu > 0 for firm in latest)
    assert all(firm.tax is not None and firm.revenue is not None for firm in latest)
    total = {year: sum((f.revenue or Decimal(0)) for f in firms) for year, firms in years.items()}
    assert total[2025] > total[2021]
    towns = session.scalars(
        select(func.count(func.distinct(Unit.id))).join(Enterprise, Enterprise.unit_id == Unit.id)
    ).one()
    assert towns >= 8
    for model in (LandParcel, UtilityAccount, Tenancy):
        assert (session.scalar(select(func.count()).select_from(model)) or 0) > 5

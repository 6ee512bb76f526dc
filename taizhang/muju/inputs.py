"""What an evaluation reads: the enterprise ledger's figures for a year as the 亩均 engine's
`EnterpriseYear`s (`enterprise_years(session, year)`).

Tenancies become adjustments the scheme may name: `租用他人土地` (once for a tenant) and
`出租土地` (once per tenant on the landlord's land); a scheme without such an adjustment
ignores them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from taizhang.enterprises.ledger import FactField, LedgerYear, ledger_years
from taizhang.muju.engine.model import EnterpriseYear, SizeClass

TENANT_ADJUSTMENT = "租用他人土地"
LANDLORD_ADJUSTMENT = "出租土地"


def enterprise_years(session: Session, year: int) -> list[EnterpriseYear]:
    """Every enterprise with figures for `year`, by name, as the engine reads them."""
    return [as_enterprise_year(entry) for entry in ledger_years(session, year)]


def as_enterprise_year(entry: LedgerYear) -> EnterpriseYear:
    adjustments: dict[str, int] = {}
    if entry.tenant_of:
        adjustments[TENANT_ADJUSTMENT] = 1
    if entry.landlord_of:
        adjustments[LANDLORD_ADJUSTMENT] = len(entry.landlord_of)
    return EnterpriseYear(
        enterprise_id=entry.enterprise_id,
        name=entry.name,
        size=SizeClass(entry.size.value),
        land_mu=entry.land_mu,
        tax=entry.figure(FactField.TAX),
        revenue=entry.figure(FactField.REVENUE),
        value_added=entry.figure(FactField.VALUE_ADDED),
        energy_tce=entry.figure(FactField.ENERGY_TCE),
        electricity_kwh=entry.figure(FactField.ELECTRICITY_KWH),
        emissions_t=entry.figure(FactField.EMISSIONS_T),
        water_t=entry.figure(FactField.WATER_T),
        employees=entry.figure(FactField.EMPLOYEES),
        rnd=entry.figure(FactField.RND),
        industry_code=entry.industry_code,
        kinds=entry.kinds,
        registered_on=entry.registered_on,
        land_supplied_on=entry.land_supplied_on,
        adjustments=adjustments,
    )

"""The enterprise library's reads (企业库): the filtered, paged list and one enterprise's page.

`list_enterprises` searches the name, any alias and the credit code, and filters by industry
(a GB/T 4754 门类 letter or 大类 code), by a unit's subtree (and always the viewer's scope), and
by a set of ids (the caller's class filter: classes are `muju`'s, above this package). Each row
carries the year's 规模, 用地面积 and 亩均税收 as the ledger holds them.

`enterprise_profile` is what an enterprise's page shows beside its figures: aliases, parcels,
户号, tenancies both ways, and its registration facts. Plain dataclasses out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from taizhang.enterprises.ledger import FactField, SizeClass, Utility, accounts_of, parcels_of
from taizhang.enterprises.models import (
    Enterprise,
    EnterpriseAlias,
    EnterpriseFact,
    LandParcel,
    Tenancy,
)
from taizhang.kernel.codes import (
    INDUSTRY_SECTIONS,
    MANUFACTURING_MAJOR_NAMES,
    CodeError,
    parse_industry_code,
)
from taizhang.org.models import Unit

PER_MU_PLACES = Decimal("0.01")


# ── industries ───────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Industry:
    """A filter choice: a 门类 (C) or a manufacturing 大类 (C33) with its name."""

    code: str
    name: str

    @property
    def is_section(self) -> bool:
        return len(self.code) == 1


def industry_name(code: str | None) -> str:
    """制造业 · 金属制品业 for C3311; the 门类 alone where the 大类 has no name here."""
    if not code:
        return ""
    try:
        parsed = parse_industry_code(code)
    except CodeError:
        return code
    major = parsed.major_name
    return f"{parsed.section_name} · {major}" if major else parsed.section_name


def industry_choices(codes: Iterable[str | None]) -> list[Industry]:
    """The 门类 and manufacturing 大类 the enterprises' codes fall in, in the standard's order."""
    sections: set[str] = set()
    majors: set[str] = set()
    for code in codes:
        if not code:
            continue
        try:
            parsed = parse_industry_code(code)
        except CodeError:
            continue
        sections.add(parsed.section)
        if parsed.major in MANUFACTURING_MAJOR_NAMES:
            majors.add(parsed.major)
    choices: list[Industry] = []
    for section in INDUSTRY_SECTIONS:
        if section.letter not in sections:
            continue
        choices.append(Industry(section.letter, section.name))
        if section.letter == "C":
            choices += [Industry(f"C{m}", MANUFACTURING_MAJOR_NAMES[m]) for m in sorted(majors)]
    return choices


def industries_in_use(session: Session, *, scope: str | None) -> list[Industry]:
    query = select(Enterprise.industry_code).distinct().where(Enterprise.industry_code.is_not(None))
    if scope is not None:
        units = select(Unit.id).where(Unit.path.startswith(scope, autoescape=True))
        query = query.where(Enterprise.unit_id.in_(units))
    return industry_choices(session.scalars(query))


# ── the list ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class EnterpriseFilter:
    q: str | None = None  # 名称、简称或统一社会信用代码
    industry: str | None = None  # C, C33 (a 门类 letter or a 大类 with its letter)
    unit_id: int | None = None  # this unit and those below
    ids: Collection[int] | None = None  # only these (the caller's class filter)


@dataclass(frozen=True)
class EnterpriseRow:
    id: int
    name: str
    credit_code: str | None
    unit_name: str | None
    industry_code: str | None
    industry: str  # 制造业 · 金属制品业
    size: SizeClass | None  # of the year
    land_mu: Decimal | None  # the year's 用地面积, else the registry's
    tax_per_mu: Decimal | None  # 亩均税收 of the year, 万元/亩
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class EnterprisePage:
    rows: list[EnterpriseRow]
    count: int


def list_enterprises(
    session: Session,
    filters: EnterpriseFilter,
    *,
    year: int | None,
    scope: str | None,
    page: int = 1,
    per_page: int = 50,
) -> EnterprisePage:
    """Enterprises by name, with the year's figures; `per_page=0` gives them all (downloads)."""
    query = _filtered(session, filters, scope)
    if query is None:
        return EnterprisePage([], 0)
    count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(Enterprise.name, Enterprise.id)
    if per_page:
        query = query.offset((page - 1) * per_page).limit(per_page)
    found = [(row[0], row[1]) for row in session.execute(query)]
    ids = [enterprise.id for enterprise, _ in found]
    figures = year_figures(session, ids, year) if year is not None else {}
    aliases = _aliases(session, ids)
    rows = [
        _row(enterprise, unit_name, figures.get(enterprise.id, {}), aliases.get(enterprise.id, ()))
        for enterprise, unit_name in found
    ]
    return EnterprisePage(rows, count)


def _filtered(
    session: Session, filters: EnterpriseFilter, scope: str | None
) -> Select[Enterprise, str] | None:
    query = select(Enterprise, Unit.name).outerjoin(Unit, Enterprise.unit_id == Unit.id)
    query = _in_scope(query, scope)
    if filters.ids is not None:
        if not filters.ids:
            return None
        query = query.where(Enterprise.id.in_(list(filters.ids)))
    if filters.unit_id is not None:
        unit = session.get(Unit, filters.unit_id)
        if unit is None:
            return None
        query = query.where(Unit.path.startswith(unit.path, autoescape=True))
    if filters.industry:
        code = filters.industry.strip().upper()
        query = query.where(Enterprise.industry_code.startswith(code, autoescape=True))
    if filters.q and filters.q.strip():
        text = filters.q.strip()
        named = select(EnterpriseAlias.enterprise_id).where(
            EnterpriseAlias.alias.contains(text, autoescape=True)
        )
        query = query.where(
            or_(
                Enterprise.name.contains(text, autoescape=True),
                Enterprise.credit_code.contains(text.upper(), autoescape=True),
                Enterprise.id.in_(named),
            )
        )
    return query


def _in_scope(query: Select[Enterprise, str], scope: str | None) -> Select[Enterprise, str]:
    """Within a scope only enterprises of a unit in it; the district sees every one."""
    if scope is None:
        return query
    units = select(Unit.id).where(Unit.path.startswith(scope, autoescape=True))
    return query.where(Enterprise.unit_id.in_(units))


def _aliases(session: Session, ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not ids:
        return {}
    found: dict[int, list[str]] = defaultdict(list)
    query = select(EnterpriseAlias).where(EnterpriseAlias.enterprise_id.in_(ids))
    for alias in session.scalars(query.order_by(EnterpriseAlias.id)):
        found[alias.enterprise_id].append(alias.alias)
    return {eid: tuple(names) for eid, names in found.items()}


def _row(
    enterprise: Enterprise,
    unit_name: str | None,
    figures: dict[FactField, str | None],
    aliases: tuple[str, ...],
) -> EnterpriseRow:
    land = _decimal(figures.get(FactField.LAND_MU))
    if land is None:
        land = enterprise.land_mu
    size = figures.get(FactField.SIZE)
    code = figures.get(FactField.INDUSTRY) or enterprise.industry_code
    return EnterpriseRow(
        id=enterprise.id,
        name=enterprise.name,
        credit_code=enterprise.credit_code,
        unit_name=unit_name,
        industry_code=code,
        industry=industry_name(code),
        size=SizeClass(size) if size else None,
        land_mu=land,
        tax_per_mu=per_mu(_decimal(figures.get(FactField.TAX)), land),
        aliases=aliases,
    )


def per_mu(amount: Decimal | None, land_mu: Decimal | None) -> Decimal | None:
    """A figure per 亩, to the cent; None without the figure or the land."""
    if amount is None or not land_mu:
        return None
    return (amount / land_mu).quantize(PER_MU_PLACES)


def latest_year(session: Session) -> int | None:
    """The latest year the ledger holds figures for."""
    return session.scalar(select(func.max(EnterpriseFact.year)))


def ledger_year_range(session: Session) -> list[int]:
    """Every year the ledger holds figures for, oldest first."""
    query = select(EnterpriseFact.year).distinct().where(EnterpriseFact.year.is_not(None))
    return sorted(y for y in session.scalars(query) if y is not None)


def year_figures(
    session: Session, ids: Collection[int], year: int
) -> dict[int, dict[FactField, str | None]]:
    """The yearly facts of some enterprises for one year, as they hold (highest rank, latest)."""
    if not ids:
        return {}
    query = (
        select(EnterpriseFact)
        .where(EnterpriseFact.enterprise_id.in_(list(ids)), EnterpriseFact.year == year)
        .order_by(EnterpriseFact.source_rank, EnterpriseFact.id)
    )
    held: dict[int, dict[FactField, str | None]] = defaultdict(dict)
    for event in session.scalars(query):  # the last one read of each field holds
        held[event.enterprise_id][FactField(event.field)] = event.value
    return held


# ── one enterprise ───────────────────────────────────────────────────────────


@dataclass(frozen=True)
class TenancyLine:
    other_id: int
    other_name: str
    area_mu: Decimal
    from_year: int
    to_year: int | None
    certificate_no: str | None


@dataclass(frozen=True)
class EnterpriseProfile:
    enterprise: Enterprise
    unit: Unit | None
    aliases: tuple[str, ...]
    parcels: list[LandParcel]
    electricity_accounts: list[str]
    water_accounts: list[str]
    landlords: list[TenancyLine]  # whose land it produces on
    tenants: list[TenancyLine]  # who produces on its land
    industry: str
    standing: dict[FactField, str | None] = field(default_factory=dict)  # 注册日期, 企业类型


def enterprise_profile(session: Session, enterprise: Enterprise) -> EnterpriseProfile:
    eid = enterprise.id
    accounts: dict[str, list[str]] = defaultdict(list)
    for account in accounts_of(session, eid):
        accounts[account.utility].append(account.number)
    standing = _standing(session, eid)
    return EnterpriseProfile(
        enterprise=enterprise,
        unit=session.get(Unit, enterprise.unit_id) if enterprise.unit_id else None,
        aliases=tuple(a.alias for a in enterprise.aliases),
        parcels=parcels_of(session, eid),
        electricity_accounts=accounts[Utility.ELECTRICITY.value],
        water_accounts=accounts[Utility.WATER.value],
        landlords=_tenancies(session, eid, as_tenant=True),
        tenants=_tenancies(session, eid, as_tenant=False),
        industry=industry_name(enterprise.industry_code),
        standing=standing,
    )


def _standing(session: Session, eid: int) -> dict[FactField, str | None]:
    query = (
        select(EnterpriseFact)
        .where(
            EnterpriseFact.enterprise_id == eid,
            EnterpriseFact.year.is_(None),
            EnterpriseFact.field.in_([FactField.REGISTERED_ON.value, FactField.KINDS.value]),
        )
        .order_by(EnterpriseFact.source_rank, EnterpriseFact.id)
    )
    return {FactField(e.field): e.value for e in session.scalars(query)}


def _tenancies(session: Session, eid: int, *, as_tenant: bool) -> list[TenancyLine]:
    other = aliased(Enterprise)
    mine, theirs = (
        (Tenancy.tenant_id, Tenancy.landlord_id)
        if as_tenant
        else (Tenancy.landlord_id, Tenancy.tenant_id)
    )
    query = (
        select(Tenancy, other.name, LandParcel.certificate_no)
        .join(other, other.id == theirs)
        .outerjoin(LandParcel, LandParcel.id == Tenancy.parcel_id)
        .where(mine == eid)
        .order_by(Tenancy.from_year, other.name)
    )
    return [
        TenancyLine(
            other_id=tenancy.tenant_id if not as_tenant else tenancy.landlord_id,
            other_name=name,
            area_mu=tenancy.area_mu,
            from_year=tenancy.from_year,
            to_year=tenancy.to_year,
            certificate_no=certificate,
        )
        for tenancy, name, certificate in session.execute(query)
    ]


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None

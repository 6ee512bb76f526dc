"""The enterprise ledger (企业亩均台账): each enterprise's figures per year and its standing facts,
every one an event (`EnterpriseFact`) with its source — a sheet's row, a person, a document.

Writes: `record_facts` records what a source states for one enterprise and year (only what
differs from the ledger, so stating the same again changes nothing); `add_parcel`,
`add_utility_account` and `add_tenancy` register a land parcel, a 户号 or a tenancy and record
the event that says so. `fact_row` builds one event's columns for bulk inserts (the demo).

Reads: `ledger_state` is one enterprise's facts as they hold now (with the source of each);
`ledger_years(session, year)` is every enterprise with figures for a year as `LedgerYear`s, which
`muju.inputs` turns into the 亩均 engine's `EnterpriseYear`; `enterprise_history` is one
enterprise's years, oldest first; `fact_history` its trail; `parcels_of`, `accounts_of` and
`tenancies_of` its registry rows. When sources disagree the higher
rank wins (a person or their sheet over an official report over news), then the later event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.enterprises.models import (
    Enterprise,
    EnterpriseFact,
    LandParcel,
    Tenancy,
    UtilityAccount,
)
from taizhang.kernel.db import lock_row
from taizhang.kernel.errors import Invalid
from taizhang.kernel.labels import LabelledEnum
from taizhang.kernel.numbers import format_number
from taizhang.kernel.sources import Source, source_columns
from taizhang.org.models import User


class FactField(LabelledEnum):
    """What a fact is about. Yearly figures first (units fixed as `muju.engine.model` reads
    them), then the yearly classifications, the standing facts and the registry's trail."""

    LAND_MU = "land_mu", "用地面积", "land area"
    TAX = "tax", "评价税收", "tax counted"
    REVENUE = "revenue", "主营业务收入", "main business revenue"
    VALUE_ADDED = "value_added", "工业增加值", "industrial value added"
    ENERGY_TCE = "energy_tce", "综合能耗", "energy use"
    ELECTRICITY_KWH = "electricity_kwh", "用电量", "electricity use"
    EMISSIONS_T = "emissions_t", "主要污染物排放量", "main pollutant emissions"
    WATER_T = "water_t", "用水量", "water use"
    EMPLOYEES = "employees", "年平均职工人数", "average employees"
    RND = "rnd", "R&D经费支出", "R&D spending"
    RND_STAFF = "rnd_staff", "研发人员数", "R&D staff"
    INCIDENTS = "incidents", "重大安全质量环境事故", "serious incidents"
    TAGS = "tags", "称号", "titles"
    QUALIFICATIONS = "qualifications", "资质与研发机构", "qualifications"
    SIZE = "size", "规模", "size class"
    INDUSTRY = "industry", "行业代码", "industry code"
    REGISTERED_ON = "registered_on", "注册（投产）日期", "registered on"
    KINDS = "kinds", "企业类型", "kinds"
    PARCEL = "parcel", "土地宗地", "land parcel"
    ACCOUNT = "account", "户号", "utility account"
    TENANCY = "tenancy", "租用土地", "tenancy"


FIGURES: tuple[FactField, ...] = (
    FactField.LAND_MU,
    FactField.TAX,
    FactField.REVENUE,
    FactField.VALUE_ADDED,
    FactField.ENERGY_TCE,
    FactField.ELECTRICITY_KWH,
    FactField.EMISSIONS_T,
    FactField.WATER_T,
    FactField.EMPLOYEES,
    FactField.RND,
    FactField.RND_STAFF,
    FactField.INCIDENTS,
)
FIGURE_UNITS: dict[FactField, str] = {
    FactField.LAND_MU: "亩",
    FactField.TAX: "万元",
    FactField.REVENUE: "万元",
    FactField.VALUE_ADDED: "万元",
    FactField.ENERGY_TCE: "吨标准煤",
    FactField.ELECTRICITY_KWH: "千瓦时",
    FactField.EMISSIONS_T: "吨",
    FactField.WATER_T: "吨",
    FactField.EMPLOYEES: "人",
    FactField.RND: "万元",
    FactField.RND_STAFF: "人",
    FactField.INCIDENTS: "起",
}
# Words held in a year, written as one text joined by 、 (高新技术企业、专精特新): an empty text
# says "none held", no event says "not known".
WORD_SETS: frozenset[FactField] = frozenset({FactField.TAGS, FactField.QUALIFICATIONS})
YEARLY: frozenset[FactField] = frozenset({*FIGURES, *WORD_SETS, FactField.SIZE, FactField.INDUSTRY})
STANDING: frozenset[FactField] = frozenset({FactField.REGISTERED_ON, FactField.KINDS})


class SizeClass(LabelledEnum):
    """规上 / 规下, stored as the 亩均 engine's `SizeClass` values."""

    ABOVE = "ABOVE", "规上", "above designated size"
    BELOW = "BELOW", "规下", "below designated size"


class Utility(LabelledEnum):
    ELECTRICITY = "electricity", "电力", "electricity"
    WATER = "water", "供水", "water"


KIND_SEPARATOR = "、"
Value = Decimal | str | date | SizeClass | frozenset[str] | None


# ── writing ──────────────────────────────────────────────────────────────────


def fact_text(fact: FactField, value: Value) -> str | None:
    """A value as the ledger stores it: numbers plainly (never 4E+1), dates ISO, kinds sorted."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return KIND_SEPARATOR.join(sorted(value))
    return str(value)


def record_facts(
    session: Session,
    enterprise: Enterprise,
    facts: Mapping[FactField, Value],
    *,
    year: int | None,
    source: Source,
    actor: User | None = None,
    now: datetime | None = None,
    reason: str | None = None,
) -> int:
    """Record what a source states about an enterprise for a year (None for standing facts):
    one event for each value that differs from the ledger's. Returns how many were recorded."""
    _check_fields(facts, year)
    lock_row(session, enterprise)
    current = _current_texts(session, enterprise.id, year)
    changed = {
        f: text for f, v in facts.items() if (text := fact_text(f, v)) != current.get(f, None)
    }
    if not changed:
        return 0
    recorded_at = now or datetime.now(UTC)
    seq = _last_seq(session, enterprise.id)
    for offset, (fact, text) in enumerate(changed.items(), start=1):
        session.add(
            EnterpriseFact(
                **fact_row(
                    enterprise.id, seq + offset, year, fact, text, source, recorded_at, actor
                ),
                reason=reason,
            )
        )
    session.flush()
    return len(changed)


def fact_row(
    enterprise_id: int,
    seq: int,
    year: int | None,
    fact: FactField,
    value: str | None,
    source: Source,
    recorded_at: datetime,
    actor: User | None = None,
) -> dict[str, Any]:
    """The columns of one event, for `record_facts` and bulk inserts (`insert(EnterpriseFact)`)."""
    return {
        "enterprise_id": enterprise_id,
        "seq": seq,
        "year": year,
        "field": fact.value,
        "value": value,
        "recorded_at": recorded_at,
        "actor_id": actor.id if actor else None,
        **source_columns(source, recorded_at),
    }


def _check_fields(facts: Mapping[FactField, Value], year: int | None) -> None:
    for fact in facts:
        if year is None and fact not in STANDING:
            raise Invalid(f"“{fact.label}”须按年度记录 (a yearly figure needs its year)")
        if year is not None and fact not in YEARLY:
            raise Invalid(f"“{fact.label}”不按年度记录 (a standing fact has no year)")


def _last_seq(session: Session, enterprise_id: int) -> int:
    query = select(func.max(EnterpriseFact.seq)).where(
        EnterpriseFact.enterprise_id == enterprise_id
    )
    return session.scalar(query) or 0


def _record_trail(
    session: Session,
    enterprise: Enterprise,
    fact: FactField,
    text: str,
    source: Source,
    actor: User | None,
    now: datetime | None,
) -> None:
    lock_row(session, enterprise)
    seq = _last_seq(session, enterprise.id) + 1
    recorded_at = now or datetime.now(UTC)
    row = fact_row(enterprise.id, seq, None, fact, text, source, recorded_at, actor)
    session.add(EnterpriseFact(**row))
    session.flush()


def add_parcel(
    session: Session,
    enterprise: Enterprise,
    *,
    certificate_no: str,
    area_mu: Decimal,
    supplied_on: date | None = None,
    location: str | None = None,
    source: Source,
    actor: User | None = None,
    now: datetime | None = None,
) -> LandParcel:
    """Register a parcel the enterprise holds, by its certificate (不动产权证号)."""
    number = certificate_no.strip()
    if not number:
        raise Invalid("土地证号不能为空 (the certificate number is required)")
    if area_mu <= 0:
        raise Invalid(f"宗地面积须大于 0：{area_mu} (parcel area must be positive)")
    if session.scalar(select(LandParcel.id).where(LandParcel.certificate_no == number)):
        raise Invalid(f"土地证号“{number}”已登记 (certificate already registered)")
    parcel = LandParcel(
        enterprise_id=enterprise.id,
        certificate_no=number,
        area_mu=area_mu,
        supplied_on=supplied_on,
        location=location,
    )
    session.add(parcel)
    text = f"{number}：{format_number(area_mu)} 亩" + (
        f"，{supplied_on.isoformat()} 供地" if supplied_on else ""
    )
    _record_trail(session, enterprise, FactField.PARCEL, text, source, actor, now)
    return parcel


def add_utility_account(
    session: Session,
    enterprise: Enterprise,
    *,
    utility: Utility,
    number: str,
    source: Source,
    actor: User | None = None,
    now: datetime | None = None,
) -> UtilityAccount:
    """Register an enterprise's 户号 with the power or water company."""
    cleaned = number.strip()
    if not cleaned:
        raise Invalid("户号不能为空 (the account number is required)")
    taken = session.scalar(
        select(UtilityAccount).where(
            UtilityAccount.utility == utility.value, UtilityAccount.number == cleaned
        )
    )
    if taken is not None:
        if taken.enterprise_id == enterprise.id:
            return taken
        raise Invalid(f"{utility.label}户号“{cleaned}”已属于另一家企业 (account taken)")
    account = UtilityAccount(enterprise_id=enterprise.id, utility=utility.value, number=cleaned)
    session.add(account)
    text = f"{utility.label}户号 {cleaned}"
    _record_trail(session, enterprise, FactField.ACCOUNT, text, source, actor, now)
    return account


def add_tenancy(
    session: Session,
    tenant: Enterprise,
    landlord: Enterprise,
    *,
    area_mu: Decimal,
    from_year: int,
    to_year: int | None = None,
    parcel: LandParcel | None = None,
    source: Source,
    actor: User | None = None,
    now: datetime | None = None,
) -> Tenancy:
    """Record that `tenant` produces on `landlord`'s land (租用厂房/土地) from a year on."""
    if tenant.id == landlord.id:
        raise Invalid("企业不能租用自己的土地 (a firm cannot rent its own land)")
    if to_year is not None and to_year < from_year:
        raise Invalid(f"租用年份 {from_year}–{to_year} 有误 (the years are reversed)")
    tenancy = Tenancy(
        tenant_id=tenant.id,
        landlord_id=landlord.id,
        parcel_id=parcel.id if parcel else None,
        area_mu=area_mu,
        from_year=from_year,
        to_year=to_year,
    )
    session.add(tenancy)
    years = f"{from_year}–{to_year}" if to_year else f"{from_year} 年起"
    text = f"租用{landlord.name}土地 {format_number(area_mu)} 亩（{years}）"
    _record_trail(session, tenant, FactField.TENANCY, text, source, actor, now)
    return tenancy


# ── reading ──────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class HeldFact:
    """A fact's value as it holds now, with the event it came from."""

    field: FactField
    year: int | None
    value: str | None
    event: EnterpriseFact


def _winners(events: Iterable[EnterpriseFact]) -> dict[tuple[int, int | None, str], EnterpriseFact]:
    """The event that holds for each (enterprise, year, field): highest rank, then latest."""
    held: dict[tuple[int, int | None, str], EnterpriseFact] = {}
    for event in events:
        key = (event.enterprise_id, event.year, event.field)
        best = held.get(key)
        if best is None or (event.source_rank, event.id) > (best.source_rank, best.id):
            held[key] = event
    return held


def _current_texts(session: Session, enterprise_id: int, year: int | None) -> dict[str, str | None]:
    year_is = EnterpriseFact.year.is_(None) if year is None else EnterpriseFact.year == year
    events = session.scalars(
        select(EnterpriseFact).where(EnterpriseFact.enterprise_id == enterprise_id, year_is)
    )
    return {key[2]: event.value for key, event in _winners(events).items()}


def ledger_state(session: Session, enterprise_id: int) -> list[HeldFact]:
    """Every fact of one enterprise as it holds now (yearly ones by year), with its event."""
    events = session.scalars(
        select(EnterpriseFact)
        .where(
            EnterpriseFact.enterprise_id == enterprise_id,
            EnterpriseFact.field.in_([f.value for f in (*YEARLY, *STANDING)]),
        )
        .order_by(EnterpriseFact.id)
    )
    held = _winners(events).values()
    return sorted(
        (HeldFact(FactField(e.field), e.year, e.value, e) for e in held),
        key=lambda h: (h.year or 0, list(FactField).index(h.field)),
    )


@dataclass(frozen=True)
class HeldValue:
    """A fact's value as it holds now, with its event's id and source (no ORM object: a match
    over the whole library reads tens of thousands of them)."""

    field: FactField
    year: int | None
    value: str | None
    event_id: int
    source_kind: str
    source_label: str | None


def held_values(
    session: Session, years: Iterable[int], enterprise_ids: Sequence[int] | None = None
) -> dict[int, list[HeldValue]]:
    """Each enterprise's facts of those years and its standing facts, as they hold now (one
    query for them all; `ledger_state` is one enterprise's every year, with the events)."""
    wanted = [f.value for f in (*YEARLY, *STANDING)]
    columns = (
        EnterpriseFact.id, EnterpriseFact.enterprise_id, EnterpriseFact.year,
        EnterpriseFact.field, EnterpriseFact.value, EnterpriseFact.source_rank,
        EnterpriseFact.source_kind, EnterpriseFact.source_label,
    )  # fmt: skip
    query = select(*columns).where(
        EnterpriseFact.field.in_(wanted),
        EnterpriseFact.year.in_(list(years)) | EnterpriseFact.year.is_(None),
    )
    if enterprise_ids is not None:
        query = query.where(EnterpriseFact.enterprise_id.in_(enterprise_ids))
    found: dict[int, list[HeldValue]] = defaultdict(list)
    rows = session.execute(query).all()
    for (enterprise_id, year, name), row in _winners(rows).items():  # type: ignore[arg-type]
        held = HeldValue(
            FactField(name), year, row.value, row.id, row.source_kind, row.source_label
        )
        found[enterprise_id].append(held)
    return dict(found)


def fact_history(session: Session, enterprise_id: int) -> list[EnterpriseFact]:
    """Every event of an enterprise, oldest first: the trail of its figures and their sources."""
    query = select(EnterpriseFact).where(EnterpriseFact.enterprise_id == enterprise_id)
    return list(session.scalars(query.order_by(EnterpriseFact.seq)))


@dataclass(frozen=True)
class LedgerYear:
    """An enterprise's figures for one year as the ledger holds them; None = not stated."""

    enterprise_id: int
    name: str
    credit_code: str | None
    unit_id: int | None
    year: int
    size: SizeClass
    figures: Mapping[FactField, Decimal | None]
    industry_code: str
    kinds: frozenset[str] = frozenset()
    registered_on: date | None = None
    land_supplied_on: date | None = None  # the latest 供地 of a parcel held that year
    parcel_mu: Decimal | None = None  # the parcels held that year, summed
    tenant_of: tuple[int, ...] = ()  # landlords whose land it produced on that year
    landlord_of: tuple[int, ...] = ()  # tenants producing on its land that year
    electricity_accounts: tuple[str, ...] = ()
    water_accounts: tuple[str, ...] = ()
    sources: Mapping[FactField, str] = field(default_factory=dict)  # each figure's source label

    def figure(self, fact: FactField) -> Decimal | None:
        return self.figures.get(fact)

    @property
    def land_mu(self) -> Decimal | None:
        """The stated 用地面积, else the parcels held that year."""
        stated = self.figures.get(FactField.LAND_MU)
        return stated if stated is not None else self.parcel_mu


def ledger_years(
    session: Session, year: int, enterprise_ids: Sequence[int] | None = None
) -> list[LedgerYear]:
    """Every enterprise (or those of `enterprise_ids`) with a figure stated for `year`, by name."""
    query = select(EnterpriseFact).where(
        (EnterpriseFact.year == year)
        | (EnterpriseFact.year.is_(None) & EnterpriseFact.field.in_([f.value for f in STANDING]))
    )
    if enterprise_ids is not None:
        query = query.where(EnterpriseFact.enterprise_id.in_(enterprise_ids))
    events = session.scalars(query)
    held: dict[int, dict[tuple[int | None, str], EnterpriseFact]] = defaultdict(dict)
    for (enterprise_id, fact_year, name), event in _winners(events).items():
        held[enterprise_id][fact_year, name] = event
    ids = [
        eid
        for eid, facts in held.items()
        if any(y == year and facts[y, n].value is not None for y, n in facts)
    ]
    if not ids:
        return []
    enterprises = {
        e.id: e for e in session.scalars(select(Enterprise).where(Enterprise.id.in_(ids)))
    }
    extras = _YearExtras.load(session, ids, year)
    result = [
        _ledger_year(enterprises[eid], year, held[eid], extras)
        for eid in ids
        if enterprises[eid] is not None
    ]
    return sorted(result, key=lambda y: y.name)


def enterprise_history(session: Session, enterprise_id: int) -> list[LedgerYear]:
    """One enterprise's figures year by year, oldest first (the enterprise page's five years)."""
    years = session.scalars(
        select(EnterpriseFact.year)
        .where(EnterpriseFact.enterprise_id == enterprise_id, EnterpriseFact.year.is_not(None))
        .distinct()
    )
    return [
        entry
        for year in sorted(y for y in years if y is not None)
        for entry in ledger_years(session, year, [enterprise_id])
    ]


def parcels_of(session: Session, enterprise_id: int) -> list[LandParcel]:
    """The parcels an enterprise holds or held, earliest supplied first."""
    query = select(LandParcel).where(LandParcel.enterprise_id == enterprise_id)
    return list(session.scalars(query.order_by(LandParcel.supplied_on, LandParcel.id)))


def accounts_of(session: Session, enterprise_id: int) -> list[UtilityAccount]:
    """An enterprise's 户号, electricity first."""
    query = select(UtilityAccount).where(UtilityAccount.enterprise_id == enterprise_id)
    return list(session.scalars(query.order_by(UtilityAccount.utility, UtilityAccount.number)))


def tenancies_of(session: Session, enterprise_id: int) -> list[Tenancy]:
    """Where it rents land and who rents its land, earliest first."""
    query = select(Tenancy).where(
        (Tenancy.tenant_id == enterprise_id) | (Tenancy.landlord_id == enterprise_id)
    )
    return list(session.scalars(query.order_by(Tenancy.from_year, Tenancy.id)))


@dataclass(frozen=True)
class _YearExtras:
    parcels: Mapping[int, list[LandParcel]]
    tenant_of: Mapping[int, list[int]]
    landlord_of: Mapping[int, list[int]]
    accounts: Mapping[tuple[int, str], list[str]]

    @classmethod
    def load(cls, session: Session, ids: list[int], year: int) -> _YearExtras:
        start, end = date(year, 1, 1), date(year, 12, 31)
        parcels: dict[int, list[LandParcel]] = defaultdict(list)
        for parcel in session.scalars(select(LandParcel).where(LandParcel.enterprise_id.in_(ids))):
            held = (parcel.supplied_on is None or parcel.supplied_on <= end) and (
                parcel.released_on is None or parcel.released_on >= start
            )
            if held:
                parcels[parcel.enterprise_id].append(parcel)
        tenant_of: dict[int, list[int]] = defaultdict(list)
        landlord_of: dict[int, list[int]] = defaultdict(list)
        for tenancy in session.scalars(select(Tenancy).order_by(Tenancy.id)):
            if tenancy.from_year <= year and (tenancy.to_year is None or tenancy.to_year >= year):
                tenant_of[tenancy.tenant_id].append(tenancy.landlord_id)
                landlord_of[tenancy.landlord_id].append(tenancy.tenant_id)
        accounts: dict[tuple[int, str], list[str]] = defaultdict(list)
        query = select(UtilityAccount).where(UtilityAccount.enterprise_id.in_(ids))
        for account in session.scalars(query.order_by(UtilityAccount.number)):
            accounts[account.enterprise_id, account.utility].append(account.number)
        return cls(parcels, tenant_of, landlord_of, accounts)


def _ledger_year(
    enterprise: Enterprise,
    year: int,
    facts: Mapping[tuple[int | None, str], EnterpriseFact],
    extras: _YearExtras,
) -> LedgerYear:
    def text(fact: FactField, fact_year: int | None) -> str | None:
        event = facts.get((fact_year, fact.value))
        return event.value if event is not None else None

    figures = {fact: _decimal(text(fact, year)) for fact in FIGURES}
    sources = {
        fact: facts[year, fact.value].source_label or ""
        for fact in FIGURES
        if (year, fact.value) in facts
    }
    parcels = extras.parcels.get(enterprise.id, [])
    supplied = [p.supplied_on for p in parcels if p.supplied_on is not None]
    registered = text(FactField.REGISTERED_ON, None)
    kinds = text(FactField.KINDS, None)
    return LedgerYear(
        enterprise_id=enterprise.id,
        name=enterprise.name,
        credit_code=enterprise.credit_code,
        unit_id=enterprise.unit_id,
        year=year,
        size=SizeClass(text(FactField.SIZE, year) or SizeClass.BELOW),
        figures=figures,
        industry_code=text(FactField.INDUSTRY, year) or enterprise.industry_code or "",
        kinds=frozenset(k for k in (kinds or "").split(KIND_SEPARATOR) if k),
        registered_on=date.fromisoformat(registered) if registered else None,
        land_supplied_on=max(supplied, default=None),
        parcel_mu=sum((p.area_mu for p in parcels), Decimal(0)) if parcels else enterprise.land_mu,
        tenant_of=tuple(extras.tenant_of.get(enterprise.id, ())),
        landlord_of=tuple(extras.landlord_of.get(enterprise.id, ())),
        electricity_accounts=tuple(extras.accounts.get((enterprise.id, Utility.ELECTRICITY), ())),
        water_accounts=tuple(extras.accounts.get((enterprise.id, Utility.WATER), ())),
        sources=sources,
    )


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None

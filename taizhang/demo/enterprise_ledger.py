"""The demo district's industrial firms and five years (2021–2025) of their 亩均 figures.

Every name and number here is invented by a seeded generator (`random.Random(2021)`), so each
build is the same. The firms are spread over the district's towns, streets and platforms; a few
are utilities (公用事业), some registered in 2022–2025 (figures from their first year on), some
produce on another firm's land, and some figures are missing, so that the classes, the trends
and the lists built on them show something real. Figures arrive as rows of the bureaus' yearly
sheets (税务局, 统计局, 供电公司), a few corrected by hand. Written with bulk inserts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from taizhang.demo.data import DEMO_LABEL, DISTRICT_CODE
from taizhang.demo.policy_figures import add_policy_figures
from taizhang.enterprises.ledger import (
    FactField,
    SizeClass,
    Utility,
    fact_row,
    fact_text,
)
from taizhang.enterprises.models import (
    Enterprise,
    EnterpriseFact,
    LandParcel,
    Tenancy,
    UtilityAccount,
)
from taizhang.kernel.codes import credit_code_check_char, organisation_code_check_char
from taizhang.kernel.numbers import format_number
from taizhang.kernel.sources import Source, SourceKind
from taizhang.org.models import Unit, UnitKind, User

YEARS = (2021, 2022, 2023, 2024, 2025)
FIRM_COUNT = 300
SEED = 2021
SYSTEM = Source(SourceKind.SYSTEM, label=DEMO_LABEL)
ABOVE_REVENUE = Decimal(2000)  # 万元: 规上 from this 主营业务收入 on

# Invented name parts: a distinctive core, then what the firm makes, then its legal form.
_CORE_FIRST = "嘉禾湘澄鸿泰华盛恒信瑞丰宏远金诚天越晨曦立达永和博源正阳凯旋新航力拓汇通启明"
_CORE_SECOND = "川润峰达源祥宇坤翔辉岳航锦澜航瀚晟昊睿铭骏琪钧璟彬"
# (what it makes in the name, GB/T 4754 code, typical revenue per mu in 万元, tce per 万元)
_TRADES: tuple[tuple[str, str, int, str], ...] = (
    ("纺织", "C1713", 117, "0.060"),
    ("服饰", "C1811", 99, "0.020"),
    ("皮革制品", "C1910", 90, "0.030"),
    ("家具", "C2110", 81, "0.025"),
    ("纸业", "C2221", 135, "0.120"),
    ("印刷包装", "C2231", 108, "0.050"),
    ("化工", "C2614", 234, "0.180"),
    ("塑料制品", "C2929", 126, "0.045"),
    ("新材料", "C2651", 270, "0.090"),
    ("建材", "C3021", 90, "0.200"),
    ("金属制品", "C3311", 144, "0.060"),
    ("五金", "C3389", 117, "0.040"),
    ("通用机械", "C3484", 171, "0.030"),
    ("汽车零部件", "C3670", 216, "0.035"),
    ("电气", "C3829", 234, "0.025"),
    ("电池", "C3841", 315, "0.040"),
    ("电子", "C3973", 360, "0.030"),
    ("光电", "C3976", 292, "0.045"),
    ("仪器仪表", "C4011", 189, "0.015"),
    ("食品", "C1491", 108, "0.050"),
)
_UTILITIES: tuple[tuple[str, str, str], ...] = (
    ("南湖热电有限公司", "D4412", "0.900"),
    ("嘉兴南湖水务有限公司", "D4610", "0.150"),
    ("南湖污水处理有限公司", "D4620", "0.200"),
    ("南湖燃气有限公司", "D4500", "0.050"),
)
_FORMS = ("有限公司", "股份有限公司", "科技有限公司")
# Where industry sits: platforms and towns hold most of it.
_PLACE_WEIGHTS = {UnitKind.PLATFORM: 5, UnitKind.TOWN: 4, UnitKind.STREET: 1}
_SHEETS = {
    "tax": "区税务局{year}年度企业税收清单.xlsx",
    "stats": "区统计局{year}年工业企业主要指标.xlsx",
    "power": "供电公司{year}年企业用电量.xlsx",
    "land": "区自然资源分局{year}年企业用地核定表.xlsx",
}
_FROM_SHEET = {
    FactField.TAX: "tax",
    FactField.REVENUE: "stats",
    FactField.VALUE_ADDED: "stats",
    FactField.ENERGY_TCE: "stats",
    FactField.EMPLOYEES: "stats",
    FactField.RND: "stats",
    FactField.SIZE: "stats",
    FactField.INDUSTRY: "stats",
    FactField.ELECTRICITY_KWH: "power",
    FactField.WATER_T: "land",
    FactField.EMISSIONS_T: "land",
    FactField.LAND_MU: "land",
}


_RATIO_RANGES = (
    (0.02, 0.075),
    (0.17, 0.32),
    (5200.0, 7600.0),
    (0.0004, 0.003),
    (0.8, 6.0),
    (60.0, 180.0),
    (0.01, 0.05),
)


@dataclass
class _Firm:
    name: str
    org_body: str
    industry: str
    unit_id: int
    registered: date
    land_mu: Decimal  # what it holds (0 for a tenant producing on another's land)
    revenue_per_mu: Decimal
    energy_per_revenue: Decimal
    growth: float  # its yearly trend
    # Its own ratios, which move a little from year to year: 税收/收入, 增加值率, kWh per tce,
    # emissions per tce, water per 万元, 万元 per worker, R&D share.
    ratios: tuple[float, ...] = ()
    kinds: frozenset[str] = frozenset()
    rented_mu: Decimal = Decimal(0)  # land rented from a landlord
    landlord: int | None = None  # index of the landlord firm
    new_parcel_year: int | None = None  # a parcel supplied that year (expansion)
    figures: dict[int, dict[FactField, str | None]] = field(default_factory=dict)


def build_enterprise_ledger(
    session: Session, units: dict[str, Unit], corrector: User | None = None
) -> int:
    """Register the demo's industrial firms with five years of figures; returns how many."""
    rng = random.Random(SEED)
    places = [u for u in units.values() if u.kind in _PLACE_WEIGHTS]
    weights = [_PLACE_WEIGHTS[UnitKind(u.kind)] for u in places]
    firms = _firms(rng, places, weights)
    for firm in firms:
        _figures(rng, firm, firms)
    ids = _insert_enterprises(session, firms)
    trail = _insert_registry(session, rng, firms, ids)
    _insert_facts(session, rng, firms, ids, trail, corrector)
    return len(firms)


# ── the firms ────────────────────────────────────────────────────────────────


def _firms(rng: random.Random, places: list[Unit], weights: list[int]) -> list[_Firm]:
    names: set[str] = set()
    firms: list[_Firm] = []
    for index in range(FIRM_COUNT):
        utility = _UTILITIES[index] if index < len(_UTILITIES) else None
        if utility is not None:
            name, industry, energy = utility
            revenue_per_mu, kinds = Decimal(90), frozenset({"公用事业"})
        else:
            trade, industry, typical, energy = rng.choice(_TRADES)
            name = _name(rng, trade, names)
            spread = Decimal(str(round(rng.lognormvariate(0, 0.55), 3)))
            revenue_per_mu = (Decimal(typical) * spread).quantize(Decimal(1))
            kinds = frozenset()
        names.add(name)
        new = utility is None and rng.random() < 0.10
        registered = (
            date(rng.choice((2022, 2023, 2024, 2025)), rng.randint(1, 10), rng.randint(1, 28))
            if new
            else date(rng.randint(1998, 2019), rng.randint(1, 12), rng.randint(1, 28))
        )
        land = Decimal(str(round(rng.lognormvariate(2.6, 0.85), 1)))  # about 13 亩, 3–150
        land = min(max(land, Decimal(3)), Decimal(180))
        firms.append(
            _Firm(
                name=name,
                org_body=f"MA7{index + 1:05d}",
                industry=industry,
                unit_id=rng.choices(places, weights)[0].id,
                registered=registered,
                land_mu=land,
                revenue_per_mu=revenue_per_mu,
                energy_per_revenue=Decimal(energy) * Decimal(str(rng.uniform(0.6, 1.6))),
                growth=rng.gauss(0.05, 0.09),
                ratios=tuple(rng.uniform(low, high) for low, high in _RATIO_RANGES),
                kinds=kinds,
                new_parcel_year=rng.choice((2024, 2025)) if rng.random() < 0.04 else None,
            )
        )
    _tenants(rng, firms)
    return firms


def _name(rng: random.Random, trade: str, taken: set[str]) -> str:
    while True:
        core = rng.choice(_CORE_FIRST) + rng.choice(_CORE_SECOND)
        name = f"嘉兴{core}{trade}{rng.choice(_FORMS)}"
        if name not in taken:
            return name


def _tenants(rng: random.Random, firms: list[_Firm]) -> None:
    """About one firm in twenty produces on a larger firm's land instead of its own."""
    landlords = [i for i, f in enumerate(firms) if f.land_mu >= 40 and not f.kinds]
    for index, firm in enumerate(firms):
        if firm.kinds or index in landlords or rng.random() >= 0.05:
            continue
        firm.landlord = rng.choice(landlords)
        firm.rented_mu = Decimal(rng.randint(3, 12))
        firm.land_mu = Decimal(0)


# ── their figures ────────────────────────────────────────────────────────────


def _figures(rng: random.Random, firm: _Firm, firms: list[_Firm]) -> None:
    land_used = firm.rented_mu or firm.land_mu
    level = float(firm.revenue_per_mu * land_used)
    for year in YEARS:
        if year < firm.registered.year:
            continue
        first = year == firm.registered.year
        months = 13 - firm.registered.month if first else 12
        yearly = level * (1 + firm.growth + rng.gauss(0, 0.08)) ** (year - YEARS[0])
        if year == 2022:
            yearly *= 0.93  # the district's difficult year
        revenue = Decimal(str(max(yearly * months / 12, 30.0))).quantize(Decimal("0.1"))
        firm.figures[year] = _year_figures(rng, firm, year, revenue, land_used)


def _year_figures(
    rng: random.Random, firm: _Firm, year: int, revenue: Decimal, land_used: Decimal
) -> dict[FactField, str | None]:
    def num(value: float, places: str = "0.1") -> Decimal:
        return Decimal(str(max(value, 0.0))).quantize(Decimal(places))

    above = revenue >= ABOVE_REVENUE
    tax_rate, va_share, kwh_per_tce, emissions, water, per_worker, rnd = (
        ratio * rng.uniform(0.9, 1.1) for ratio in firm.ratios
    )
    energy = num(float(revenue * firm.energy_per_revenue))
    land = land_used
    if firm.new_parcel_year is not None and year >= firm.new_parcel_year:
        land = land_used + _new_parcel_mu(firm)
    values: dict[FactField, Decimal | SizeClass | str | None] = {
        FactField.LAND_MU: land,
        FactField.TAX: num(float(revenue) * tax_rate),
        FactField.REVENUE: revenue,
        FactField.VALUE_ADDED: num(float(revenue) * va_share),
        FactField.ENERGY_TCE: energy,
        FactField.ELECTRICITY_KWH: num(float(energy) * kwh_per_tce, "1"),
        FactField.EMISSIONS_T: num(float(energy) * emissions, "0.001"),
        FactField.WATER_T: num(float(revenue) * water, "1"),
        FactField.EMPLOYEES: num(float(revenue) / per_worker + 3, "1"),
        FactField.RND: num(float(revenue) * rnd) if above else None,
        FactField.SIZE: SizeClass.ABOVE if above else SizeClass.BELOW,
        FactField.INDUSTRY: firm.industry,
    }
    if not above:  # the statistics bureau's list does not carry every small firm's figures
        for fact in (FactField.VALUE_ADDED, FactField.ENERGY_TCE, FactField.EMISSIONS_T):
            if rng.random() < 0.25:
                values[fact] = None
    if rng.random() < 0.04:
        values[rng.choice((FactField.WATER_T, FactField.EMPLOYEES, FactField.ELECTRICITY_KWH))] = (
            None
        )
    return {fact: fact_text(fact, value) for fact, value in values.items()}


def _new_parcel_mu(firm: _Firm) -> Decimal:
    return (firm.land_mu / 3).quantize(Decimal("0.1")) or Decimal(5)


def _credit_code(org_body: str) -> str:
    first17 = f"91{DISTRICT_CODE}{org_body}{organisation_code_check_char(org_body)}"
    return first17 + credit_code_check_char(first17)


# ── writing ──────────────────────────────────────────────────────────────────


def _insert_enterprises(session: Session, firms: list[_Firm]) -> list[int]:
    rows = [
        {
            "name": firm.name,
            "credit_code": _credit_code(firm.org_body),
            "industry_code": firm.industry,
            "is_chain_leader": False,
            "land_mu": firm.land_mu or None,
            "unit_id": firm.unit_id,
        }
        for firm in firms
    ]
    session.execute(insert(Enterprise), rows)
    by_name = dict(
        session.execute(
            select(Enterprise.name, Enterprise.id).where(
                Enterprise.name.in_([f.name for f in firms])
            )
        ).all()
    )
    return [by_name[firm.name] for firm in firms]


Trail = list[tuple[int, FactField, str, date]]  # enterprise, what was registered, how, when


def _insert_registry(
    session: Session, rng: random.Random, firms: list[_Firm], ids: list[int]
) -> Trail:
    """The parcels, 户号 and tenancies; returns the trail events that record them."""
    parcels: list[dict[str, object]] = []
    accounts: list[dict[str, object]] = []
    tenancies: list[dict[str, object]] = []
    trail: Trail = []
    for index, (firm, eid) in enumerate(zip(firms, ids, strict=True)):
        if firm.land_mu:
            for parcel in _parcels(rng, firm, eid, index):
                parcels.append(parcel.row(eid))
                trail.append((eid, FactField.PARCEL, parcel.text, parcel.supplied_on))
        utilities = [(Utility.ELECTRICITY, f"33{index:08d}")]
        if rng.random() < 0.7:
            utilities.append((Utility.WATER, f"NHS{index:06d}"))
        for utility, number in utilities:
            accounts.append({"enterprise_id": eid, "utility": utility, "number": number})
            trail.append((eid, FactField.ACCOUNT, f"{utility.label}户号 {number}", firm.registered))
        if firm.landlord is not None:
            year = max(firm.registered.year, 2018)
            tenancies.append(
                {
                    "tenant_id": eid,
                    "landlord_id": ids[firm.landlord],
                    "area_mu": firm.rented_mu,
                    "from_year": year,
                    "to_year": None,
                }
            )
            landlord = firms[firm.landlord].name
            area = format_number(firm.rented_mu)
            text = f"租用{landlord}土地 {area} 亩（{year} 年起）"
            trail.append((eid, FactField.TENANCY, text, max(firm.registered, date(year, 1, 1))))
    session.execute(insert(LandParcel), parcels)
    session.execute(insert(UtilityAccount), accounts)
    if tenancies:
        session.execute(insert(Tenancy), tenancies)
    return trail


@dataclass(frozen=True)
class _Parcel:
    certificate_no: str
    area_mu: Decimal
    supplied_on: date

    def row(self, eid: int) -> dict[str, object]:
        return {
            "enterprise_id": eid,
            "certificate_no": self.certificate_no,
            "area_mu": self.area_mu,
            "location": None,
            "supplied_on": self.supplied_on,
            "released_on": None,
        }

    @property
    def text(self) -> str:
        area, on = format_number(self.area_mu), self.supplied_on.isoformat()
        return f"{self.certificate_no}：{area} 亩，{on} 供地"


def _parcels(rng: random.Random, firm: _Firm, eid: int, index: int) -> list[_Parcel]:
    count = 1 if firm.land_mu < 30 else rng.randint(1, 3)
    areas = [(firm.land_mu / count).quantize(Decimal("0.1")) for _ in range(count - 1)]
    areas.append(firm.land_mu - sum(areas, Decimal(0)))
    supplied = firm.registered + timedelta(days=rng.randint(-200, 200))
    parcels = [
        _Parcel(_certificate(supplied.year, index * 10 + n + 1), area, supplied)
        for n, area in enumerate(areas)
    ]
    if firm.new_parcel_year is not None:
        on = date(firm.new_parcel_year, rng.randint(1, 6), rng.randint(1, 28))
        parcels.append(_Parcel(_certificate(on.year, index * 10 + 9), _new_parcel_mu(firm), on))
    return parcels


def _certificate(year: int, number: int) -> str:
    return f"浙({year})嘉兴市不动产权第{number:07d}号"


def _insert_facts(
    session: Session,
    rng: random.Random,
    firms: list[_Firm],
    ids: list[int],
    trail: Trail,
    corrector: User | None,
) -> None:
    rows: list[dict[str, object]] = []
    seqs = dict.fromkeys(ids, 0)

    def add(eid: int, year: int | None, fact: FactField, text: str | None, source: Source,
            at: datetime, actor: User | None = None) -> None:  # fmt: skip
        seqs[eid] += 1
        rows.append(fact_row(eid, seqs[eid], year, fact, text, source, at, actor))

    for firm, eid in zip(firms, ids, strict=True):
        at = datetime(firm.registered.year, firm.registered.month, 1, 2, tzinfo=UTC)
        add(eid, None, FactField.REGISTERED_ON, firm.registered.isoformat(), SYSTEM, at)
        if firm.kinds:
            add(eid, None, FactField.KINDS, fact_text(FactField.KINDS, firm.kinds), SYSTEM, at)
    for eid, fact, text, on in trail:
        add(eid, None, fact, text, SYSTEM, datetime(on.year, on.month, on.day, 3, tzinfo=UTC))
    for year in YEARS:
        line = {sheet: 2 for sheet in _SHEETS}  # each sheet's next row (row 1: the header)
        for firm, eid in zip(firms, ids, strict=True):
            figures = firm.figures.get(year)
            if figures is None:
                continue
            rows_of = {sheet: line[sheet] for sheet in _SHEETS}
            for sheet in _SHEETS:
                line[sheet] += 1
            for fact, stated in figures.items():
                if stated is None:
                    continue
                sheet = _FROM_SHEET[fact]
                source = Source.import_row(_SHEETS[sheet].format(year=year), rows_of[sheet])
                at = datetime(year + 1, 3, 10 + list(_SHEETS).index(sheet), 2, tzinfo=UTC)
                add(eid, year, fact, stated, source, at + timedelta(seconds=rows_of[sheet]))
        if corrector is not None:  # a few 用地面积 corrected by hand after the land check
            for firm, eid in rng.sample(list(zip(firms, ids, strict=True)), 4):
                land = firm.figures.get(year, {}).get(FactField.LAND_MU)
                if land is None:
                    continue
                corrected = fact_text(FactField.LAND_MU, Decimal(land) + Decimal("1.5")) or land
                add(eid, year, FactField.LAND_MU, corrected, Source.user(corrector),
                    datetime(year + 1, 4, 20, 3, tzinfo=UTC), corrector)  # fmt: skip
    add_policy_figures(firms, ids, add)  # type: ignore[arg-type]
    for start in range(0, len(rows), 5000):
        session.execute(insert(EnterpriseFact), rows[start : start + 5000])

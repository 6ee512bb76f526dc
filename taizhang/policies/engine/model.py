"""What the policy engine reads and returns. Plain values: the engine never opens a session.

An enterprise comes in as a `Profile`: its standing facts (注册日期, industry code, the units it
lies in) and its yearly facts by (field, year), each a `Figure` that remembers its source — the
ledger event's id and the source's label — so that a match can show where every number came
from. Money is in 万元, people in 人, as the enterprise ledger keeps them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from taizhang.kernel.labels import LabelledEnum

Value = Decimal | str | frozenset[str] | date


class Field(LabelledEnum):
    """The ledger's facts a policy may read (values equal `enterprises.ledger.FactField`'s)."""

    REVENUE = "revenue", "主营业务收入", "main business revenue"
    TAX = "tax", "评价税收", "tax counted"
    VALUE_ADDED = "value_added", "工业增加值", "industrial value added"
    RND = "rnd", "R&D经费支出", "R&D spending"
    EMPLOYEES = "employees", "年平均职工人数", "average employees"
    RND_STAFF = "rnd_staff", "研发人员数", "R&D staff"
    INCIDENTS = "incidents", "重大安全质量环境事故", "serious incidents"
    TAGS = "tags", "称号", "titles"
    QUALIFICATIONS = "qualifications", "资质与研发机构", "qualifications"
    SIZE = "size", "规模", "size class"
    INDUSTRY = "industry", "行业代码", "industry code"
    REGISTERED_ON = "registered_on", "注册（投产）日期", "registered on"
    MUJU_CLASS = "muju_class", "亩均等级", "per-mu class"
    PLACE = "place", "注册地", "registered in"


UNITS: dict[Field, tuple[str, str]] = {
    Field.REVENUE: ("万元", "CNY 10k"),
    Field.TAX: ("万元", "CNY 10k"),
    Field.VALUE_ADDED: ("万元", "CNY 10k"),
    Field.RND: ("万元", "CNY 10k"),
    Field.EMPLOYEES: ("人", "people"),
    Field.RND_STAFF: ("人", "people"),
    Field.INCIDENTS: ("起", "incidents"),
}
NUMBERS = frozenset(UNITS)
WORDS = frozenset({Field.TAGS, Field.QUALIFICATIONS})


@dataclass(frozen=True)
class Words:
    """A sentence in both languages (pages pick one; runs store both)."""

    zh: str
    en: str

    def in_(self, language: str) -> str:
        return self.en if language == "en" else self.zh

    def as_json(self) -> list[str]:
        return [self.zh, self.en]

    @classmethod
    def of_json(cls, value: list[str] | str) -> Words:
        if isinstance(value, str):
            return cls(value, value)
        return cls(value[0], value[1])


@dataclass(frozen=True)
class Figure:
    """A fact's value as the ledger holds it, with the year it is of and where it came from."""

    value: Value
    year: int | None = None
    source: str = ""  # the source's label: 区统计局2025年工业企业主要指标.xlsx 第 12 行
    event_id: int | None = None  # the ledger event (enterprise_facts.id)
    source_kind: str = ""  # kernel.sources.SourceKind: import, user, document, system

    @property
    def number(self) -> Decimal | None:
        return self.value if isinstance(self.value, Decimal) else None

    @property
    def words(self) -> frozenset[str]:
        return self.value if isinstance(self.value, frozenset) else frozenset()


@dataclass(frozen=True)
class Place:
    """Where an enterprise is registered: its unit's code and name and its ancestors' codes (own
    first), and the 登记机关行政区划码 of its credit code (positions 3–8)."""

    unit_codes: tuple[str, ...] = ()
    unit_name: str = ""
    region: str = ""


@dataclass(frozen=True)
class Profile:
    """One enterprise as the policies read it; a missing key means the ledger does not say."""

    enterprise_id: int
    name: str
    credit_code: str | None = None
    place: Place = field(default_factory=Place)
    standing: Mapping[Field, Figure] = field(default_factory=dict)  # 注册日期, 行业代码
    yearly: Mapping[tuple[Field, int], Figure] = field(default_factory=dict)

    def fact(self, name: Field, year: int | None = None) -> Figure | None:
        if year is None:
            return self.standing.get(name)
        return self.yearly.get((name, year))

    def number(self, name: Field, year: int) -> Decimal | None:
        found = self.yearly.get((name, year))
        return found.number if found is not None else None


class Status(LabelledEnum):
    """A condition's (and a whole match's) outcome."""

    MET = "met", "符合", "met"
    NOT_MET = "not_met", "不符合", "not met"
    UNKNOWN = "unknown", "缺数据", "data missing"


@dataclass(frozen=True)
class Used:
    """A figure a condition read: what, of which year, its value as shown, and its source."""

    field: Field
    year: int | None
    value: str
    source: str = ""
    event_id: int | None = None
    source_kind: str = ""

    @classmethod
    def of(cls, name: Field, figure: Figure, shown: str) -> Used:
        return cls(name, figure.year, shown, figure.source, figure.event_id, figure.source_kind)


@dataclass(frozen=True)
class Missing:
    """A figure the ledger lacks: which, and of which year (None: a standing fact)."""

    field: Field
    year: int | None = None

    def said(self) -> Words:
        year_zh = f"{self.year} 年" if self.year is not None else ""
        year_en = f" of {self.year}" if self.year is not None else ""
        return Words(f"{year_zh}{self.field.label}", f"{self.field.english}{year_en}")


@dataclass(frozen=True)
class Outcome:
    """One condition judged: met / not met / unknown, the figure found against the threshold,
    the figures used with their sources, and what is missing when unknown."""

    condition: Words  # the condition in words: 注册满 1 年
    status: Status
    figure: Words  # what the enterprise has: 注册 3.4 年, or 缺数据
    threshold: Words  # what the policy asks: ≥ 1 年
    used: tuple[Used, ...] = ()
    missing: tuple[Missing, ...] = ()

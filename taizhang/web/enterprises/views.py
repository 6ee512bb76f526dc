"""What the enterprise library and an enterprise's page show, shared by the pages, the workbook
and the API: the query-string filters, the list with each row's class, and one enterprise's
five years (figures with the events they come from, 亩均 per year, classes) and charts.

Classes come only from `muju.queries.classes_by_year` (a stored run, else computed live: 试算)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.access import may_see
from taizhang.appeals.models import Appeal
from taizhang.enterprises.ledger import (
    FIGURE_UNITS,
    FIGURES,
    WORD_SETS,
    FactField,
    SizeClass,
    fact_history,
    ledger_state,
)
from taizhang.enterprises.models import Enterprise, EnterpriseFact
from taizhang.enterprises.queries import (
    EnterpriseFilter,
    EnterprisePage,
    EnterpriseProfile,
    Industry,
    enterprise_profile,
    industries_in_use,
    latest_year,
    ledger_year_range,
    list_enterprises,
    per_mu,
)
from taizhang.kernel.errors import Invalid
from taizhang.kernel.numbers import format_number
from taizhang.muju.engine.model import Evaluation
from taizhang.muju.queries import YearClasses, classes_by_year
from taizhang.org.access import can_view, scope_path
from taizhang.org.models import Unit, UnitKind, User
from taizhang.org.units import list_units
from taizhang.projects.models import COUNTED, Project, ProjectInvestor
from taizhang.web.bounds import MAX_ID
from taizhang.web.charts import TrendSeries, levels_svg, trend_svg

GRADES = ("A", "B", "C", "D")
FIRST_YEAR, LAST_YEAR = 2000, 2100
TOWN_KINDS = (UnitKind.DISTRICT, UnitKind.TOWN, UnitKind.STREET, UnitKind.PLATFORM)


# ── the list ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class EnterpriseListParams:
    q: str | None
    grade: str | None
    year: int | None
    industry: str | None
    unit: int | None
    page: int
    per_page: int


def enterprise_list_params(
    q: Annotated[
        str | None, Query(max_length=100, description="企业名称、简称或统一社会信用代码")
    ] = None,
    grade: Annotated[
        str | None, Query(max_length=10, description="该年度的亩均等级：A / B / C / D")
    ] = None,
    year: Annotated[
        str | None, Query(pattern=r"^\d{0,4}$", description="年度（默认：台账最近年度）")
    ] = None,
    industry: Annotated[
        str | None,
        Query(max_length=5, pattern=r"^([A-Za-z]\d{0,2})?$", description="行业门类 C 或大类 C33"),
    ] = None,
    unit: Annotated[
        str | None,
        Query(
            pattern=r"^\d{0,18}$", description="镇街、平台 id，含下级 (unit id, with units below)"
        ),
    ] = None,
    page: Annotated[int, Query(ge=1, le=10**6)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> EnterpriseListParams:
    year_number = int(year) if year else None
    if year_number is not None and not FIRST_YEAR <= year_number <= LAST_YEAR:
        raise Invalid(f"年度 {year} 应在 {FIRST_YEAR}–{LAST_YEAR} 之间 (year out of range)")
    unit_id = int(unit) if unit else None
    if unit_id is not None and not 1 <= unit_id <= MAX_ID:
        raise Invalid(f"单位 id {unit} 超出范围 (unit id out of range)")
    return EnterpriseListParams(
        q or None, grade or None, year_number, industry or None, unit_id, page, per_page
    )


EnterpriseListDep = Annotated[EnterpriseListParams, Depends(enterprise_list_params)]


@dataclass(frozen=True)
class LibraryRow:
    id: int
    name: str
    aliases: tuple[str, ...]
    credit_code: str | None
    unit_name: str | None
    industry_code: str | None
    industry: str
    size: SizeClass | None
    land_mu: Decimal | None
    tax_per_mu: Decimal | None
    grade: str | None


@dataclass(frozen=True)
class Library:
    rows: list[LibraryRow]
    count: int
    year: int | None
    state: str  # 试算 …, of the year's classes
    grades: tuple[str, ...]  # the classes one may filter by
    grades_en: Mapping[str, str] = field(default_factory=dict)  # a class's English, if named

    def grade_in(self, grade: str, language: str) -> str:
        return (self.grades_en.get(grade) if language == "en" else None) or grade


def library_for(
    session: Session,
    user: User,
    params: EnterpriseListParams,
    *,
    everything: bool = False,
    scheme: Path | None = None,
) -> Library:
    """The list as filtered (one page, or `everything` for the workbook); classes of a year
    without a stored run computed under `scheme` (the configured one)."""
    year = params.year or latest_year(session)
    classes = classes_by_year(session, [year], scheme=scheme)[year] if year is not None else None
    ids = None
    if params.grade:
        if classes is None:
            ids = []
        else:
            ids = [eid for eid, grade in classes.grades.items() if grade == params.grade]
    filters = EnterpriseFilter(q=params.q, industry=params.industry, unit_id=params.unit, ids=ids)
    found: EnterprisePage = list_enterprises(
        session,
        filters,
        year=year,
        scope=scope_path(user),
        page=1 if everything else params.page,
        per_page=0 if everything else params.per_page,
    )
    rows = [
        LibraryRow(
            id=r.id,
            name=r.name,
            aliases=r.aliases,
            credit_code=r.credit_code,
            unit_name=r.unit_name,
            industry_code=r.industry_code,
            industry=r.industry,
            size=r.size,
            land_mu=r.land_mu,
            tax_per_mu=r.tax_per_mu,
            grade=classes.grade_of(r.id) if classes else None,
        )
        for r in found.rows
    ]
    state, english = (classes.state, classes.grades_en) if classes else ("", {})
    return Library(rows, found.count, year, state, _grades(classes), english)


def _grades(classes: YearClasses | None) -> tuple[str, ...]:
    if classes is None:
        return GRADES
    others = sorted(set(classes.grades.values()) - set(GRADES))
    return (*GRADES, *others)


def filter_units(session: Session, user: User) -> list[Unit]:
    """The towns, streets and platforms (and the district) the user may filter by."""
    return [u for u in list_units(session, kinds=TOWN_KINDS) if can_view(user, u)]


def filter_industries(session: Session, user: User) -> list[Industry]:
    return industries_in_use(session, scope=scope_path(user))


def check_grade(grade: str | None, allowed: Sequence[str]) -> None:
    if grade and grade not in allowed:
        raise Invalid(f"等级“{grade}”不存在，应为 {'、'.join(allowed)} (no such class)")


LIST_HEADERS = (
    "企业名称",
    "简称",
    "统一社会信用代码",
    "所属镇街平台",
    "行业代码",
    "行业",
    "规模",
    "用地面积（亩）",
    "亩均税收（万元/亩）",
    "亩均等级",
)


def library_cells(row: LibraryRow) -> list[str | Decimal | None]:
    return [
        row.name,
        "、".join(row.aliases) or None,
        row.credit_code,
        row.unit_name,
        row.industry_code,
        row.industry or None,
        row.size.label if row.size else None,
        row.land_mu,
        row.tax_per_mu,
        row.grade,
    ]


# ── one enterprise ───────────────────────────────────────────────────────────


@dataclass(frozen=True)
class FigureCell:
    value: str | None  # as the ledger holds it
    event: EnterpriseFact | None  # the event it came from (its source)


@dataclass(frozen=True)
class YearLine:
    year: int
    size: SizeClass | None
    tax_per_mu: Decimal | None
    value_added_per_mu: Decimal | None
    evaluation: Evaluation | None
    state: str


@dataclass(frozen=True)
class EnterpriseView:
    profile: EnterpriseProfile
    years: list[int]
    figures: list[tuple[FactField, str, list[FigureCell]]]  # a figure, its unit, a cell a year
    lines: list[YearLine]
    history: list[EnterpriseFact]
    projects: list[Project]
    appeals: list[Appeal]
    charts: dict[str, str]
    scheme: str  # the scheme the classes were computed with


def enterprise_view(
    session: Session,
    user: User,
    enterprise: Enterprise,
    *,
    language: str = "zh",
    scheme: Path | None = None,
) -> EnterpriseView:
    """Everything an enterprise's page shows, for the ledger's latest five years (classes of a
    year without a stored run computed under `scheme`, the configured one)."""
    all_years = ledger_year_range(session)[-5:]
    held = {(h.year, h.field): h for h in ledger_state(session, enterprise.id)}
    years = [y for y in all_years if any(year == y for year, _ in held)] or all_years
    figures = [
        (
            fact,
            FIGURE_UNITS[fact],
            [FigureCell(*_held(held, year, fact)) for year in years],
        )
        for fact in FIGURES
    ]
    classes = classes_by_year(session, years, scheme=scheme)
    lines = [_year_line(held, year, classes[year], enterprise.id) for year in years]
    return EnterpriseView(
        profile=enterprise_profile(session, enterprise),
        years=years,
        figures=figures,
        lines=lines,
        history=fact_history(session, enterprise.id),
        projects=_projects(session, user, enterprise.id),
        appeals=_appeals(session, user, enterprise.id),
        charts=_charts(lines, language),
        scheme=next((c.scheme for c in classes.values()), ""),
    )


def _held(held: dict, year: int, fact: FactField) -> tuple[str | None, EnterpriseFact | None]:  # type: ignore[type-arg]
    found = held.get((year, fact))
    return (found.value, found.event) if found else (None, None)


def _decimal_of(held: dict, year: int, fact: FactField) -> Decimal | None:  # type: ignore[type-arg]
    value, _ = _held(held, year, fact)
    return Decimal(value) if value is not None else None


def _year_line(held: dict, year: int, classes: YearClasses, eid: int) -> YearLine:  # type: ignore[type-arg]
    land = _decimal_of(held, year, FactField.LAND_MU)
    size, _ = _held(held, year, FactField.SIZE)
    return YearLine(
        year=year,
        size=SizeClass(size) if size else None,
        tax_per_mu=per_mu(_decimal_of(held, year, FactField.TAX), land),
        value_added_per_mu=per_mu(_decimal_of(held, year, FactField.VALUE_ADDED), land),
        evaluation=classes.of(eid),
        state=classes.state,
    )


def _projects(session: Session, user: User, eid: int) -> list[Project]:
    """Projects this enterprise invests in (the registry's match of their investors), in scope."""
    query = (
        select(Project)
        .join(ProjectInvestor, ProjectInvestor.project_id == Project.id)
        .where(ProjectInvestor.enterprise_id == eid, COUNTED)
        .order_by(Project.id)
    )
    return [p for p in session.scalars(query) if can_view(user, p.unit)]


def _appeals(session: Session, user: User, eid: int) -> list[Appeal]:
    """Requests filed as this enterprise, those the user may see, newest first."""
    query = select(Appeal).where(Appeal.enterprise_id == eid).order_by(Appeal.received_at.desc())
    return [a for a in session.scalars(query.limit(200)) if may_see(user, a)]


def _charts(lines: list[YearLine], language: str) -> dict[str, str]:
    english = language == "en"

    def series(label: str, values: list[tuple[int, Decimal | None]]) -> TrendSeries:
        points = tuple((str(y), float(v)) for y, v in values if v is not None)
        return TrendSeries(label, points)

    tax = series(
        "Tax per mu" if english else "亩均税收", [(ln.year, ln.tax_per_mu) for ln in lines]
    )
    added = series(
        "Value added per mu" if english else "亩均增加值",
        [(ln.year, ln.value_added_per_mu) for ln in lines],
    )
    unit = "CNY 10k per mu" if english else "万元/亩"
    empty = "No data" if english else "暂无数据"
    grades = [ln.evaluation.grade_in(language) if ln.evaluation else None for ln in lines]
    return {
        "tax": trend_svg(
            [tax],
            title="Tax per mu" if english else "亩均税收（万元/亩）",
            y_label=unit,
            empty=empty,
        ),
        "value_added": trend_svg(
            [added],
            title="Value added per mu" if english else "亩均增加值（万元/亩）",
            y_label=unit,
            empty=empty,
        ),
        "grades": levels_svg(
            [str(ln.year) for ln in lines],
            list(GRADES),
            grades,
            title="Class by year" if english else "亩均等级变化",
            empty=empty,
        ),
    }


def number_text(value: Decimal | None) -> str:
    return "—" if value is None else format_number(value)


# The ledger's units and the classes' states in English (the ledger writes them in Chinese).
UNIT_WORDS = {"亩": "mu", "万元": "CNY 10k", "吨标准煤": "tce", "千瓦时": "kWh", "吨": "t",
              "人": "persons"}  # fmt: skip
STATE_WORDS = {"试算": "trial", "公示中": "published for objections", "已定级": "final"}


def unit_words(unit: str, language: str) -> str:
    return UNIT_WORDS.get(unit, unit) if language == "en" else unit


def state_words(state: str, language: str) -> str:
    return STATE_WORDS.get(state, state) if language == "en" else state


def fact_value_words(field: str, value: str | None, language: str) -> str:
    """A fact's value as the history shows it: a size class in words, a number plainly."""
    if value is None:
        return "—"
    if not value and field in {f.value for f in WORD_SETS}:
        return "none" if language == "en" else "无"
    if field == FactField.SIZE.value:
        try:
            return SizeClass(value).label_in(language)
        except ValueError:
            return value
    return value

"""The JSON shapes of the enterprise library's API."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from taizhang.web.enterprises.views import EnterpriseView, LibraryRow


class EnterpriseSummaryOut(BaseModel):
    id: int
    name: str
    aliases: list[str]
    credit_code: str | None
    unit_name: str | None = Field(description="所属镇街、平台 (town, street or platform)")
    industry_code: str | None = Field(description="GB/T 4754-2017")
    industry: str
    size: str | None = Field(description="ABOVE 规上 / BELOW 规下, of the year")
    land_mu: Decimal | None = Field(description="用地面积（亩）of the year")
    tax_per_mu: Decimal | None = Field(description="亩均税收（万元/亩）of the year")
    grade: str | None = Field(description="亩均等级 of the year (A/B/C/D, 不定等级 …)")

    @classmethod
    def of(cls, row: LibraryRow) -> EnterpriseSummaryOut:
        return cls(
            id=row.id,
            name=row.name,
            aliases=list(row.aliases),
            credit_code=row.credit_code,
            unit_name=row.unit_name,
            industry_code=row.industry_code,
            industry=row.industry,
            size=row.size.value if row.size else None,
            land_mu=row.land_mu,
            tax_per_mu=row.tax_per_mu,
            grade=row.grade,
        )


class EnterprisesOut(BaseModel):
    items: list[EnterpriseSummaryOut]
    count: int
    page: int
    per_page: int
    year: int | None = Field(description="the year of the figures and classes")
    grade_state: str = Field(description="试算: classes computed live, not yet published")


class FigureOut(BaseModel):
    field: str
    label: str
    unit: str
    value: str | None
    source: str | None = Field(description="where the value came from (sheet row, person …)")
    event_id: int | None


class YearOut(BaseModel):
    year: int
    size: str | None
    tax_per_mu: Decimal | None
    value_added_per_mu: Decimal | None
    score: Decimal | None
    grade: str | None
    grade_state: str
    figures: list[FigureOut]


class EnterpriseOut(BaseModel):
    id: int
    name: str
    aliases: list[str]
    credit_code: str | None
    industry_code: str | None
    industry: str
    unit_name: str | None
    years: list[YearOut]
    electricity_accounts: list[str]
    water_accounts: list[str]
    parcels: list[str] = Field(description="不动产权证号 of the parcels held")
    project_ids: list[int]

    @classmethod
    def of(cls, view: EnterpriseView) -> EnterpriseOut:
        profile = view.profile
        enterprise = profile.enterprise
        years = []
        for index, line in enumerate(view.lines):
            figures = [
                FigureOut(
                    field=fact.value,
                    label=fact.label,
                    unit=unit,
                    value=cell.value,
                    source=cell.event.source_label if cell.event else None,
                    event_id=cell.event.id if cell.event else None,
                )
                for fact, unit, cells in view.figures
                for cell in (cells[index],)
            ]
            evaluation = line.evaluation
            years.append(
                YearOut(
                    year=line.year,
                    size=line.size,
                    tax_per_mu=line.tax_per_mu,
                    value_added_per_mu=line.value_added_per_mu,
                    score=evaluation.score if evaluation else None,
                    grade=evaluation.grade if evaluation else None,
                    grade_state=line.state,
                    figures=figures,
                )
            )
        return cls(
            id=enterprise.id,
            name=enterprise.name,
            aliases=list(profile.aliases),
            credit_code=enterprise.credit_code,
            industry_code=enterprise.industry_code,
            industry=profile.industry,
            unit_name=profile.unit.name if profile.unit else None,
            years=years,
            electricity_accounts=profile.electricity_accounts,
            water_accounts=profile.water_accounts,
            parcels=[p.certificate_no for p in profile.parcels],
            project_ids=[p.id for p in view.projects],
        )

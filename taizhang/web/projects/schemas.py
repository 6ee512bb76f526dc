"""The JSON shapes of the API (one family per resource)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from taizhang.kernel.sources import source_kind_label
from taizhang.kernel.stages import Stage
from taizhang.org.models import Unit
from taizhang.projects.models import Event, Project
from taizhang.projects.projection import SIZE_BAND_BY_CODE, EventKind, size_flags
from taizhang.projects.queries import Dashboard, StageTotal, UnitTotal
from taizhang.web.bounds import Currency, Day, Mu, Yuan

FEN = Decimal(100)


def yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / FEN


class MoneyOut(BaseModel):
    amount: Decimal = Field(description="金额，以该币种的元计 (amount in units of the currency)")
    currency: str


class UnitOut(BaseModel):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None

    @classmethod
    def of(cls, unit: Unit) -> UnitOut:
        return cls(
            id=unit.id, code=unit.code, name=unit.name, kind=unit.kind, parent_id=unit.parent_id
        )


class UnitsOut(BaseModel):
    items: list[UnitOut]
    count: int


class CapacityOut(BaseModel):
    value: Decimal
    unit: str
    product: str | None


class MilestoneOut(BaseModel):
    stage: Stage
    stage_label: str
    planned_on: date | None
    reached_on: date | None


class ProjectSummaryOut(BaseModel):
    id: int
    code: str
    name: str
    phase: str | None
    unit: UnitOut
    stage: Stage
    stage_label: str
    chain: str | None
    investment: MoneyOut | None
    size_band: str | None
    size_band_label: str | None
    flags: list[str] = Field(description="亿元以上、10亿元以上… (report counts the project is in)")
    investors: str
    progress_pct: Decimal | None
    next_planned_stage: Stage | None
    next_planned_on: date | None

    @classmethod
    def of(cls, project: Project) -> ProjectSummaryOut:
        band = SIZE_BAND_BY_CODE.get(project.size_band or "")
        nxt = Stage(project.next_planned_stage) if project.next_planned_stage else None
        return cls(
            id=project.id,
            code=project.code,
            name=project.name,
            phase=project.phase,
            unit=UnitOut.of(project.unit),
            stage=Stage(project.stage),
            stage_label=Stage(project.stage).label,
            chain=project.chain,
            investment=_money(project.investment_fen, project.investment_currency),
            size_band=project.size_band,
            size_band_label=band.label if band else None,
            flags=size_flags(yuan(project.investment_cny_fen)),
            investors=project.investor_names,
            progress_pct=project.progress_pct,
            next_planned_stage=nxt,
            next_planned_on=project.next_planned_on,
        )


def _money(fen: int | None, currency: str) -> MoneyOut | None:
    amount = yuan(fen)
    return None if amount is None else MoneyOut(amount=amount, currency=currency)


class ProjectOut(ProjectSummaryOut):
    parent_id: int | None
    land_mu: Decimal | None
    annual_output: MoneyOut | None
    build_type: str | None
    capital_origin: str | None
    attraction_method: str | None
    capacities: list[CapacityOut]
    milestones: list[MilestoneOut]
    event_count: int

    @classmethod
    def of(cls, project: Project) -> ProjectOut:
        summary = ProjectSummaryOut.of(project).model_dump()
        return cls(
            **summary,
            parent_id=project.parent_id,
            land_mu=project.land_mu,
            annual_output=_money(project.annual_output_fen, project.annual_output_currency),
            build_type=project.build_type,
            capital_origin=project.capital_origin,
            attraction_method=project.attraction_method,
            capacities=[
                CapacityOut(value=c.value, unit=c.unit, product=c.product)
                for c in project.capacities
            ],
            milestones=[
                MilestoneOut(
                    stage=Stage(m.stage),
                    stage_label=Stage(m.stage).label,
                    planned_on=m.planned_on,
                    reached_on=m.reached_on,
                )
                for m in sorted(project.milestones, key=lambda m: Stage(m.stage).order)
            ],
            event_count=project.event_count,
        )


class ProjectsOut(BaseModel):
    items: list[ProjectSummaryOut]
    count: int
    page: int
    per_page: int


class SourceOut(BaseModel):
    kind: str
    kind_label: str
    label: str | None
    document_id: int | None
    span: tuple[int, int] | None
    quote: str | None


class EventOut(BaseModel):
    id: int
    kind: EventKind
    kind_label: str
    payload: dict[str, object]
    occurred_on: date | None
    recorded_at: datetime
    actor: str | None
    reason: str | None
    source: SourceOut

    @classmethod
    def of(cls, event: Event) -> EventOut:
        span = (event.span_start, event.span_end)
        return cls(
            id=event.id,
            kind=EventKind(event.kind),
            kind_label=EventKind(event.kind).label,
            payload=event.payload,
            occurred_on=event.occurred_on,
            recorded_at=event.recorded_at,
            actor=event.actor.display_name if event.actor else None,
            reason=event.reason,
            source=SourceOut(
                kind=event.source_kind,
                kind_label=source_kind_label(event.source_kind),
                label=event.source_label,
                document_id=event.document_id,
                span=span if None not in span else None,
                quote=event.quote,
            ),
        )


class EventsOut(BaseModel):
    items: list[EventOut]
    count: int


CNY_TOTAL = "人民币等值，外币按参考汇率折算 (CNY equivalent; foreign amounts at reference rates)"


class StageTotalOut(BaseModel):
    stage: Stage
    stage_label: str
    count: int = Field(description="处于该阶段的项目数 (projects now at this stage)")
    reached_count: int = Field(description="已到达或越过该阶段的项目数 (at this stage or beyond)")
    investment_yuan: Decimal = Field(description=CNY_TOTAL)

    @classmethod
    def of(cls, total: StageTotal) -> StageTotalOut:
        return cls(
            stage=total.stage,
            stage_label=total.stage.label,
            count=total.count,
            reached_count=total.reached_count,
            investment_yuan=Decimal(total.investment_fen) / FEN,
        )


class UnitTotalOut(BaseModel):
    unit_id: int
    code: str
    name: str
    kind: str
    count: int
    big_count: int
    investment_yuan: Decimal = Field(description=CNY_TOTAL)

    @classmethod
    def of(cls, total: UnitTotal) -> UnitTotalOut:
        return cls(
            unit_id=total.unit_id,
            code=total.code,
            name=total.name,
            kind=total.kind,
            count=total.count,
            big_count=total.big_count,
            investment_yuan=Decimal(total.investment_fen) / FEN,
        )


class DashboardOut(BaseModel):
    as_of: date
    total_count: int
    total_investment_yuan: Decimal = Field(description=CNY_TOTAL)
    big_count: int = Field(description="亿元以上项目数 (projects of 100 million yuan or more)")
    big_investment_yuan: Decimal = Field(description=CNY_TOTAL)
    overdue_count: int = Field(
        description="计划节点已过而未达成的项目数 (projects past a planned date)"
    )
    funnel: list[StageTotalOut]
    by_unit: list[UnitTotalOut]
    big_projects: list[ProjectSummaryOut]
    overdue_projects: list[ProjectSummaryOut]

    @classmethod
    def of(cls, board: Dashboard) -> DashboardOut:
        return cls(
            as_of=board.as_of,
            total_count=board.total_count,
            total_investment_yuan=Decimal(board.total_investment_fen) / FEN,
            big_count=board.big_count,
            big_investment_yuan=Decimal(board.big_investment_fen) / FEN,
            overdue_count=board.overdue_count,
            funnel=[StageTotalOut.of(s) for s in board.funnel],
            by_unit=[UnitTotalOut.of(u) for u in board.by_unit],
            big_projects=[ProjectSummaryOut.of(p) for p in board.big_projects],
            overdue_projects=[ProjectSummaryOut.of(p) for p in board.overdue_projects],
        )


class StageChangeIn(BaseModel):
    stage: Stage
    on: Day | None = None
    reason: str | None = Field(default=None, max_length=500)


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


class FiguresIn(BaseModel):
    """Figures a person may state by hand; amounts in yuan as decimal strings or numbers."""

    progress_pct: Decimal | None = Field(default=None, ge=0, le=100)
    investment_yuan: Yuan | None = None
    investment_currency: Currency = "CNY"
    land_mu: Mu | None = None
    annual_output_yuan: Yuan | None = None
    chain: str | None = Field(default=None, max_length=50)
    reason: str | None = Field(default=None, max_length=500)

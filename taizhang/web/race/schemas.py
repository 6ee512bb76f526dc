"""The JSON shapes of the race API (/api/v1/race): rankings, explained scores, targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from taizhang.kernel.periods import Period
from taizhang.org.models import Unit
from taizhang.race.engine.model import ScorePart, UnitRef
from taizhang.race.engine.progress import Completion
from taizhang.race.engine.ranking import Standing
from taizhang.race.metrics import Metric
from taizhang.race.models import Target
from taizhang.web.bounds import Figure, RowId, Year


class RaceUnitOut(BaseModel):
    id: int
    code: str
    name: str

    @classmethod
    def of(cls, unit: Unit | UnitRef) -> RaceUnitOut:
        unit_id = unit.unit_id if isinstance(unit, UnitRef) else unit.id
        return cls(id=unit_id, code=unit.code, name=unit.name)


class RankingOut(BaseModel):
    unit: RaceUnitOut
    rank: int | None = Field(
        description="名次；同分并列；本期无单位得分时为 null (competition rank, 1224; "
        "null when no unit has scored)"
    )
    total: Decimal = Field(description="本期得分 (points this period)")
    previous_rank: int | None = Field(description="上期名次 (rank in the previous period)")
    change: int | None = Field(description="上期名次 − 本期名次；正数为上升 (positive = moved up)")

    @classmethod
    def of(cls, standing: Standing) -> RankingOut:
        ranked = standing.ranked
        return cls(
            unit=RaceUnitOut.of(standing.unit),
            rank=ranked.rank,
            total=ranked.total,
            previous_rank=ranked.previous_rank,
            change=ranked.change,
        )


class RankingsOut(BaseModel):
    period: str = Field(description="期间，如 2026-05 (canonical period label)")
    period_label: str = Field(description="如 2026年5月")
    level: str = Field(description="town（镇街/平台）或 department（部门）")
    rules_version: str
    items: list[RankingOut]
    count: int


class ScorePartOut(BaseModel):
    rule: str = Field(description="规则名称，如 签约·10亿–50亿 (the rule as written)")
    points: Decimal
    note: str
    event_id: int | None
    project_id: int | None
    project_name: str | None

    @classmethod
    def of(cls, part: ScorePart, names: dict[int, str]) -> ScorePartOut:
        name = names.get(part.project_id) if part.project_id is not None else None
        return cls(
            rule=part.rule,
            points=part.points,
            note=part.note,
            event_id=part.event_id,
            project_id=part.project_id,
            project_name=name,
        )


class ExplainOut(BaseModel):
    unit: RaceUnitOut
    period: str
    period_label: str
    rules_version: str
    rank: int | None
    total: Decimal
    parts: list[ScorePartOut]
    count: int


class CompletionOut(BaseModel):
    unit: RaceUnitOut
    metric: str
    metric_label: str
    metric_unit: str
    target: Decimal
    actual: Decimal
    rate: Decimal | None = Field(description="完成率，0.68 即 68%；目标为 0 时为空")
    time_share: Decimal = Field(description="序时进度，0.75 即 75%")
    gap_pp: Decimal | None = Field(description="完成率 − 序时进度，百分点 (percentage points)")
    status: str = Field(description="green / yellow / red")
    status_label: str = Field(description="绿 / 黄 / 红")

    @classmethod
    def of(cls, done: Completion, unit: Unit, metric: Metric) -> CompletionOut:
        return cls(
            unit=RaceUnitOut.of(unit),
            metric=metric.code,
            metric_label=metric.label,
            metric_unit=metric.unit,
            target=done.target,
            actual=done.actual,
            rate=done.rate,
            time_share=done.time_share,
            gap_pp=done.gap_pp,
            status=done.status.value,
            status_label=done.status.label,
        )


class CompletionsOut(BaseModel):
    year: int
    as_of: date
    items: list[CompletionOut]
    count: int


class TargetIn(BaseModel):
    unit: RowId | str = Field(description="单位 id、代码或全称 (unit id, code or name)")
    year: Year
    metric: str = Field(description="指标代码或名称，如 signed_1yi / 亿元以上项目签约数")
    value: Figure = Field(description="目标值，以指标的计量单位计 (in the metric's unit)")


class TargetOut(BaseModel):
    unit: RaceUnitOut
    year: int
    metric: str
    value: Decimal

    @classmethod
    def of(cls, target: Target, unit: Unit) -> TargetOut:
        return cls(
            unit=RaceUnitOut.of(unit), year=target.year, metric=target.metric, value=target.value
        )


def period_fields(period: Period) -> dict[str, str]:
    return {"period": period.label, "period_label": period.label_zh}

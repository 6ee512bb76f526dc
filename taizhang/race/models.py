"""The race's tables: district-defined metrics, targets, entered values and their history,
and published report snapshots."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from taizhang.kernel.base import ID, Base, UTCDateTime


class DistrictMetric(Base):
    """A metric the district adds to the built-in ones of `race.metrics` (code, how measured)."""

    __tablename__ = "metrics"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(60), unique=True)
    unit: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))  # count, sum or value
    stage: Mapped[str | None] = mapped_column(String(20))  # counted stage (count, sum)
    min_yi: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))  # CNY-equivalent floor, 亿元
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Target(Base):
    """A unit's annual target for one metric, in the metric's unit; history in metric_changes."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("unit_id", "year", "metric"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    year: Mapped[int] = mapped_column(Integer, index=True)
    metric: Mapped[str] = mapped_column(String(40))
    value: Mapped[Decimal] = mapped_column(Numeric(20, 4))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MetricValue(Base):
    """A unit's figure for one month of a metric entered as values (实际利用外资, 固定资产投资)."""

    __tablename__ = "metric_values"
    __table_args__ = (UniqueConstraint("unit_id", "metric", "year", "month"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    metric: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer, index=True)
    month: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(Numeric(20, 4))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MetricChange(Base):
    """Every change of a target or of an entered value: who, when, from what, to what, whence."""

    __tablename__ = "metric_changes"
    __table_args__ = (Index("ix_metric_changes_unit_metric_year", "unit_id", "metric", "year"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # target or value
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    metric: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)  # only for values
    old_value: Mapped[Decimal | None] = mapped_column(Numeric(20, 4))  # None: first setting
    new_value: Mapped[Decimal] = mapped_column(Numeric(20, 4))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    source: Mapped[str] = mapped_column(String(300))  # 人工录入, or "targets.xlsx 第5行"


class ReportSnapshot(Base):
    """A published report (每周复盘 … 每年评优) as it was issued; a newer version never edits it."""

    __tablename__ = "report_snapshots"
    __table_args__ = (UniqueConstraint("kind", "period_label", "version"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # weekly, monthly, quarterly, annual
    period_label: Mapped[str] = mapped_column(String(20))  # 2026-05, 2026-Q2 …
    version: Mapped[int] = mapped_column(Integer)  # 1, 2, … per kind and period
    rules_version: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)

"""The project ledger's tables. Events are the truth; project columns are their projection."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from taizhang.enterprises.models import Enterprise
from taizhang.kernel.base import ID, Base, UTCDateTime
from taizhang.kernel.sheet_imports import SheetImport as SheetImport  # its home is the kernel
from taizhang.kernel.sources import Document
from taizhang.org.models import Unit, User


def _FILTERED_BY(*columns: str) -> tuple[str, ...]:
    """A covering index's columns: the filter's, then what counting and summing reads."""
    return (*columns, "investment_cny_fen", "withdrawn", "held_for_review", "unit_id")


class Project(Base):
    """Current state of a project: a projection of its events, rebuilt by `projection`."""

    __tablename__ = "projects"
    # Covers the dashboard's one-pass roll-up by unit and stage (10x faster at 100k projects).
    __table_args__ = (
        Index("ix_projects_rollup", "unit_id", "stage", "investment_cny_fen"),
        # Cover the counts and sums of filtered lists and the dashboard's overdue count (each an
        # index-only range scan; a row lookup per match costs 300 ms at 100,000 projects).
        Index("ix_projects_overdue", *_FILTERED_BY("next_planned_on")),
        Index("ix_projects_big", *_FILTERED_BY()),
        Index("ix_projects_stage_chain", *_FILTERED_BY("stage", "chain")),
        # A unit desk's dashboard: its overdue projects and its biggest, without row lookups.
        Index("ix_projects_unit_plan", "unit_id", *_FILTERED_BY("next_planned_on")[:-1]),
        Index("ix_projects_unit_big", "unit_id", *_FILTERED_BY()[:-1]),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True, info={"label": "项目名称"})
    # active_history: the old value is loaded before a change, for `rollups` to take it off
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), active_history=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    phase: Mapped[str | None] = mapped_column(String(20))
    chain: Mapped[str | None] = mapped_column(String(50), index=True)
    investment_fen: Mapped[int | None] = mapped_column(BigInteger)
    investment_currency: Mapped[str] = mapped_column(String(3), default="CNY")
    investment_cny_fen: Mapped[int | None] = mapped_column(
        BigInteger, index=True, active_history=True
    )
    size_band: Mapped[str | None] = mapped_column(String(12), index=True)
    land_mu: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    annual_output_fen: Mapped[int | None] = mapped_column(BigInteger)
    annual_output_currency: Mapped[str] = mapped_column(String(3), default="CNY")
    build_type: Mapped[str | None] = mapped_column(String(10))
    capital_origin: Mapped[str | None] = mapped_column(String(10))
    attraction_method: Mapped[str | None] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(20), index=True, active_history=True)
    stage_reached_on: Mapped[date | None] = mapped_column(Date)
    progress_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    next_planned_stage: Mapped[str | None] = mapped_column(String(20))
    next_planned_on: Mapped[date | None] = mapped_column(Date, index=True, active_history=True)
    next_planned_precision: Mapped[str | None] = mapped_column(String(10))
    investor_names: Mapped[str] = mapped_column(Text, default="")
    # Its creation was rejected on review: kept for its trail, counted and listed nowhere.
    withdrawn: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), active_history=True
    )
    # A report placed it outside the district: counted nowhere until a reviewer confirms it.
    held_for_review: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false(), active_history=True
    )
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    last_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    unit: Mapped[Unit] = relationship()
    parent: Mapped[Project | None] = relationship(remote_side=[id])
    investors: Mapped[list[ProjectInvestor]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectInvestor.position"
    )
    capacities: Mapped[list[ProjectCapacity]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectCapacity.position"
    )
    milestones: Mapped[list[ProjectMilestone]] = relationship(cascade="all, delete-orphan")


# The projects the ledger lists and counts: all but those whose creation was rejected on review.
COUNTED = and_(Project.withdrawn.is_(False), Project.held_for_review.is_(False))


class ProjectRollup(Base):
    """The dashboard's totals of the counted projects of one unit at one stage, kept by
    `rollups` in the same flush as every change of a project (never summed per request)."""

    __tablename__ = "project_rollups"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    investment_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # CNY-equivalent fen
    big_count: Mapped[int] = mapped_column(Integer, default=0)  # 亿元以上
    big_fen: Mapped[int] = mapped_column(BigInteger, default=0)


class ProjectPlanRollup(Base):
    """How many counted projects of a unit have their next planned date in a month, and their
    investment: the dashboard's overdue count reads the months before today's from here and
    only today's month from the projects (kept by `rollups`)."""

    __tablename__ = "project_plan_rollups"

    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # 2026-05
    count: Mapped[int] = mapped_column(Integer, default=0)
    investment_fen: Mapped[int] = mapped_column(BigInteger, default=0)


class ProjectSearch(Base):
    """A project's search document: its name, then each investor's name and aliases, one a
    line; indexed by trigrams (SQLite FTS5 `project_search_fts`, PostgreSQL `pg_trgm`), kept
    by `search` after every flush (migration 0019)."""

    __tablename__ = "project_search"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)


class ProjectInvestor(Base):
    __tablename__ = "project_investors"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(
        ForeignKey("enterprises.id"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    enterprise: Mapped[Enterprise] = relationship()


class ProjectCapacity(Base):
    """One capacity item: 年产60GWh 电芯, 72万片 晶圆 …"""

    __tablename__ = "project_capacities"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    value: Mapped[Decimal] = mapped_column(Numeric(20, 4))
    unit: Mapped[str] = mapped_column(String(20))
    product: Mapped[str | None] = mapped_column(String(100))


class ProjectMilestone(Base):
    """Planned and actual date of one stage of one project."""

    __tablename__ = "project_milestones"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    planned_on: Mapped[date | None] = mapped_column(Date)
    planned_precision: Mapped[str | None] = mapped_column(String(10))  # month, quarter, year
    reached_on: Mapped[date | None] = mapped_column(Date)


class Event(Base):
    """Something that happened to a project, with who recorded it and where it came from.

    `seq` numbers a project's events 1, 2, 3 … in the order they were recorded; being unique
    per project, it refuses a second writer appending the same event number."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_project_id_id", "project_id", "id"),
        UniqueConstraint("project_id", "seq", name="uq_events_project_id_seq"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    occurred_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source_kind: Mapped[str] = mapped_column(String(20))
    source_label: Mapped[str | None] = mapped_column(String(300))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    # the words of the quoted sentence that give the fact ([[start, end], …], document offsets)
    marks: Mapped[list[list[int]] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    # Which value is shown when sources disagree: higher rank wins (3 a person or their
    # sheet, 2 an official report, 1 news), then the later date the source speaks for.
    source_rank: Mapped[int] = mapped_column(Integer, default=3)
    stated_on: Mapped[date | None] = mapped_column(Date)

    actor: Mapped[User | None] = relationship()
    document: Mapped[Document | None] = relationship()
    project: Mapped[Project] = relationship()


# Registers the listener that keeps `project_rollups` in step with every flush of a project.
from taizhang.projects import rollups as rollups  # noqa: E402
from taizhang.projects import search as search  # noqa: E402  (and the search documents)

"""The ledger's tables. Events are the truth; project columns are their projection."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

ID = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the ledger; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class UnitKind(StrEnum):
    DISTRICT = "district"
    TOWN = "town"
    STREET = "street"
    PLATFORM = "platform"
    VILLAGE = "village"
    COMMUNITY = "community"
    COMPOUND = "compound"
    DEPARTMENT = "department"
    PROPERTY = "property"  # a compound's property company (物业服务企业)
    COMMITTEE = "committee"  # a compound's owners' committee (业主委员会)

    @property
    def label(self) -> str:
        return UNIT_KIND_LABELS[self]


UNIT_KIND_LABELS = {
    UnitKind.DISTRICT: "区",
    UnitKind.TOWN: "镇",
    UnitKind.STREET: "街道",
    UnitKind.PLATFORM: "平台",
    UnitKind.VILLAGE: "村",
    UnitKind.COMMUNITY: "社区",
    UnitKind.COMPOUND: "小区",
    UnitKind.DEPARTMENT: "部门",
    UnitKind.PROPERTY: "物业",
    UnitKind.COMMITTEE: "业委会",
}


class Role(StrEnum):
    DISTRICT_ADMIN = "district_admin"
    UNIT_STAFF = "unit_staff"
    VIEWER = "viewer"

    @property
    def label(self) -> str:
        return {"district_admin": "区级管理员", "unit_staff": "单位专员", "viewer": "查看者"}[self]


class Unit(Base):
    """A node of the region tree: 区 → 镇/街道/平台 → 村/社区 → 小区, and departments.

    Under a compound sit its parties, the 物业 and the 业委会 (see `ledger.units`)."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    path: Mapped[str] = mapped_column(String(400), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Unit | None] = relationship(remote_side=[id])


class Enterprise(Base):
    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    industry_code: Mapped[str | None] = mapped_column(String(5))
    chain: Mapped[str | None] = mapped_column(String(50))
    is_chain_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    land_mu: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))

    aliases: Mapped[list[EnterpriseAlias]] = relationship(
        back_populates="enterprise", cascade="all, delete-orphan", order_by="EnterpriseAlias.id"
    )


class EnterpriseAlias(Base):
    """Short names and former names under which an enterprise appears (当卓科技 …)."""

    __tablename__ = "enterprise_aliases"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)

    enterprise: Mapped[Enterprise] = relationship(back_populates="aliases")


class Project(Base):
    """Current state of a project: a projection of its events, rebuilt by `projection`."""

    __tablename__ = "projects"
    # Covers the dashboard's one-pass roll-up by unit and stage (10x faster at 100k projects).
    __table_args__ = (Index("ix_projects_rollup", "unit_id", "stage", "investment_cny_fen"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    phase: Mapped[str | None] = mapped_column(String(20))
    chain: Mapped[str | None] = mapped_column(String(50), index=True)
    investment_fen: Mapped[int | None] = mapped_column(BigInteger)
    investment_currency: Mapped[str] = mapped_column(String(3), default="CNY")
    investment_cny_fen: Mapped[int | None] = mapped_column(BigInteger, index=True)
    size_band: Mapped[str | None] = mapped_column(String(12), index=True)
    land_mu: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    annual_output_fen: Mapped[int | None] = mapped_column(BigInteger)
    annual_output_currency: Mapped[str] = mapped_column(String(3), default="CNY")
    build_type: Mapped[str | None] = mapped_column(String(10))
    capital_origin: Mapped[str | None] = mapped_column(String(10))
    attraction_method: Mapped[str | None] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(20), index=True)
    stage_reached_on: Mapped[date | None] = mapped_column(Date)
    progress_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    next_planned_stage: Mapped[str | None] = mapped_column(String(20))
    next_planned_on: Mapped[date | None] = mapped_column(Date, index=True)
    investor_names: Mapped[str] = mapped_column(Text, default="")
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
    reached_on: Mapped[date | None] = mapped_column(Date)


class Document(Base):
    """A report or news page facts were read from; events point at spans of its text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="news")
    path: Mapped[str | None] = mapped_column(String(500))
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    published_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    unit: Mapped[Unit | None] = relationship()


class Event(Base):
    """Something that happened to a project, with who recorded it and where it came from."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_project_id_id", "project_id", "id"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
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
    reason: Mapped[str | None] = mapped_column(Text)
    # Which value is shown when sources disagree: higher rank wins (3 a person or their
    # sheet, 2 an official report, 1 news), then the later date the source speaks for.
    source_rank: Mapped[int] = mapped_column(Integer, default=3)
    stated_on: Mapped[date | None] = mapped_column(Date)

    actor: Mapped[User | None] = relationship()
    document: Mapped[Document | None] = relationship()
    project: Mapped[Project] = relationship()


class WebSession(Base):
    """A log-in: the browser holds the token, we keep only its hash."""

    __tablename__ = "web_sessions"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class DistrictMetric(Base):
    """A metric the district adds to the built-in ones of `ledger.metrics` (code, how measured)."""

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


# --- 诉求 (appeals): requests from residents, enterprises and projects, kept in a closed loop ---


class AppealStatus(StrEnum):
    """登记 → 受理 → 分派 → 办理 → 答复 → 评价 → 销号; a "not solved" grade reopens to 办理."""

    REGISTERED = "registered"
    ACCEPTED = "accepted"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    EVALUATED = "evaluated"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return APPEAL_STATUS_LABELS[self]


APPEAL_STATUS_LABELS = {
    AppealStatus.REGISTERED: "登记",
    AppealStatus.ACCEPTED: "受理",
    AppealStatus.ASSIGNED: "分派",
    AppealStatus.IN_PROGRESS: "办理",
    AppealStatus.ANSWERED: "答复",
    AppealStatus.EVALUATED: "评价",
    AppealStatus.CLOSED: "销号",
}


class RequesterKind(StrEnum):
    RESIDENT = "resident"
    ENTERPRISE = "enterprise"
    PROJECT = "project"

    @property
    def label(self) -> str:
        return {"resident": "居民", "enterprise": "企业", "project": "项目"}[self]


class AppealChannel(StrEnum):
    """来源渠道: the values are the Chinese names the forms and the 12345 records use."""

    VISIT = "走访"
    PHONE = "电话"
    WEB = "网站"
    APP = "APP"
    WEEKLY_VISIT = "指导员周走访"
    COUNCIL = "议事会"


class AppealCategory(Base):
    """A kind of request with its time limit (working days) and its default route."""

    __tablename__ = "appeal_categories"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))  # RequesterKind
    limit_days: Mapped[int] = mapped_column(Integer)  # working days after the day of receipt
    route: Mapped[str] = mapped_column(String(30))  # a key of appeals.routing.ROUTES
    route_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))  # department
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    route_unit: Mapped[Unit | None] = relationship()


UNCLOSED = "status <> 'closed'"


class Appeal(Base):
    """Current state of one request: a projection of its appeal_events."""

    __tablename__ = "appeals"
    __table_args__ = (
        Index("ix_appeals_unit_status", "unit_id", "status"),
        Index("ix_appeals_unit_received", "unit_id", "received_at"),  # a compound's month
        Index("ix_appeals_status_due", "status", "due_on"),
        Index("ix_appeals_handler_status", "handler_id", "status"),
        Index(  # the inbox: unclosed appeals, soonest due first, with what scope and tabs read
            "ix_appeals_unclosed_due",
            "due_on",
            "id",
            "status",
            "unit_id",
            "handler_id",
            "handler_unit_id",
            sqlite_where=text(UNCLOSED),
            postgresql_where=text(UNCLOSED),
        ),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # SQ2026000123
    requester_name: Mapped[str] = mapped_column(String(60))
    requester_phone: Mapped[str | None] = mapped_column(String(30))
    requester_id_number: Mapped[str | None] = mapped_column(String(30))
    requester_address: Mapped[str | None] = mapped_column(String(300))
    requester_kind: Mapped[str] = mapped_column(String(20))
    requester_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proxy_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("appeal_categories.id"))
    description: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handler_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)  # 1 催办, 2 督办
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    grade: Mapped[int | None] = mapped_column(Integer)  # 5 非常满意 … 1 非常不满意
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved: Mapped[bool | None] = mapped_column(Boolean)  # None: closed without evaluation

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    category: Mapped[AppealCategory] = relationship()
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
    handler_unit: Mapped[Unit | None] = relationship(foreign_keys=[handler_unit_id])


class AppealEvent(Base):
    """One step of an appeal: who did what, when, with what note."""

    __tablename__ = "appeal_events"
    __table_args__ = (Index("ix_appeal_events_appeal_id_id", "appeal_id", "id"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id"))
    kind: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class AppealAttachment(Base):
    __tablename__ = "appeal_attachments"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SensitiveView(Base):
    """Every look at an appeal's unmasked personal data: who, which appeal, when."""

    __tablename__ = "sensitive_views"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id"), index=True)
    viewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    viewed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InstructorAssignment(Base):
    """A compound's 指导员 (issue 5 item 3): one instructor per compound, 1–2 compounds each."""

    __tablename__ = "instructor_assignments"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    instructor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("units.id"), unique=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime())

    instructor: Mapped[User] = relationship()
    compound: Mapped[Unit] = relationship()


class Household(Base):
    """一户一表: one household of a compound, as the instructor's weekly visit records it."""

    __tablename__ = "households"
    __table_args__ = (UniqueConstraint("compound_id", "door_number"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    door_number: Mapped[str] = mapped_column(String(40))  # 门牌号, e.g. 3幢2单元501室
    head_name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str | None] = mapped_column(String(30))
    members: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")


class InstructorEvaluation(Base):
    """One instructor's monthly evaluation: the four dimensions, the total and overdue appeals."""

    __tablename__ = "instructor_evaluations"
    __table_args__ = (UniqueConstraint("instructor_id", "month"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    instructor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # the first day of the month
    duty: Mapped[Decimal] = mapped_column(Numeric(6, 2))  # 履职情况
    service: Mapped[Decimal] = mapped_column(Numeric(6, 2))  # 服务成效
    satisfaction: Mapped[Decimal] = mapped_column(Numeric(6, 2))  # 群众满意度 (combined)
    collaboration: Mapped[Decimal] = mapped_column(Numeric(6, 2))  # 三方协同水平
    total: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    overdue: Mapped[int] = mapped_column(Integer, default=0)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    basis: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the figures each score came from

    instructor: Mapped[User] = relationship()


class AppealExtension(Base):
    """延期申请: the handler asks for more working days; a supervisor approves or refuses."""

    __tablename__ = "appeal_extensions"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id"), index=True)
    days: Mapped[int] = mapped_column(Integer)  # working days asked for
    reason: Mapped[str] = mapped_column(Text)
    due_before: Mapped[date] = mapped_column(Date)  # the due date when it was asked
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    approved: Mapped[bool | None] = mapped_column(Boolean)  # None while pending
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")

    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class CompoundVisit(Base):
    """指导员周走访: one visit of an instructor to a compound, with the households seen."""

    __tablename__ = "compound_visits"
    __table_args__ = (Index("ix_compound_visits_compound_on", "compound_id", "visited_on"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    instructor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    visited_on: Mapped[date] = mapped_column(Date)
    households: Mapped[int] = mapped_column(Integer, default=0)  # households visited
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    instructor: Mapped[User] = relationship()
    compound: Mapped[Unit] = relationship()


class CompoundRating(Base):
    """A month's score (0–100) one party of 三方协同 gives a compound's instructor."""

    __tablename__ = "compound_ratings"
    __table_args__ = (UniqueConstraint("compound_id", "month", "rater"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    month: Mapped[date] = mapped_column(Date, index=True)  # the first day of the month
    rater: Mapped[str] = mapped_column(
        String(20)
    )  # committee 业委会, property 物业, community 社区
    score: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    note: Mapped[str] = mapped_column(Text, default="")
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    compound: Mapped[Unit] = relationship()

"""诉求's tables: appeals and their events, categories, attachments, households, instructors,
visits, ratings, evaluations and extensions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from taizhang.kernel.base import ID, Base, UTCDateTime
from taizhang.kernel.labels import LabelledEnum
from taizhang.org.models import Unit, User

# --- 诉求 (appeals): requests from residents, enterprises and projects, kept in a closed loop ---


class AppealStatus(LabelledEnum):
    """登记 → 受理 → 分派 → 办理 → 答复 → 评价 → 销号; a "not solved" grade reopens to 办理.

    The labels name the state an appeal is in (待受理, 办理中, 已销号), not the step that led
    there: the steps are `workflow.Step`, the history's entries `appeal_event_*` in web.i18n."""

    REGISTERED = "registered", "待受理", "awaiting acceptance"
    ACCEPTED = "accepted", "待分派", "awaiting assignment"
    ASSIGNED = "assigned", "待签收", "assigned, awaiting sign-for"
    IN_PROGRESS = "in_progress", "办理中", "in progress"
    ANSWERED = "answered", "已答复·待评价", "answered, awaiting the grade"
    EVALUATED = "evaluated", "已评价·待销号", "graded, awaiting closure"
    CLOSED = "closed", "已销号", "closed"


class AppealState(LabelledEnum):
    """How a requester reads the status (the tracking page): five states instead of seven steps.
    受理, 分派 and 办理 are all 办理中 to them; an answer awaits their grade (待评价); once graded
    it is 已评价 until the staff close it (已销号)."""

    AWAITING_ACCEPTANCE = "awaiting_acceptance", "待受理", "awaiting acceptance"
    IN_HANDLING = "in_handling", "办理中", "being handled"
    AWAITING_GRADE = "awaiting_grade", "待评价", "answered, awaiting your grade"
    GRADED = "graded", "已评价", "graded, awaiting closure"
    CLOSED = "closed", "已销号", "closed"


STATE_OF_STATUS: dict[AppealStatus, AppealState] = {
    AppealStatus.REGISTERED: AppealState.AWAITING_ACCEPTANCE,
    AppealStatus.ACCEPTED: AppealState.IN_HANDLING,
    AppealStatus.ASSIGNED: AppealState.IN_HANDLING,
    AppealStatus.IN_PROGRESS: AppealState.IN_HANDLING,
    AppealStatus.ANSWERED: AppealState.AWAITING_GRADE,
    AppealStatus.EVALUATED: AppealState.GRADED,
    AppealStatus.CLOSED: AppealState.CLOSED,
}


def state_of(status: AppealStatus | str) -> AppealState:
    """The state a requester is shown for a status: 待受理, 办理中, 待评价, 已评价 or 已销号."""
    return STATE_OF_STATUS[AppealStatus(status)]


class RequesterKind(LabelledEnum):
    RESIDENT = "resident", "居民", "resident"
    ENTERPRISE = "enterprise", "企业", "enterprise"
    PROJECT = "project", "项目", "project"


class AppealChannel(LabelledEnum):
    """来源渠道: the values are the Chinese names the forms and the 12345 records use."""

    VISIT = "走访", "走访", "visit"
    PHONE = "电话", "电话", "phone"
    WEB = "网站", "网站", "website"
    APP = "APP", "APP", "app"
    WEEKLY_VISIT = "指导员周走访", "指导员周走访", "instructor's weekly visit"
    COUNCIL = "议事会", "议事会", "residents' council"


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
    requester_name: Mapped[str] = mapped_column(String(60), info={"label": "诉求人姓名"})
    requester_phone: Mapped[str | None] = mapped_column(String(30), info={"label": "联系电话"})
    requester_id_number: Mapped[str | None] = mapped_column(String(30), info={"label": "身份证号"})
    requester_address: Mapped[str | None] = mapped_column(String(300), info={"label": "住址"})
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
    # Counted through a year whose holiday notice is not entered yet: shown as 暂定.
    due_provisional: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handler_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    reopen_count: Mapped[int] = mapped_column(Integer, default=0)
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)  # 1 催办, 2 督办
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    grade: Mapped[int | None] = mapped_column(Integer)  # 5 非常满意 … 1 非常不满意
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved: Mapped[bool | None] = mapped_column(Boolean)  # None: closed without evaluation
    # Raised by every UPDATE of the row, which only succeeds on the version it read: a writer
    # whose appeal changed meanwhile is refused (`StaleDataError`, a 409 at the edge).
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's own attribute)

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

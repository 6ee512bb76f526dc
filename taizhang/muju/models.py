"""亩均评价's tables: evaluation runs (试算 → 公示中 → 已定级), their events, and objections.

A run (`MujuRun`) keeps everything needed to read it again years later without the ledger: the
scheme's text, version and SHA-256, the inputs as they were (`inputs`), and every enterprise's
score, class and explanation (`results`). A correction makes a new revision of the year's run;
the one it replaces points to it (`superseded_by_id`). Every action is a `MujuRunEvent` with the
person who took it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from taizhang.enterprises.models import Enterprise
from taizhang.kernel.base import ID, Base, UTCDateTime
from taizhang.kernel.labels import LabelledEnum
from taizhang.org.models import User


class RunState(LabelledEnum):
    TRIAL = "trial", "试算", "trial"
    PUBLISHED = "published", "公示中", "published for objections"
    FROZEN = "frozen", "已定级", "frozen"


class RunAction(LabelledEnum):
    COMPUTED = "computed", "试算", "computed"
    PUBLISHED = "published", "公示", "published"
    OBJECTION = "objection", "登记异议", "objection recorded"
    CORRECTED = "corrected", "更正并重算", "corrected and recomputed"
    DISMISSED = "dismissed", "异议不予采纳", "objection dismissed"
    FROZEN = "frozen", "定级", "frozen"


class ObjectionStatus(LabelledEnum):
    OPEN = "open", "待处理", "open"
    CORRECTED = "corrected", "已更正", "corrected"
    DISMISSED = "dismissed", "不予采纳", "dismissed"


class MujuRun(Base):
    """One revision of a year's 亩均 evaluation."""

    __tablename__ = "muju_runs"
    __table_args__ = (UniqueConstraint("year", "revision", name="uq_muju_runs_year_revision"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)  # the evaluated year (figures of that year)
    revision: Mapped[int] = mapped_column(Integer)  # 1, 2 … within the year
    state: Mapped[str] = mapped_column(String(20))  # RunState
    scheme_version: Mapped[str] = mapped_column(String(100))
    scheme_title: Mapped[str] = mapped_column(String(300))
    scheme_source: Mapped[str] = mapped_column(String(300))  # the file it was read from
    scheme_text: Mapped[str] = mapped_column(Text)
    scheme_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of scheme_text (UTF-8)
    evaluated_on: Mapped[date] = mapped_column(Date)  # the reference date exclusions count to
    # the inputs as they were: read when asked for (the pages read the results)
    inputs: Mapped[list[dict[str, Any]]] = mapped_column(JSON, deferred=True)
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)  # class → how many
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_on: Mapped[date | None] = mapped_column(Date)
    window_days: Mapped[int | None] = mapped_column(Integer)
    window_working_days: Mapped[bool | None] = mapped_column(Boolean)
    window_ends_on: Mapped[date | None] = mapped_column(Date)  # the last day of the 公示
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("muju_runs.id"))

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])


class MujuRunEvent(Base):
    """An action on a run, with who took it and what it concerned."""

    __tablename__ = "muju_run_events"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("muju_runs.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # RunAction
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor: Mapped[User | None] = relationship()


class MujuObjection(Base):
    """An objection (异议) to a published result: who raised it, for which enterprise, what,
    when, and how it was settled (corrected into a new revision, or dismissed)."""

    __tablename__ = "muju_objections"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("muju_runs.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    raised_by: Mapped[str] = mapped_column(String(100))  # the person or firm who objected
    content: Mapped[str] = mapped_column(Text)
    raised_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20))  # ObjectionStatus
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    corrected_run_id: Mapped[int | None] = mapped_column(ForeignKey("muju_runs.id"))

    enterprise: Mapped[Enterprise] = relationship()

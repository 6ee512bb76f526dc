"""The policy library's tables.

- `PolicyVersion`: a policy file as registered — its code, version, text and sha256 — so that a
  match run names exactly the rules it applied, whatever the library holds later.
- `PolicyRun`: one match of a policy version over every enterprise of the ledger: 试算 when
  computed, 已发布 when a department publishes it (then it is never changed); its counts, the
  total of the amounts, and a sha256 of every enterprise's result.
- `PolicyRunResult`: one enterprise's result in a run: status, nearly, amount, and each
  condition with the figure, its year and its source (JSON), as the run found them.
- `PolicyRunEvent`: what was done to a run (computed, published) and by whom.
"""

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
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from taizhang.enterprises.models import Enterprise
from taizhang.kernel.base import ID, Base, UTCDateTime
from taizhang.kernel.labels import LabelledEnum
from taizhang.org.models import User

MONEY = Numeric(16, 2)


class RunState(LabelledEnum):
    TRIAL = "trial", "试算", "trial"
    PUBLISHED = "published", "已发布", "published"


class RunStep(LabelledEnum):
    COMPUTED = "computed", "匹配", "matched"
    PUBLISHED = "published", "发布", "published"


class PolicyVersion(Base):
    __tablename__ = "policy_versions"
    __table_args__ = (UniqueConstraint("code", "sha256"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), index=True)  # KJ-2026-01
    version: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))  # engine.policy.PolicyKind
    source: Mapped[str] = mapped_column(String(200))  # the file's name
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PolicyRun(Base):
    __tablename__ = "policy_runs"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("policy_versions.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), index=True)
    data_year: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10))  # RunState
    enterprises: Mapped[int] = mapped_column(Integer)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)  # met, nearly, unknown, not_met
    total: Mapped[Decimal] = mapped_column(MONEY)  # the amounts of the met, 元
    result_sha256: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    computed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    version: Mapped[PolicyVersion] = relationship()
    computed_by: Mapped[User | None] = relationship(foreign_keys=[computed_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])


class PolicyRunResult(Base):
    __tablename__ = "policy_run_results"
    __table_args__ = (
        UniqueConstraint("run_id", "enterprise_id"),
        Index("ix_policy_run_results_enterprise_id", "enterprise_id"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("policy_runs.id"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    status: Mapped[str] = mapped_column(String(10))  # engine.model.Status
    nearly: Mapped[bool] = mapped_column(Boolean)
    amount: Mapped[Decimal | None] = mapped_column(MONEY)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)  # results.match_as_json

    enterprise: Mapped[Enterprise] = relationship()


class PolicyRunEvent(Base):
    __tablename__ = "policy_run_events"
    __table_args__ = (UniqueConstraint("run_id", "seq"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("policy_runs.id"))
    seq: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(12))  # RunStep
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship()

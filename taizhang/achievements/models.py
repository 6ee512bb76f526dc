"""The achievement library's tables.

- `Achievement`: one technical achievement (成果): title, abstract, field, holder, maturity,
  IPC and industry codes, region.
- `TechNeed`: an enterprise's technical need (技术需求), with where it came from (诉求, 走访, 表单).
- `NeedEvent`: the 对接 trail of a need, one row per step (registered, candidates, meeting,
  agreement), each with its person, day and outcome; the candidates step keeps the candidates
  with their reasons (JSON) as they were recommended.
- `LibraryStamp`: one row whose token changes with every write to the library, so the search
  index on disk knows whether it was built from the library as it stands.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from taizhang.enterprises.models import Enterprise
from taizhang.kernel.base import ID, Base, UTCDateTime
from taizhang.kernel.labels import LabelledEnum
from taizhang.org.models import User


class Maturity(LabelledEnum):
    LABORATORY = "实验室", "实验室", "laboratory"
    PILOT_SMALL = "小试", "小试", "bench-scale"
    PILOT = "中试", "中试", "pilot"
    INDUSTRIAL = "产业化", "产业化", "industrialised"


class NeedSource(LabelledEnum):
    APPEAL = "诉求", "诉求", "appeal"
    VISIT = "走访", "走访", "visit"
    FORM = "表单", "表单", "form"


class NeedStep(LabelledEnum):
    REGISTERED = "registered", "登记需求", "need registered"
    CANDIDATES = "candidates", "推荐成果", "candidates recommended"
    MEETING = "meeting", "对接洽谈", "meeting"
    AGREEMENT = "agreement", "签订协议", "agreement"


class Achievement(Base):
    __tablename__ = "achievements"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), info={"label": "成果名称"})
    abstract: Mapped[str] = mapped_column(Text, info={"label": "摘要"})
    field: Mapped[str] = mapped_column(String(30), index=True, info={"label": "技术领域"})
    holder: Mapped[str] = mapped_column(String(200), info={"label": "持有单位"})
    maturity: Mapped[str] = mapped_column(String(10))  # Maturity
    ipc: Mapped[str | None] = mapped_column(String(30))  # H01M 10/0562
    industry_code: Mapped[str | None] = mapped_column(String(5))  # GB/T 4754: C3841
    region_code: Mapped[str] = mapped_column(String(6), index=True)  # GB/T 2260
    region: Mapped[str] = mapped_column(String(60))  # its name: 浙江省杭州市
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class TechNeed(Base):
    __tablename__ = "tech_needs"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    text: Mapped[str] = mapped_column(Text, info={"label": "需求内容"})
    field: Mapped[str | None] = mapped_column(String(30))
    source: Mapped[str] = mapped_column(String(10))  # NeedSource
    step: Mapped[str] = mapped_column(String(12))  # NeedStep: the latest step reached
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    enterprise: Mapped[Enterprise] = relationship()
    events: Mapped[list[NeedEvent]] = relationship(order_by="NeedEvent.seq", back_populates="need")


class NeedEvent(Base):
    __tablename__ = "tech_need_events"
    __table_args__ = (UniqueConstraint("need_id", "seq"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("tech_needs.id"))
    seq: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(12))  # NeedStep
    achievement_id: Mapped[int | None] = mapped_column(ForeignKey("achievements.id"))
    person: Mapped[str] = mapped_column(String(60), info={"label": "经办人"})
    day: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text, info={"label": "结果"})
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # the candidates, for that step
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    need: Mapped[TechNeed] = relationship(back_populates="events")
    achievement: Mapped[Achievement | None] = relationship()
    actor: Mapped[User | None] = relationship()


class LibraryStamp(Base):
    __tablename__ = "achievement_library_stamps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    token: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())

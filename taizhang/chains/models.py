"""The chains' tables: the firms elsewhere that staff enter as leads for a chain's link, and
each step taken with a lead (entered, contacted, visited, in talks, signed, dropped) as an event
with its person. The chain maps themselves are files (`chains/maps/*.toml`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from taizhang.kernel.base import ID, Base, UTCDateTime
from taizhang.kernel.labels import LabelledEnum
from taizhang.org.models import User


class LeadStep(LabelledEnum):
    ENTERED = "entered", "录入", "entered"
    CONTACTED = "contacted", "已联系", "contacted"
    VISITED = "visited", "已考察", "visited"
    TALKS = "talks", "洽谈中", "in talks"
    SIGNED = "signed", "已签约", "signed"
    DROPPED = "dropped", "已放弃", "dropped"


class ChainLead(Base):
    """A firm elsewhere worth attracting for one link of one chain."""

    __tablename__ = "chain_leads"
    __table_args__ = (Index("ix_chain_leads_link", "chain_key", "link_key"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    chain_key: Mapped[str] = mapped_column(String(60))
    link_key: Mapped[str] = mapped_column(String(60))
    firm: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(200), default="")  # where staff heard of it
    note: Mapped[str] = mapped_column(Text, default="")
    step: Mapped[str] = mapped_column(String(20), default=LeadStep.ENTERED.value)  # the latest
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User] = relationship()
    events: Mapped[list[ChainLeadEvent]] = relationship(
        back_populates="lead", order_by="ChainLeadEvent.id", cascade="all, delete-orphan"
    )


class ChainLeadEvent(Base):
    """One step taken with a lead, by whom and when."""

    __tablename__ = "chain_lead_events"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("chain_leads.id"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    lead: Mapped[ChainLead] = relationship(back_populates="events")
    person: Mapped[User] = relationship()

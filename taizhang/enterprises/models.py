"""The enterprise ledger's tables: enterprises and their names; the yearly figures and standing
facts as events with their sources; land parcels, utility accounts (户号) and tenancies."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
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

from taizhang.kernel.base import ID, Base, UTCDateTime
from taizhang.org.models import User


class Enterprise(Base):
    __tablename__ = "enterprises"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, info={"label": "企业名称"})
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


class EnterpriseFact(Base):
    """One figure or fact about an enterprise, as a source stated it: an event of the enterprise
    ledger (企业亩均台账). `year` is the evaluated year for a yearly figure (用地面积, 税收 …),
    None for a standing fact (注册日期, 企业类型). `value` is the text of the value (a Decimal
    written plainly, a date as ISO), None when the source cleared it. Which value holds when
    sources disagree: the higher `source_rank`, then the later event (`enterprises.ledger`)."""

    __tablename__ = "enterprise_facts"
    __table_args__ = (
        Index("ix_enterprise_facts_year_enterprise_id", "year", "enterprise_id"),
        UniqueConstraint("enterprise_id", "seq", name="uq_enterprise_facts_enterprise_id_seq"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    seq: Mapped[int] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(30))
    value: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source_kind: Mapped[str] = mapped_column(String(20))
    source_label: Mapped[str | None] = mapped_column(String(300))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    quote: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    source_rank: Mapped[int] = mapped_column(Integer, default=3)
    stated_on: Mapped[date | None] = mapped_column(Date)

    enterprise: Mapped[Enterprise] = relationship()
    actor: Mapped[User | None] = relationship()


class LandParcel(Base):
    """A land parcel an enterprise holds, by its 不动产权证号 (or 土地证号)."""

    __tablename__ = "land_parcels"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    certificate_no: Mapped[str] = mapped_column(String(60), unique=True)
    area_mu: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    location: Mapped[str | None] = mapped_column(String(200))
    supplied_on: Mapped[date | None] = mapped_column(Date)  # 出让（供地）日期
    released_on: Mapped[date | None] = mapped_column(Date)  # 收回、转让 (no longer held)


class UtilityAccount(Base):
    """An enterprise's 户号 with the power or water company, by which their lists are keyed."""

    __tablename__ = "utility_accounts"
    __table_args__ = (UniqueConstraint("utility", "number", name="uq_utility_accounts_number"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    utility: Mapped[str] = mapped_column(String(12))  # Utility: electricity, water
    number: Mapped[str] = mapped_column(String(40))


class Tenancy(Base):
    """A firm producing on another firm's land (租用厂房/土地), over a span of years."""

    __tablename__ = "tenancies"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    landlord_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    parcel_id: Mapped[int | None] = mapped_column(ForeignKey("land_parcels.id"))
    area_mu: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    from_year: Mapped[int] = mapped_column(Integer)
    to_year: Mapped[int | None] = mapped_column(Integer)

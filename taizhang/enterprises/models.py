"""The enterprise ledger's tables."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Numeric,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from taizhang.kernel.base import ID, Base


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

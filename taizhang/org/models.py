"""The organisation's tables: units, people and log-ins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from taizhang.kernel.base import ID, Base, UTCDateTime
from taizhang.kernel.labels import LabelledEnum


class UnitKind(LabelledEnum):
    DISTRICT = "district", "区", "district"
    TOWN = "town", "镇", "town"
    STREET = "street", "街道", "street"
    PLATFORM = "platform", "平台", "platform"
    VILLAGE = "village", "村", "village"
    COMMUNITY = "community", "社区", "community"
    COMPOUND = "compound", "小区", "compound"
    DEPARTMENT = "department", "部门", "department"
    PROPERTY = "property", "物业", "property company"  # a compound's 物业服务企业
    COMMITTEE = "committee", "业委会", "owners' committee"  # a compound's 业主委员会


class Role(LabelledEnum):
    DISTRICT_ADMIN = "district_admin", "区级管理员", "district administrator"
    UNIT_STAFF = "unit_staff", "单位专员", "unit staff"
    VIEWER = "viewer", "查看者", "viewer"


class Unit(Base):
    """A node of the region tree: 区 → 镇/街道/平台 → 村/社区 → 小区, and departments.

    Under a compound sit its parties, the 物业 and the 业委会 (see `org.units`)."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100), info={"label": "单位名称"})
    kind: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    path: Mapped[str] = mapped_column(String(400), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Unit | None] = relationship(remote_side=[id])


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(60), info={"label": "姓名"})
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    unit: Mapped[Unit | None] = relationship()


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

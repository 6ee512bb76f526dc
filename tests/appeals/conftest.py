"""A street with a community and its compound, the people who handle requests there, and two
categories: a resident complaint routed to the place and an enterprise matter to a department;
on request (`parties`) the compound's 物业 and 业委会 with a category routed to each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import (
    Appeal,
    AppealCategory,
    AppealChannel,
    AppealEvent,
    RequesterKind,
)
from taizhang.appeals.routing import create_category
from taizhang.appeals.workflow import (
    Requester,
    accept_appeal,
    answer_appeal,
    assign_appeal,
    register_appeal,
    start_handling,
)
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.org.models import Role, Unit, UnitKind, User
from taizhang.org.units import create_unit
from taizhang.org.users import create_user

PASSWORD = "correct-horse-42"
# Fri 2026-05-08 10:00 in the district; Sat 2026-05-09 is a 调休 working day.
RECEIVED = datetime(2026, 5, 8, 10, 0, tzinfo=DISTRICT_TIME)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=DISTRICT_TIME)


@dataclass
class Place:
    community: Unit
    compound: Unit
    village_compound: Unit
    handler: User
    department_staff: User
    resident: User
    complaint: AppealCategory
    legal: AppealCategory


def _user(session: Session, username: str, role: Role, unit: Unit | None) -> User:
    return create_user(session, username=username, password=PASSWORD, role=role, unit=unit)


@pytest.fixture
def place(session: Session, district: Any) -> Place:
    community = create_unit(
        session,
        code="330402001001",
        name="南溪社区",
        kind=UnitKind.COMMUNITY,
        parent=district.street,
    )
    compound = create_unit(
        session, code="330402001001-01", name="幸福里小区", kind=UnitKind.COMPOUND, parent=community
    )
    village_compound = create_unit(
        session,
        code="330402101201-01",
        name="永红新苑",
        kind=UnitKind.COMPOUND,
        parent=district.village,
    )
    built = Place(
        community=community,
        compound=compound,
        village_compound=village_compound,
        handler=_user(session, "nanxi", Role.UNIT_STAFF, community),
        department_staff=_user(session, "jxs", Role.UNIT_STAFF, district.department),
        resident=_user(session, "resident", Role.VIEWER, None),
        complaint=create_category(
            session, code="complaint", label="投诉举报", kind=RequesterKind.RESIDENT,
            limit_days=7, route="instructor",
        ),
        legal=create_category(
            session, code="legal", label="法律咨询", kind=RequesterKind.ENTERPRISE,
            limit_days=3, route="department", route_unit=district.department,
        ),
    )  # fmt: skip
    session.commit()
    return built


@dataclass
class Parties:
    """幸福里小区's property company and owners' committee, one staff member each, and a
    resident category routed to each."""

    property: Unit
    committee: Unit
    property_staff: User
    committee_staff: User
    repair: AppealCategory
    owners: AppealCategory


@pytest.fixture
def parties(session: Session, place: Place) -> Parties:
    def party(code: str, name: str, kind: UnitKind) -> Unit:
        return create_unit(session, code=code, name=name, kind=kind, parent=place.compound)

    property_company = party("330402001001-01-WY", "安居物业", UnitKind.PROPERTY)
    committee = party("330402001001-01-YWH", "幸福里业委会", UnitKind.COMMITTEE)
    built = Parties(
        property=property_company,
        committee=committee,
        property_staff=_user(session, "anju", Role.UNIT_STAFF, property_company),
        committee_staff=_user(session, "ywh", Role.UNIT_STAFF, committee),
        repair=create_category(
            session, code="repair", label="公共设施报修", kind=RequesterKind.RESIDENT,
            limit_days=5, route="property",
        ),
        owners=create_category(
            session, code="owners", label="业主自治事务", kind=RequesterKind.RESIDENT,
            limit_days=10, route="committee",
        ),
    )  # fmt: skip
    session.commit()
    return built


@pytest.fixture
def register(session: Session, place: Place) -> Callable[..., Appeal]:
    """Register a resident complaint in 幸福里小区; keyword arguments override the defaults."""

    def make(**overrides: Any) -> Appeal:
        arguments: dict[str, Any] = {
            "requester": Requester(
                name="王小明",
                phone="13812345678",
                id_number="330402199001011234",
                address="南湖区建设街道幸福里小区3幢2单元501室",
                user=place.resident,
            ),
            "unit": place.compound.code,
            "category_code": "complaint",
            "description": "楼道灯坏了一个月没人修",
            "channel": AppealChannel.WEEKLY_VISIT,
            "received_at": RECEIVED,
        }
        return register_appeal(session, **(arguments | overrides))

    return make


@pytest.fixture
def answered(
    session: Session, place: Place, register: Callable[..., Appeal]
) -> Callable[..., Appeal]:
    """Walk a new appeal to 答复: accepted, assigned, handled and answered a day apart each."""

    def make(
        received_at: datetime = RECEIVED,
        answer_after: timedelta = timedelta(days=1),
        **overrides: Any,
    ) -> Appeal:
        appeal = register(received_at=received_at, **overrides)
        staff = place.handler
        accept_appeal(session, appeal, actor=staff, now=received_at + timedelta(hours=1))
        assign_appeal(session, appeal, actor=staff, now=received_at + timedelta(hours=2))
        start_handling(session, appeal, actor=staff, now=received_at + timedelta(hours=3))
        answer_appeal(session, appeal, actor=staff, now=received_at + answer_after, answer="已修复")
        return appeal

    return make


@pytest.fixture
def count_events(session: Session) -> Callable[..., int]:
    """How many appeal events exist (for one appeal, or in all)."""

    def count(appeal: Appeal | None = None) -> int:
        query = select(func.count()).select_from(AppealEvent)
        if appeal is not None:
            query = query.where(AppealEvent.appeal_id == appeal.id)
        return session.scalar(query) or 0

    return count

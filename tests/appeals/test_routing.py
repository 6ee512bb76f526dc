"""Routes to a compound's property company (物业) and owners' committee (业委会), and what
happens where a compound has none: the instructor, then the staff nearest the place."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, RequesterKind
from taizhang.appeals.people import assign_instructor
from taizhang.appeals.routing import create_category, route_appeal
from taizhang.appeals.workflow import appeal_events
from taizhang.kernel.errors import Invalid
from taizhang.org.models import Role, User
from taizhang.org.users import create_user
from tests.appeals.conftest import PASSWORD, RECEIVED, Parties, Place
from tests.conftest import District

Register = Callable[..., Appeal]


def test_it_routes_a_repair_to_the_compounds_property_company(
    session: Session, parties: Parties, register: Register
) -> None:
    appeal = register(category_code="repair")
    assert (appeal.handler, appeal.handler_unit) == (parties.property_staff, parties.property)
    [registered] = appeal_events(session, appeal)
    assert registered.payload["route"] == "property:330402001001-01-WY"


def test_it_routes_an_owners_matter_to_the_owners_committee(
    session: Session, parties: Parties, register: Register
) -> None:
    appeal = register(category_code="owners")
    assert (appeal.handler, appeal.handler_unit) == (parties.committee_staff, parties.committee)
    assert appeal_events(session, appeal)[0].payload["route"] == "committee:330402001001-01-YWH"


def test_a_property_company_without_active_staff_receives_the_request_unassigned(
    session: Session, place: Place, parties: Parties
) -> None:
    parties.property_staff.active = False
    route = route_appeal(session, parties.repair, place.compound)
    assert (route.unit, route.handler, route.rule) == (
        parties.property,
        None,
        "property:330402001001-01-WY",
    )


@pytest.mark.parametrize("category", ["repair", "owners"])
def test_a_compound_without_the_party_falls_back_to_its_instructor(
    session: Session, place: Place, parties: Parties, district: District, category: str
) -> None:
    instructor = create_user(
        session, username="yonghong", password=PASSWORD, role=Role.UNIT_STAFF,
        unit=district.village,
    )  # fmt: skip
    assign_instructor(session, instructor=instructor, compound=place.village_compound, now=RECEIVED)
    route = route_appeal(session, getattr(parties, category), place.village_compound)
    kind = getattr(parties, category).route
    assert (route.unit, route.handler) == (district.village, instructor)
    assert route.rule == f"{kind}:none>instructor:330402101201-01"


def test_a_compound_without_party_or_instructor_goes_to_the_nearest_staff(
    session: Session, place: Place, parties: Parties, other_town_staff: User
) -> None:
    route = route_appeal(session, parties.repair, place.village_compound)
    assert (route.unit.name, route.handler) == ("永红村", None)  # nobody staffs 永红村 or 凤桥镇
    assert route.rule == "property:none>instructor:none>place_staff:unstaffed"


def test_a_place_that_is_not_a_compound_falls_back_through_the_instructor_route(
    session: Session, place: Place, parties: Parties
) -> None:
    route = route_appeal(session, parties.owners, place.community)
    assert (route.unit, route.handler) == (place.community, place.handler)
    assert route.rule == "committee:none>instructor:none>place_staff:330402001001"


def test_a_party_route_names_no_unit_of_its_own(
    session: Session, place: Place, district: District
) -> None:
    with pytest.raises(Invalid, match="只有按部门派单的类别才指定部门"):
        create_category(
            session, code="lift", label="电梯维保", kind=RequesterKind.RESIDENT,
            limit_days=3, route="property", route_unit=district.department,
        )  # fmt: skip

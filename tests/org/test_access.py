"""Specs for desks and sections (`org.access`): what each kind of log-in is for."""

from __future__ import annotations

import pytest

from taizhang.org.access import Desk, Section, desk_of, home_section, may, sections_of
from taizhang.org.models import Role, Unit, UnitKind, User


def person(role: Role, kind: UnitKind | None = None) -> User:
    unit = Unit(name="单位", kind=kind.value, path="/1/2/") if kind else None
    return User(username="u", display_name="某人", role=role.value, unit=unit)


@pytest.mark.parametrize(
    ("role", "kind", "desk", "home"),
    [
        (Role.DISTRICT_ADMIN, None, Desk.DISTRICT, Section.DASHBOARD),
        (Role.VIEWER, None, Desk.LEADER, Section.DASHBOARD),
        (Role.UNIT_STAFF, UnitKind.TOWN, Desk.TOWN, Section.DASHBOARD),
        (Role.UNIT_STAFF, UnitKind.STREET, Desk.TOWN, Section.DASHBOARD),
        (Role.UNIT_STAFF, UnitKind.PLATFORM, Desk.TOWN, Section.DASHBOARD),
        (Role.UNIT_STAFF, UnitKind.DEPARTMENT, Desk.DEPARTMENT, Section.APPEALS),
        (Role.UNIT_STAFF, UnitKind.COMMUNITY, Desk.GRID, Section.APPEALS),
        (Role.UNIT_STAFF, UnitKind.VILLAGE, Desk.GRID, Section.APPEALS),
        (Role.UNIT_STAFF, UnitKind.PROPERTY, Desk.PARTY, Section.APPEALS),
        (Role.UNIT_STAFF, UnitKind.COMMITTEE, Desk.PARTY, Section.APPEALS),
    ],
)
def test_each_log_in_has_its_desk_and_home(
    role: Role, kind: UnitKind | None, desk: Desk, home: Section
) -> None:
    user = person(role, kind)
    assert desk_of(user) == desk
    assert home_section(user) == home
    assert may(user, home)  # nobody lands where they may not work


def test_every_desk_may_use_the_appeals_and_only_administrators_the_accounts() -> None:
    assert all(Section.APPEALS in sections_of(desk) for desk in Desk)
    assert [d for d in Desk if Section.ACCOUNTS in sections_of(d)] == [Desk.DISTRICT]
    assert [d for d in Desk if Section.MUJU in sections_of(d)] == [
        Desk.DISTRICT,
        Desk.LEADER,
        Desk.TOWN,
    ]


def test_property_companies_and_committees_see_no_projects_race_or_evaluations() -> None:
    party = person(Role.UNIT_STAFF, UnitKind.PROPERTY)
    assert sections_of(desk_of(party)) == {Section.APPEALS}
    assert not may(party, "projects")


def test_departments_race_but_keep_no_project_dashboard() -> None:
    department = person(Role.UNIT_STAFF, UnitKind.DEPARTMENT)
    assert may(department, Section.RACE)
    assert not may(department, Section.DASHBOARD)

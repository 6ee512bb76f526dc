"""Where a new request goes: categories carry their route as data, resolvers find the people.

A category row names one route (`AppealCategory.route`, a key of `ROUTES`) and, for the
department route, the department unit (`route_unit_id`). Adding a category, or moving one to
another department, is a change of data; adding a new kind of route is one resolver here.

| route        | goes to                                                                  |
|--------------|--------------------------------------------------------------------------|
| `instructor` | the compound's assigned 指导员 (`people.assign_instructor`); a compound   |
|              | without an active instructor falls back to `place_staff`                 |
| `place_staff`| the nearest unit at or above the place (小区 → 社区/村 → 镇/街道) with staff  |
| `department` | the category's department unit and its first active staff member          |
| `property`   | the compound's 物业 unit and its first active staff member; a place that  |
|              | is not a compound, or a compound without one, falls back to `instructor` |
| `committee`  | the same with the compound's 业委会                                        |

`Route.rule` names the resolver that found the unit and the unit's code; a fallback says so,
e.g. `property:none>instructor:none>place_staff:330402001001` (no 物业, no instructor, so the
community's staff). When nobody is found the request still lands in a unit's inbox (the place's
community or village), with no handler: the 分派 step names one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.models import AppealCategory, RequesterKind
from taizhang.kernel.errors import Invalid
from taizhang.org.models import Role, Unit, UnitKind, User
from taizhang.org.units import ancestry, compound_party

MAX_LIMIT_DAYS = 60  # the longest local rule found is 13 working days plus a 20-day extension


@dataclass(frozen=True)
class Route:
    """The unit whose inbox receives a request, the suggested handler, and the rule that chose."""

    unit: Unit
    handler: User | None
    rule: str


Resolver = Callable[[Session, AppealCategory, Unit], Route]


def route_appeal(session: Session, category: AppealCategory, place: Unit) -> Route:
    return ROUTES[category.route](session, category, place)


def _first_staff(session: Session, unit: Unit) -> User | None:
    query = (
        select(User)
        .where(User.unit_id == unit.id, User.active.is_(True), User.role == Role.UNIT_STAFF.value)
        .order_by(User.id)
        .limit(1)
    )
    return session.scalar(query)


def _place_staff(session: Session, category: AppealCategory, place: Unit) -> Route:
    chain = list(reversed(ancestry(session, place)))  # the place first, the district last
    for unit in chain:
        if unit.kind == UnitKind.DISTRICT:
            break
        staff = _first_staff(session, unit)
        if staff is not None:
            return Route(unit, staff, f"place_staff:{unit.code}")
    inbox = next((u for u in chain if u.kind in _GRASSROOTS), place)
    return Route(inbox, None, "place_staff:unstaffed")


def _fallen_back(route: str, fallback: Route) -> Route:
    """`fallback`, its rule saying that `route` found nobody first."""
    return Route(fallback.unit, fallback.handler, f"{route}:none>{fallback.rule}")


def _instructor(session: Session, category: AppealCategory, place: Unit) -> Route:
    """The compound's assigned 指导员; anywhere else, or uncovered, like `place_staff`."""
    from taizhang.appeals.people import instructor_of  # people imports nothing from routing

    instructor = instructor_of(session, place) if place.kind == UnitKind.COMPOUND else None
    if instructor is None or not instructor.active:
        return _fallen_back("instructor", _place_staff(session, category, place))
    return Route(instructor.unit or place, instructor, f"instructor:{place.code}")


def _department(session: Session, category: AppealCategory, place: Unit) -> Route:
    department = category.route_unit
    if department is None:  # guarded by create_category; kept for rows edited by hand
        return _fallen_back("department", _place_staff(session, category, place))
    return Route(department, _first_staff(session, department), f"department:{department.code}")


def _compound_party_route(kind: UnitKind) -> Resolver:
    """A route to the place's 物业 or 业委会; without one, like `instructor`."""

    def resolve(session: Session, category: AppealCategory, place: Unit) -> Route:
        party = compound_party(session, place, kind) if place.kind == UnitKind.COMPOUND else None
        if party is None:
            return _fallen_back(kind.value, _instructor(session, category, place))
        return Route(party, _first_staff(session, party), f"{kind.value}:{party.code}")

    return resolve


_GRASSROOTS = (UnitKind.COMMUNITY.value, UnitKind.VILLAGE.value)

ROUTES: dict[str, Resolver] = {
    "instructor": _instructor,
    "place_staff": _place_staff,
    "department": _department,
    "property": _compound_party_route(UnitKind.PROPERTY),
    "committee": _compound_party_route(UnitKind.COMMITTEE),
}


def create_category(
    session: Session,
    *,
    code: str,
    label: str,
    kind: RequesterKind,
    limit_days: int,
    route: str,
    route_unit: Unit | None = None,
) -> AppealCategory:
    _check_category(session, code=code, limit_days=limit_days, route=route, route_unit=route_unit)
    category = AppealCategory(
        code=code,
        label=label,
        kind=kind.value,
        limit_days=limit_days,
        route=route,
        route_unit=route_unit,
        active=True,
    )
    session.add(category)
    session.flush()
    return category


def _check_category(
    session: Session, *, code: str, limit_days: int, route: str, route_unit: Unit | None
) -> None:
    if session.scalar(select(AppealCategory.id).where(AppealCategory.code == code)) is not None:
        raise Invalid(f"诉求类别代码 {code} 已存在 (category code already exists)")
    if not 0 <= limit_days <= MAX_LIMIT_DAYS:
        raise Invalid(f"办理时限应为 0–{MAX_LIMIT_DAYS} 个工作日 (time limit out of range)")
    if route not in ROUTES:
        known = "、".join(ROUTES)
        raise Invalid(f"未知的派单规则 {route}，可选：{known} (unknown route)")
    needs_department = route == "department"
    if needs_department and (route_unit is None or route_unit.kind != UnitKind.DEPARTMENT):
        raise Invalid("按部门派单的类别须指定一个部门 (a department route needs a department)")
    if not needs_department and route_unit is not None:
        raise Invalid("只有按部门派单的类别才指定部门 (only department routes name a unit)")


def get_category(session: Session, code: str) -> AppealCategory:
    category = session.scalar(select(AppealCategory).where(AppealCategory.code == code))
    if category is None or not category.active:
        raise Invalid(f"未知的诉求类别 {code} (unknown or inactive category)")
    return category

"""The region tree: 区 → 镇/街道/平台 → 村/社区 → 小区, and departments.

A compound may have one property company (物业) and one owners' committee (业委会) under it: the
compound's parties. They handle requests there but are not areas of the district, so they hold
no projects or targets and are never the place of a request (`is_compound_party`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid, NotFound
from taizhang.org.models import Unit, UnitKind

# Which kinds may sit under which: keeps the tree the shape districts know.
ALLOWED_CHILDREN: dict[UnitKind, tuple[UnitKind, ...]] = {
    UnitKind.DISTRICT: (UnitKind.TOWN, UnitKind.STREET, UnitKind.PLATFORM, UnitKind.DEPARTMENT),
    UnitKind.TOWN: (UnitKind.VILLAGE, UnitKind.COMMUNITY),
    UnitKind.STREET: (UnitKind.COMMUNITY, UnitKind.VILLAGE),
    UnitKind.PLATFORM: (UnitKind.COMMUNITY, UnitKind.VILLAGE, UnitKind.STREET),
    UnitKind.VILLAGE: (UnitKind.COMPOUND,),
    UnitKind.COMMUNITY: (UnitKind.COMPOUND,),
    UnitKind.COMPOUND: (UnitKind.PROPERTY, UnitKind.COMMITTEE),
    UnitKind.DEPARTMENT: (),
    UnitKind.PROPERTY: (),
    UnitKind.COMMITTEE: (),
}
COMPOUND_PARTIES = (UnitKind.PROPERTY, UnitKind.COMMITTEE)


def create_unit(
    session: Session, *, code: str, name: str, kind: UnitKind, parent: Unit | None = None
) -> Unit:
    _check_placement(kind, parent)
    _check_one_party_of_a_kind(session, kind, parent)
    if session.scalar(select(Unit.id).where(Unit.code == code)) is not None:
        raise Invalid(f"单位代码 {code} 已存在 (unit code already exists)")
    unit = Unit(code=code, name=name, kind=kind, parent=parent, path="")
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    session.flush()
    return unit


def _check_placement(kind: UnitKind, parent: Unit | None) -> None:
    if parent is None:
        if kind is not UnitKind.DISTRICT:
            raise Invalid(f"{kind.label}必须属于上级单位 (a {kind.value} needs a parent unit)")
        return
    parent_kind = UnitKind(parent.kind)
    if kind not in ALLOWED_CHILDREN[parent_kind]:
        raise Invalid(
            f"{parent_kind.label}下不能设{kind.label} (a {kind.value} cannot sit under a "
            f"{parent_kind.value})"
        )


def _check_one_party_of_a_kind(session: Session, kind: UnitKind, parent: Unit | None) -> None:
    if kind not in COMPOUND_PARTIES or parent is None:
        return
    existing = compound_party(session, parent, kind)
    if existing is not None:
        raise Invalid(
            f"{parent.name}已有{kind.label}“{existing.name}” "
            f"(the compound already has a {kind.value})"
        )


def is_compound_party(unit: Unit) -> bool:
    """A compound's 物业 or 业委会: it handles requests there but is not an area."""
    return unit.kind in COMPOUND_PARTIES


def compound_party(session: Session, compound: Unit, kind: UnitKind) -> Unit | None:
    """The compound's property company or owners' committee, if it has one."""
    query = select(Unit).where(Unit.parent_id == compound.id, Unit.kind == kind.value)
    return session.scalar(query.order_by(Unit.id).limit(1))


def compound_parties(session: Session, compound: Unit) -> list[Unit]:
    """The compound's property company and owners' committee (none for other kinds of unit)."""
    kinds = [k.value for k in COMPOUND_PARTIES]
    query = select(Unit).where(Unit.parent_id == compound.id, Unit.kind.in_(kinds))
    return list(session.scalars(query.order_by(Unit.id)))


def get_unit_by_code(session: Session, code: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise NotFound(f"未找到单位代码 {code} (unknown unit code)")
    return unit


def find_unit(session: Session, text: str) -> Unit | None:
    """A unit by its code or its exact name; a name two units share must be given as a code."""
    cleaned = text.strip()
    by_code = session.scalar(select(Unit).where(Unit.code == cleaned))
    if by_code is not None:
        return by_code
    named = list(session.scalars(select(Unit).where(Unit.name == cleaned).limit(5)))
    if len(named) > 1:
        codes = "、".join(u.code for u in named)
        raise Invalid(f"有多个单位名为“{cleaned}”，请改用单位代码：{codes} (ambiguous unit name)")
    return named[0] if named else None


def list_units(session: Session, *, kinds: tuple[UnitKind, ...] | None = None) -> list[Unit]:
    query = select(Unit).order_by(Unit.path, Unit.sort_order)
    if kinds:
        query = query.where(Unit.kind.in_([k.value for k in kinds]))
    return list(session.scalars(query))


def is_within(unit: Unit, ancestor: Unit) -> bool:
    """True when `unit` is `ancestor` or lies below it."""
    return unit.path.startswith(ancestor.path)


def ancestry(session: Session, unit: Unit) -> list[Unit]:
    """The chain from the top of the tree down to `unit`."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    by_id = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    return [by_id[i] for i in ids if i in by_id]


def district_name(session: Session, setting: str | None = None) -> str | None:
    """The district's name: the setting `TAIZHANG_DISTRICT_NAME` when given, else the name of
    the tree's root (the unit of kind 区 with no parent); None on a ledger without one."""
    if setting and setting.strip():
        return setting.strip()
    root = (
        select(Unit.name)
        .where(Unit.parent_id.is_(None), Unit.kind == UnitKind.DISTRICT.value)
        .order_by(Unit.id)
        .limit(1)
    )
    return session.scalar(root)


def district_unit(session: Session) -> Unit:
    """The tree's root (区); `NotFound` on a ledger without one."""
    root = session.scalar(
        select(Unit).where(Unit.kind == UnitKind.DISTRICT.value).order_by(Unit.id)
    )
    if root is None:
        raise NotFound("台账里还没有区级单位 (no district unit yet)")
    return root

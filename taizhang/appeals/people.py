"""People and places of the 三方协同 system: compounds' instructors (指导员) and households.

- An instructor is an active unit-staff `User`; each covers one or two compounds (小区) inside
  their own unit (their grid), and each compound has at most one instructor. A third compound, a
  unit that is not a compound, or a compound outside the grid is refused.
- `coverage_gaps` lists the compounds of a subtree that nobody covers, so gaps are visible.
- 一户一表: `households` rows per compound. `import_households` reads an .xlsx/.csv sheet with the
  headers 门牌号, 户主姓名, 联系电话, 家庭人数, 备注 and writes nothing when any row is bad.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Household, InstructorAssignment
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.numbers import format_number
from taizhang.kernel.sheets import CellValue, read_table, refuse_if_any
from taizhang.org.models import Role, Unit, UnitKind, User
from taizhang.org.units import is_within

logger = logging.getLogger(__name__)

MAX_COMPOUNDS = 2
MAX_MEMBERS = 50
_PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")
HOUSEHOLD_HEADERS = {
    "门牌号": "door_number",
    "户主姓名": "head_name",
    "联系电话": "phone",
    "家庭人数": "members",
    "备注": "notes",
}
REQUIRED_HEADERS = ("门牌号", "户主姓名", "家庭人数")


# ---------------------------------------------------------------- instructors


def assign_instructor(
    session: Session, *, instructor: User, compound: Unit, now: datetime
) -> InstructorAssignment:
    _check_assignment(session, instructor, compound)
    assignment = InstructorAssignment(instructor=instructor, compound=compound, assigned_at=now)
    session.add(assignment)
    session.flush()
    logger.info("instructor %s assigned to compound %s", instructor.id, compound.id)
    return assignment


def _check_assignment(session: Session, instructor: User, compound: Unit) -> None:
    if compound.kind != UnitKind.COMPOUND:
        raise Invalid(
            f"{compound.name} 不是小区，指导员只能包联小区 (only compounds can be assigned)"
        )
    if not instructor.active or instructor.role != Role.UNIT_STAFF:
        raise Invalid(f"{instructor.username} 不是在岗的单位专员 (not active unit staff)")
    if instructor.unit is None or not is_within(compound, instructor.unit):
        raise Invalid(f"{compound.name} 不在该指导员的网格内 (compound outside the grid)")
    current = instructor_of(session, compound)
    if current is not None:
        name = current.display_name
        raise Invalid(f"{compound.name} 已有指导员 {name} (compound already has an instructor)")
    if len(compounds_of(session, instructor)) >= MAX_COMPOUNDS:
        raise Invalid(
            f"每名指导员最多包联 {MAX_COMPOUNDS} 个小区 "
            f"(an instructor covers at most {MAX_COMPOUNDS} compounds)"
        )


def unassign_instructor(session: Session, *, compound: Unit) -> None:
    assignment = session.scalar(
        select(InstructorAssignment).where(InstructorAssignment.compound_id == compound.id)
    )
    if assignment is None:
        raise Invalid(f"{compound.name} 没有指导员 (compound has no instructor)")
    session.delete(assignment)
    session.flush()


def instructor_of(session: Session, compound: Unit) -> User | None:
    query = (
        select(User)
        .join(InstructorAssignment, InstructorAssignment.instructor_id == User.id)
        .where(InstructorAssignment.compound_id == compound.id)
    )
    return session.scalar(query)


def compounds_of(session: Session, instructor: User) -> list[Unit]:
    query = (
        select(Unit)
        .join(InstructorAssignment, InstructorAssignment.compound_id == Unit.id)
        .where(InstructorAssignment.instructor_id == instructor.id)
        .order_by(Unit.path)
    )
    return list(session.scalars(query))


def coverage_gaps(session: Session, *, scope_unit: Unit) -> list[Unit]:
    """Compounds at or below `scope_unit` without an instructor, in tree order."""
    covered = select(InstructorAssignment.compound_id)
    query = (
        select(Unit)
        .where(Unit.kind == UnitKind.COMPOUND.value)
        .where(Unit.path.startswith(scope_unit.path, autoescape=True))
        .where(Unit.id.not_in(covered))
        .order_by(Unit.path, Unit.sort_order)
    )
    return list(session.scalars(query))


# ---------------------------------------------------------------- households (一户一表)


@dataclass(frozen=True)
class HouseholdRow:
    door_number: str
    head_name: str
    members: int
    phone: str | None = None
    notes: str = ""


def add_household(session: Session, *, compound: Unit, row: HouseholdRow) -> Household:
    errors = _household_problems(row, None) + _taken(session, compound, [row])
    if compound.kind != UnitKind.COMPOUND:
        errors.insert(0, FieldError("只能向小区登记住户 (households belong to compounds)"))
    if errors:
        raise Invalid(str(errors[0]), errors)
    return _insert(session, compound, [row])[0]


def list_households(session: Session, *, compound: Unit) -> list[Household]:
    query = select(Household).where(Household.compound_id == compound.id)
    return list(session.scalars(query.order_by(Household.door_number)))


def count_households(session: Session, *, compound: Unit) -> int:
    query = select(func.count()).where(Household.compound_id == compound.id)
    return session.scalar(query) or 0


def import_households(session: Session, *, compound: Unit, path: Path) -> list[Household]:
    """Every row of the sheet, or `Invalid` naming every bad cell and nothing written."""
    if compound.kind != UnitKind.COMPOUND:
        raise Invalid("只能向小区导入住户 (households belong to compounds)")
    rows, errors = read_household_rows(path)
    errors += _duplicates(rows) + _taken(session, compound, [r for _, r in rows])
    refuse_if_any(errors)
    created = _insert(session, compound, [r for _, r in rows])
    logger.info("imported %d households into compound %s", len(created), compound.id)
    return created


def read_household_rows(path: Path) -> tuple[list[tuple[int, HouseholdRow]], list[FieldError]]:
    table = read_table(path)
    if not table:
        raise Invalid("文件是空的 (the file is empty)")
    _, header_cells = table[0]
    columns = {str(c): i for i, c in enumerate(header_cells) if c is not None}
    missing = [h for h in REQUIRED_HEADERS if h not in columns]
    if missing:
        raise Invalid(f"缺少列：{'、'.join(missing)} (missing columns)")
    rows: list[tuple[int, HouseholdRow]] = []
    errors: list[FieldError] = []
    for row_number, cells in table[1:]:
        if all(c is None for c in cells):
            continue
        values = {key: _at(cells, columns.get(h)) for h, key in HOUSEHOLD_HEADERS.items()}
        row, problems = _parse(row_number, values)
        rows += [(row_number, row)] if row else []
        errors += problems
    return rows, errors


def _at(cells: list[CellValue | None], position: int | None) -> CellValue | None:
    return cells[position] if position is not None and position < len(cells) else None


def _parse(
    number: int, values: dict[str, CellValue | None]
) -> tuple[HouseholdRow | None, list[FieldError]]:
    members = values["members"]
    if not isinstance(members, Decimal) and not (isinstance(members, str) and members.isdigit()):
        return None, [FieldError("家庭人数应为整数 (members must be a number)", number, "家庭人数")]
    row = HouseholdRow(
        door_number=_text(values["door_number"]),
        head_name=_text(values["head_name"]),
        members=int(Decimal(str(members))),
        phone=_text(values["phone"]) or None,
        notes=_text(values["notes"]),
    )
    problems = _household_problems(row, number)
    return (None, problems) if problems else (row, [])


def _text(value: CellValue | None) -> str:
    if isinstance(value, Decimal):
        return format_number(value)
    return "" if value is None else str(value).strip()


def _household_problems(row: HouseholdRow, number: int | None) -> list[FieldError]:
    problems: list[FieldError] = []
    if not row.door_number or len(row.door_number) > 40:
        problems.append(FieldError("门牌号不能为空且不超过 40 字 (door number)", number, "门牌号"))
    if not row.head_name or len(row.head_name) > 60:
        problems.append(FieldError("户主姓名不能为空 (head of household)", number, "户主姓名"))
    if not 1 <= row.members <= MAX_MEMBERS:
        reason = f"家庭人数应为 1–{MAX_MEMBERS} (members out of range)"
        problems.append(FieldError(reason, number, "家庭人数"))
    if row.phone and not _PHONE.match(row.phone):
        problems.append(FieldError("联系电话格式不对 (malformed phone)", number, "联系电话"))
    return problems


def _duplicates(rows: list[tuple[int, HouseholdRow]]) -> list[FieldError]:
    seen: set[str] = set()
    errors: list[FieldError] = []
    for number, row in rows:
        if row.door_number in seen:
            reason = f"门牌号 {row.door_number} 在文件中重复 (duplicate door number)"
            errors.append(FieldError(reason, number, "门牌号"))
        seen.add(row.door_number)
    return errors


def _taken(session: Session, compound: Unit, rows: list[HouseholdRow]) -> list[FieldError]:
    doors = {r.door_number for r in rows}
    query = select(Household.door_number).where(
        Household.compound_id == compound.id, Household.door_number.in_(doors)
    )
    return [
        FieldError(f"门牌号 {door} 已登记 (door number already recorded)", None, "门牌号")
        for door in sorted(session.scalars(query))
    ]


def _insert(session: Session, compound: Unit, rows: list[HouseholdRow]) -> list[Household]:
    created = [
        Household(
            compound_id=compound.id,
            door_number=r.door_number,
            head_name=r.head_name,
            phone=r.phone,
            members=r.members,
            notes=r.notes,
        )
        for r in rows
    ]
    session.add_all(created)
    session.flush()
    return created

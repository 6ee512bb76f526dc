"""The demo's compounds as 三方协同 sees them: each with its 物业 and (mostly) 业委会, its
instructor (one compound is left uncovered on purpose) and its households (一户一表)."""

from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy.orm import Session

from taizhang.appeals.people import HouseholdRow, add_household, assign_instructor
from taizhang.demo.appeal_data import (
    COMPOUNDS,
    HEAD_GIVEN_NAMES,
    HEAD_SURNAMES,
    HOUSEHOLD_NOTES,
    PHONE_PREFIXES,
    CompoundRow,
)
from taizhang.org.models import Unit, UnitKind, User
from taizhang.org.units import create_unit

HOUSEHOLDS_PER_COMPOUND = (5, 7)


def build_compound_units(session: Session, units: dict[str, Unit]) -> dict[str, Unit]:
    """The compounds not yet in `units`, and every compound's 物业 and 业委会, by name."""
    created: dict[str, Unit] = {}
    for row in COMPOUNDS:
        compound = units.get(row.name) or create_unit(
            session,
            code=row.code,
            name=row.name,
            kind=UnitKind.COMPOUND,
            parent=units[row.community],
        )
        created[row.name] = compound
        created.update(_parties(session, row, compound))
    return created


def _parties(session: Session, row: CompoundRow, compound: Unit) -> dict[str, Unit]:
    parties = {
        row.property: create_unit(
            session,
            code=f"{row.code}-WY",
            name=row.property,
            kind=UnitKind.PROPERTY,
            parent=compound,
        )
    }
    if row.committee:
        parties[row.committee] = create_unit(
            session,
            code=f"{row.code}-YWH",
            name=row.committee,
            kind=UnitKind.COMMITTEE,
            parent=compound,
        )
    return parties


def staff_compounds(
    session: Session,
    units: dict[str, Unit],
    users: dict[str, User],
    *,
    since: datetime,
    rng: random.Random,
) -> None:
    """Assign each compound's instructor (as of `since`) and fill in its households."""
    for row in COMPOUNDS:
        compound = units[row.name]
        if row.instructor:
            instructor = users[row.instructor]
            assign_instructor(session, instructor=instructor, compound=compound, now=since)
        for household in households(rng):
            add_household(session, compound=compound, row=household)


def households(rng: random.Random) -> list[HouseholdRow]:
    """A handful of invented households with distinct door numbers."""
    count, doors = rng.randint(*HOUSEHOLDS_PER_COMPOUND), set[str]()
    while len(doors) < count:
        doors.add(_door(rng))
    return [
        HouseholdRow(
            door_number=door,
            head_name=rng.choice(HEAD_SURNAMES) + rng.choice(HEAD_GIVEN_NAMES),
            members=rng.randint(1, 5),
            phone=phone_number(rng),
            notes=rng.choice(HOUSEHOLD_NOTES),
        )
        for door in sorted(doors, key=_door_order)
    ]


def _door(rng: random.Random) -> str:
    floor, room = rng.randint(1, 11), rng.randint(1, 2)
    return f"{rng.randint(1, 18)}幢{rng.randint(1, 3)}单元{floor}0{room}室"


def _door_order(door: str) -> tuple[int, ...]:
    building, rest = door.split("幢")
    entrance, room = rest.split("单元")
    return int(building), int(entrance), int(room.rstrip("室"))


def phone_number(rng: random.Random) -> str:
    """An 11-digit mobile number with a block of zeros where a mask would be."""
    return f"{rng.choice(PHONE_PREFIXES)}0000{rng.randint(0, 9999):04d}"

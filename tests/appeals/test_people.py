"""Instructors cover one or two compounds of their grid; households are imported all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal
from taizhang.appeals.people import (
    HouseholdRow,
    add_household,
    assign_instructor,
    compounds_of,
    count_households,
    coverage_gaps,
    import_households,
    instructor_of,
    list_households,
    unassign_instructor,
)
from taizhang.kernel.errors import Invalid
from taizhang.org.models import Role, Unit, UnitKind
from taizhang.org.units import create_unit
from taizhang.org.users import create_user
from tests.appeals.conftest import PASSWORD, RECEIVED, Place


def _compound(session: Session, parent: Unit, suffix: str) -> Unit:
    return create_unit(
        session, code=f"{parent.code}-{suffix}", name=f"小区{suffix}", kind=UnitKind.COMPOUND,
        parent=parent,
    )  # fmt: skip


def test_it_assigns_up_to_two_compounds_and_refuses_a_third(session: Session, place: Place) -> None:
    second, third = (
        _compound(session, place.community, "02"),
        _compound(session, place.community, "03"),
    )
    assign_instructor(session, instructor=place.handler, compound=place.compound, now=RECEIVED)
    assign_instructor(session, instructor=place.handler, compound=second, now=RECEIVED)
    with pytest.raises(Invalid, match="最多包联 2 个小区"):
        assign_instructor(session, instructor=place.handler, compound=third, now=RECEIVED)
    assert compounds_of(session, place.handler) == sorted(
        [place.compound, second], key=lambda u: u.path
    )
    assert instructor_of(session, third) is None


def test_it_refuses_a_unit_that_is_not_a_compound(session: Session, place: Place) -> None:
    with pytest.raises(Invalid, match="不是小区"):
        assign_instructor(session, instructor=place.handler, compound=place.community, now=RECEIVED)


def test_it_refuses_a_compound_outside_the_grid_or_already_covered(
    session: Session, place: Place
) -> None:
    with pytest.raises(Invalid, match="网格"):
        assign_instructor(
            session, instructor=place.handler, compound=place.village_compound, now=RECEIVED
        )
    other = create_user(
        session, username="nanxi2", password=PASSWORD, role=Role.UNIT_STAFF, unit=place.community
    )
    assign_instructor(session, instructor=place.handler, compound=place.compound, now=RECEIVED)
    with pytest.raises(Invalid, match="已有指导员"):
        assign_instructor(session, instructor=other, compound=place.compound, now=RECEIVED)


def test_it_reports_compounds_without_an_instructor(
    session: Session, place: Place, district: Any
) -> None:
    assert coverage_gaps(session, scope_unit=district.district) == sorted(
        [place.compound, place.village_compound], key=lambda u: u.path
    )
    assign_instructor(session, instructor=place.handler, compound=place.compound, now=RECEIVED)
    assert coverage_gaps(session, scope_unit=district.district) == [place.village_compound]
    assert coverage_gaps(session, scope_unit=place.community) == []
    unassign_instructor(session, compound=place.compound)
    assert coverage_gaps(session, scope_unit=place.community) == [place.compound]


def test_it_routes_an_instructor_category_to_the_assigned_instructor(
    session: Session, place: Place, register: Callable[..., Appeal]
) -> None:
    instructor = create_user(
        session, username="zhidao", password=PASSWORD, role=Role.UNIT_STAFF, unit=place.community
    )
    assign_instructor(session, instructor=instructor, compound=place.compound, now=RECEIVED)
    appeal = register()
    assert appeal.handler_id == instructor.id
    assert appeal.handler_unit_id == place.community.id


def test_it_adds_and_lists_households(session: Session, place: Place) -> None:
    add_household(session, compound=place.compound, row=HouseholdRow("3幢501室", "王小明", 3))
    add_household(
        session, compound=place.compound,
        row=HouseholdRow("1幢101室", "李华", 2, phone="13812345678", notes="独居老人"),
    )  # fmt: skip
    doors = [h.door_number for h in list_households(session, compound=place.compound)]
    assert doors == ["1幢101室", "3幢501室"]
    with pytest.raises(Invalid, match="已登记"):
        add_household(session, compound=place.compound, row=HouseholdRow("1幢101室", "张三", 1))


def _sheet(tmp_path: Path, rows: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["门牌号", "户主姓名", "联系电话", "家庭人数", "备注"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / "households.xlsx"
    workbook.save(path)
    return path


def test_it_imports_households_from_xlsx(session: Session, place: Place, tmp_path: Path) -> None:
    path = _sheet(
        tmp_path, [["1幢101室", "李华", "13812345678", 2, None], [501, "王小明", None, 4, "低保"]]
    )
    created = import_households(session, compound=place.compound, path=path)
    assert [(h.door_number, h.members) for h in created] == [("1幢101室", 2), ("501", 4)]


def test_it_imports_households_from_csv(session: Session, place: Place, tmp_path: Path) -> None:
    path = tmp_path / "households.csv"
    path.write_text("门牌号,户主姓名,家庭人数\n2幢201室,赵六,5\n", encoding="utf-8")
    import_households(session, compound=place.compound, path=path)
    assert count_households(session, compound=place.compound) == 1


def test_it_writes_nothing_when_any_row_is_bad(
    session: Session, place: Place, tmp_path: Path
) -> None:
    rows: list[list[Any]] = [
        ["1幢101室", "李华", None, 2, None],
        ["1幢101室", "王五", None, 3, None],
        ["2幢", "", "abc", "两", None],
    ]
    with pytest.raises(Invalid, match="未导入任何数据") as refused:
        import_households(session, compound=place.compound, path=_sheet(tmp_path, rows))
    assert {e.row for e in refused.value.errors} == {3, 4}
    assert count_households(session, compound=place.compound) == 0

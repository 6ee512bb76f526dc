from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.org.models import UnitKind
from taizhang.org.units import ancestry, create_unit, district_name, find_unit, is_within
from tests.conftest import District


def test_units_know_their_place_in_the_tree(session: Session, district: District) -> None:
    assert is_within(district.village, district.town)
    assert is_within(district.town, district.district)
    assert not is_within(district.street, district.town)
    assert [u.name for u in ancestry(session, district.village)] == ["南湖区", "凤桥镇", "永红村"]


def test_it_refuses_a_town_under_a_village(session: Session, district: District) -> None:
    with pytest.raises(Invalid, match="村下不能设镇"):
        create_unit(session, code="x1", name="错位镇", kind=UnitKind.TOWN, parent=district.village)


def test_it_refuses_a_duplicate_code(session: Session, district: District) -> None:
    with pytest.raises(Invalid, match="已存在"):
        create_unit(
            session, code="330402101", name="重复", kind=UnitKind.TOWN, parent=district.district
        )


def test_it_finds_a_unit_by_code_or_name_and_refuses_an_ambiguous_name(
    session: Session, district: District
) -> None:
    assert find_unit(session, "330402101") is district.town
    assert find_unit(session, "凤桥镇") is district.town
    assert find_unit(session, "不存在镇") is None
    create_unit(
        session, code="330402999", name="凤桥镇", kind=UnitKind.TOWN, parent=district.district
    )
    with pytest.raises(Invalid, match="请改用单位代码"):
        find_unit(session, "凤桥镇")


def test_the_districts_name_is_its_root_units(session: Session, district: District) -> None:
    assert district_name(session) == "南湖区"


def test_a_setting_names_the_district_instead(session: Session, district: District) -> None:
    assert district_name(session, "秀洲区") == "秀洲区"
    assert district_name(session, "  ") == "南湖区"


def test_a_ledger_without_a_district_has_no_name(session: Session) -> None:
    assert district_name(session) is None

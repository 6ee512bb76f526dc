"""A compound's parties, its property company (物业) and owners' committee (业委会): where they sit
in the tree, and the places where such a unit makes no sense (projects, targets, the dashboard)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.kernel.sources import Source
from taizhang.org.models import Unit, UnitKind
from taizhang.org.units import compound_parties, compound_party, create_unit, is_compound_party
from taizhang.projects.commands import change_figures, create_project
from taizhang.projects.models import Project
from taizhang.projects.queries import dashboard
from taizhang.projects.sheets import import_projects
from taizhang.race.models import Target
from taizhang.race.target_import import import_targets
from taizhang.race.targets import set_target
from tests.conftest import NOW, District

SYSTEM = Source("system", label="测试")


@dataclass
class Compound:
    community: Unit
    compound: Unit
    property: Unit
    committee: Unit


@pytest.fixture
def compound(session: Session, district: District) -> Compound:
    community = create_unit(
        session, code="C1", name="南溪社区", kind=UnitKind.COMMUNITY, parent=district.street
    )
    compound = create_unit(
        session, code="C1-01", name="幸福里小区", kind=UnitKind.COMPOUND, parent=community
    )
    property_company = create_unit(
        session, code="C1-01-WY", name="绿城物业", kind=UnitKind.PROPERTY, parent=compound
    )
    committee = create_unit(
        session, code="C1-01-YWH", name="幸福里业委会", kind=UnitKind.COMMITTEE, parent=compound
    )
    return Compound(community, compound, property_company, committee)


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def _count(session: Session, model: type[Project] | type[Target]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


# --- placement ---------------------------------------------------------------------------------


def test_a_compound_has_a_property_company_and_an_owners_committee(
    session: Session, compound: Compound
) -> None:
    assert compound_party(session, compound.compound, UnitKind.PROPERTY) is compound.property
    assert compound_party(session, compound.compound, UnitKind.COMMITTEE) is compound.committee
    assert compound_parties(session, compound.compound) == [compound.property, compound.committee]
    assert compound.property.path.startswith(compound.compound.path)
    assert [UnitKind(u.kind).label for u in (compound.property, compound.committee)] == [
        "物业",
        "业委会",
    ]
    assert is_compound_party(compound.committee) and not is_compound_party(compound.compound)


@pytest.mark.parametrize("kind", [UnitKind.PROPERTY, UnitKind.COMMITTEE])
def test_it_refuses_a_party_anywhere_but_under_a_compound(
    session: Session, district: District, compound: Compound, kind: UnitKind
) -> None:
    for parent in (compound.community, district.street, district.department):
        with pytest.raises(Invalid, match=f"下不能设{kind.label}"):
            create_unit(session, code=f"x-{parent.code}", name="错位", kind=kind, parent=parent)
    with pytest.raises(Invalid, match=f"{kind.label}必须属于上级单位"):
        create_unit(session, code="x-top", name="无上级", kind=kind)


def test_nothing_sits_under_a_party(session: Session, compound: Compound) -> None:
    with pytest.raises(Invalid, match="物业下不能设业委会"):
        create_unit(
            session, code="x1", name="套娃", kind=UnitKind.COMMITTEE, parent=compound.property
        )


def test_a_compound_has_one_property_company(session: Session, compound: Compound) -> None:
    with pytest.raises(Invalid, match="幸福里小区已有物业“绿城物业”"):
        create_unit(
            session, code="x2", name="第二物业", kind=UnitKind.PROPERTY, parent=compound.compound
        )


# --- where a party makes no sense --------------------------------------------------------------


def test_a_project_cannot_belong_to_a_party(session: Session, compound: Compound) -> None:
    with pytest.raises(Invalid, match="绿城物业是小区的物业，不能作为项目所属单位"):
        create_project(session, name="加装电梯", unit=compound.property, source=SYSTEM, now=NOW)
    project = create_project(
        session, name="加装电梯", unit=compound.compound, source=SYSTEM, now=NOW
    )
    with pytest.raises(Invalid, match="幸福里业委会是小区的业委会"):
        change_figures(session, project, {"unit_id": compound.committee.id}, source=SYSTEM)
    assert project.unit_id == compound.compound.id


def test_a_projects_sheet_naming_a_party_is_refused_on_its_row(
    session: Session, compound: Compound, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "台账.csv",
        [["项目名称", "所属单位", "项目阶段"], ["加装电梯", "绿城物业", "签约"]],
    )
    with pytest.raises(Invalid) as refused:
        import_projects(session, path, actor=None, now=NOW)
    [problem] = refused.value.errors
    assert (problem.row, problem.column) == (2, "所属单位")
    assert "不能作为项目所属单位" in problem.reason
    assert _count(session, Project) == 0


def test_a_party_has_no_targets(session: Session, compound: Compound, tmp_path: Path) -> None:
    with pytest.raises(Invalid, match="绿城物业是小区的物业，没有目标"):
        set_target(
            session, unit=compound.property, year=2026, metric="started", value=Decimal(1),
            actor=None, now=NOW,
        )  # fmt: skip
    path = _csv(
        tmp_path / "目标.csv",
        [["单位", "年度", "指标", "目标值"], ["C1-01-YWH", 2026, "开工项目数", 2]],
    )
    with pytest.raises(Invalid) as refused:
        import_targets(session, path, actor=None, now=NOW)
    [problem] = refused.value.errors
    assert (problem.row, problem.column) == (2, "单位")
    assert problem.reason.startswith("幸福里业委会是小区的业委会，没有目标")
    assert _count(session, Target) == 0


def test_the_dashboard_of_a_compound_leaves_its_parties_out(
    session: Session, compound: Compound
) -> None:
    create_project(session, name="加装电梯", unit=compound.compound, source=SYSTEM, now=NOW)
    board = dashboard(
        session, scope=compound.community.path, as_of=date(2026, 5, 20), top_unit=compound.community
    )
    assert [row.name for row in board.by_unit] == ["幸福里小区"]
    board = dashboard(
        session, scope=compound.compound.path, as_of=date(2026, 5, 20), top_unit=compound.compound
    )
    assert board.by_unit == []

"""Name search through the trigram index: the same matches on SQLite (FTS5) and PostgreSQL
(pg_trgm); the suite runs this file on both."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.enterprises.models import EnterpriseAlias
from taizhang.enterprises.registry import create_enterprise
from taizhang.kernel.sources import Source
from taizhang.projects.commands import change_figures, create_project, record_verdict
from taizhang.projects.events import project_events
from taizhang.projects.models import ProjectSearch
from taizhang.projects.projection import Investor
from taizhang.projects.queries import Page, ProjectFilter, list_projects
from taizhang.projects.search import rebuild_search
from tests.conftest import NOW, District

SYSTEM = Source("system", label="测试")


def _found(session: Session, q: str) -> list[str]:
    page = list_projects(session, ProjectFilter(q=q), Page(size=200), scope=None)
    return sorted(p.name for p in page.rows)


@pytest.fixture
def ledger(session: Session, district: District) -> Session:
    battery = create_enterprise(
        session, name="浙江当卓能源科技有限公司", aliases=["当卓科技", "DZ Energy"]
    )
    chips = create_enterprise(session, name="嘉兴微芯半导体有限公司", aliases=["微芯"])
    projects = (
        ("年产60GWh新型电池电芯项目", district.platform, [battery]),
        ("12英寸晶圆100%国产化项目", district.town, [chips, battery]),
        ("智能农机_二期项目", district.street, []),
        ("芯", district.street, []),
    )
    for n, (name, unit, investors) in enumerate(projects, start=1):
        create_project(
            session,
            name=name,
            unit=unit,
            code=f"T-{n}",
            figures={"investors": tuple(Investor(e.id, e.name) for e in investors)},
            source=SYSTEM,
            now=NOW,
        )
    session.flush()
    return session


@pytest.mark.parametrize(
    ("q", "names"),
    [
        ("电池电芯", ["年产60GWh新型电池电芯项目"]),  # the project's name
        ("gwh", ["年产60GWh新型电池电芯项目"]),  # Latin letters in any case
        ("当卓能源", ["12英寸晶圆100%国产化项目", "年产60GWh新型电池电芯项目"]),  # investor
        ("当卓科技", ["12英寸晶圆100%国产化项目", "年产60GWh新型电池电芯项目"]),  # short name
        ("dz energy", ["12英寸晶圆100%国产化项目", "年产60GWh新型电池电芯项目"]),
        ("微芯", ["12英寸晶圆100%国产化项目"]),  # two characters: below a trigram
        ("芯", ["12英寸晶圆100%国产化项目", "年产60GWh新型电池电芯项目", "芯"]),  # one
        ("100%", ["12英寸晶圆100%国产化项目"]),  # % taken literally
        ("0%国", ["12英寸晶圆100%国产化项目"]),
        ("%", ["12英寸晶圆100%国产化项目"]),
        ("_二期", ["智能农机_二期项目"]),  # _ taken literally
        ("_", ["智能农机_二期项目"]),
        ('"芯', []),  # a double quote is text, not FTS syntax
        ("T-1", ["年产60GWh新型电池电芯项目"]),  # a project code, exactly
        ("不存在的项目", []),
    ],
)
def test_search_finds_names_investors_and_short_names(
    ledger: Session, q: str, names: list[str]
) -> None:
    assert _found(ledger, q) == names


def test_a_new_alias_a_renamed_investor_and_a_rename_are_found_at_once(
    ledger: Session, district: District
) -> None:
    chips = ledger.scalar(select(EnterpriseAlias).where(EnterpriseAlias.alias == "微芯"))
    assert chips is not None
    chips.enterprise.aliases.append(EnterpriseAlias(alias="禾川芯片"))
    ledger.flush()
    assert _found(ledger, "禾川芯片") == ["12英寸晶圆100%国产化项目"]
    chips.enterprise.name = "嘉兴禾川微电子有限公司"
    ledger.flush()
    assert _found(ledger, "禾川微电子") == ["12英寸晶圆100%国产化项目"]
    assert _found(ledger, "微芯半导体") == []
    [machines] = list_projects(ledger, ProjectFilter(q="农机"), Page(), scope=None).rows
    change_figures(ledger, machines, {"name": "丘陵山区农机项目"}, source=SYSTEM, now=NOW)
    assert _found(ledger, "丘陵山区") == ["丘陵山区农机项目"]
    assert _found(ledger, "智能农机") == []


def test_dropping_an_investor_drops_its_names_from_the_document(ledger: Session) -> None:
    [wafers] = list_projects(ledger, ProjectFilter(q="晶圆"), Page(), scope=None).rows
    change_figures(ledger, wafers, {"investors": ()}, source=SYSTEM, now=NOW)
    assert _found(ledger, "当卓科技") == ["年产60GWh新型电池电芯项目"]


def test_a_withdrawn_project_is_not_found(ledger: Session) -> None:
    [cells] = list_projects(ledger, ProjectFilter(q="电芯"), Page(), scope=None).rows
    created = project_events(ledger, cells.id)[0]
    record_verdict(
        ledger, cells, target=created, accept=False, source=SYSTEM, actor=None, reason="重复"
    )
    assert _found(ledger, "电芯") == []


def test_a_rebuild_writes_the_same_documents(ledger: Session) -> None:
    kept = {row.project_id: row.text for row in ledger.scalars(select(ProjectSearch))}
    rebuild_search(ledger.connection())
    ledger.expire_all()
    assert {row.project_id: row.text for row in ledger.scalars(select(ProjectSearch))} == kept
    assert _found(ledger, "当卓科技") == ["12英寸晶圆100%国产化项目", "年产60GWh新型电池电芯项目"]

"""The ledgers as the chain engine reads them: the district's enterprises (code, name and
aliases, the latest year's revenue, 亩均 class, 链主), its projects (name, investor, chain,
stage), and the firms elsewhere the reports named as investors in talks (targets from intake)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from taizhang.chains.engine.model import Firm, ProjectRef
from taizhang.enterprises.ledger import FactField
from taizhang.enterprises.models import Enterprise, EnterpriseAlias
from taizhang.enterprises.queries import latest_year, year_figures
from taizhang.kernel.sources import Document
from taizhang.kernel.stages import Stage
from taizhang.muju.queries import classes_by_year
from taizhang.projects.models import COUNTED, Event, Project, ProjectInvestor


def local_firms(session: Session) -> list[Firm]:
    """Every enterprise registered in one of the district's units."""
    enterprises = list(
        session.scalars(
            select(Enterprise).where(Enterprise.unit_id.is_not(None)).order_by(Enterprise.id)
        )
    )
    ids = [e.id for e in enterprises]
    aliases: dict[int, list[str]] = {}
    for alias in session.scalars(
        select(EnterpriseAlias).where(EnterpriseAlias.enterprise_id.in_(ids))
    ):
        aliases.setdefault(alias.enterprise_id, []).append(alias.alias)
    year = latest_year(session)
    figures = year_figures(session, ids, year) if year is not None else {}
    grades = classes_by_year(session, [year])[year].grades if year is not None else {}
    return [
        Firm(
            e.id,
            e.name,
            e.industry_code,
            " ".join([*(aliases.get(e.id) or []), e.chain or ""]),
            _number(figures.get(e.id, {}).get(FactField.REVENUE)),
            _class(grades.get(e.id)),
            e.is_chain_leader,
        )
        for e in enterprises
    ]


def district_projects(session: Session) -> list[ProjectRef]:
    query = select(Project).where(COUNTED).order_by(Project.id)
    return [
        ProjectRef(p.id, p.name, p.investor_names or None, p.chain, p.stage)
        for p in session.scalars(query)
    ]


@dataclass(frozen=True)
class NamedFirm:
    """A firm a report named as the investor of a project in talks or elsewhere."""

    name: str
    project: str
    project_id: int
    document_id: int
    document_title: str


def firms_from_reports(session: Session) -> list[NamedFirm]:
    """Investors named by a report, not registered in the district, of a project in talks (洽谈)
    or placed elsewhere (held for review): firms elsewhere the reports put on the radar."""
    query = (
        select(Enterprise.name, Project.name, Project.id, Document.id, Document.title)
        .join(ProjectInvestor, ProjectInvestor.enterprise_id == Enterprise.id)
        .join(Project, Project.id == ProjectInvestor.project_id)
        .join(Event, Event.project_id == Project.id)
        .join(Document, Document.id == Event.document_id)
        .where(
            Project.withdrawn.is_(False),
            or_(Project.held_for_review.is_(True), Project.stage == Stage.TALKS.value),
            Enterprise.unit_id.is_(None),
        )
        .distinct()
        .order_by(Project.id)
    )
    return [NamedFirm(*row) for row in session.execute(query)]


def _class(grade: str | None) -> str | None:
    """A 亩均 class (A–D); an exclusion (不定等级, 新建企业 …) is no class."""
    return grade if grade and grade.isascii() else None


def _number(text: str | None) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None

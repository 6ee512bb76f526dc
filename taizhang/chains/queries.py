"""What the chain pages, the API and the CLI show: each chain over the district (links with
their firms, projects, strength and gap; 链主 and suppliers) and the target firms for each gap,
from the reports intake read and from staff's leads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from taizhang.chains.engine.analysis import analyse, place_project
from taizhang.chains.engine.model import ChainMap, ChainView, GapKind, LinkView, ProjectRef
from taizhang.chains.inputs import (
    NamedFirm,
    district_projects,
    firms_from_reports,
    local_firms,
)
from taizhang.chains.leads import leads_of
from taizhang.chains.models import LeadStep
from taizhang.chains.shipped import shipped_map, shipped_maps


@dataclass(frozen=True)
class Target:
    """A firm elsewhere to attract for a link: named by a report or entered as a lead."""

    firm: str
    region: str
    source: str  # 报道《…》 or the lead's source
    step: str  # 报道点名 for a report's firm, else the lead's latest step
    lead_id: int | None = None
    document_id: int | None = None
    why: str = ""  # for a report's firm: its project in talks
    project: str = ""  # that project's name
    document_title: str = ""

    def source_in(self, language: str) -> str:
        if language == "en" and self.document_title:
            return f"report “{self.document_title}”"
        return self.source

    def step_in(self, language: str) -> str:
        if language != "en":
            return self.step
        if self.document_id is not None:
            return "named by a report"
        return next((s.english for s in LeadStep if s.label == self.step), self.step)

    def why_in(self, language: str) -> str:
        if language == "en" and self.project:
            return f"project in talks: {self.project}"
        return self.why


@dataclass
class ChainPage:
    view: ChainView
    targets: dict[str, list[Target]] = field(default_factory=dict)

    def targets_of(self, link: LinkView) -> list[Target]:
        return self.targets.get(link.link.key, [])


@dataclass(frozen=True)
class ChainSummary:
    chain: ChainMap
    gaps: Counter[GapKind]
    firms: int
    leaders: int
    targets: int


def chain_page(session: Session, key: str) -> ChainPage:
    chain = shipped_map(key)
    view = analyse(chain, local_firms(session), district_projects(session))
    return ChainPage(view, _targets(session, view, firms_from_reports(session)))


def chain_summaries(session: Session) -> list[ChainSummary]:
    firms, projects = local_firms(session), district_projects(session)
    named = firms_from_reports(session)  # read once for every chain
    summaries = []
    for chain in shipped_maps():
        view = analyse(chain, firms, projects)
        targets = _targets(session, view, named)
        on_chain = {firm.id for link in view.links for firm, _ in link.firms}
        summaries.append(
            ChainSummary(
                chain,
                Counter(link.gap.kind for link in view.gaps() if link.gap),
                len(on_chain),
                len(view.leaders),
                sum(len(found) for found in targets.values()),
            )
        )
    return summaries


def _targets(
    session: Session, view: ChainView, named_firms: list[NamedFirm]
) -> dict[str, list[Target]]:
    gaps = {link.link.key: link for link in view.gaps()}
    found: dict[str, list[Target]] = {key: [] for key in gaps}
    for named in named_firms:
        for key, link in gaps.items():
            if place_project(link.link, ProjectRef(named.project_id, named.project)) is not None:
                source = f"报道《{named.document_title}》"
                why = f"在谈项目：{named.project}"
                found[key].append(
                    Target(
                        named.name,
                        "",
                        source,
                        "报道点名",
                        document_id=named.document_id,
                        why=why,
                        project=named.project,
                        document_title=named.document_title,
                    )
                )
    for lead in leads_of(session, view.chain.key):
        if lead.link_key in found:
            step = LeadStep(lead.step).label
            found[lead.link_key].append(
                Target(lead.firm, lead.region, lead.source, step, lead_id=lead.id, why=lead.note)
            )
    return found

"""The chains' JSON shapes."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel

from taizhang.chains.engine.model import Leader, LinkView
from taizhang.chains.queries import ChainPage, ChainSummary, Target


class ChainSummaryOut(BaseModel):
    key: str
    title: str
    title_en: str
    version: str
    links: int
    firms: int
    leaders: int
    targets: int
    gaps: dict[str, int]  # 缺链/弱链/断链 counts, by kind value

    @classmethod
    def of(cls, summary: ChainSummary) -> ChainSummaryOut:
        chain = summary.chain
        return cls(
            key=chain.key,
            title=chain.title,
            title_en=chain.title_en,
            version=chain.version,
            links=len(chain.links),
            firms=summary.firms,
            leaders=summary.leaders,
            targets=summary.targets,
            gaps={kind.value: count for kind, count in summary.gaps.items()},
        )


class PlacedOut(BaseModel):
    id: int
    name: str
    why: str


class TargetOut(BaseModel):
    firm: str
    region: str
    source: str
    step: str
    why: str
    lead_id: int | None
    document_id: int | None

    @classmethod
    def of(cls, target: Target) -> TargetOut:
        return cls(**{name: getattr(target, name) for name in cls.model_fields})


class LinkOut(BaseModel):
    key: str
    name: str
    name_en: str
    position: str
    depends_on: list[str]
    firms: list[PlacedOut]
    projects: list[PlacedOut]
    output_wan: Decimal
    classes: dict[str, int]
    gap: str | None  # missing / weak / broken
    gap_label: str | None
    gap_why: str | None
    targets: list[TargetOut]

    @classmethod
    def of(cls, view: LinkView, targets: list[Target]) -> LinkOut:
        link = view.link
        return cls(
            key=link.key,
            name=link.name,
            name_en=link.name_en,
            position=link.position.value,
            depends_on=list(link.depends_on),
            firms=[PlacedOut(id=f.id, name=f.name, why=p.words()) for f, p in view.firms],
            projects=[PlacedOut(id=r.id, name=r.name, why=p.words()) for r, p in view.projects],
            output_wan=view.output,
            classes=view.classes(),
            gap=view.gap.kind.value if view.gap else None,
            gap_label=view.gap.kind.label if view.gap else None,
            gap_why=view.gap.why if view.gap else None,
            targets=[TargetOut.of(t) for t in targets],
        )


class LeaderOut(BaseModel):
    id: int
    name: str
    link: str
    suppliers: list[PlacedOut]
    missing_links: list[str]

    @classmethod
    def of(cls, leader: Leader) -> LeaderOut:
        return cls(
            id=leader.firm.id,
            name=leader.firm.name,
            link=leader.link.key,
            suppliers=[
                PlacedOut(id=f.id, name=f.name, why=link.name) for link, f in leader.suppliers
            ],
            missing_links=[link.key for link in leader.missing],
        )


class ChainOut(BaseModel):
    key: str
    title: str
    version: str
    links: list[LinkOut]
    leaders: list[LeaderOut]

    @classmethod
    def of(cls, page: ChainPage) -> ChainOut:
        chain = page.view.chain
        return cls(
            key=chain.key,
            title=chain.title,
            version=chain.version,
            links=[LinkOut.of(v, page.targets_of(v)) for v in page.view.links],
            leaders=[LeaderOut.of(leader) for leader in page.view.leaders],
        )


class LeadIn(BaseModel):
    link: str
    firm: str
    region: str = ""
    source: str = ""
    note: str = ""


class LeadOut(BaseModel):
    id: int
    chain: str
    link: str
    firm: str
    step: str

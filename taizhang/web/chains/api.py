"""The chains' JSON API (/api/v1/chains): every chain with its counts, one chain with its links
(firms, projects, gaps, targets) and 链主, and entering a lead."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from taizhang.chains.access import require_chains
from taizhang.chains.leads import enter_lead
from taizhang.chains.queries import chain_page, chain_summaries
from taizhang.org.access import Section
from taizhang.web.chains.schemas import ChainOut, ChainSummaryOut, LeadIn, LeadOut
from taizhang.web.deps import CsrfChecked, CurrentUser, NowDep, SessionDep, section
from taizhang.web.errors import ERRORS

router = APIRouter(dependencies=[section(Section.CHAINS)])
ChainKey = Annotated[str, Path(pattern=r"^[a-z][a-z0-9-]{1,40}$")]


@router.get(
    "/api/v1/chains", response_model=list[ChainSummaryOut], tags=["chains"], responses=ERRORS
)
def get_chains(session: SessionDep, user: CurrentUser) -> list[ChainSummaryOut]:
    """产业链列表：各链的环节、本地企业、链主、缺口与目标企业数 (every chain with its counts)."""
    require_chains(user)
    return [ChainSummaryOut.of(s) for s in chain_summaries(session)]


@router.get("/api/v1/chains/{key}", response_model=ChainOut, tags=["chains"], responses=ERRORS)
def get_chain(session: SessionDep, user: CurrentUser, key: ChainKey) -> ChainOut:
    """一条产业链：各环节的本地企业、项目、强弱与缺口、目标企业，链主及其本地配套."""
    require_chains(user)
    return ChainOut.of(chain_page(session, key))


@router.post(
    "/api/v1/chains/{key}/leads",
    response_model=LeadOut,
    status_code=201,
    tags=["chains"],
    responses=ERRORS,
    dependencies=[CsrfChecked],
)
def post_lead(
    session: SessionDep, user: CurrentUser, now: NowDep, key: ChainKey, body: LeadIn
) -> LeadOut:
    """录入招商线索 (enter a lead for one link)."""
    lead = enter_lead(
        session, user, chain_key=key, link_key=body.link, firm=body.firm, region=body.region,
        source=body.source, note=body.note, now=now,
    )  # fmt: skip
    return LeadOut(
        id=lead.id, chain=lead.chain_key, link=lead.link_key, firm=lead.firm, step=lead.step
    )

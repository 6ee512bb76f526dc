"""链式招商 pages: every chain with its counts; one chain's map (an SVG drawn here, links
coloured by their gap), each link's firms, projects and target firms, 链主 with their local
suppliers; the gap list as a workbook; entering a lead and recording a step with it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from taizhang.chains.access import may_act, require_chains
from taizhang.chains.leads import enter_lead, get_lead, record_step
from taizhang.chains.models import LeadStep
from taizhang.chains.queries import chain_page, chain_summaries
from taizhang.chains.sheets import gaps_workbook
from taizhang.kernel.clock import district_date
from taizhang.kernel.errors import Invalid
from taizhang.kernel.sheets import workbook_bytes
from taizhang.org.access import Section
from taizhang.web.chains.drawing import draw_map
from taizhang.web.deps import CsrfChecked, CurrentUser, FormText, NowDep, SessionDep, section
from taizhang.web.downloads import attachment
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[section(Section.CHAINS)])
ChainKey = Annotated[str, Path(pattern=r"^[a-z][a-z0-9-]{1,40}$")]
_STEPS = [step for step in LeadStep if step is not LeadStep.ENTERED]


@router.get("/chains", response_class=HTMLResponse)
def chains_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    require_chains(user)
    return render(request, "chains/list.html", {"rows": chain_summaries(session)})


@router.get("/chains/{key}", response_class=HTMLResponse)
def chain_detail(
    request: Request, session: SessionDep, user: CurrentUser, key: ChainKey
) -> Response:
    require_chains(user)
    page = chain_page(session, key)
    context = {
        "page": page,
        "chain": page.view.chain,
        "svg": draw_map(page.view, request.state.language),
        "act": may_act(user),
        "steps": _STEPS,
    }
    return render(request, "chains/detail.html", context)


@router.get("/chains/{key}/gaps.xlsx")
def gaps_download(session: SessionDep, user: CurrentUser, now: NowDep, key: ChainKey) -> Response:
    require_chains(user)
    page = chain_page(session, key)
    today = district_date(now).isoformat()
    content = workbook_bytes(gaps_workbook(page, today=today))
    return attachment(content, f"缺口与目标企业-{page.view.chain.title}-{today}.xlsx")


@router.post("/chains/{key}/leads", dependencies=[CsrfChecked])
def lead_form(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    key: ChainKey,
    link: FormText,
    firm: FormText,
    region: FormText = "",
    source: FormText = "",
    note: FormText = "",
) -> Response:
    lead = enter_lead(
        session, user, chain_key=key, link_key=link, firm=firm, region=region,
        source=source, note=note, now=now,
    )  # fmt: skip
    return RedirectResponse(f"/chains/{key}#lead-{lead.id}", status_code=303)


@router.post("/chains/{key}/leads/{lead_id}/steps", dependencies=[CsrfChecked])
def step_form(
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    key: ChainKey,
    lead_id: int,
    step: FormText,
    note: FormText = "",
) -> Response:
    lead = get_lead(session, lead_id)
    chosen = next((s for s in _STEPS if s.value == step), None)
    if chosen is None or lead.chain_key != key:
        raise Invalid(f"不认识的进展：{step} (unknown step)")
    record_step(session, user, lead.id, chosen, note=note, now=now)
    return RedirectResponse(f"/chains/{key}#lead-{lead.id}", status_code=303)

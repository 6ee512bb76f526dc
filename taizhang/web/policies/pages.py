"""政策匹配 pages: the library (filters, each policy's latest counts), a policy (its rules in
words; who qualifies, who nearly does and what they lack, whose data is missing; its runs; the
payment list and the push list as workbooks), and the two acts of district administrators:
matching again (a stored 试算) and publishing a run."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from taizhang.kernel.clock import district_date
from taizhang.kernel.errors import Invalid
from taizhang.kernel.sheets import workbook_bytes
from taizhang.org.access import Section
from taizhang.policies.access import (
    get_policy_for_user,
    get_run_for_user,
    may_act,
    require_actor,
    require_policies,
)
from taizhang.policies.engine.policy import PolicyKind
from taizhang.policies.models import PolicyRun
from taizhang.policies.queries import filter_choices, list_policies, policy_view
from taizhang.policies.results import source_words, value_words
from taizhang.policies.runs import compute_run, publish_run, register_file
from taizhang.policies.sheets import payment_workbook, push_workbook
from taizhang.web.deps import CsrfChecked, CurrentUser, FormText, NowDep, SessionDep, section
from taizhang.web.downloads import attachment
from taizhang.web.policies.views import LibraryFilterDep, RunQuery, chosen_run
from taizhang.web.rendering import render

router = APIRouter(include_in_schema=False, dependencies=[section(Section.POLICIES)])


@router.get("/policies", response_class=HTMLResponse)
def library_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, chosen: LibraryFilterDep
) -> Response:
    require_policies(user)
    issuers, themes = filter_choices()
    context = {
        "rows": list_policies(session, chosen),
        "chosen": chosen,
        "issuers": issuers,
        "themes": themes,
        "kinds": list(PolicyKind),
        "today": district_date(now),
    }
    return render(request, "policies/list.html", context)


@router.get("/policies/{code:policy}", response_class=HTMLResponse)
def policy_page(
    request: Request, session: SessionDep, user: CurrentUser, code: str, run: RunQuery = None
) -> Response:
    found = get_policy_for_user(session, user, code)
    view = policy_view(session, found, chosen_run(session, user, code, run))
    context = {
        "view": view,
        "p": found.policy,
        "act": may_act(user),
        "source_words": source_words,
        "value_words": value_words,
    }
    return render(request, "policies/detail.html", context)


@router.get("/policies/{code:policy}/payments.xlsx")
def payments_download(
    session: SessionDep, user: CurrentUser, code: str, run: RunQuery = None
) -> Response:
    found = get_policy_for_user(session, user, code)
    if found.policy.kind is not PolicyKind.AUTOMATIC:
        raise Invalid(f"{code} 是申报类政策，没有兑付清单，请下载推送清单 (no payment list)")
    view = policy_view(session, found, chosen_run(session, user, code, run))
    content = workbook_bytes(payment_workbook(session, view))
    return attachment(content, f"兑付清单-{code}-{_label(view.run)}.xlsx")


@router.get("/policies/{code:policy}/push.xlsx")
def push_download(
    session: SessionDep, user: CurrentUser, code: str, run: RunQuery = None
) -> Response:
    found = get_policy_for_user(session, user, code)
    view = policy_view(session, found, chosen_run(session, user, code, run))
    content = workbook_bytes(push_workbook(session, view))
    return attachment(content, f"推送清单-{code}-{_label(view.run)}.xlsx")


def _label(run: PolicyRun | None) -> str:
    return f"第{run.id}次" if run is not None else "试算"


@router.post("/policies/{code:policy}/match", dependencies=[CsrfChecked])
def match_form(session: SessionDep, user: CurrentUser, now: NowDep, code: str) -> Response:
    require_actor(user, "匹配政策 (match a policy)")
    found = get_policy_for_user(session, user, code)
    run = compute_run(session, register_file(session, found, now=now), actor=user, now=now)
    return RedirectResponse(f"/policies/{code}?run={run.id}", status_code=303)


@router.post("/policies/{code:policy}/runs/{run_id:id}/publish", dependencies=[CsrfChecked])
def publish_form(
    session: SessionDep, user: CurrentUser, now: NowDep, code: str, run_id: int, note: FormText = ""
) -> Response:
    require_actor(user, "发布政策匹配结果 (publish a match run)")
    run = get_run_for_user(session, user, code, run_id)
    publish_run(session, run, actor=user, now=now, note=note.strip() or None)
    return RedirectResponse(f"/policies/{code}?run={run.id}", status_code=303)

"""激励兑现 pages: the programs, a program (its rules in words, its runs, the pool's use by town
and by month as charts with their tables, the payment office's workbook), a run's accounts
(searched by 户号), and an account (its bills of two years, its vouchers and why, each movement).

Who sees what: the district's desks (`org.access.SECTIONS`, 激励兑现); a household's bills are
personal data, so no other desk sees them. District administrators record a redemption or a
refund on the account page (the commands check it again)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from taizhang.incentives.access import (
    get_account_for_user,
    get_program_for_user,
    get_run_for_user,
    get_voucher_to_move,
    require_incentives,
)
from taizhang.incentives.models import IncentiveAccount
from taizhang.incentives.queries import account_view, list_programs, program_view, run_page
from taizhang.incentives.shipped import shipped_names
from taizhang.incentives.stored_sheet import stored_payment_workbook
from taizhang.incentives.vouchers import redeem, refund
from taizhang.kernel.clock import district_date
from taizhang.kernel.errors import Invalid
from taizhang.kernel.sheets import workbook_bytes
from taizhang.org.access import Section
from taizhang.org.models import Role, User
from taizhang.web.deps import CsrfChecked, CurrentUser, FormText, NowDep, SessionDep, section
from taizhang.web.downloads import attachment
from taizhang.web.incentives.charts import bills_chart, month_chart, town_chart
from taizhang.web.rendering import render

router = APIRouter(dependencies=[section(Section.INCENTIVES)])
SearchQuery = Annotated[str, Query(max_length=60, description="户号或户名")]
PageQuery = Annotated[int, Query(ge=1, le=100_000)]


@router.get("/incentives", response_class=HTMLResponse, include_in_schema=False)
def programs_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    require_incentives(user)
    context = {"programs": list_programs(session), "shipped": shipped_names()}
    return render(request, "incentives/programs.html", context)


@router.get(
    "/incentives/programs/{program_id:id}", response_class=HTMLResponse, include_in_schema=False
)
def program_page(
    request: Request, session: SessionDep, user: CurrentUser, program_id: int
) -> Response:
    view = program_view(session, get_program_for_user(session, user, program_id))
    language = request.state.language
    context = {
        "view": view,
        "town_svg": town_chart(view.by_town, language),
        "month_svg": month_chart(view.by_month, language),
    }
    return render(request, "incentives/program.html", context)


@router.get("/incentives/runs/{run_id:id}", response_class=HTMLResponse, include_in_schema=False)
def run_view(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    run_id: int,
    q: SearchQuery = "",
    rewarded: Annotated[bool, Query()] = False,
    page: PageQuery = 1,
) -> Response:
    run = get_run_for_user(session, user, run_id)
    found = run_page(session, run, query=q, only_rewarded=rewarded, page=page)
    if q and found.count == 1 and found.rows[0].number == q.strip():
        return RedirectResponse(f"/incentives/accounts/{found.rows[0].number}", status_code=303)
    return render(request, "incentives/run.html", {"found": found})


@router.get("/incentives/runs/{run_id:id}/payments.xlsx", include_in_schema=False)
def payments_download(session: SessionDep, user: CurrentUser, run_id: int) -> Response:
    run = get_run_for_user(session, user, run_id)
    content = workbook_bytes(stored_payment_workbook(session, run))
    return attachment(content, f"兑付清单-{run.program.version}-{run.period}.xlsx")


@router.get(
    "/incentives/accounts/{number:account}", response_class=HTMLResponse, include_in_schema=False
)
def account_page(
    request: Request, session: SessionDep, user: CurrentUser, now: NowDep, number: str
) -> Response:
    account = get_account_for_user(session, user, number)
    return render_account(request, session, user, account, now)


def render_account(
    request: Request,
    session: Session,
    user: User,
    account: IncentiveAccount,
    now: datetime,
    extra: dict[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    view = account_view(session, account, district_date(now))
    context: dict[str, object] = {
        "view": view,
        "bills_svg": bills_chart(view, request.state.language),
        "admin": user.role == Role.DISTRICT_ADMIN,
    }
    return render(
        request, "incentives/account.html", context | (extra or {}), status_code=status_code
    )


@router.post(
    "/incentives/vouchers/{voucher_id:id}/redeem",
    include_in_schema=False,
    dependencies=[CsrfChecked],
)
def redeem_form(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    voucher_id: int,
    amount: Annotated[str, Form(max_length=30)],
    merchant: Annotated[str, Form(max_length=100)],
) -> Response:
    voucher = get_voucher_to_move(session, user, voucher_id, "登记消费券核销 (record a redemption)")
    number = voucher.account
    try:
        redeem(session, voucher, amount=_amount(amount), merchant=merchant, at=now, actor=user)
    except Invalid as exc:
        return _again(request, session, user, now, voucher_id, number, exc, amount, merchant)
    return RedirectResponse(f"/incentives/accounts/{number}#v{voucher_id}", status_code=303)


@router.post(
    "/incentives/vouchers/{voucher_id:id}/refund",
    include_in_schema=False,
    dependencies=[CsrfChecked],
)
def refund_form(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    voucher_id: int,
    amount: Annotated[str, Form(max_length=30)],
    merchant: Annotated[str, Form(max_length=100)],
    reason: FormText = "",
) -> Response:
    voucher = get_voucher_to_move(session, user, voucher_id, "登记商户退回 (record a refund)")
    number = voucher.account
    try:
        refund(
            session, voucher, amount=_amount(amount), merchant=merchant, at=now, actor=user,
            note=reason.strip() or None,
        )  # fmt: skip
    except Invalid as exc:
        return _again(request, session, user, now, voucher_id, number, exc, amount, merchant)
    return RedirectResponse(f"/incentives/accounts/{number}#v{voucher_id}", status_code=303)


def _again(
    request: Request,
    session: Session,
    user: User,
    now: datetime,
    voucher_id: int,
    number: str,
    exc: Invalid,
    amount: str,
    merchant: str,
) -> Response:
    """The account page again (422) with the problem beside the voucher and what was typed."""
    session.rollback()
    account = get_account_for_user(session, user, number)
    error = {"voucher": voucher_id, "message": exc.message_in(request.state.language)}
    typed = {"amount": amount, "merchant": merchant}
    context: dict[str, object] = {"error": error, "typed": typed}
    return render_account(request, session, user, account, now, context, 422)


def _amount(text: str) -> Decimal:
    try:
        amount = Decimal(text.strip().replace(",", "").removesuffix("元"))
    except InvalidOperation as exc:
        raise Invalid(f"金额“{text}”不是数字 (not a number)") from exc
    if not amount.is_finite():
        raise Invalid(f"金额“{text}”不是数字 (not a number)")
    return amount

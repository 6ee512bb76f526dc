"""The incentives' JSON API (/api/v1/incentives): programs, a program with its runs and the
pool's use, a run's accounts (search by 户号), an account with its bills and vouchers, and the
two movements people record — a merchant's redemption and a refund to the pool."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query

from taizhang.incentives.access import (
    get_account_for_user,
    get_program_for_user,
    get_run_for_user,
    get_voucher_to_move,
    require_incentives,
)
from taizhang.incentives.ledger import run_totals
from taizhang.incentives.models import Voucher
from taizhang.incentives.queries import account_view, list_programs, program_view, run_page
from taizhang.incentives.vouchers import redeem, refund
from taizhang.kernel.clock import district_date
from taizhang.org.access import Section
from taizhang.web.deps import CsrfChecked, CurrentUser, NowDep, SessionDep, section
from taizhang.web.errors import ERRORS
from taizhang.web.incentives.schemas import (
    AccountOut,
    MonthUseOut,
    MovementDoneOut,
    ProgramDetailOut,
    ProgramOut,
    ProgramsOut,
    RedeemIn,
    RefundIn,
    RunAccountOut,
    RunAccountsOut,
    RunOut,
    TownUseOut,
    run_items,
)

router = APIRouter(dependencies=[section(Section.INCENTIVES)])


@router.get(
    "/api/v1/incentives/programs", response_model=ProgramsOut, tags=["incentives"], responses=ERRORS
)
def get_programs(session: SessionDep, user: CurrentUser) -> ProgramsOut:
    """激励项目及其兑现次数 (the programs and how many runs each has)."""
    require_incentives(user)
    items = [ProgramOut.of(p) for p in list_programs(session)]
    return ProgramsOut(items=items, count=len(items))


@router.get(
    "/api/v1/incentives/programs/{program_id:id}",
    response_model=ProgramDetailOut,
    tags=["incentives"],
    responses=ERRORS,
)
def get_program(session: SessionDep, user: CurrentUser, program_id: int) -> ProgramDetailOut:
    """项目规则、各次兑现结果与资金池使用（按镇街、按月） (a program, its runs, the pool's use)."""
    view = program_view(session, get_program_for_user(session, user, program_id))
    row = view.row
    return ProgramDetailOut(
        id=row.id, version=row.version, title=row.title, kind=row.kind, sha256=row.sha256,
        rules=view.rules, text=row.text, runs=run_items(view.runs),
        by_town=[TownUseOut.of(u) for u in view.by_town],
        by_month=[MonthUseOut.of(u) for u in view.by_month],
    )  # fmt: skip


@router.get(
    "/api/v1/incentives/runs/{run_id:id}",
    response_model=RunAccountsOut,
    tags=["incentives"],
    responses=ERRORS,
)
def get_run(
    session: SessionDep,
    user: CurrentUser,
    run_id: int,
    q: Annotated[str, Query(max_length=60, description="户号（或其开头）或户名")] = "",
    rewarded: Annotated[bool, Query(description="只列获奖励的户")] = False,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> RunAccountsOut:
    """一次兑现结果：每户的奖励与说明，可按户号查找 (a run's accounts with their explanation)."""
    run = get_run_for_user(session, user, run_id)
    found = run_page(session, run, query=q, only_rewarded=rewarded, page=page)
    return RunAccountsOut(
        run=RunOut.of(run, found.totals), query=found.query,
        items=[RunAccountOut.of(r) for r in found.rows], count=found.count, page=found.page,
        pages=found.pages,
    )  # fmt: skip


@router.get(
    "/api/v1/incentives/runs/{run_id:id}/totals",
    response_model=RunOut,
    tags=["incentives"],
    responses=ERRORS,
)
def get_run_totals(session: SessionDep, user: CurrentUser, run_id: int) -> RunOut:
    """兑现结果与消费券台账合计（已发放 = 已核销 + 已过期 + 已退回 + 未使用余额）."""
    run = get_run_for_user(session, user, run_id)
    return RunOut.of(run, run_totals(session, run))


@router.get(
    "/api/v1/incentives/accounts/{number:account}",
    response_model=AccountOut,
    tags=["incentives"],
    responses=ERRORS,
)
def get_account(session: SessionDep, user: CurrentUser, now: NowDep, number: str) -> AccountOut:
    """一户（或一家企业）：两年电费账单、各次结果、消费券及每笔流水."""
    account = get_account_for_user(session, user, number)
    return AccountOut.of(account_view(session, account, district_date(now)))


@router.post(
    "/api/v1/incentives/vouchers/{voucher_id:id}/redeem",
    response_model=MovementDoneOut,
    tags=["incentives"],
    responses=ERRORS,
    dependencies=[CsrfChecked],
)
def post_redeem(
    session: SessionDep, user: CurrentUser, now: NowDep, voucher_id: int, given: RedeemIn
) -> MovementDoneOut:
    """登记商户核销；不超过余额、不过有效期；仅区级管理员 (a merchant's redemption)."""
    voucher = get_voucher_to_move(session, user, voucher_id, "登记消费券核销 (record a redemption)")
    redeem(session, voucher, amount=given.amount, merchant=given.merchant, at=now, actor=user)
    return _done(voucher, "REDEEMED", given.amount)


@router.post(
    "/api/v1/incentives/vouchers/{voucher_id:id}/refund",
    response_model=MovementDoneOut,
    tags=["incentives"],
    responses=ERRORS,
    dependencies=[CsrfChecked],
)
def post_refund(
    session: SessionDep, user: CurrentUser, now: NowDep, voucher_id: int, given: RefundIn
) -> MovementDoneOut:
    """商户退回（不超过该商户在此券上的净核销，回到余额）；仅区级管理员 (a merchant's refund)."""
    voucher = get_voucher_to_move(session, user, voucher_id, "登记商户退回 (record a refund)")
    refund(
        session, voucher, amount=given.amount, merchant=given.merchant, at=now, actor=user,
        note=given.reason.strip() or None,
    )  # fmt: skip
    return _done(voucher, "REFUNDED", given.amount)


def _done(voucher: Voucher, kind: str, amount: Decimal) -> MovementDoneOut:
    return MovementDoneOut(voucher=voucher.id, kind=kind, amount=amount, balance=voucher.balance)

"""Who may see and change the incentives: the district's desks (区级管理员 and 区领导) use the
激励兑现 section (`org.access.SECTIONS`); only district administrators publish runs and move
vouchers (the commands check it). A household's bills and vouchers are personal data, so no
other desk sees them, whatever its unit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.incentives.models import IncentiveAccount, IncentiveProgram, IncentiveRun, Voucher
from taizhang.kernel.errors import NotFound
from taizhang.org.access import Section, require_district_admin, require_section
from taizhang.org.models import User


def require_incentives(user: User) -> None:
    """A log-in whose desk uses the 激励兑现 section."""
    require_section(user, Section.INCENTIVES)


def get_program_for_user(session: Session, user: User, program_id: int) -> IncentiveProgram:
    require_incentives(user)
    program = session.get(IncentiveProgram, program_id)
    if program is None:
        raise NotFound(f"没有编号为 {program_id} 的激励项目 (no such program)")
    return program


def get_run_for_user(session: Session, user: User, run_id: int) -> IncentiveRun:
    require_incentives(user)
    run = session.get(IncentiveRun, run_id)
    if run is None:
        raise NotFound(f"没有编号为 {run_id} 的兑现结果 (no such run)")
    return run


def get_account_for_user(session: Session, user: User, number: str) -> IncentiveAccount:
    require_incentives(user)
    account = session.scalar(select(IncentiveAccount).where(IncentiveAccount.number == number))
    if account is None:
        raise NotFound(f"没有户号为 {number} 的用电户 (no such account)")
    return account


def get_voucher_to_move(session: Session, user: User, voucher_id: int, action: str) -> Voucher:
    """A voucher a district administrator records a movement on (核销, 退回); `action` names
    it in the refusal."""
    require_incentives(user)
    require_district_admin(user, action)
    voucher = session.get(Voucher, voucher_id)
    if voucher is None:
        raise NotFound(f"没有编号为 {voucher_id} 的消费券 (no such voucher)")
    return voucher

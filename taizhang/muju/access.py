"""Who may see and act on 亩均 evaluations. The section (`Section.MUJU`) is for the district's
and the towns' desks: they read every year's distribution and the towns' standing (published
among the towns, like the race). Town staff list only their own town's enterprises and their
explanations; only district administrators compute, publish, record objections and freeze
(the commands check it again)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from taizhang.kernel.errors import NotFound
from taizhang.muju.models import MujuRun
from taizhang.muju.queries import visible_results
from taizhang.muju.runs import require_run
from taizhang.org.access import Section, require_section, scope_path
from taizhang.org.models import Role, User


def require_reader(user: User) -> None:
    require_section(user, Section.MUJU)


def may_act(user: User) -> bool:
    return user.role == Role.DISTRICT_ADMIN.value


def get_run_for_user(session: Session, user: User, year: int) -> MujuRun:
    require_reader(user)
    return require_run(session, year)


def get_result_for_user(
    session: Session, user: User, run: MujuRun, enterprise_id: int
) -> dict[str, Any]:
    """One enterprise's result with its explanation; town staff only for their own town's."""
    found = next(
        (r for r in visible_results(session, run, scope_path(user))
         if r["enterprise_id"] == enterprise_id),
        None,
    )  # fmt: skip
    if found is None:
        raise NotFound(
            f"{run.year} 年度评价结果中没有这家企业，或不在本单位范围内"
            " (no such enterprise in the results you may see)"
        )
    return found

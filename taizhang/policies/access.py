"""Who may read and act on the policies (section 政策匹配): the district's desks and the
departments read every policy and every enterprise's match; district administrators match a
policy again and publish a run. An enterprise's own page shows its matches to whoever may see
that enterprise (`enterprises.access`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from taizhang.kernel.errors import NotFound
from taizhang.org.access import Section, require_district_admin, require_section
from taizhang.org.models import Role, User
from taizhang.policies.library import PolicyFile, shipped_file
from taizhang.policies.models import PolicyRun
from taizhang.policies.runs import get_run


def require_policies(user: User) -> None:
    require_section(user, Section.POLICIES)


def get_policy_for_user(session: Session, user: User, code: str) -> PolicyFile:
    require_policies(user)
    return shipped_file(code)


def get_run_for_user(session: Session, user: User, code: str, run_id: int) -> PolicyRun:
    require_policies(user)
    run = get_run(session, run_id)
    if run.code != code:
        raise NotFound(f"政策 {code} 没有编号为 {run_id} 的匹配结果 (no such run)")
    return run


def may_act(user: User) -> bool:
    """Whether the page offers matching again and publishing (the commands check it again)."""
    return user.role == Role.DISTRICT_ADMIN


def require_actor(user: User, what: str) -> None:
    require_policies(user)
    require_district_admin(user, what)

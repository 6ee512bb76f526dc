"""Who may read the chains and act on their leads (section 链式招商): the district's desks and
the towns' investment staff read every chain; whoever may edit (not a viewer) enters a lead or
records a step with it."""

from __future__ import annotations

from taizhang.kernel.errors import Forbidden
from taizhang.org.access import Section, require_section
from taizhang.org.models import Role, User


def require_chains(user: User) -> None:
    require_section(user, Section.CHAINS)


def may_act(user: User) -> bool:
    return user.role != Role.VIEWER


def require_actor(user: User) -> None:
    require_chains(user)
    if not may_act(user):
        raise Forbidden("查看者不能录入或更新招商线索 (viewers may not enter or update leads)")

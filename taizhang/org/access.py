"""Who may see and change what: every scope rule of the organisation in one place.

A unit staff member works in their unit's subtree; district administrators and viewers see the
whole district; viewers change nothing. Each domain's `access` module builds its
`get_…_for_user` helpers on these."""

from __future__ import annotations

from sqlalchemy.orm import Session

from taizhang.kernel.errors import Forbidden, split_message
from taizhang.org.models import Role, Unit, User
from taizhang.org.units import district_unit


def scope_unit(user: User) -> Unit | None:
    """The subtree a user works in; None means the whole district."""
    return user.unit if user.role == Role.UNIT_STAFF else None


def scope_path(user: User) -> str | None:
    unit = scope_unit(user)
    return unit.path if unit else None


def can_view(user: User, unit: Unit) -> bool:
    path = scope_path(user)
    return path is None or unit.path.startswith(path)


def can_edit(user: User, unit: Unit) -> bool:
    return user.role != Role.VIEWER and can_view(user, unit)


def scope_or_district(session: Session, user: User) -> Unit:
    """The unit whose subtree the user sees: their own, or the whole district."""
    return scope_unit(user) or district_unit(session)


def require_district_admin(actor: User | None, what: str) -> None:
    """Only district administrators may do `what` (None: the system itself acts).
    `what` is the act, "中文 (english)": 设定目标 (set targets)."""
    if actor is not None and actor.role != Role.DISTRICT_ADMIN.value:
        zh, en = split_message(what)
        raise Forbidden(
            f"只有区级管理员可以{zh} (only district administrators may {en or 'do this'})"
        )


def require_writer(user: User, what: str) -> None:
    """Viewers read everything and change nothing. `what`: 导入台账 (import the ledger)."""
    if user.role == Role.VIEWER:
        zh, en = split_message(what)
        raise Forbidden(f"查看者不能{zh} (viewers may not {en or 'change anything'})")

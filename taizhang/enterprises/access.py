"""Who may see and change the enterprise ledger. Changing it is for district staff — the district's
administrators and the district departments (区经信商务局 receives the bureaus' lists) — never a
viewer. Seeing an enterprise follows its unit: a town's staff see their unit's subtree."""

from __future__ import annotations

from sqlalchemy.orm import Session

from taizhang.enterprises.models import Enterprise
from taizhang.kernel.errors import Forbidden, NotFound
from taizhang.org.access import SECTIONS, Section, desk_of, path_in_scope, scope_path
from taizhang.org.models import Role, Unit, User

FIGURE_DESKS = SECTIONS[Section.FIGURES]  # the district's administrators and departments


def may_import_figures(user: User) -> bool:
    return user.role != Role.VIEWER and desk_of(user) in FIGURE_DESKS


def require_figures_importer(user: User) -> None:
    if not may_import_figures(user):
        raise Forbidden(
            "只有区级管理员和区级部门可以导入企业指标"
            " (only district administrators and departments may import enterprise figures)"
        )


def may_view_enterprise(session: Session, user: User, enterprise: Enterprise) -> bool:
    """District-wide log-ins see every enterprise; unit staff those of a unit in their subtree
    (an enterprise of no unit only district-wide)."""
    scope = scope_path(user)
    if scope is None:
        return True
    unit = session.get(Unit, enterprise.unit_id) if enterprise.unit_id else None
    return unit is not None and path_in_scope(scope, unit.path)


def get_enterprise_for_user(session: Session, user: User, enterprise_id: int) -> Enterprise:
    """The enterprise if this user may see it: 404 when there is none, 403 outside the scope."""
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound(f"企业 {enterprise_id} 不存在 (no such enterprise)")
    if not may_view_enterprise(session, user, enterprise):
        raise Forbidden("该企业不属于您所在的单位 (this enterprise belongs to another unit)")
    return enterprise

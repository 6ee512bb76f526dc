"""Who may change the enterprise ledger: district staff — the district's administrators and the
district departments (区经信商务局 receives the bureaus' lists) — never a viewer."""

from __future__ import annotations

from taizhang.kernel.errors import Forbidden
from taizhang.org.access import SECTIONS, Section, desk_of
from taizhang.org.models import Role, User

FIGURE_DESKS = SECTIONS[Section.FIGURES]  # the district's administrators and departments


def may_import_figures(user: User) -> bool:
    return user.role != Role.VIEWER and desk_of(user) in FIGURE_DESKS


def require_figures_importer(user: User) -> None:
    if not may_import_figures(user):
        raise Forbidden(
            "只有区级管理员和区级部门可以导入企业指标"
            " (only district administrators and departments may import enterprise figures)"
        )

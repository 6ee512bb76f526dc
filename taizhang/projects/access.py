"""Access to projects: the helper every project route opens with."""

from __future__ import annotations

from sqlalchemy.orm import Session

from taizhang.kernel.errors import Forbidden
from taizhang.org.access import can_edit, can_view
from taizhang.org.models import User
from taizhang.projects.commands import get_project
from taizhang.projects.models import Project


def get_project_for_user(
    session: Session, user: User, project_id: int, *, write: bool = False
) -> Project:
    """The project if this user may see it (or change it, with write=True)."""
    project = get_project(session, project_id)
    if not can_view(user, project.unit):
        raise Forbidden("该项目不属于您所在的单位 (this project belongs to another unit)")
    if write and not can_edit(user, project.unit):
        raise Forbidden("您没有修改该项目的权限 (you may not change this project)")
    return project

"""Access to the race: who may see a unit's points explained.

The leaderboard and the completion table are published among the units (每月排名 is read out to
every town and platform), so every logged-in user sees them. The explain page names the projects
and events behind each point, so unit staff see it only for their own unit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from taizhang.kernel.errors import Forbidden, NotFound
from taizhang.org.access import can_view
from taizhang.org.models import Role, Unit, User


def get_racing_unit_for_user(session: Session, user: User, unit_id: int) -> Unit:
    """The unit whose points a user may see explained: unit staff only their own unit's."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(f"未找到单位 {unit_id} (unit not found)")
    if user.role == Role.UNIT_STAFF and not can_view(user, unit):
        raise Forbidden("单位专员只能查看本单位的积分明细 (unit staff see their own unit only)")
    return unit

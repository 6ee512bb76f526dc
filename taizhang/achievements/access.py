"""Who may use the achievement library: the desks of section 政策匹配 (the district, leaders
and departments, who do the 对接 with enterprises) search it, read the needs and record the
steps of their 对接."""

from __future__ import annotations

from sqlalchemy.orm import Session

from taizhang.achievements.models import Achievement, TechNeed
from taizhang.achievements.needs import get_need
from taizhang.kernel.errors import NotFound
from taizhang.org.access import Section, require_section
from taizhang.org.models import User

SECTION = Section.POLICIES


def require_achievements(user: User) -> None:
    require_section(user, SECTION)


def get_achievement_for_user(session: Session, user: User, achievement_id: int) -> Achievement:
    require_achievements(user)
    found = session.get(Achievement, achievement_id)
    if found is None:
        raise NotFound(f"没有编号为 {achievement_id} 的成果 (no such achievement)")
    return found


def get_need_for_user(session: Session, user: User, need_id: int) -> TechNeed:
    require_achievements(user)
    return get_need(session, need_id)

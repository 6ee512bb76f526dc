"""Who may see, reveal and act on an appeal.

Staff see the appeals they handle or whose place (or handling unit) lies in their scope; only the
handler and district administrators may see the personal data unmasked."""

from __future__ import annotations

from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal
from taizhang.kernel.errors import Forbidden, NotFound
from taizhang.org.access import can_view
from taizhang.org.models import Role, Unit, UnitKind, User


def may_see(viewer: User, appeal: Appeal) -> bool:
    """The appeal at all: its place is in the viewer's scope, or it is in their hands."""
    if viewer.id == appeal.handler_id or can_view(viewer, appeal.unit):
        return True
    return appeal.handler_unit is not None and can_view(viewer, appeal.handler_unit)


def may_reveal(viewer: User, appeal: Appeal) -> bool:
    if not viewer.active:
        return False
    return viewer.role == Role.DISTRICT_ADMIN or viewer.id == appeal.handler_id


def get_appeal_for_user(session: Session, user: User, appeal_id: int) -> Appeal:
    appeal = session.get(Appeal, appeal_id)
    if appeal is None:
        raise NotFound(f"诉求 {appeal_id} 不存在 (no such appeal)")
    if not may_see(user, appeal):
        raise Forbidden(f"诉求 {appeal.number} 不属于您的范围 (this appeal is outside your scope)")
    return appeal


def get_compound_for_user(session: Session, user: User, unit_id: int) -> Unit:
    """A compound (小区) the user's scope covers."""
    unit = session.get(Unit, unit_id)
    if unit is None or unit.kind != UnitKind.COMPOUND:
        raise NotFound(f"小区 {unit_id} 不存在 (no such compound)")
    if not can_view(user, unit):
        raise Forbidden(f"{unit.name}不在您的范围内 (outside your scope)")
    return unit

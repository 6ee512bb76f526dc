"""Personal data of requesters: masked for everyone; unmasked only on a logged `reveal`.

`masked` is what every list, page and API shows. `reveal` is the one way to the stored values:
it is allowed to the assigned handler and to district administrators, and each call writes a
`sensitive_views` row (who, which appeal, when) before returning anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from taizhang.appeals.access import may_reveal, may_see
from taizhang.appeals.models import Appeal, AppealStatus, RequesterKind, SensitiveView
from taizhang.kernel.errors import Forbidden
from taizhang.org.models import User

# Numbers as people write them in free text: 18-digit (or 15-digit) ID numbers, mobiles with
# or without spaces or dashes, landlines with an area code.
_ID_NUMBER = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])0[0-9]{2,3}[ -]?[0-9]{7,8}(?![0-9])")


@dataclass(frozen=True)
class AppealView:
    """One appeal as shown to one viewer; `masked` tells whether personal data is hidden."""

    id: int
    number: str
    status: str
    unit_name: str
    category_label: str
    description: str
    channel: str
    due_on: date
    due_provisional: bool
    requester_name: str
    phone: str | None
    id_number: str | None
    address: str | None
    masked: bool
    can_reveal: bool

    @property
    def status_label(self) -> str:
        return AppealStatus(self.status).label


def mask_phone(phone: str | None) -> str | None:
    """13812345678 → 138****5678; landlines and others keep only their last four digits."""
    if not phone:
        return phone
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):  # a mobile number
        return f"{digits[:3]}****{digits[-4:]}"
    return f"****{digits[-4:]}" if len(digits) > 4 else "****"


def mask_id_number(id_number: str | None) -> str | None:
    """330402199001011234 → 3304**********1234: region prefix and last four only."""
    if not id_number:
        return id_number
    value = id_number.strip()
    if len(value) <= 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_address(address: str | None, compound: str | None = None) -> str | None:
    """Keep the text up to the compound's name and hide all after it (幢, 单元, 室, however
    written: 3幢, 五幢三单元六〇二室); an address without the compound shows only the compound."""
    if not address:
        return address
    if compound and compound in address:
        cut = address.find(compound) + len(compound)
        return address[:cut] + ("****" if address[cut:].strip() else "")
    return f"{compound}****" if compound else "****"


def mask_name(name: str, kind: RequesterKind | str = RequesterKind.RESIDENT) -> str:
    """张三丰 → 张**, whatever its length (a phone typed as a name stays hidden); an enterprise
    or a project keeps its name, which is not personal data."""
    if kind != RequesterKind.RESIDENT:
        return name
    return name[:1] + "*" * min(max(len(name) - 1, 1), 3)


def mask_free_text(text: str) -> str:
    """Phone and ID numbers inside descriptions, answers and comments, masked as above."""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)) or "", text)
    text = _MOBILE.sub(lambda m: mask_phone(m.group(0)) or "", text)
    return _LANDLINE.sub(lambda m: mask_phone(m.group(0)) or "", text)


def masked(appeal: Appeal, *, viewer: User) -> AppealView:
    if not may_see(viewer, appeal):
        raise Forbidden(f"诉求 {appeal.number} 不属于您的范围 (this appeal is outside your scope)")
    return _view(appeal, viewer, masked=True)


def reveal(session: Session, appeal: Appeal, viewer: User, now: datetime) -> AppealView:
    """The stored personal data, for the handler or an administrator; the look is logged."""
    if not may_reveal(viewer, appeal):
        raise Forbidden(
            f"只有承办人和区级管理员可以查看诉求 {appeal.number} 的完整个人信息 "
            "(only the handler and administrators may see unmasked data)"
        )
    session.add(SensitiveView(appeal_id=appeal.id, viewer_id=viewer.id, viewed_at=now))
    session.flush()
    return _view(appeal, viewer, masked=False)


def _view(appeal: Appeal, viewer: User, *, masked: bool) -> AppealView:
    name, phone, id_number = (
        appeal.requester_name,
        appeal.requester_phone,
        appeal.requester_id_number,
    )
    address = appeal.requester_address
    description = appeal.description
    if masked:
        name, phone = mask_name(name, appeal.requester_kind), mask_phone(phone)
        id_number, address = mask_id_number(id_number), mask_address(address, appeal.unit.name)
        description = mask_free_text(description)
    return AppealView(
        id=appeal.id,
        number=appeal.number,
        status=appeal.status,
        unit_name=appeal.unit.name,
        category_label=appeal.category.label,
        description=description,
        channel=appeal.channel,
        due_on=appeal.due_on,
        due_provisional=appeal.due_provisional,
        requester_name=name,
        phone=phone,
        id_number=id_number,
        address=address,
        masked=masked,
        can_reveal=may_reveal(viewer, appeal),
    )

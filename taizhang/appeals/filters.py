"""What staff search appeals by: work-order number, the phone's last four digits, compound,
category, status and the days of receipt. The inbox applies a filter to every tab.

`parse_filter` reads what a search form sends (text, empty meaning "any") and names every field
it cannot read, in one `Invalid`. The phone is matched on its last four digits only — exactly the
digits every masked phone already shows (`privacy.mask_phone`) — so a search never tells more of a
number than the page does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealCategory, AppealStatus
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.org.access import scope_path
from taizhang.org.models import Unit, UnitKind, User

_NUMBER = re.compile(r"^[A-Za-z0-9]{1,20}$")
_PHONE_TAIL = re.compile(r"^[0-9]{4}$")
_ID = re.compile(r"^[0-9]{1,18}$")
_CODE = re.compile(r"^[A-Za-z0-9_\-]{1,40}$")
# What people put between a phone's digits; the stored number is compared without them.
_PHONE_SEPARATORS = (" ", "-", "+", "(", ")")
LABELS = {
    "number": "工单号",
    "phone_tail": "电话尾号",
    "compound": "小区",
    "category": "类别",
    "status": "状态",
    "received_from": "受理日期（起）",
    "received_to": "受理日期（止）",
}


@dataclass(frozen=True)
class AppealFilter:
    number: str = ""  # part of the work-order number, SQ2026000123
    phone_tail: str = ""  # the last four digits of the requester's phone
    compound_id: int | None = None
    category: str = ""  # an AppealCategory code
    status: AppealStatus | None = None
    received_from: date | None = None  # district days, inclusive
    received_to: date | None = None

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) not in ("", None) for f in fields(self))

    def query_items(self) -> dict[str, str]:
        """The filter as the search form's fields (for links to other tabs and pages)."""
        values = {
            "number": self.number,
            "phone_tail": self.phone_tail,
            "compound": str(self.compound_id or ""),
            "category": self.category,
            "status": self.status.value if self.status else "",
            "received_from": self.received_from.isoformat() if self.received_from else "",
            "received_to": self.received_to.isoformat() if self.received_to else "",
        }
        return {key: value for key, value in values.items() if value}

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.number:
            found.append(Appeal.number.contains(self.number.upper(), autoescape=True))
        if self.phone_tail:
            found.append(_phone_digits().endswith(self.phone_tail, autoescape=True))
        if self.compound_id is not None:
            found.append(Appeal.unit_id == self.compound_id)
        if self.category:
            codes = select(AppealCategory.id).where(AppealCategory.code == self.category)
            found.append(Appeal.category_id.in_(codes.scalar_subquery()))
        if self.status is not None:
            found.append(Appeal.status == self.status.value)
        found.extend(_received_between(self.received_from, self.received_to))
        return found


def parse_filter(form: Mapping[str, str]) -> AppealFilter:
    """A filter from the search form's text fields; `Invalid` names every field it cannot read."""
    problems: list[FieldError] = []

    def read(name: str, pattern: re.Pattern[str], why: str) -> str:
        value = (form.get(name) or "").strip()
        if value and not pattern.match(value):
            problems.append(FieldError(why, column=LABELS[name]))
            return ""
        return value

    number = read("number", _NUMBER, "工单号只含字母和数字，如 SQ2026000123")
    tail = read("phone_tail", _PHONE_TAIL, "电话尾号请填写最后 4 位数字")
    compound = read("compound", _ID, "小区选择无效")
    category = read("category", _CODE, "类别选择无效")
    status = _status(form.get("status") or "", problems)
    start = _day(form.get("received_from") or "", "received_from", problems)
    end = _day(form.get("received_to") or "", "received_to", problems)
    if start and end and end < start:
        problems.append(FieldError("结束日早于开始日", column=LABELS["received_to"]))
    if problems:
        detail = "；".join(f"{p.column}：{p.reason}" for p in problems)
        raise Invalid(f"搜索条件有误：{detail} (invalid search)", errors=problems)
    compound_id = int(compound) if compound else None
    return AppealFilter(number, tail, compound_id, category, status, start, end)


def _status(text: str, problems: list[FieldError]) -> AppealStatus | None:
    if not text.strip():
        return None
    try:
        return AppealStatus(text.strip())
    except ValueError:
        known = "、".join(s.label for s in AppealStatus)
        problems.append(FieldError(f"未知的状态，可选：{known}", column=LABELS["status"]))
        return None


def _day(text: str, field: str, problems: list[FieldError]) -> date | None:
    if not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2100:
        why = f"日期应为 YYYY-MM-DD：{text.strip()}"
        problems.append(FieldError(why, column=LABELS[field]))
        return None
    return day


def _phone_digits() -> ColumnElement[str]:
    digits: ColumnElement[str] = func.coalesce(Appeal.requester_phone, "")
    for separator in _PHONE_SEPARATORS:
        digits = func.replace(digits, separator, "")
    return digits


def _received_between(start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    found = []
    if start is not None:
        found.append(Appeal.received_at >= datetime.combine(start, time(), DISTRICT_TIME))
    if end is not None:
        after = datetime.combine(end + timedelta(days=1), time(), DISTRICT_TIME)
        found.append(Appeal.received_at < after)
    return found


@dataclass(frozen=True)
class FilterChoices:
    """What the search form offers: the compounds in the user's scope and every category."""

    compounds: list[Unit]
    categories: list[AppealCategory]


def filter_choices(session: Session, user: User) -> FilterChoices:
    compounds = select(Unit).where(Unit.kind == UnitKind.COMPOUND.value).order_by(Unit.path)
    path = scope_path(user)
    if path is not None:
        compounds = compounds.where(Unit.path.startswith(path, autoescape=True))
    categories = select(AppealCategory).order_by(AppealCategory.kind.desc(), AppealCategory.code)
    return FilterChoices(list(session.scalars(compounds)), list(session.scalars(categories)))

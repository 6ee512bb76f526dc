"""民情一本账: every appeal of one compound in a period, as rows and as an .xlsx export.

Rows carry masked personal data only (`privacy.mask_*`), so the page and the export can be shown
to anyone who may see the compound; the unmasked values stay behind `privacy.reveal`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from taizhang.appeals.extension import granted_days_by_appeal
from taizhang.appeals.models import Appeal, AppealStatus
from taizhang.appeals.privacy import mask_free_text, mask_name, mask_phone
from taizhang.appeals.workflow import Grade
from taizhang.kernel.clock import DISTRICT_TIME, district_date
from taizhang.kernel.errors import Invalid
from taizhang.kernel.sheets import new_sheet, workbook_bytes, write_table
from taizhang.org.models import Unit, UnitKind

HEADERS = (
    "工单号",
    "受理日期",
    "诉求人",
    "联系电话",
    "类别",
    "诉求内容",
    "状态",
    "承办人",
    "办理时限",
    "延期(工作日)",
    "答复日期",
    "销号日期",
    "评价",
    "重办次数",
)
# The same columns on an English page (the export, an official ledger, stays Chinese).
HEADERS_ENGLISH = (
    "Number",
    "Received",
    "Requester",
    "Phone",
    "Category",
    "Description",
    "Status",
    "Handler",
    "Due",
    "Extension (working days)",
    "Answered",
    "Closed",
    "Grade",
    "Reopened",
)
COLUMN_WIDTHS = (16, 12, 10, 14, 12, 40, 8, 10, 12, 8, 12, 12, 10, 8)


def headers_in(language: str) -> tuple[str, ...]:
    return HEADERS_ENGLISH if language == "en" else HEADERS


@dataclass(frozen=True)
class LedgerRow:
    appeal_id: int  # for the page's link to the appeal; not a column of the ledger
    number: str
    received_on: date
    requester: str  # masked
    phone: str | None  # masked
    category: str
    description: str
    status: AppealStatus
    handler: str | None
    due_on: date
    extension_days: int  # working days of approved 延期
    answered_on: date | None
    closed_on: date | None
    grade: Grade | None  # the 好差评 grade
    reopen_count: int

    def cells(self, language: str = "zh") -> list[str | date | int | None]:
        """The row as the ledger writes it; statuses and grades in the page's language."""
        return [
            self.number,
            self.received_on,
            self.requester,
            self.phone,
            self.category,
            self.description,
            self.status.label_in(language),
            self.handler,
            self.due_on,
            self.extension_days,
            self.answered_on,
            self.closed_on,
            self.grade.label_in(language) if self.grade else None,
            self.reopen_count,
        ]


def compound_ledger(session: Session, compound: Unit, *, start: date, end: date) -> list[LedgerRow]:
    """The compound's appeals received from `start` to `end` (district days, inclusive)."""
    if compound.kind != UnitKind.COMPOUND:
        raise Invalid(f"{compound.name} 不是小区 (民情一本账 is kept per compound)")
    if end < start:
        raise Invalid("区间的结束日早于开始日 (end before start)")
    first = datetime.combine(start, time(), DISTRICT_TIME)
    after = datetime.combine(end + timedelta(days=1), time(), DISTRICT_TIME)
    query = (
        select(Appeal)
        .options(joinedload(Appeal.category), joinedload(Appeal.handler))
        .where(Appeal.unit_id == compound.id)
        .where(Appeal.received_at >= first, Appeal.received_at < after)
        .order_by(Appeal.received_at, Appeal.id)
    )
    appeals = list(session.scalars(query))
    granted = granted_days_by_appeal(session, [appeal.id for appeal in appeals])
    return [_row(appeal, granted.get(appeal.id, 0)) for appeal in appeals]


def _row(appeal: Appeal, extension_days: int) -> LedgerRow:
    return LedgerRow(
        appeal_id=appeal.id,
        number=appeal.number,
        received_on=district_date(appeal.received_at),
        requester=mask_name(appeal.requester_name, appeal.requester_kind),
        phone=mask_phone(appeal.requester_phone),
        category=appeal.category.label,
        description=mask_free_text(appeal.description),
        status=AppealStatus(appeal.status),
        handler=appeal.handler.display_name if appeal.handler else None,
        due_on=appeal.due_on,
        extension_days=extension_days,
        answered_on=district_date(appeal.answered_at) if appeal.answered_at else None,
        closed_on=district_date(appeal.closed_at) if appeal.closed_at else None,
        grade=Grade(appeal.grade) if appeal.grade else None,
        reopen_count=appeal.reopen_count,
    )


def export_compound_ledger(session: Session, compound: Unit, *, start: date, end: date) -> bytes:
    """The ledger as an .xlsx: a title row, the Chinese header row, one row per appeal."""
    workbook = Workbook()
    write_table(
        new_sheet(workbook, "民情一本账"),
        caption=f"{compound.name} 民情一本账（{start.isoformat()} 至 {end.isoformat()}）",
        headers=HEADERS,
        rows=(row.cells() for row in compound_ledger(session, compound, start=start, end=end)),
        widths=COLUMN_WIDTHS,
    )
    return workbook_bytes(workbook)

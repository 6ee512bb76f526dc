"""延期申请: the handler asks for more working days, a supervisor approves or refuses.

The rule (DOMAIN §4.2.2, Zhoushan 12345): an extension is asked one day before expiry, at most
+20 days in all, and statutory limits override. Here that reads:

- only an open appeal (登记 … 办理) may be extended, asked by someone who may handle it
  (`workflow.require_staff`), with a reason and a whole number of days ≥ 1;
- asked no later than the last working day before the due date (district date of the request,
  days of the official calendar): due Monday, the request must come by Friday, or by a 调休
  Saturday when that is a working day;
- approved days in all, plus the days asked, at most `MAX_EXTENSION_DAYS` working days;
- one pending request at a time;
- decided by a supervisor: a district administrator, or unit staff whose unit lies strictly
  above the handling unit (`appeal.handler_unit`, else the appeal's place) — never by the
  person who asked; a refusal says why; a decision is final;
- approval moves the due date by the days asked, counted in working days from the current due
  date (day 1 is the next working day after it), and, when the new due date has not passed,
  clears 催办/督办 (`escalation_level` back to 0).

ASSUMED (no local rule found): the "20 days" are working days, like every other limit of the
loop; an appeal answered or closed while a request is pending may still have it refused, but
not approved; a request is never withdrawn, only decided.

Each function checks everything before it writes, flushes, never commits; each request and
decision is also an `AppealEvent` (`extension_requested`, `extension_approved`,
`extension_refused`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.deadlines import extend_due
from taizhang.appeals.models import Appeal, AppealExtension, AppealStatus
from taizhang.appeals.workflow import is_open, lock_appeal, record_step, require_staff
from taizhang.kernel.calendar import WorkingCalendar
from taizhang.kernel.calendar_files import district_calendar
from taizhang.kernel.clock import district_date
from taizhang.kernel.db import lock_row
from taizhang.kernel.errors import Forbidden, Invalid, NotFound
from taizhang.org.models import Role, Unit, User
from taizhang.org.units import is_within

MAX_EXTENSION_DAYS = 20  # "max +20 days" (DOMAIN §4.2.2); counted as working days (ASSUMED)


# --- reading ---


def extensions_of(session: Session, appeal: Appeal) -> list[AppealExtension]:
    """The appeal's extension requests, oldest first."""
    query = (
        select(AppealExtension)
        .where(AppealExtension.appeal_id == appeal.id)
        .order_by(AppealExtension.id)
    )
    return list(session.scalars(query))


def granted_days(session: Session, appeal: Appeal) -> int:
    """Working days approved so far for the appeal."""
    return granted_days_by_appeal(session, [appeal.id]).get(appeal.id, 0)


def granted_days_by_appeal(session: Session, appeal_ids: Collection[int]) -> dict[int, int]:
    """Approved working days of each of the appeals that has any, in one query."""
    if not appeal_ids:
        return {}
    query = (
        select(AppealExtension.appeal_id, func.sum(AppealExtension.days))
        .where(AppealExtension.appeal_id.in_(appeal_ids), AppealExtension.approved.is_(True))
        .group_by(AppealExtension.appeal_id)
    )
    return {appeal_id: int(days) for appeal_id, days in session.execute(query)}


def pending_extension(session: Session, appeal: Appeal) -> AppealExtension | None:
    query = select(AppealExtension).where(
        AppealExtension.appeal_id == appeal.id, AppealExtension.approved.is_(None)
    )
    return session.scalars(query.order_by(AppealExtension.id).limit(1)).first()


def find_extension(session: Session, appeal: Appeal, extension_id: int) -> AppealExtension:
    """One request of this appeal, or `NotFound` (also for a request of another appeal)."""
    extension = session.get(AppealExtension, extension_id)
    if extension is None or extension.appeal_id != appeal.id:
        raise NotFound(f"诉求 {appeal.number} 没有延期申请 {extension_id} (no such extension)")
    return extension


def may_request(actor: User, appeal: Appeal, extensions: Iterable[AppealExtension]) -> bool:
    """Whether the actor may ask for an extension now, given the appeal's requests so far
    (whether it is still early enough is only checked on asking: it needs the calendar)."""
    try:
        require_staff(actor, appeal)
    except Forbidden:
        return False
    asked = list(extensions)
    pending = any(e.approved is None for e in asked)
    return is_open(appeal) and not pending and days_left(asked) > 0


def may_decide(
    actor: User, appeal: Appeal, extension: AppealExtension, *, approve: bool = False
) -> bool:
    """Whether the actor may decide this request now (with `approve`: may approve it)."""
    try:
        _require_decider(actor, appeal, extension)
    except Forbidden:
        return False
    return extension.approved is None and (is_open(appeal) or not approve)


def days_left(extensions: Iterable[AppealExtension]) -> int:
    """Working days that may still be asked for, given all of an appeal's requests."""
    return MAX_EXTENSION_DAYS - sum(e.days for e in extensions if e.approved)


# --- asking ---


def request_extension(
    session: Session,
    appeal: Appeal,
    *,
    actor: User,
    days: int,
    reason: str,
    now: datetime,
    calendar: WorkingCalendar | None = None,
) -> AppealExtension:
    """延期申请: ask for `days` more working days, for a reason."""
    lock_appeal(session, appeal)  # one pending request at a time, even when asked at once
    _check_request(session, appeal, actor=actor, days=days, reason=reason)
    _check_asked_in_time(appeal, district_date(now), calendar or district_calendar(session))
    extension = AppealExtension(
        appeal_id=appeal.id,
        days=days,
        reason=reason.strip(),
        due_before=appeal.due_on,
        requested_by_id=actor.id,
        requested_at=now,
        approved=None,
        decision_note="",
    )
    session.add(extension)
    session.flush()
    payload = {"extension_id": extension.id, "days": days, "due_before": appeal.due_on.isoformat()}
    note = extension.reason
    record_step(
        session, appeal, "extension_requested", actor=actor, at=now, note=note, payload=payload
    )
    return extension


def _check_request(
    session: Session, appeal: Appeal, *, actor: User, days: int, reason: str
) -> None:
    require_staff(actor, appeal)
    _require_open(appeal, "申请延期", "ask for an extension")
    if pending_extension(session, appeal) is not None:
        raise Invalid(
            f"诉求 {appeal.number} 已有一项待审批的延期申请，审批后才能再次申请 "
            "(an extension request is already pending)"
        )
    if not reason.strip():
        raise Invalid("请填写延期理由 (reason required)")
    if days < 1:
        raise Invalid(f"延期天数至少 1 个工作日，收到 {days} (at least one working day)")
    _check_allowance(appeal, granted_days(session, appeal), days)


def _check_allowance(appeal: Appeal, granted: int, days: int) -> None:
    remaining = MAX_EXTENSION_DAYS - granted
    if days > remaining:
        raise Invalid(
            f"诉求 {appeal.number} 累计延期不得超过 {MAX_EXTENSION_DAYS} 个工作日："
            f"已批准 {granted} 个，最多还可申请 {remaining} 个，收到 {days} 个 "
            f"(at most {remaining} more working days)"
        )


def _check_asked_in_time(appeal: Appeal, today: date, calendar: WorkingCalendar) -> None:
    latest = calendar.previous_working_day(appeal.due_on)
    if today > latest:
        raise Invalid(
            f"延期须在办理时限前至少一个工作日申请：诉求 {appeal.number} 办理时限为 "
            f"{appeal.due_on.isoformat()}，最迟应在 {latest.isoformat()} 申请 "
            "(ask at least one working day before the due date)"
        )


# --- deciding ---


def decide_extension(
    session: Session,
    extension: AppealExtension,
    *,
    actor: User,
    approve: bool,
    note: str,
    now: datetime,
    calendar: WorkingCalendar | None = None,
) -> AppealExtension:
    """审批: approve (the due date moves) or refuse (with a note) a pending request."""
    appeal = session.get(Appeal, extension.appeal_id)
    assert appeal is not None  # a foreign key
    lock_appeal(session, appeal)
    lock_row(session, extension)  # decided once, even when two approvers click at once
    _check_decision(session, appeal, extension, actor=actor, approve=approve, note=note)
    old_due = appeal.due_on
    if approve:
        _extend(appeal, calendar or district_calendar(session), extension.days, district_date(now))
    extension.approved = approve
    extension.decided_by_id = actor.id
    extension.decided_at = now
    extension.decision_note = note.strip()
    session.flush()
    _record_decision(session, appeal, extension, actor=actor, old_due=old_due)
    return extension


def _record_decision(
    session: Session, appeal: Appeal, extension: AppealExtension, *, actor: User, old_due: date
) -> None:
    assert extension.decided_at is not None  # just decided
    payload = {
        "extension_id": extension.id,
        "days": extension.days,
        "old_due_on": old_due.isoformat(),
        "new_due_on": appeal.due_on.isoformat(),
    }
    kind = "extension_approved" if extension.approved else "extension_refused"
    note = extension.decision_note
    record_step(
        session, appeal, kind, actor=actor, at=extension.decided_at, note=note, payload=payload
    )


def _check_decision(
    session: Session,
    appeal: Appeal,
    extension: AppealExtension,
    *,
    actor: User,
    approve: bool,
    note: str,
) -> None:
    _require_decider(actor, appeal, extension)
    if extension.approved is not None:
        done = "批准" if extension.approved else "不批准"
        raise Invalid(f"该延期申请已审批（{done}），不能重复审批 (already decided)")
    if not approve and not note.strip():
        raise Invalid("不批准延期须填写审批意见 (a refusal needs a note)")
    if approve:
        _require_open(appeal, "批准延期", "approve an extension")
        _check_allowance(appeal, granted_days(session, appeal), extension.days)


def _require_decider(actor: User, appeal: Appeal, extension: AppealExtension) -> None:
    if actor.id == extension.requested_by_id:
        raise Forbidden("不能审批自己提出的延期申请 (you may not decide your own request)")
    if actor.role == Role.DISTRICT_ADMIN:
        return
    handling = appeal.handler_unit or appeal.unit
    if not _strictly_above(actor.unit if actor.role == Role.UNIT_STAFF else None, handling):
        raise Forbidden(
            f"只有承办单位“{handling.name}”的上级单位或区级管理员可以审批延期 "
            "(only a unit above the handling unit or a district administrator may decide)"
        )


def _strictly_above(unit: Unit | None, handling: Unit) -> bool:
    return unit is not None and unit.id != handling.id and is_within(handling, unit)


def _extend(appeal: Appeal, calendar: WorkingCalendar, days: int, today: date) -> None:
    """The due date moved on; 催办/督办 cleared unless the new date has passed already."""
    if extend_due(appeal, calendar, days) >= today:
        appeal.escalation_level = 0


def _require_open(appeal: Appeal, what: str, gloss: str) -> None:
    if not is_open(appeal):
        current = AppealStatus(appeal.status)
        raise Invalid(
            f"诉求 {appeal.number} 当前为“{current.label}”，已不能{what} "
            f"(cannot {gloss} on an appeal that is {current.value})"
        )

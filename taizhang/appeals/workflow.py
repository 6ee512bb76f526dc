"""The request loop: 登记 → 受理 → 分派 → 办理 → 答复 → 评价 → 销号, with reopen.

Every step writes one `AppealEvent` (who, when, what, the changed fields in its payload) and
updates the `Appeal` row, which is the projection of those events. Each function checks
everything before it writes anything, flushes, and never commits: the caller's unit of work
decides. Timers (催办/督办, closing unevaluated answers) live in `appeals.escalation`.

Concurrent staff: every step first locks the appeal's row and re-reads it (`lock_appeal`). If
its `version` moved since the caller read it (or differs from the `expected_version` a client
sent), someone else acted first and the step is refused with `Conflict` (409) — never taken
twice. Numbers come from one counter per year (`kernel.numbering`), never from `max() + 1`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from taizhang.appeals.deadlines import REOPEN_LIMIT_DAYS, set_due
from taizhang.appeals.models import (
    Appeal,
    AppealCategory,
    AppealChannel,
    AppealEvent,
    AppealStatus,
    RequesterKind,
)
from taizhang.appeals.routing import get_category, route_appeal
from taizhang.enterprises.models import Enterprise
from taizhang.kernel.calendar import WorkingCalendar
from taizhang.kernel.calendar_files import district_calendar
from taizhang.kernel.clock import district_date
from taizhang.kernel.db import lock_row
from taizhang.kernel.errors import Conflict, Forbidden, Invalid
from taizhang.kernel.labels import LabelledEnum, LabelledIntEnum
from taizhang.kernel.numbering import next_free_number
from taizhang.org.access import can_edit
from taizhang.org.models import Role, Unit, UnitKind, User
from taizhang.org.units import ancestry, compound_parties, is_compound_party
from taizhang.projects.models import Project

S = AppealStatus


class Grade(LabelledIntEnum):
    """好差评 five grades; 1 and 2 mean the requester says the matter is not solved."""

    VERY_SATISFIED = 5, "非常满意", "very satisfied"
    SATISFIED = 4, "满意", "satisfied"
    BASICALLY_SATISFIED = 3, "基本满意", "basically satisfied"
    DISSATISFIED = 2, "不满意", "dissatisfied"
    VERY_DISSATISFIED = 1, "非常不满意", "very dissatisfied"

    @property
    def solved(self) -> bool:
        return self.value >= Grade.BASICALLY_SATISFIED


class Step(LabelledEnum):
    ACCEPT = "accept", "受理", "accept"
    ASSIGN = "assign", "分派", "assign"
    START = "start", "办理", "start"
    ANSWER = "answer", "答复", "answer"
    EVALUATE = "evaluate", "评价", "evaluate"
    CLOSE = "close", "销号", "close"


WRONG_STEP = "wrong_step"  # the error code of a step the appeal's status does not allow

# Which status each step may leave from, and where it leads.
TRANSITIONS: dict[Step, tuple[frozenset[AppealStatus], AppealStatus]] = {
    Step.ACCEPT: (frozenset({S.REGISTERED}), S.ACCEPTED),
    Step.ASSIGN: (frozenset({S.ACCEPTED, S.ASSIGNED}), S.ASSIGNED),
    Step.START: (frozenset({S.ASSIGNED}), S.IN_PROGRESS),
    Step.ANSWER: (frozenset({S.IN_PROGRESS}), S.ANSWERED),
    Step.EVALUATE: (frozenset({S.ANSWERED}), S.EVALUATED),
    Step.CLOSE: (frozenset({S.EVALUATED}), S.CLOSED),
}
OPEN_STATUSES = (S.REGISTERED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS)


def is_open(appeal: Appeal) -> bool:
    """Still being worked on: 登记 … 办理 (an answer stops the clock)."""
    return AppealStatus(appeal.status) in OPEN_STATUSES


def is_overdue(appeal: Appeal, today: date) -> bool:
    return is_open(appeal) and appeal.due_on < today


@dataclass(frozen=True)
class Requester:
    """Who asks: stored as given, shown masked (see `appeals.privacy`)."""

    name: str
    kind: RequesterKind = RequesterKind.RESIDENT
    phone: str | None = None
    id_number: str | None = None
    address: str | None = None
    user: User | None = None  # the requester's own account (web form, app), if any


def register_appeal(
    session: Session,
    *,
    requester: Requester,
    unit: str,
    category_code: str,
    description: str,
    channel: AppealChannel | str,
    received_at: datetime,
    actor: User | None = None,
    enterprise_id: int | None = None,
    project_id: int | None = None,
    calendar: WorkingCalendar | None = None,
) -> Appeal:
    """登记: check the place, category and text, compute the due date, route, record."""
    place = _place(session, unit)
    category = get_category(session, category_code)
    _check_registration(requester, category, description, channel)
    _check_links(session, enterprise_id, project_id)
    if received_at.tzinfo is None:
        raise Invalid("受理时间缺少时区，无法确定受理日 (naive datetime)")
    working = calendar or district_calendar(session)
    route = route_appeal(session, category, place)
    appeal = Appeal(
        number=next_number(session, received_at),
        **_requester_columns(requester, actor),
        unit=place,
        enterprise_id=enterprise_id,
        project_id=project_id,
        category=category,
        description=description.strip(),
        channel=AppealChannel(channel).value,
        status=S.REGISTERED.value,
        received_at=received_at,
        handler=route.handler,
        handler_unit=route.unit,
        reopen_count=0,
        escalation_level=0,
    )
    due_on = set_due(appeal, working, district_date(received_at), category.limit_days)
    session.add(appeal)
    session.flush()
    payload = {"due_on": due_on.isoformat(), "route": route.rule, "handler_id": appeal.handler_id}
    record_step(session, appeal, "registered", actor=actor, at=received_at, payload=payload)
    return appeal


def _requester_columns(requester: Requester, actor: User | None) -> dict[str, Any]:
    """Personal data as given; whoever registers for someone else becomes their proxy."""
    own = requester.user
    return {
        "requester_name": requester.name.strip(),
        "requester_phone": requester.phone,
        "requester_id_number": requester.id_number,
        "requester_address": requester.address,
        "requester_kind": requester.kind.value,
        "requester_user_id": own.id if own else None,
        "proxy_user_id": actor.id if actor and (own is None or actor.id != own.id) else None,
    }


def _check_links(session: Session, enterprise_id: int | None, project_id: int | None) -> None:
    if enterprise_id is not None and session.get(Enterprise, enterprise_id) is None:
        raise Invalid(f"未知的企业 {enterprise_id} (unknown enterprise)")
    if project_id is not None and session.get(Project, project_id) is None:
        raise Invalid(f"未知的项目 {project_id} (unknown project)")


def _place(session: Session, code: str) -> Unit:
    place = session.scalar(select(Unit).where(Unit.code == code.strip()))
    if place is None or place.kind in (UnitKind.DEPARTMENT, UnitKind.DISTRICT):
        raise Invalid(f"未知的小区或单位 {code} (unknown compound or unit)")
    if is_compound_party(place):
        label = UnitKind(place.kind).label
        raise Invalid(
            f"{place.name}是小区的{label}，不是诉求发生地，请填写所在小区 "
            f"(a {place.kind} is not a place of requests: give its compound)"
        )
    return place


def _check_registration(
    requester: Requester, category: AppealCategory, description: str, channel: str
) -> None:
    if not requester.name.strip():
        raise Invalid("请填写诉求人姓名或单位名称 (requester name required)")
    if requester.kind is RequesterKind.RESIDENT and re.search(r"\d", requester.name):
        raise Invalid(
            "姓名中不能有数字，电话请填在电话一栏 (no digits in a name; phone goes in its field)"
        )
    if not description.strip():
        raise Invalid("请填写诉求内容 (description required)")
    if channel not in {c.value for c in AppealChannel}:
        known = "、".join(c.value for c in AppealChannel)
        raise Invalid(f"未知的来源渠道 {channel}，可选：{known} (unknown channel)")
    if category.kind != requester.kind.value:
        kind = RequesterKind(category.kind)
        raise Invalid(
            f"类别“{category.label}”用于{kind.label}诉求 (category is for {kind.value} requests)"
        )


def next_number(session: Session, received_at: datetime) -> str:
    """SQ + year + six digits, one sequence per year of receipt (district time), drawn from a
    counter so that two appeals registered at once never get the same number."""
    prefix = f"SQ{district_date(received_at).year}"
    number = next_free_number(
        session,
        f"appeals.number.{prefix}",
        highest_in_use=lambda: _highest_number(session, prefix),
        taken=lambda n: _number_taken(session, f"{prefix}{n:06d}"),
    )
    return f"{prefix}{number:06d}"


def _highest_number(session: Session, prefix: str) -> int:
    last = session.scalar(select(func.max(Appeal.number)).where(Appeal.number.like(f"{prefix}%")))
    digits = last[len(prefix) :] if last else ""
    return int(digits) if digits.isdigit() else 0


def _number_taken(session: Session, number: str) -> bool:
    return session.scalar(select(Appeal.id).where(Appeal.number == number)) is not None


def lock_appeal(session: Session, appeal: Appeal, expected_version: int | None = None) -> Appeal:
    """Lock the appeal's row and re-read it before a step. `Conflict` when its version is no
    longer the one the caller saw (`expected_version`, else the version it had loaded)."""
    session.flush()
    seen = appeal.version if expected_version is None else expected_version
    lock_row(session, appeal)
    if appeal.version != seen:
        raise Conflict(
            f"诉求 {appeal.number} 已被他人修改，请刷新后重试 "
            f"(appeal {appeal.number} was changed by someone else; reload and try again)"
        )
    return appeal


def record_step(
    session: Session,
    appeal: Appeal,
    kind: str,
    *,
    actor: User | None,
    at: datetime,
    note: str = "",
    payload: dict[str, Any] | None = None,
) -> AppealEvent:
    event = AppealEvent(
        appeal_id=appeal.id,
        kind=kind,
        actor_id=actor.id if actor else None,
        at=at,
        note=note,
        payload=dict(payload or {}, status=appeal.status),
    )
    session.add(event)
    session.flush()
    return event


def require_step(appeal: Appeal, step: Step) -> AppealStatus:
    """The status the step leads to, or `Invalid` naming the current and the requested step."""
    sources, target = TRANSITIONS[step]
    current = AppealStatus(appeal.status)
    if current in sources:
        return target
    raise Invalid(
        f"{_refusal_hint(current, step)}诉求 {appeal.number} 当前为“{current.label}”，"
        f"不能“{step.label}” (cannot {step.value} an appeal that is {current.value})",
        code=WRONG_STEP,
    )


def _refusal_hint(current: AppealStatus, step: Step) -> str:
    if step is Step.CLOSE and current in OPEN_STATUSES:
        return "未答复的诉求不能销号："
    if step is Step.CLOSE and current is S.ANSWERED:
        return "诉求人尚未评价，不能销号（超时未评价将自动销号）："
    if step is Step.EVALUATE and current in OPEN_STATUSES:
        return "尚未答复，不能评价："
    return ""


def require_staff(actor: User, appeal: Appeal) -> None:
    """Staff of the place or of the handling unit, the handler, or a district administrator."""
    if actor.role == Role.DISTRICT_ADMIN or actor.id == appeal.handler_id:
        return
    units = [appeal.unit, *([appeal.handler_unit] if appeal.handler_unit else [])]
    if not any(can_edit(actor, unit) for unit in units):
        raise Forbidden(f"您无权办理诉求 {appeal.number} (you may not handle this appeal)")


def accept_appeal(
    session: Session,
    appeal: Appeal,
    *,
    actor: User,
    now: datetime,
    expected_version: int | None = None,
) -> Appeal:
    """受理: the receiving unit takes the request on."""
    lock_appeal(session, appeal, expected_version)
    return _advance(session, appeal, Step.ACCEPT, actor=actor, now=now, kind="accepted")


def assign_appeal(
    session: Session,
    appeal: Appeal,
    *,
    actor: User,
    now: datetime,
    handler: User | None = None,
    expected_version: int | None = None,
) -> Appeal:
    """分派: to the routed handler, or to `handler` (re-assigning an assigned appeal is allowed).

    The handler must be one of `eligible_handlers`; nothing is written when they are not."""
    lock_appeal(session, appeal, expected_version)
    chosen = handler or appeal.handler
    require_staff(actor, appeal)
    target = require_step(appeal, Step.ASSIGN)
    if chosen is None or not chosen.active or chosen.role == Role.VIEWER:
        raise Invalid(f"诉求 {appeal.number} 需指定一名承办人 (name an active handler)")
    _require_eligible(session, appeal, chosen)
    appeal.handler = chosen
    unit = chosen.unit or appeal.handler_unit
    appeal.handler_unit = unit  # the relationship, so that it and the id agree before a flush
    appeal.status = target.value
    payload = {"handler_id": chosen.id, "handler_unit_id": unit.id if unit else None}
    record_step(session, appeal, "assigned", actor=actor, at=now, payload=payload)
    return appeal


def eligible_handlers(session: Session, appeal: Appeal) -> list[User]:
    """Who may handle the appeal: active unit staff of its place or a unit above the place
    (below the district), of the 物业 or 业委会 of the place's compound, or of any department;
    and the current handler while active. Ordered by unit (tree order), then by id."""
    units = [u.id for u in ancestry(session, appeal.unit) if u.kind != UnitKind.DISTRICT]
    units += [u.id for u in compound_parties(session, appeal.unit)]
    query = (
        select(User)
        .join(Unit, User.unit_id == Unit.id)
        .where(User.active.is_(True), User.role == Role.UNIT_STAFF.value)
        .where(or_(Unit.id.in_(units), Unit.kind == UnitKind.DEPARTMENT.value))
        .order_by(Unit.path, User.id)
        .options(selectinload(User.unit))
    )
    staff = list(session.scalars(query))
    current = appeal.handler
    if current is not None and current.active and current not in staff:
        staff.append(current)
    return staff


def _require_eligible(session: Session, appeal: Appeal, handler: User) -> None:
    if handler in eligible_handlers(session, appeal):
        return
    raise Invalid(
        f"{handler.display_name} 不能承办诉求 {appeal.number}：承办人须为诉求所在地及上级单位、"
        f"所在小区物业或业委会、或部门的在岗专员 ({handler.username} may not handle this "
        "appeal: choose staff of its place or a unit above it, of its compound's property "
        "company or owners' committee, or of a department)"
    )


def start_handling(
    session: Session,
    appeal: Appeal,
    *,
    actor: User,
    now: datetime,
    expected_version: int | None = None,
) -> Appeal:
    """办理: the handler signs for the request (签收) and starts work."""
    lock_appeal(session, appeal, expected_version)
    return _advance(session, appeal, Step.START, actor=actor, now=now, kind="started")


def answer_appeal(
    session: Session,
    appeal: Appeal,
    *,
    actor: User,
    now: datetime,
    answer: str,
    expected_version: int | None = None,
) -> Appeal:
    """答复: the handler's reply to the requester."""
    if not answer.strip():
        raise Invalid("请填写答复内容 (answer text required)")
    lock_appeal(session, appeal, expected_version)
    require_staff(actor, appeal)
    target = require_step(appeal, Step.ANSWER)
    appeal.status = target.value
    appeal.answered_at = now
    record_step(session, appeal, "answered", actor=actor, at=now, note=answer.strip())
    return appeal


def close_appeal(
    session: Session,
    appeal: Appeal,
    *,
    actor: User,
    now: datetime,
    expected_version: int | None = None,
) -> Appeal:
    """销号: only after the requester's evaluation (`escalation.close_unevaluated` for timeouts)."""
    lock_appeal(session, appeal, expected_version)
    require_staff(actor, appeal)
    target = require_step(appeal, Step.CLOSE)
    appeal.status = target.value
    appeal.closed_at = now
    appeal.resolved = appeal.grade is not None and Grade(appeal.grade).solved
    record_step(
        session, appeal, "closed", actor=actor, at=now, payload={"resolved": appeal.resolved}
    )
    return appeal


def _advance(
    session: Session, appeal: Appeal, step: Step, *, actor: User, now: datetime, kind: str
) -> Appeal:
    require_staff(actor, appeal)
    appeal.status = require_step(appeal, step).value
    record_step(session, appeal, kind, actor=actor, at=now)
    return appeal


def evaluate_appeal(
    session: Session,
    appeal: Appeal,
    *,
    by: User,
    grade: int,
    now: datetime,
    comment: str = "",
    calendar: WorkingCalendar | None = None,
    expected_version: int | None = None,
) -> Appeal:
    """评价 by the requester (or the proxy who registered for them); 1–2 reopens to 办理."""
    given = _grade(grade)
    lock_appeal(session, appeal, expected_version)
    _require_evaluator(by, appeal)
    target = require_step(appeal, Step.EVALUATE)
    appeal.grade = given.value
    appeal.status = target.value
    payload = {"grade": given.value, "label": given.label}
    record_step(session, appeal, "evaluated", actor=by, at=now, note=comment, payload=payload)
    if not given.solved:
        _reopen(session, appeal, by=by, now=now, calendar=calendar or district_calendar(session))
    return appeal


def _grade(value: int) -> Grade:
    try:
        return Grade(value)
    except ValueError:
        raise Invalid(f"评价应为 1–5 星，收到 {value} (grade must be 1 to 5)") from None


def _require_evaluator(user: User, appeal: Appeal) -> None:
    entitled = user.id in (appeal.requester_user_id, appeal.proxy_user_id)
    if not entitled or user.id == appeal.handler_id:
        raise Forbidden(
            f"只有诉求人（或其代办人）可以评价诉求 {appeal.number} "
            "(only the requester may evaluate)"
        )


def _reopen(
    session: Session, appeal: Appeal, *, by: User, now: datetime, calendar: WorkingCalendar
) -> None:
    appeal.status = S.IN_PROGRESS.value
    appeal.reopen_count += 1
    appeal.escalation_level = 0
    set_due(appeal, calendar, district_date(now), REOPEN_LIMIT_DAYS)
    payload = {"reopen_count": appeal.reopen_count, "due_on": appeal.due_on.isoformat()}
    note = "诉求人评价为未解决，重新办理"
    record_step(session, appeal, "reopened", actor=by, at=now, note=note, payload=payload)


def appeal_events(session: Session, appeal: Appeal) -> list[AppealEvent]:
    query = select(AppealEvent).where(AppealEvent.appeal_id == appeal.id).order_by(AppealEvent.id)
    return list(session.scalars(query))

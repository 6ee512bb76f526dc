"""The JSON shapes of appeals (诉求) and of the Open311 GeoReport v2 endpoints.

Personal data in these shapes always comes from an `AppealView` (`appeals.privacy`): masked
unless the viewer is the handler or an administrator and asked for `reveal` (which is logged).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from taizhang.appeals.privacy import AppealView
from taizhang.ledger.models import AppealStatus


class AppealOut(BaseModel):
    id: int
    number: str = Field(description="诉求编号 SQ+年+六位序号 (appeal number)")
    status: str
    status_label: str
    unit_name: str
    category_label: str
    description: str
    channel: str
    due_on: date
    overdue: bool = Field(description="未办结且已过办理时限 (open and past its due date)")
    requester_name: str
    phone: str | None
    id_number: str | None
    address: str | None
    masked: bool = Field(description="个人信息是否已脱敏 (whether personal data is masked)")
    can_reveal: bool


class AppealsOut(BaseModel):
    items: list[AppealOut]
    count: int


class AppealEventOut(BaseModel):
    kind: str
    at: datetime
    actor: str | None
    note: str


class HandlerOut(BaseModel):
    """Someone the appeal may be assigned to (分派)."""

    id: int
    name: str
    unit_name: str | None
    current: bool = Field(description="是否为当前承办人 (the current or routed handler)")


class AppealDetailOut(AppealOut):
    events: list[AppealEventOut]
    next_steps: list[str] = Field(description="当前用户可执行的下一步 (steps this user may take)")
    handlers: list[HandlerOut] = Field(
        default_factory=list,
        description="可分派的承办人，仅可“assign”时列出 (eligible handlers, when assign is open)",
    )


class StepIn(BaseModel):
    """The body of a step: the answer text for “answer”, the handler for “assign”."""

    answer: str = Field(default="", description="答复内容，仅“answer”一步需要 (answer text)")
    handler_id: int | None = Field(
        default=None,
        description="承办人，仅“assign”一步使用；缺省为当前承办人，否则为本人 "
        "(the handler for assign; default: the routed handler, else yourself)",
    )


def appeal_out(view: AppealView, *, overdue: bool) -> AppealOut:
    return AppealOut(
        id=view.id,
        number=view.number,
        status=view.status,
        status_label=AppealStatus(view.status).label,
        unit_name=view.unit_name,
        category_label=view.category_label,
        description=view.description,
        channel=view.channel,
        due_on=view.due_on,
        overdue=overdue,
        requester_name=view.requester_name,
        phone=view.phone,
        id_number=view.id_number,
        address=view.address,
        masked=view.masked,
        can_reveal=view.can_reveal,
    )


class ServiceOut(BaseModel):
    """GeoReport v2 service: one active appeal category."""

    service_code: str
    service_name: str
    description: str
    metadata: bool = False
    type: str = "realtime"
    keywords: str
    group: str


class RequestCreatedOut(BaseModel):
    service_request_id: str
    service_notice: str
    account_id: str | None = None


class RequestStatusOut(BaseModel):
    """GeoReport v2 request, without the requester's personal data or the free text."""

    service_request_id: str
    status: str = Field(description="open 或 closed")
    status_notes: str
    service_code: str
    service_name: str
    requested_datetime: datetime
    updated_datetime: datetime | None
    expected_datetime: date
    address: str | None


class Open311ErrorOut(BaseModel):
    code: int
    description: str

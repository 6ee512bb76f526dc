"""The JSON shapes of appeals (诉求) and of the Open311 GeoReport v2 endpoints.

Personal data in these shapes always comes from an `AppealView` (`appeals.privacy`): masked
unless the viewer is the handler or an administrator and asked for `reveal` (which is logged).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from pydantic import BaseModel, Field

from taizhang.appeals.models import AppealExtension, AppealStatus
from taizhang.appeals.privacy import AppealView
from taizhang.web.bounds import RowId, Version


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
    due_provisional: bool = Field(
        default=False,
        description="办理时限暂定：跨入尚未录入国务院节假日安排的年份 (counted through a year "
        "whose holiday notice is not entered yet; recounted when it is)",
    )
    overdue: bool = Field(description="未办结且已过办理时限 (open and past its due date)")
    requester_name: str
    phone: str | None
    id_number: str | None
    address: str | None
    masked: bool = Field(description="个人信息是否已脱敏 (whether personal data is masked)")
    can_reveal: bool


class AppealsOut(BaseModel):
    """One page of an inbox tab; `count` is the tab's size in all, `counts` every tab's."""

    items: list[AppealOut]
    count: int
    tab: str = Field(description="待办分类 todo / mine / overdue / to_close / all (inbox tab)")
    counts: dict[str, int]
    next_cursor: str | None = Field(
        description="下一页的 after 参数；最后一页为 null (pass as `after` for the next page)"
    )
    page: int = Field(default=1, description="“全部”分类的页码 (the all tab's page number)")
    pages: int = Field(default=1, description="“全部”分类的页数 (the all tab's pages)")


class AppealEventOut(BaseModel):
    kind: str
    at: datetime
    actor: str | None
    note: str
    grade: int | None = None  # 评价: the requester's grade, 5 非常满意 … 1 非常不满意
    grade_label: str | None = None
    evaluator: str | None = None  # 评价: the requester (masked unless revealed) who gave it
    by_proxy: bool = False  # 评价: entered by `actor` for the requester


class AppealFileOut(BaseModel):
    """One attachment: a photo (its type read from its bytes) or another file, and where to
    fetch it (the same log-in and scope as the appeal)."""

    id: int
    file_name: str
    size: int = Field(description="字节数 (bytes)")
    uploaded_at: datetime
    image_type: str | None = Field(
        description="按文件内容识别的图片类型，非图片为空 (the image type its bytes say, or null)"
    )
    url: str = Field(description="查看或下载地址 (where to open or download it)")


class AppealExtensionOut(BaseModel):
    """One 延期申请 and its decision."""

    id: int
    days: int = Field(description="申请延期的工作日数 (working days asked for)")
    reason: str
    due_before: date = Field(description="申请时的办理时限 (the due date when asked)")
    requested_by: str | None
    requested_at: datetime
    status: str = Field(description="pending 待审批 / approved 已批准 / refused 不批准")
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
    may_decide: bool = Field(description="当前用户可以审批 (this user may decide it)")
    may_approve: bool = Field(description="当前用户可以批准 (this user may approve it now)")


class HandlerOut(BaseModel):
    """Someone the appeal may be assigned to (分派)."""

    id: int
    name: str
    unit_name: str | None
    current: bool = Field(description="是否为当前承办人 (the current or routed handler)")


class AppealDetailOut(AppealOut):
    version: int = Field(
        description="诉求的版本，每次变更加一；办理时作为 expected_version 送回 "
        "(the appeal's version, raised by every change; send it back as expected_version)"
    )
    events: list[AppealEventOut]
    next_steps: list[str] = Field(description="当前用户可执行的下一步 (steps this user may take)")
    extensions: list[AppealExtensionOut] = Field(description="延期申请 (extension requests)")
    extension_days_left: int = Field(
        description="还可申请延期的工作日数 (working days of extension still available)"
    )
    may_request_extension: bool = Field(
        description="当前用户可以申请延期 (this user may ask for an extension)"
    )
    files: list[AppealFileOut] = Field(
        default_factory=list,
        description="照片与附件，按上传先后 (photos and other attachments, oldest first)",
    )
    handlers: list[HandlerOut] = Field(
        default_factory=list,
        description="可分派的承办人，仅可“assign”时列出 (eligible handlers, when assign is open)",
    )


class StepIn(BaseModel):
    """The body of a step: the answer text for “answer”, the handler for “assign”."""

    answer: str = Field(default="", description="答复内容，仅“answer”一步需要 (answer text)")
    handler_id: RowId | None = Field(
        default=None,
        description="承办人，仅“assign”一步使用；缺省为当前承办人，否则为本人 "
        "(the handler for assign; default: the routed handler, else yourself)",
    )
    expected_version: Version | None = Field(
        default=None,
        description="所见诉求的版本（AppealDetailOut.version）；诉求已被他人修改时返回 409 "
        "(the version you saw; 409 if the appeal changed since)",
    )


class ExtensionIn(BaseModel):
    days: int = Field(
        ge=-10_000,
        le=10_000,
        description="延期的工作日数，累计不超过 20 (working days, 20 in all at most)",
    )
    reason: str = Field(default="", description="延期理由 (reason)")


class ExtensionDecisionIn(BaseModel):
    approve: bool = Field(description="true 批准 / false 不批准 (approve or refuse)")
    note: str = Field(default="", description="审批意见，不批准时必填 (required to refuse)")


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
        due_provisional=view.due_provisional,
        overdue=overdue,
        requester_name=view.requester_name,
        phone=view.phone,
        id_number=view.id_number,
        address=view.address,
        masked=view.masked,
        can_reveal=view.can_reveal,
    )


def extension_out(
    extension: AppealExtension, *, names: Mapping[int, str], may_decide: bool, may_approve: bool
) -> AppealExtensionOut:
    """`names`: display names by user id, for the asker and the decider."""
    return AppealExtensionOut(
        id=extension.id,
        days=extension.days,
        reason=extension.reason,
        due_before=extension.due_before,
        requested_by=names.get(extension.requested_by_id),
        requested_at=extension.requested_at,
        status=extension_status(extension),
        decided_by=names.get(extension.decided_by_id or 0),
        decided_at=extension.decided_at,
        decision_note=extension.decision_note,
        may_decide=may_decide,
        may_approve=may_approve,
    )


def extension_status(extension: AppealExtension) -> str:
    if extension.approved is None:
        return "pending"
    return "approved" if extension.approved else "refused"


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

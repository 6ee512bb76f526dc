"""Photos and documents attached to a request, kept in the database up to a size limit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealAttachment, AppealStatus
from taizhang.appeals.workflow import record_step
from taizhang.kernel.errors import Invalid
from taizhang.org.models import User

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024  # 5 MB: a phone photo fits, a video does not
MAX_ATTACHMENTS = 10
MAX_FILE_NAME = 200


def add_attachment(
    session: Session,
    appeal: Appeal,
    *,
    file_name: str,
    content_type: str,
    content: bytes,
    actor: User | None,
    now: datetime,
) -> AppealAttachment:
    """Attach a file; refused when empty, over the size limit, or to a closed appeal."""
    name = file_name.strip().replace("\\", "/").rsplit("/", 1)[-1][:MAX_FILE_NAME]
    _check(session, appeal, name, content)
    attachment = AppealAttachment(
        appeal_id=appeal.id,
        file_name=name,
        size=len(content),
        content_type=content_type or "application/octet-stream",
        content=content,
        uploaded_by_id=actor.id if actor else None,
        uploaded_at=now,
    )
    session.add(attachment)
    session.flush()
    payload = {"attachment_id": attachment.id, "file_name": name, "size": len(content)}
    record_step(session, appeal, "attached", actor=actor, at=now, payload=payload)
    return attachment


def _check(session: Session, appeal: Appeal, name: str, content: bytes) -> None:
    if not name or not content:
        raise Invalid("附件为空或缺少文件名 (empty attachment or missing file name)")
    if len(content) > MAX_ATTACHMENT_BYTES:
        size_mb = len(content) / 1024 / 1024
        raise Invalid(
            f"附件“{name}”为 {size_mb:.1f} MB，超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB 上限 "
            "(attachment too large)"
        )
    if appeal.status == AppealStatus.CLOSED:
        raise Invalid(f"诉求 {appeal.number} 已销号，不能再添加附件 (appeal is closed)")
    if len(attachments(session, appeal)) >= MAX_ATTACHMENTS:
        raise Invalid(f"每件诉求最多 {MAX_ATTACHMENTS} 个附件 (too many attachments)")


def attachments(session: Session, appeal: Appeal) -> list[AppealAttachment]:
    query = select(AppealAttachment).where(AppealAttachment.appeal_id == appeal.id)
    return list(session.scalars(query.order_by(AppealAttachment.id)))

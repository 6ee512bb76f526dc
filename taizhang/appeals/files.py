"""An appeal's attachments as the staff see them: photos (images by their first bytes, never by
the name or the type stored with the upload) and other files, listed without their bytes, and
one attachment fetched only within its own appeal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import LargeBinary, func, select, type_coerce
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, AppealAttachment
from taizhang.appeals.photos import image_type

HEAD_BYTES = 16  # enough for every signature `photos.image_type` reads


@dataclass(frozen=True)
class ListedFile:
    """One attachment without its bytes; `image_type` is what its bytes say, None for a file
    that is no image we show."""

    id: int
    file_name: str
    size: int
    uploaded_at: datetime
    image_type: str | None

    @property
    def is_photo(self) -> bool:
        return self.image_type is not None


def listed_files(session: Session, appeal: Appeal) -> list[ListedFile]:
    """The appeal's attachments in the order they came, each read only to its first bytes."""
    head = type_coerce(func.substr(AppealAttachment.content, 1, HEAD_BYTES), LargeBinary)
    query = (
        select(
            AppealAttachment.id,
            AppealAttachment.file_name,
            AppealAttachment.size,
            AppealAttachment.uploaded_at,
            head,
        )
        .where(AppealAttachment.appeal_id == appeal.id)
        .order_by(AppealAttachment.id)
    )
    return [
        ListedFile(file_id, name, size, at, image_type(bytes(first or b"")))
        for file_id, name, size, at, first in session.execute(query)
    ]


def file_of(session: Session, appeal: Appeal, file_id: int) -> AppealAttachment | None:
    """One attachment of this appeal, or None (an attachment of another appeal is none)."""
    found = session.get(AppealAttachment, file_id)
    return found if found is not None and found.appeal_id == appeal.id else None

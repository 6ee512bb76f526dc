"""An appeal's attachments for staff: each photo served inline as the image its bytes say it is,
any other file as a download. Every request checks that the user may see the appeal
(`appeals.access`), and an attachment of another appeal is not found. Neither is ever stored by
the browser or a proxy, nor read as anything but what it is served as."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy.orm import Session

from taizhang.appeals.access import get_appeal_for_user
from taizhang.appeals.files import file_of
from taizhang.appeals.models import AppealAttachment
from taizhang.appeals.photos import image_type
from taizhang.kernel.errors import NotFound
from taizhang.org.access import Section
from taizhang.org.models import User
from taizhang.web.deps import CurrentUser, SessionDep, section

router = APIRouter(dependencies=[section(Section.APPEALS)])
PRIVATE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


@router.get("/appeals/{appeal_id:id}/photos/{photo_id:id}", include_in_schema=False)
def appeal_photo(session: SessionDep, user: CurrentUser, appeal_id: int, photo_id: int) -> Response:
    """A photo of the appeal, typed by its bytes; a file that is no image is no photo."""
    photo = _attachment(session, user, appeal_id, photo_id)
    media_type = image_type(photo.content)
    if media_type is None:
        raise NotFound(f"照片 {photo_id} 不存在 (no such photo)")
    return Response(photo.content, media_type=media_type, headers=_headers("inline", photo))


@router.get("/appeals/{appeal_id:id}/files/{file_id:id}", include_in_schema=False)
def appeal_file(session: SessionDep, user: CurrentUser, appeal_id: int, file_id: int) -> Response:
    """Any attachment of the appeal, as bytes to save, never to open in the page."""
    found = _attachment(session, user, appeal_id, file_id)
    headers = _headers("attachment", found)
    return Response(found.content, media_type="application/octet-stream", headers=headers)


def _attachment(session: Session, user: User, appeal_id: int, file_id: int) -> AppealAttachment:
    appeal = get_appeal_for_user(session, user, appeal_id)
    found = file_of(session, appeal, file_id)
    if found is None:
        raise NotFound(f"诉求 {appeal.number} 没有附件 {file_id} (no such attachment)")
    return found


def _headers(disposition: str, attachment: AppealAttachment) -> dict[str, str]:
    """RFC 5987 names, so 楼道.png keeps its name when saved."""
    named = f"{disposition}; filename*=UTF-8''{quote(attachment.file_name)}"
    return PRIVATE | {"Content-Disposition": named}

"""Attachments: kept up to 5 MB, refused with a clear message beyond, nothing half-written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.attachments import MAX_ATTACHMENT_BYTES, add_attachment, attachments
from taizhang.appeals.models import Appeal, AppealAttachment
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.kernel.errors import Invalid

NOW = datetime(2026, 5, 9, 9, 0, tzinfo=DISTRICT_TIME)


def test_it_keeps_an_attachment_and_records_the_step(
    session: Session, place: Any, register: Callable[..., Appeal]
) -> None:
    appeal = register()
    photo = b"\xff\xd8" + b"0" * 1000
    kept = add_attachment(
        session,
        appeal,
        file_name="C:\\照片\\楼道.jpg",
        content_type="image/jpeg",
        content=photo,
        actor=place.resident,
        now=NOW,
    )
    assert (kept.file_name, kept.size, kept.content) == ("楼道.jpg", len(photo), photo)
    assert attachments(session, appeal) == [kept]


def test_it_accepts_exactly_the_limit(session: Session, register: Callable[..., Appeal]) -> None:
    content = b"x" * MAX_ATTACHMENT_BYTES
    kept = add_attachment(
        session,
        register(),
        file_name="a.pdf",
        content_type="",
        content=content,
        actor=None,
        now=NOW,
    )
    assert kept.content_type == "application/octet-stream"


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("video.mp4", MAX_ATTACHMENT_BYTES + 1, "超过 5 MB 上限"),
        ("empty.jpg", 0, "附件为空"),
        ("  ", 10, "缺少文件名"),
    ],
)
def test_it_refuses_a_bad_attachment_and_writes_nothing(
    session: Session,
    register: Callable[..., Appeal],
    count_events: Callable[..., int],
    name: str,
    size: int,
    message: str,
) -> None:
    appeal = register()
    events = count_events(appeal)
    with pytest.raises(Invalid, match=message):
        add_attachment(
            session, appeal, file_name=name, content_type="video/mp4", content=b"v" * size,
            actor=None, now=NOW,
        )  # fmt: skip
    assert session.scalar(select(func.count()).select_from(AppealAttachment)) == 0
    assert count_events(appeal) == events

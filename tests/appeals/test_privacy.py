"""Personal data stays masked unless the handler or an administrator reveals it, and every
reveal is logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.appeals.models import Appeal, RequesterKind, SensitiveView
from taizhang.appeals.privacy import (
    mask_address,
    mask_free_text,
    mask_id_number,
    mask_name,
    mask_phone,
    masked,
    reveal,
)
from taizhang.appeals.workflow import Requester, accept_appeal, assign_appeal
from taizhang.kernel.clock import DISTRICT_TIME
from taizhang.kernel.errors import Forbidden, Invalid
from taizhang.org.models import User

NOW = datetime(2026, 5, 9, 9, 0, tzinfo=DISTRICT_TIME)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("0573-82345678", "****5678"),
        ("110", "****"),
        (None, None),
    ],
)
def test_it_masks_phone_numbers(given: str | None, shown: str | None) -> None:
    assert mask_phone(given) == shown


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("330402199001011234", "3304**********1234"),
        ("33040219900101123X", "3304**********123X"),
        ("1234567", "*******"),
    ],
)
def test_it_masks_id_numbers(given: str, shown: str) -> None:
    assert mask_id_number(given) == shown


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("南湖区建设街道幸福里小区3幢2单元501室", "南湖区建设街道幸福里小区****"),
        ("幸福里小区五幢三单元六〇二室", "幸福里小区****"),
        ("幸福里小区 东门对面张家", "幸福里小区****"),
        ("建设路88号", "幸福里小区****"),
        ("幸福里小区", "幸福里小区"),
    ],
)
def test_it_keeps_the_compound_and_hides_everything_after_it(address: str, shown: str) -> None:
    assert mask_address(address, "幸福里小区") == shown


@pytest.mark.parametrize(
    ("name", "kind", "shown"),
    [
        ("王小明", RequesterKind.RESIDENT, "王**"),
        ("欧阳娜娜娜", RequesterKind.RESIDENT, "欧***"),
        ("13812345678", RequesterKind.RESIDENT, "1***"),
        ("李", RequesterKind.RESIDENT, "李*"),
        ("嘉兴某某科技有限公司", RequesterKind.ENTERPRISE, "嘉兴某某科技有限公司"),
    ],
)
def test_a_persons_name_is_masked_whatever_its_length_a_companys_is_not(
    name: str, kind: RequesterKind, shown: str
) -> None:
    assert mask_name(name, kind) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("请回电13812345678，谢谢", "请回电138****5678，谢谢"),
        ("电话 138-1234-5678 或 0573-82345678", "电话 138****5678 或 ****5678"),
        ("身份证330402199001011234", "身份证3304**********1234"),
        ("楼道灯坏了3天，共2盏", "楼道灯坏了3天，共2盏"),
    ],
)
def test_phone_and_id_numbers_in_free_text_are_masked(text: str, shown: str) -> None:
    assert mask_free_text(text) == shown


def _views(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SensitiveView)) or 0


def test_a_colleague_in_scope_sees_only_masked_data(
    session: Session, register: Callable[..., Appeal], other_town_staff: User, viewer: User
) -> None:
    appeal = register()
    for user in (other_town_staff, viewer):
        view = masked(appeal, viewer=user)
        assert (view.phone, view.id_number) == ("138****5678", "3304**********1234")
        assert view.address == "南湖区建设街道幸福里小区****"
        assert (view.requester_name, view.masked, view.can_reveal) == ("王**", True, False)
    assert _views(session) == 0


def test_it_refuses_to_show_an_appeal_outside_the_viewers_scope(
    register: Callable[..., Appeal], town_staff: User
) -> None:
    with pytest.raises(Forbidden, match="不属于您的范围"):
        masked(register(), viewer=town_staff)


@pytest.mark.parametrize("who", ["handler", "district_admin"])
def test_the_handler_and_administrators_may_reveal_and_it_is_logged(
    session: Session,
    place: Any,
    register: Callable[..., Appeal],
    district_admin: User,
    who: str,
) -> None:
    appeal = register()
    user = place.handler if who == "handler" else district_admin
    assert masked(appeal, viewer=user).can_reveal
    view = reveal(session, appeal, user, NOW)
    assert (view.phone, view.id_number, view.masked) == ("13812345678", "330402199001011234", False)
    assert view.address == "南湖区建设街道幸福里小区3幢2单元501室"
    logged = session.scalars(select(SensitiveView)).one()
    assert (logged.appeal_id, logged.viewer_id, logged.viewed_at) == (appeal.id, user.id, NOW)


def test_it_refuses_to_reveal_to_anyone_else_and_logs_nothing(
    session: Session,
    register: Callable[..., Appeal],
    other_town_staff: User,
    viewer: User,
    place: Any,
) -> None:
    appeal = register()
    for user in (other_town_staff, viewer, place.resident, place.department_staff):
        with pytest.raises(Forbidden, match="只有承办人和区级管理员"):
            reveal(session, appeal, user, NOW)
    assert _views(session) == 0


def test_a_former_handler_loses_the_right_to_reveal(
    session: Session, place: Any, register: Callable[..., Appeal]
) -> None:
    appeal = register()
    accept_appeal(session, appeal, actor=place.handler, now=NOW)
    assign_appeal(session, appeal, actor=place.handler, now=NOW, handler=place.department_staff)
    reveal(session, appeal, place.department_staff, NOW)
    with pytest.raises(Forbidden):
        reveal(session, appeal, place.handler, NOW)


def test_the_masked_view_hides_numbers_written_into_the_description(
    register: Callable[..., Appeal], other_town_staff: User
) -> None:
    appeal = register(description="楼道灯坏了，请打13912345678找我，身份证330402199001011234")
    shown = masked(appeal, viewer=other_town_staff).description
    assert "13912345678" not in shown and "139****5678" in shown
    assert "330402199001011234" not in shown


def test_a_residents_name_with_digits_is_refused_and_nothing_is_written(
    session: Session, register: Callable[..., Appeal]
) -> None:
    with pytest.raises(Invalid, match="姓名中不能有数字"):
        register(requester=Requester(name="王13812345678", phone="13812345678"))
    assert session.scalar(select(func.count()).select_from(Appeal)) == 0

"""The five states a requester reads on the tracking page, one for each of the seven statuses."""

from __future__ import annotations

import pytest

from taizhang.appeals.models import AppealState, AppealStatus, state_of


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (AppealStatus.REGISTERED, "待受理"),
        (AppealStatus.ACCEPTED, "办理中"),
        (AppealStatus.ASSIGNED, "办理中"),
        (AppealStatus.IN_PROGRESS, "办理中"),
        (AppealStatus.ANSWERED, "待评价"),
        (AppealStatus.EVALUATED, "已评价"),
        (AppealStatus.CLOSED, "已销号"),
    ],
)
def test_each_status_reads_as_one_state(status: AppealStatus, label: str) -> None:
    assert state_of(status).label == label
    assert state_of(status.value) is state_of(status)


def test_every_state_is_reached_and_has_an_english_label() -> None:
    reached = {state_of(status) for status in AppealStatus}
    assert reached == set(AppealState)
    assert all(state.english and state.english != state.label for state in AppealState)

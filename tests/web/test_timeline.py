"""How the project timeline words events."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from taizhang.projects.models import Event
from taizhang.web.timeline import event_title


def _event(kind: str, payload: dict[str, Any]) -> Event:
    return Event(kind=kind, payload=payload, recorded_at=datetime(2026, 5, 1, tzinfo=UTC))


def test_a_creation_names_only_what_it_fills_in() -> None:
    created = _event(
        "created",
        {"code": "XM1", "stage": "SIGNED", "name": "农机项目", "phase": None, "investors": []},
    )
    title = event_title(created)
    assert title.startswith("建档（签约）") and "清空" not in title


def test_a_later_change_to_nothing_says_the_figure_was_cleared() -> None:
    assert "期次：清空" in event_title(_event("figures", {"phase": None}))

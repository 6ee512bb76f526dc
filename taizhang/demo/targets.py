"""The demo district's annual targets: every racing unit gets the year's attraction targets,
sized so the completion table shows units ahead of, near and behind 序时进度."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time
from decimal import Decimal

from sqlalchemy.orm import Session

from taizhang.org.models import Unit, UnitKind
from taizhang.race.targets import set_target

RACING = (UnitKind.TOWN, UnitKind.STREET, UnitKind.PLATFORM)
# metric code → (smallest, largest) yearly target a unit of the demo gets
TARGET_RANGES = {
    "signed_1yi": (1, 4),
    "started": (1, 3),
    "signed_investment": (5, 60),
}


def set_demo_targets(session: Session, units: dict[str, Unit], *, today: date) -> int:
    """Targets for the current year for the towns, streets and platforms; returns how many."""
    rng = random.Random(2026)
    now = datetime.combine(today, time(9), tzinfo=UTC)
    count = 0
    for unit in units.values():
        if unit.kind not in RACING or unit.parent is None or unit.parent.parent_id is not None:
            continue
        for metric, (low, high) in TARGET_RANGES.items():
            value = Decimal(rng.randint(low, high))
            set_target(
                session,
                unit=unit,
                year=today.year,
                metric=metric,
                value=value,
                actor=None,
                now=now,
                source="示范数据",
            )
            count += 1
    return count

"""The demo's achievement library: 3,000 generated achievements (a few held by the demo's own
enterprises, so they are found by their short names), a dozen technical needs of demo
enterprises, candidates recommended for most of them, and meetings and an agreement on some,
all through the domain's commands. The recommendations search an index built in a temporary
folder; the served app builds its own beside the database on its first search."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from taizhang.achievements.library import AchievementDraft, add_achievements
from taizhang.achievements.models import NeedStep
from taizhang.achievements.needs import Step, recommend, record_need, record_step
from taizhang.achievements.search import open_library
from taizhang.demo.achievement_library import GeneratedAchievement, achievements, need_texts
from taizhang.enterprises.models import Enterprise
from taizhang.org.models import User

LIBRARY_SIZE = 3000
NEEDS = 12
SOURCES = ("走访", "诉求", "表单")
CLERK = "科技局 王敏"


def build_achievements(
    session: Session, admin: User, enterprises: list[Enterprise], *, today: date
) -> int:
    """The library, the needs and their trails; returns how many achievements."""
    start = today - timedelta(days=30)
    now = _at(start)
    drafts = [_draft(n, a, enterprises) for n, a in enumerate(achievements(LIBRARY_SIZE))]
    add_achievements(session, drafts, actor=admin, now=now)
    with tempfile.TemporaryDirectory(prefix="taizhang-demo-") as folder:
        library = open_library(session, Path(folder))
        for n, (field, text) in enumerate(need_texts(NEEDS)):
            firm = enterprises[(n * 3) % len(enterprises)]
            day = start + timedelta(days=n)
            need = record_need(
                session,
                firm,
                text,
                field=field,
                source=SOURCES[n % 3],
                person=CLERK,
                day=day,
                actor=admin,
                now=_at(day),
            )
            if n % 4 == 3:
                continue  # left to recommend
            found = recommend(session, library, need, person=CLERK,
                              day=day + timedelta(days=1), actor=admin,
                              now=_at(day + timedelta(days=1)))  # fmt: skip
            if found and n % 3 == 0:
                chosen = found[0].achievement.id
                meet = Step(NeedStep.MEETING, CLERK, day + timedelta(days=5),
                            "成果方到企业现场交流，企业有意向", chosen)  # fmt: skip
                record_step(session, need, meet, actor=admin, now=_at(meet.day))
                if n == 0:
                    agree = Step(NeedStep.AGREEMENT, "科技局 李强", day + timedelta(days=12),
                                 "签订技术开发协议", chosen)  # fmt: skip
                    record_step(session, need, agree, actor=admin, now=_at(agree.day))
    return len(drafts)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(2), tzinfo=UTC)


def _draft(n: int, a: GeneratedAchievement, enterprises: list[Enterprise]) -> AchievementDraft:
    holder = enterprises[n % len(enterprises)].name if n % 50 == 0 else a.holder
    return AchievementDraft(a.title, a.abstract, a.field, holder, a.maturity, a.region_code)

"""What the achievement pages and the API share: the library opened beside the database (the
index made current first), the search's query-string filters, and a step read from its form."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from taizhang.achievements.models import NeedStep
from taizhang.achievements.needs import Step
from taizhang.achievements.search import MAX_LIMIT, Library, open_library
from taizhang.kernel.config import Settings
from taizhang.kernel.errors import FieldError, Invalid


class SearchFilter:
    def __init__(
        self,
        q: Annotated[str, Query(max_length=200, description="技术词、成果名称或持有单位")] = "",
        field: Annotated[str, Query(max_length=30, description="技术领域")] = "",
        region: Annotated[str, Query(max_length=60, description="地区名称或代码")] = "",
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="条数")] = 20,
    ) -> None:
        self.q, self.field, self.region, self.limit = q, field, region, limit


SearchFilterDep = Annotated[SearchFilter, Depends()]


def library_of(session: Session, settings: Settings) -> Library:
    return open_library(session, settings.data_folder())


def step_of_form(step: str, person: str, day: str, outcome: str, achievement: str) -> Step:
    """The step a person typed, or `Invalid` naming each field that is wrong."""
    problems = []
    kinds = {NeedStep.MEETING.value: NeedStep.MEETING, NeedStep.AGREEMENT.value: NeedStep.AGREEMENT}
    if step not in kinds:
        problems.append(
            FieldError("请选择对接洽谈或签订协议 (meeting or agreement)", column="环节")
        )
    try:
        when = date.fromisoformat(day.strip())
    except ValueError:
        problems.append(FieldError(f"日期应写成 2026-05-20：{day or '（空）'}", column="日期"))
        when = date.min
    if not achievement.strip().isdigit() or len(achievement.strip()) > 18:
        problems.append(
            FieldError(f"请选择推荐成果中的一项：{achievement or '（空）'}", column="成果")
        )
    if problems:
        raise Invalid("对接记录有误 (invalid step)", errors=problems)
    return Step(kinds[step], person, when, outcome, int(achievement))

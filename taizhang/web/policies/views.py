"""What the policy pages and the API share: the library's query-string filters and the run
chosen by `?run=`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from taizhang.org.models import User
from taizhang.policies.access import get_run_for_user
from taizhang.policies.models import PolicyRun
from taizhang.policies.queries import LibraryFilter
from taizhang.web.bounds import MAX_ID


def library_filter(
    q: Annotated[str, Query(max_length=60, description="标题、编号或内容")] = "",
    kind: Annotated[str, Query(max_length=10, description="免申即享 / 申报")] = "",
    issuer: Annotated[str, Query(max_length=60, description="发布部门")] = "",
    theme: Annotated[str, Query(max_length=30, description="主题")] = "",
) -> LibraryFilter:
    return LibraryFilter(q=q, kind=kind, issuer=issuer, theme=theme)


LibraryFilterDep = Annotated[LibraryFilter, Depends(library_filter)]
RunQuery = Annotated[int | None, Query(ge=1, le=MAX_ID, description="匹配结果编号（默认最近一次）")]


def chosen_run(session: Session, user: User, code: str, run: int | None) -> PolicyRun | None:
    return get_run_for_user(session, user, code, run) if run is not None else None

"""Reading what the race needs from the ledger: racing units and the stages projects reached.

The one place of this package that touches the database; it takes a session and returns the
plain values of `model.py`, in a fixed number of queries whatever the number of events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.enterprises.models import Enterprise
from taizhang.kernel.errors import Invalid
from taizhang.kernel.labels import LabelledEnum
from taizhang.kernel.sources import RANK_PERSON
from taizhang.org.models import Unit, UnitKind
from taizhang.projects.models import ProjectInvestor
from taizhang.projects.stage_history import Reaching, stage_reachings
from taizhang.race.engine.model import StageEvent, UnitRef


class RaceLevel(LabelledEnum):
    """Who races whom: the towns, streets and platforms, or the departments."""

    TOWN = "town", "镇街/平台", "towns, streets and platforms"
    DEPARTMENT = "department", "部门", "departments"


LEVELS: dict[str, tuple[UnitKind, ...]] = {
    RaceLevel.TOWN: (UnitKind.TOWN, UnitKind.STREET, UnitKind.PLATFORM),
    RaceLevel.DEPARTMENT: (UnitKind.DEPARTMENT,),
}
LEVEL_LABELS = {level.value: level.label for level in RaceLevel}


def racing_units(session: Session, *, level: str = "town") -> list[UnitRef]:
    """The units raced against each other at a level: towns, streets and platforms directly
    under the district (or departments)."""
    if level not in LEVELS:
        known = "、".join(f"{k}（{v}）" for k, v in LEVEL_LABELS.items())
        raise Invalid(f"未知的排名层级 {level}，应为 {known} (unknown level)")
    top = select(Unit.id).where(Unit.parent_id.is_(None))
    query = (
        select(Unit)
        .where(Unit.parent_id.in_(top), Unit.kind.in_([k.value for k in LEVELS[level]]))
        .order_by(Unit.sort_order, Unit.id)
    )
    return [UnitRef(u.id, u.code, u.name, u.kind, u.path) for u in session.scalars(query)]


def stage_events(session: Session, *, start: date, end: date) -> list[StageEvent]:
    """Every stage a project reached between start and end (inclusive), retracted ones left out,
    each marked when a person (or a sheet) moved its project back."""
    marked = _marked_moves_back(stage_reachings(session, until=end))
    chosen = [(reaching, back) for reaching, back in marked if reaching.on >= start]
    tags = _project_tags(session, {reaching.project_id for reaching, _ in chosen})
    return [_stage_event(r, back, tags.get(r.project_id, ())) for r, back in chosen]


def _marked_moves_back(reachings: Iterable[Reaching]) -> Iterator[tuple[Reaching, bool]]:
    """Each reaching (in recording order per project) with whether it moved its project back:
    a person (or a sheet) stepping below the highest stage reached before. As in the
    projection, a document claiming an earlier stage does not move the project back."""
    highest: dict[int, int] = {}
    for reaching in reachings:
        bar = highest.get(reaching.project_id, -1)
        highest[reaching.project_id] = max(bar, reaching.stage.order)
        yield reaching, reaching.stage.order < bar and reaching.source_rank == RANK_PERSON


def _stage_event(reaching: Reaching, moved_back: bool, tags: Sequence[str]) -> StageEvent:
    fen = reaching.investment_cny_fen
    return StageEvent(
        event_id=reaching.event_id,
        project_id=reaching.project_id,
        project_name=reaching.project_name,
        unit_path=reaching.unit_path,
        stage=reaching.stage,
        on=reaching.on,
        investment_cny=None if fen is None else Decimal(fen) / 100,
        foreign_capital=reaching.capital_origin == "外资",
        attraction_method=reaching.attraction_method,
        tags=frozenset(tags),
        moved_back=moved_back,
    )


def _project_tags(session: Session, project_ids: set[int]) -> dict[int, list[str]]:
    """Labels the rules may reward, from the project's investors (链主 for a chain leader)."""
    if not project_ids:
        return {}
    rows = session.execute(
        select(ProjectInvestor.project_id, Enterprise.is_chain_leader)
        .join(Enterprise, Enterprise.id == ProjectInvestor.enterprise_id)
        .where(ProjectInvestor.project_id.in_(project_ids))
    )
    tags: defaultdict[int, list[str]] = defaultdict(list)
    for project_id, chain_leader in rows:
        if chain_leader:
            tags[project_id].append("链主")
    return tags

"""What the race engine reads and returns. Plain values: the engine never opens a session.

`ledger_facts.py` turns ledger rows into `StageEvent`s and `UnitRef`s; everything else in this
package is pure (rules in, results out) and takes the reference date as an argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from taizhang.kernel.stages import Stage


@dataclass(frozen=True)
class UnitRef:
    """A unit that races: a town, street, platform or department."""

    unit_id: int
    code: str
    name: str
    kind: str  # UnitKind value: town, street, platform, department …
    # Materialized path, e.g. "/1/5/": a project belongs to the racing unit whose path
    # prefixes the path of the project's own unit.
    path: str


@dataclass(frozen=True)
class StageEvent:
    """A project reaching a stage on a day, with the project's attributes the rules look at."""

    event_id: int
    project_id: int
    project_name: str
    unit_path: str  # path of the project's own unit (may be below a racing unit)
    stage: Stage
    on: date
    investment_cny: Decimal | None  # total investment, CNY equivalent, in yuan
    foreign_capital: bool = False  # 外资
    attraction_method: str | None = None  # 基金招商, 场景招商, 以商引商, 二次招商 …
    tags: frozenset[str] = field(
        default_factory=frozenset
    )  # 世界500强, 行业龙头, 链主, 本地再投资 …
    moved_back: bool = False  # the event moved the project to an earlier stage


@dataclass(frozen=True)
class ScorePart:
    """One rule's points for one event: the answer to "where did this point come from?"."""

    rule: str  # the rule's label as written in the rules file, e.g. "签约·10亿元以上"
    points: Decimal
    event_id: int | None
    project_id: int | None
    note: str = ""  # e.g. "封顶：单个项目不超过20分"


@dataclass(frozen=True)
class Score:
    unit_id: int
    total: Decimal
    parts: tuple[ScorePart, ...] = ()

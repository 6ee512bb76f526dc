"""What a chain is made of, and what the engine says of a district's firms on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from taizhang.kernel.labels import LabelledEnum


class Position(LabelledEnum):
    """Where a link stands on its chain."""

    UP = "upstream", "上游", "upstream"
    MID = "midstream", "中游", "midstream"
    DOWN = "downstream", "下游", "downstream"


class GapKind(LabelledEnum):
    """What is wrong with a link in the district."""

    MISSING = "missing", "缺链", "missing link"  # no local firm
    WEAK = "weak", "弱链", "weak link"  # local firms, below the link's threshold
    BROKEN = "broken", "断链", "broken link"  # no local firm, and local links depend on it


class Reason(Enum):
    """Why a firm or project is on a link."""

    INDUSTRY = "industry"  # its GB/T 4754 code starts with one of the link's codes
    PRODUCT = "product"  # one of the link's products is in its name or products
    CHAIN = "chain"  # a project's own chain field names the link


@dataclass(frozen=True)
class Link:
    key: str
    name: str
    position: Position
    products: tuple[str, ...]
    industry_codes: tuple[str, ...]
    depends_on: tuple[str, ...] = ()
    weak_below: int = 3  # fewer local firms than this: 弱链
    weak_output_below: Decimal | None = None  # 万元: less output than this: 弱链
    name_en: str = ""

    def name_in(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


@dataclass(frozen=True)
class ChainMap:
    key: str
    version: str
    title: str
    valid_from: date
    links: tuple[Link, ...]
    title_en: str = ""
    source: str = ""

    def link(self, key: str) -> Link:
        return next(link for link in self.links if link.key == key)


@dataclass(frozen=True)
class Firm:
    """A local enterprise as the engine sees it: its code, the words it is known by (name,
    main products) and last year's figures."""

    id: int
    name: str
    industry_code: str | None = None
    products: str = ""
    output: Decimal | None = None  # 万元, the latest year's revenue
    muju_class: str | None = None
    leader: bool = False


@dataclass(frozen=True)
class ProjectRef:
    id: int
    name: str
    investor: str | None = None
    chain: str | None = None
    stage: str | None = None


@dataclass(frozen=True)
class Placement:
    """One firm or project on one link, and why."""

    link: str
    reason: Reason
    evidence: str  # the code or the word that matched

    def words(self, language: str = "zh") -> str:
        english = language == "en"
        if self.reason is Reason.INDUSTRY:
            return f"industry code {self.evidence}" if english else f"行业代码 {self.evidence}"
        if self.reason is Reason.PRODUCT:
            return f"product “{self.evidence}”" if english else f"产品“{self.evidence}”"
        return (
            f"the project's chain “{self.evidence}”"
            if english
            else f"项目所属产业链“{self.evidence}”"
        )


@dataclass(frozen=True)
class Gap:
    kind: GapKind
    why: str  # the sentence officials read
    why_en: str = ""

    def why_in(self, language: str) -> str:
        return self.why_en if language == "en" and self.why_en else self.why


@dataclass
class LinkView:
    link: Link
    firms: list[tuple[Firm, Placement]] = field(default_factory=list)
    projects: list[tuple[ProjectRef, Placement]] = field(default_factory=list)
    gap: Gap | None = None

    @property
    def output(self) -> Decimal:
        return sum((f.output or Decimal(0) for f, _ in self.firms), Decimal(0))

    def classes(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for firm, _ in self.firms:
            if firm.muju_class:
                counts[firm.muju_class] = counts.get(firm.muju_class, 0) + 1
        return dict(sorted(counts.items()))


@dataclass(frozen=True)
class Leader:
    """A 链主 on the chain and its local suppliers (firms on the links its link depends on)."""

    firm: Firm
    link: Link
    suppliers: tuple[tuple[Link, Firm], ...]
    missing: tuple[Link, ...]  # supplier links with no local firm


@dataclass(frozen=True)
class ChainView:
    chain: ChainMap
    links: tuple[LinkView, ...]
    leaders: tuple[Leader, ...]

    def gaps(self) -> list[LinkView]:
        return [view for view in self.links if view.gap is not None]

    def view(self, key: str) -> LinkView:
        return next(view for view in self.links if view.link.key == key)

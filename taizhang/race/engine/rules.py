"""招商积分规则: the versioned TOML file that says how many points each project event earns.

One file per rules version, usually one per year (`rules/2026.toml` is the shipped example).
All amounts are CNY-equivalent total investment in 亿元. The format:

    version = "2026.1"                 # required; any text, quoted
    title = "2026年度招商引资积分办法"   # optional
    valid_from = 2026-01-01            # required; events from this day …
    valid_to = 2026-12-31              # … to this day (inclusive) are scored by this file
    extra_kinds = ["专精特新"]          # optional: labels rewarded besides the built-in ones

    [[bands]]                          # size bands: min_yi ≤ investment < max_yi (亿元)
    label = "1亿–10亿"
    min_yi = 1
    max_yi = 10                        # leave out for "以上" (no upper limit)

    [[stage_points]]                   # points when a project reaches a stage in the period
    stage = "签约"                      # 洽谈 签约 供地 开工 竣工 投产 达产 (or SIGNED …)
    points = { "1亿–10亿" = 2, "10亿–50亿" = 5 }   # by band; a bare number = any size
    label = "签约"                      # optional; parts read "签约·1亿–10亿"

    [[bonuses]]                        # extra points for a kind of project, on given stages
    kind = "外资"                       # 外资, a label (世界500强, 链主 …) or 招商方式 (基金招商 …)
    stages = ["签约"]
    points = 3                         # may be negative: a deduction (扣分)
    cap = 9                            # optional: at most this much per unit per period
    bands = ["10亿–50亿"]              # optional: only projects in these bands
    label = "外资项目加分"               # optional; default "外资加分"

    [caps]                             # optional
    per_project = 20                   # a project earns at most this much per period
    per_unit = 100                     # a unit earns at most this much per period

    [warnings]                         # optional; thresholds of the project warnings
    not_started_months = 6             # signed but not started after this many months
    plan_grace_days = 0                # a planned stage date may pass by this many days
    stale_days = 60                    # no event for this many days
    moved_back_days = 30               # a stage moved back within this many days

A bonus matches a project whose StageEvent has `kind` among its tags, as its attraction method,
or (for 外资) `foreign_capital`. Band labels in `points`/`bands` match ignoring the kind of dash.

Every problem is reported with its line (`FieldError.row`) and key (`FieldError.column`), all at
once; a file with any error raises `Invalid` and applies nothing. tomllib gives no positions for
values, so `kernel.rulefiles` finds the line of a table or key by scanning the raw text; the
reading of versions, texts, numbers and dates is the kernel's `RuleReader`.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from operator import attrgetter
from typing import Any

from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.rulefiles import (
    VERSION_KEYS,
    RuleKind,
    RuleReader,
    RuleTable,
    hint,
    read_rule_file,
)
from taizhang.kernel.stages import STAGES, Stage
from taizhang.race.engine.warnings import WarningSettings

YI = Decimal(100_000_000)
POINTS_RULES = RuleKind("积分规则", "points rules")
WARNING_KEYS = tuple(item.name for item in fields(WarningSettings))
FOREIGN = "外资"
BUILT_IN_KINDS = (
    FOREIGN, "世界500强", "中国企业500强", "民营企业500强", "行业龙头", "链主", "本地再投资",
    "基金招商", "场景招商", "飞地招商", "以商引商", "链式招商", "二次招商",
)  # fmt: skip
KEYS: dict[str, tuple[str, ...]] = {
    "": (*VERSION_KEYS, "extra_kinds", "bands", "stage_points", "bonuses", "caps", "warnings"),
    "bands": ("label", "min_yi", "max_yi"),
    "stage_points": ("stage", "points", "label"),
    "bonuses": ("kind", "stages", "points", "cap", "bands", "label"),
    "caps": ("per_project", "per_unit"),
    "warnings": WARNING_KEYS,
}  # fmt: skip
PROJECT_CAP_RULE = "单个项目封顶"
UNIT_CAP_RULE = "单个单位封顶"
_LOWEST = attrgetter("min_cny")


@dataclass(frozen=True)
class Band:
    label: str
    min_cny: Decimal  # yuan, inclusive
    max_cny: Decimal | None  # yuan, exclusive; None = no upper limit

    def contains(self, investment_cny: Decimal | None) -> bool:
        if investment_cny is None or investment_cny < self.min_cny:
            return False
        return self.max_cny is None or investment_cny < self.max_cny


@dataclass(frozen=True)
class StagePoints:
    stage: Stage
    label: str
    points: tuple[tuple[Band | None, Decimal], ...]  # (band, points); band None = any size

    def part_label(self, band: Band | None) -> str:
        return self.label if band is None else f"{self.label}·{band.label}"


@dataclass(frozen=True)
class Bonus:
    kind: str
    label: str
    stages: frozenset[Stage]
    points: Decimal
    cap: Decimal | None = None  # per unit per period
    bands: tuple[Band, ...] | None = None  # None = any size, even unknown


@dataclass(frozen=True)
class RuleSet:
    version: str
    title: str
    valid_from: date
    valid_to: date  # inclusive
    bands: tuple[Band, ...]  # lowest first
    stage_points: tuple[StagePoints, ...]
    bonuses: tuple[Bonus, ...]
    cap_per_project: Decimal | None = None
    cap_per_unit: Decimal | None = None
    source: str = "rules.toml"
    valid_from_line: int = 1
    warnings: WarningSettings = field(default_factory=WarningSettings)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to

    def band_of(self, investment_cny: Decimal | None) -> Band | None:
        """The one band an investment falls in (bands are sorted and do not overlap), or None."""
        if investment_cny is None:
            return None
        index = bisect.bisect_right(self.bands, investment_cny, key=_LOWEST) - 1
        band = self.bands[index] if index >= 0 else None
        return band if band and band.contains(investment_cny) else None


def load_rules(text: str, *, source: str = "rules.toml") -> RuleSet:
    """Parse and validate a rules file; `Invalid` listing every problem with its line."""
    return read_rule_file(text, kind=POINTS_RULES, source=source, keys=KEYS, reader=_Reader)


def check_no_overlap(rulesets: Sequence[RuleSet]) -> None:
    """`Invalid` when two rule sets' validity periods share a day (naming the later file's line)."""
    errors = []
    reach: RuleSet | None = None  # of the rule sets seen so far, the one valid the longest
    for ruleset in sorted(rulesets, key=lambda r: (r.valid_from, r.valid_to)):
        if reach is not None and ruleset.valid_from <= reach.valid_to:
            errors.append(_overlap(ruleset, reach))
        if reach is None or ruleset.valid_to > reach.valid_to:
            reach = ruleset
    if errors:
        raise Invalid("积分规则的有效期重叠，未应用任何规则 (rule sets overlap)", errors)


def _overlap(later: RuleSet, earlier: RuleSet) -> FieldError:
    spans = [f"{r.source} 的有效期 {r.valid_from} 至 {r.valid_to}" for r in (later, earlier)]
    reason = f"{spans[0]} 与 {spans[1]} 重叠 (validity periods overlap)"
    return FieldError(reason, row=later.valid_from_line, column="valid_from")


def _label_key(label: str) -> str:
    """How band labels are compared: full-width folded, spaces dropped, any dash the same."""
    folded = unicodedata.normalize("NFKC", label).replace(" ", "")
    return re.sub(r"[-‐‑‒–—―－~～]", "-", folded)


class _Reader(RuleReader):
    """Reads the parsed TOML into a RuleSet, collecting every problem with its line."""

    def read(self, data: dict[str, Any]) -> RuleSet:
        top = self.top(data)
        header = self.version_header(top)
        bands = self.read_bands(top)
        kinds = (*BUILT_IN_KINDS, *self.strings(top, "extra_kinds", required=False))
        stages = [(t, self.stage_points(t, bands)) for t in self.tables(top, "stage_points")]
        bonuses = [(t, self.bonus(t, bands, kinds)) for t in self.tables(top, "bonuses")]
        self.check_duplicates(stages, bonuses)
        caps = self.table(top, "caps")
        per_project = self.number(caps, "per_project", required=False, negative=False)
        per_unit = self.number(caps, "per_unit", required=False, negative=False)
        warnings = self.warning_settings(self.table(top, "warnings"))
        return RuleSet(
            header.version, header.title, header.valid_from, header.valid_to,
            tuple(sorted(bands.values(), key=_LOWEST)),
            tuple(rule for _, rule in stages if rule), tuple(bonus for _, bonus in bonuses),
            per_project, per_unit, self.source, header.valid_from_line, warnings,
        )  # fmt: skip

    def warning_settings(self, table: RuleTable) -> WarningSettings:
        """[warnings]: whole numbers of months or days; what is left out keeps its default."""
        given = {key: self.whole_number(table, key) for key in WARNING_KEYS}
        return WarningSettings(**{key: value for key, value in given.items() if value is not None})

    def read_bands(self, top: RuleTable) -> dict[str, Band]:
        """Bands by `_label_key`, each checked for max > min and for overlap with the others."""
        bands: dict[str, Band] = {}
        where: dict[str, RuleTable] = {}
        for table in self.tables(top, "bands"):
            label = self.text(table, "label")
            low = self.number(table, "min_yi", required=False, negative=False) or Decimal(0)
            high = self.number(table, "max_yi", required=False, negative=False)
            if high is not None and high <= low:
                reason = f"规模档次 {label} 的上限 {high} 不大于下限 {low} (max ≤ min)"
                self.fail(table, "max_yi", reason)
            if _label_key(label) in bands:
                self.fail(table, "label", f"规模档次 {label} 重复 (duplicate band)")
            bands[_label_key(label)] = Band(label, low * YI, None if high is None else high * YI)
            where[_label_key(label)] = table
        ordered = sorted(bands.items(), key=lambda item: item[1].min_cny)
        for (_, lower), (key, upper) in itertools.pairwise(ordered):
            if lower.max_cny is None or upper.min_cny < lower.max_cny:
                reason = f"规模档次 {upper.label} 与 {lower.label} 重叠 (bands overlap)"
                self.fail(where[key], "min_yi", reason)
        return bands

    def stage_points(self, table: RuleTable, bands: dict[str, Band]) -> StagePoints | None:
        stage = self.stage(table, "stage", table.data.get("stage"))
        label = self.text(table, "label", required=False) or (stage.label if stage else "")
        raw = table.data.get("points")
        if not isinstance(raw, dict):
            flat = self.number(table, "points", negative=False) or Decimal(0)
            return StagePoints(stage, label, ((None, flat),)) if stage else None
        points = []
        for name, value in raw.items():
            band = self.band(table, "points", name, bands)
            what = f"{name} 的积分"
            points.append((band, self.to_number(table, "points", value, negative=False, what=what)))
        return StagePoints(stage, label, tuple(points)) if stage else None

    def bonus(self, table: RuleTable, bands: dict[str, Band], kinds: tuple[str, ...]) -> Bonus:
        kind = self.text(table, "kind")
        if kind and kind not in kinds:
            advice = hint(kind, kinds, "新的类别请先写进 extra_kinds")
            self.fail(table, "kind", f"未知的加分类别 {kind}，{advice} (unknown bonus kind)")
        stages = (self.stage(table, "stages", s) for s in self.strings(table, "stages"))
        points = self.number(table, "points") or Decimal(0)
        cap = self.number(table, "cap", required=False, negative=False)
        if cap is not None and points < 0:
            self.fail(table, "cap", "扣分项不能设封顶 (a deduction cannot have a cap)")
        in_bands = None
        if "bands" in table.data:
            names = self.strings(table, "bands")
            in_bands = tuple(b for n in names if (b := self.band(table, "bands", n, bands)))
        label = self.text(table, "label", required=False) or f"{kind}加分"
        return Bonus(kind, label, frozenset(s for s in stages if s), points, cap, in_bands)

    def check_duplicates(
        self,
        stages: list[tuple[RuleTable, StagePoints | None]],
        bonuses: list[tuple[RuleTable, Bonus]],
    ) -> None:
        """One rule per stage; rule labels unique, so every part names one rule."""
        seen: set[Stage] = set()
        labels = {PROJECT_CAP_RULE, UNIT_CAP_RULE}
        for table, rule in stages:
            if rule and rule.stage in seen:
                reason = f"{rule.stage.label} 的节点积分重复定义 (duplicate stage)"
                self.fail(table, "stage", reason)
            if rule:
                seen.add(rule.stage)
                labels.update(rule.part_label(band) for band, _ in rule.points)
        for table, bonus in bonuses:
            if bonus.label in labels:
                reason = f"规则名称 {bonus.label} 重复，请用 label 区分 (duplicate label)"
                self.fail(table, "label", reason)
            labels.add(bonus.label)

    def stage(self, table: RuleTable, key: str, value: Any) -> Stage | None:
        if value is None:
            self.fail(table, key, f"缺少 {key} (missing {key})")
            return None
        try:
            return Stage.parse(str(value))
        except ValueError:
            words = [stage.label for stage in STAGES]
            advice = hint(str(value), words, f"应为 {'、'.join(words)}")
            self.fail(table, key, f"未知的事件“{value}”，{advice} (unknown stage)")
            return None

    def band(self, table: RuleTable, key: str, name: str, bands: dict[str, Band]) -> Band | None:
        if _label_key(name) in bands:
            return bands[_label_key(name)]
        labels = [band.label for band in bands.values()]
        advice = hint(name, labels, f"已定义的档次：{'、'.join(labels) or '无'}")
        self.fail(table, key, f"未知的规模档次 {name}，{advice} (unknown band)")
        return None

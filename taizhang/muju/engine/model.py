"""What the 亩均 engine reads and returns. Plain values: the engine never opens a session.

An enterprise's figures for the evaluated year come in as `EnterpriseYear`; `evaluate` returns one
`Evaluation` per enterprise with its score, its class (A/B/C/D or the scheme's own names) and, for
every point, the figures and the rule it came from (`ItemScore`, `AdjustmentPart`).

Units of the figures are fixed, so that a scheme's formulas mean one thing: money in 万元, land in
亩, energy in tce (等价值), electricity in kWh, emissions and water in tonnes, people as the annual
average head count. A scheme converts with its indicator's `scale` (元/度 = 万元 × 10000 / kWh).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from taizhang.kernel.labels import LabelledEnum
from taizhang.muju.engine.explain import ENGLISH, Step, say, step


class SizeClass(LabelledEnum):
    """规上 = industrial legal unit with 主营业务收入 ≥ 2000万元 on the statistical list."""

    ABOVE = "ABOVE", "规上", "above designated size"
    BELOW = "BELOW", "规下", "below designated size"


@dataclass(frozen=True)
class EnterpriseYear:
    """One enterprise's figures for the evaluated year; None = not reported."""

    enterprise_id: int
    name: str
    size: SizeClass
    land_mu: Decimal | None  # 用地面积, 亩
    tax: Decimal | None = None  # 评价税收, 万元 (locally defined; an input)
    revenue: Decimal | None = None  # 主营业务收入 / 营业收入 / 销售收入, 万元
    value_added: Decimal | None = None  # 工业增加值, 万元
    energy_tce: Decimal | None = None  # 综合能耗, tce
    electricity_kwh: Decimal | None = None  # 用电量, kWh
    emissions_t: Decimal | None = None  # 主要污染物排放量, t
    water_t: Decimal | None = None  # 用水量, t
    employees: Decimal | None = None  # 年平均职工人数
    rnd: Decimal | None = None  # R&D 经费支出, 万元
    industry_code: str = ""  # GB/T 4754-2017, e.g. "C3311" or "3311"
    kinds: frozenset[str] = frozenset()  # 公用事业, 政策性搬迁 … (what exclusions look at)
    registered_on: date | None = None  # 注册（投产）日期
    land_supplied_on: date | None = None  # 新供地的出让日期
    adjustments: Mapping[str, int] = field(default_factory=dict)  # 加减分项 → how many times


class Said:
    """A part of a result explained by its steps, in Chinese (`explanation`) or either language:
    亩均税收 = 评价税收 1500 ÷ 用地面积 50 = 30 万元/亩；对标 30 ÷ 24.097 × 30 = 37.35 分"""

    steps: tuple[Step, ...]

    @property
    def explanation(self) -> str:
        return say(self.steps)

    def explained(self, language: str) -> str:
        return say(self.steps, language)


@dataclass(frozen=True)
class ItemScore(Said):
    """One indicator's points for one enterprise, with every figure and rule that made them."""

    indicator: str  # 亩均税收
    weight: Decimal
    points: Decimal
    value: Decimal | None  # the indicator's value, None when a figure is missing
    steps: tuple[Step, ...]  # value, benchmark, normalisation, cap, points (`explain`)
    indicator_en: str = ""


@dataclass(frozen=True)
class AdjustmentPart(Said):
    """A bonus (加分) or deduction (减分) of the scheme, applied `count` times."""

    rule: str
    count: int
    points: Decimal
    steps: tuple[Step, ...]  # adjustment, first or charged, limit, points
    rule_en: str = ""


@dataclass(frozen=True)
class Evaluation:
    """One enterprise's result. An excluded enterprise has no score and the exclusion's grade.

    Names come as the scheme writes them, with their English (`*_en`, "" when the scheme gives
    none); the reasons as steps (`explain`), said in either language by `explained`."""

    enterprise_id: int
    name: str
    category: str  # the scheme's 评价类别 (规上, 规下, ≥3亩 …); "" when excluded before it
    score: Decimal | None
    grade: str  # A, B, C, D … or the exclusion's label (T, 不定等级)
    items: tuple[ItemScore, ...] = ()
    adjustments: tuple[AdjustmentPart, ...] = ()
    rank: int | None = None  # 1 = best, within its ranking group; ties share the better rank
    ranked: int | None = None  # N, how many were ranked in its group
    group: str = ""  # the ranking group: the category, and the industry group when used
    grading: tuple[Step, ...] = ()  # 名次 7/37：7 ≤ 0.20 × 37 = 7.4（向下取整 7） → A
    exclusion: tuple[Step, ...] = ()  # why it was not ranked (公用事业, 注册不满 2 年 …)
    treated_as: str = ""  # the grade an excluded enterprise is managed as (按 B 类管理)
    category_en: str = ""
    group_en: str = ""
    grade_en: str = ""

    @property
    def grade_rule(self) -> str:
        return say(self.grading)

    @property
    def excluded(self) -> str:
        return say(self.exclusion)

    @property
    def explanation(self) -> str:
        """Every point of the score, one line each, then the grade."""
        return self.explained("zh")

    def explained(self, language: str) -> str:
        lines = [item.explained(language) for item in self.items]
        lines += [part.explained(language) for part in self.adjustments]
        if self.exclusion:
            lead = "Not ranked: " if language == ENGLISH else "不参与排名："
            lines.append(lead + say(self.exclusion, language))
        if self.grading:
            lines.append(say(self.grading, language))
        else:
            lines.append(say([step("label", grade=self.grade)], language))
        return "\n".join(lines)

    def grade_rule_in(self, language: str) -> str:
        return say(self.grading, language)

    def excluded_in(self, language: str) -> str:
        return say(self.exclusion, language)

    def grade_in(self, language: str) -> str:
        """The grade as the language writes it (the exclusion's English label, …)."""
        return self.grade_en if language == ENGLISH and self.grade_en else self.grade

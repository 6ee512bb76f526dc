"""The metrics targets are set for (年度任务指标): the built-in ones and those the district adds.

A *count* metric counts the projects that reached a stage, a *sum* metric adds their
CNY-equivalent total investment in 亿元 (both optionally only projects of at least `min_yi`
亿元), a *value* metric is a figure entered per unit and month (实际利用外资 …). The district's
own metrics live in table `metrics` (`define_metric`); `list_metrics` gives the built-in ones
first. Here too are the checks every figure of a metric passes, and who may change them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.kernel.money import YI, format_money_english
from taizhang.kernel.numbers import format_number
from taizhang.kernel.stages import Stage
from taizhang.org.access import require_district_admin
from taizhang.org.models import User
from taizhang.race.models import DistrictMetric

MAX_PLACES = 4  # the tables keep four decimals
MAX_VALUE = Decimal(10**15)


class MetricKind(StrEnum):
    COUNT = "count"
    SUM = "sum"
    VALUE = "value"


DEFAULT_UNITS = {MetricKind.COUNT: "个", MetricKind.SUM: "亿元"}
# The units of the built-in metrics on an English page; a district's own unit shows as entered.
UNITS_ENGLISH = {"个": "", "亿元": "× CNY 100 m", "万美元": "× USD 10,000", "万元": "× CNY 10,000"}
# Amounts in these units are written as money on an English page (4 亿元 is CNY 400 m).
MONEY_UNITS = {
    "亿元": (YI, "CNY"),
    "万元": (Decimal(10_000), "CNY"),
    "万美元": (Decimal(10_000), "USD"),
}


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    unit: str  # 个, 亿元, 万美元 …: targets and actuals are in this unit
    kind: MetricKind
    stage: Stage | None = None  # the stage counted (count, sum)
    min_yi: Decimal | None = None  # only projects of at least this many 亿元 (CNY equivalent)
    aliases: tuple[str, ...] = ()  # other names a sheet may use
    builtin: bool = True
    english: str = ""  # the built-in metrics' English name; a district's own has none

    def label_in(self, language: str) -> str:
        """The name for a page's language; a metric without an English name by its own."""
        return self.english if language == "en" and self.english else self.label

    def unit_in(self, language: str) -> str:
        return UNITS_ENGLISH.get(self.unit, self.unit) if language == "en" else self.unit

    def figure_in(self, value: Decimal, language: str, *, with_unit: bool = True) -> str:
        """A target or an actual as a page writes it: 40 亿元 (or 40), or CNY 4 bn in English."""
        if language == "en" and self.unit in MONEY_UNITS:
            size, currency = MONEY_UNITS[self.unit]
            return format_money_english(value * size, currency)
        number, unit = format_number(value, places=2), self.unit_in(language)
        return f"{number} {unit}" if with_unit and unit else number

    @property
    def measured(self) -> str:
        """How the metric is measured, in words (for the page that explains a number)."""
        if self.kind is MetricKind.VALUE or self.stage is None:
            return f"按单位逐月填报，年初至今累计（{self.unit}）"
        floor = f"折合人民币总投资{format_number(self.min_yi)}亿元以上的" if self.min_yi else ""
        what = "个数" if self.kind is MetricKind.COUNT else "总投资合计（亿元）"
        return f"年初至今达到“{self.stage.label}”阶段的{floor}项目{what}"


BUILTIN_METRICS: tuple[Metric, ...] = (
    Metric(
        "signed_1yi", "亿元以上项目签约数", "个", MetricKind.COUNT, Stage.SIGNED, Decimal(1),
        english="Projects of CNY 100 m+ signed",
    ),
    Metric(
        "signed_10yi", "10亿元以上项目签约数", "个", MetricKind.COUNT, Stage.SIGNED, Decimal(10),
        aliases=("招大引强", "10亿元以上项目签约数(招大引强)", "10亿元以上项目数"),
        english="Projects of CNY 1 bn+ signed",
    ),
    Metric(
        "started", "开工项目数", "个", MetricKind.COUNT, Stage.CONSTRUCTION,
        english="Projects started",
    ),
    Metric(
        "in_production", "投产项目数", "个", MetricKind.COUNT, Stage.PRODUCTION,
        english="Projects in production",
    ),
    Metric(
        "signed_investment", "签约总投资", "亿元", MetricKind.SUM, Stage.SIGNED,
        english="Investment signed",
    ),
    Metric(
        "foreign_capital", "实际利用外资", "万美元", MetricKind.VALUE, aliases=("实际使用外资",),
        english="Foreign capital used",
    ),
    Metric(
        "fixed_asset_investment", "固定资产投资", "亿元", MetricKind.VALUE, aliases=("固投",),
        english="Fixed-asset investment",
    ),
)  # fmt: skip


def fold(text: str) -> str:
    """Text as compared with names: full-width folded to half-width, white space removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def list_metrics(session: Session) -> list[Metric]:
    """The built-in metrics, then the district's own in the order they were added."""
    added = session.scalars(select(DistrictMetric).order_by(DistrictMetric.id))
    return [*BUILTIN_METRICS, *(_from_row(row) for row in added)]


def _from_row(row: DistrictMetric) -> Metric:
    stage = Stage(row.stage) if row.stage else None
    return Metric(row.code, row.label, row.unit, MetricKind(row.kind), stage, row.min_yi, (), False)


def find_metric(metrics: Iterable[Metric], text: str) -> Metric | None:
    """A metric by its code, its label or one of its other names."""
    wanted = fold(text)
    for metric in metrics:
        if wanted in (metric.code, fold(metric.label), *map(fold, metric.aliases)):
            return metric
    return None


def resolve_metric(session: Session, metric: Metric | str) -> Metric:
    """The known metric a code or name (or a `Metric`) stands for, or `Invalid`."""
    metrics = list_metrics(session)
    code = metric.code if isinstance(metric, Metric) else metric
    found = find_metric(metrics, code)
    if found is None:
        known = "、".join(m.label for m in metrics)
        raise Invalid(f"未知的指标“{code}”，应为：{known} (unknown metric)")
    return found


def define_metric(
    session: Session,
    *,
    code: str,
    label: str,
    kind: MetricKind | str,
    unit: str | None = None,
    stage: Stage | str | None = None,
    min_yi: Decimal | int | None = None,
    actor: User | None,
    now: datetime,
) -> Metric:
    """Add a district metric after checking it is complete, consistent and new."""
    require_district_admin(actor, "新增指标 (add metrics)")
    metric = _checked_metric(code.strip(), label.strip(), kind, unit, stage, min_yi)
    known = list_metrics(session)
    clash = find_metric(known, metric.code) or find_metric(known, metric.label)
    if clash is not None:
        raise Invalid(f"指标“{clash.label}”（{clash.code}）已存在 (metric already exists)")
    row = DistrictMetric(
        code=metric.code,
        label=metric.label,
        unit=metric.unit,
        kind=metric.kind.value,
        stage=metric.stage.value if metric.stage else None,
        min_yi=metric.min_yi,
        created_by_id=actor.id if actor else None,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return metric


def _checked_metric(
    code: str,
    label: str,
    kind: MetricKind | str,
    unit: str | None,
    stage: Stage | str | None,
    min_yi: Decimal | int | None,
) -> Metric:
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", code):
        raise Invalid("指标代码须为 2–40 位小写字母、数字或下划线，以字母开头 (bad metric code)")
    if not 1 <= len(label) <= 60:
        raise Invalid("指标名称须为 1–60 个字 (metric label of 1–60 characters)")
    if kind not in tuple(MetricKind):
        raise Invalid(f"指标类型应为 count、sum 或 value，实为“{kind}” (unknown metric kind)")
    kind = MetricKind(kind)
    try:
        stage = Stage.parse(stage) if isinstance(stage, str) else stage
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    floor = None if min_yi is None else Decimal(min_yi)
    if floor is not None and not (floor.is_finite() and floor >= 0):
        raise Invalid(f"投资门槛（亿元）不能为负，实为 {floor} (the floor cannot be negative)")
    if kind is MetricKind.VALUE:
        if stage is not None or floor is not None or not unit or len(unit) > 20:
            raise Invalid("填报类指标须有计量单位，且不设阶段和投资门槛 (value metric: unit only)")
        return Metric(code, label, unit, kind, builtin=False)
    if stage is None:
        raise Invalid("计数、合计类指标须指定项目阶段 (count and sum metrics need a stage)")
    if unit not in (None, DEFAULT_UNITS[kind]):
        raise Invalid(f"该类指标的单位为“{DEFAULT_UNITS[kind]}” (unit fixed by the kind)")
    return Metric(code, label, DEFAULT_UNITS[kind], kind, stage, floor, builtin=False)


def value_problem(metric: Metric, value: Decimal) -> str | None:
    """What is wrong with a target or a figure of this metric, in words (None: nothing)."""
    if not value.is_finite():
        return "数值应为数字 (not a number)"
    if value < 0:
        return f"“{metric.label}”的数值不能为负数，实为 {value} (cannot be negative)"
    if value >= MAX_VALUE:
        return f"数值过大：{value} (too large)"
    if value != value.quantize(Decimal(1).scaleb(-MAX_PLACES)):
        return f"数值最多 {MAX_PLACES} 位小数，实为 {value} (too many decimals)"
    if metric.kind is MetricKind.COUNT and value != value.to_integral_value():
        return f"“{metric.label}”是项目个数，应为整数，实为 {value} (a count is a whole number)"
    return None

"""A policy as its file states it: who issues it, how it is granted (免申即享: the district
pays from its data without an application; 申报: the enterprises that qualify are told to
apply), what it gives (a fixed amount, or a share of a figure with a cap), when it is in force,
the year whose figures are judged, and its conditions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from taizhang.kernel.labels import LabelledEnum
from taizhang.kernel.numbers import format_number
from taizhang.policies.engine.conditions import WAN, Condition
from taizhang.policies.engine.model import Field, Missing, Profile, Used, Words

FEN = Decimal("0.01")


class PolicyKind(LabelledEnum):
    AUTOMATIC = "免申即享", "免申即享", "granted without applying"
    APPLICATION = "申报", "申报", "apply to receive"


def yuan_words(value: Decimal) -> Words:
    """An amount in 元 as a page says it: 200000 → 20 万元 / CNY 200,000."""
    if value >= WAN and value % 100 == 0:
        zh = f"{format_number(value / WAN)} 万元"
    else:
        zh = f"{format_number(value, places=2, trim=True)} 元"
    return Words(zh, f"CNY {format_number(value, places=2, grouping=True)}")


@dataclass(frozen=True)
class Benefit:
    """What a qualifying enterprise receives. `amount`: a fixed sum in 元. Else a formula:
    `rate` × `base` (a figure of the data year in 万元, converted to 元; with `increase`, its
    growth over the year before), at most `cap` 元."""

    text: str
    amount: Decimal | None = None
    base: Field | None = None
    rate: Decimal | None = None
    cap: Decimal | None = None
    increase: bool = False

    def describe(self) -> Words:
        if self.amount is not None:
            shown = yuan_words(self.amount)
            return Words(f"定额 {shown.zh}", f"fixed {shown.en}")
        assert self.base is not None and self.rate is not None
        rate = f"{format_number(self.rate * 100)}%"
        base_zh = f"{self.base.label}{'增量' if self.increase else ''}"
        base_en = f"{'growth of ' if self.increase else ''}{self.base.english}"
        cap = yuan_words(self.cap) if self.cap is not None else None
        return Words(
            f"按{base_zh}的 {rate}" + (f"，最高 {cap.zh}" if cap else ""),
            f"{rate} of the {base_en}" + (f", at most {cap.en}" if cap else ""),
        )

    def compute(self, profile: Profile, year: int) -> Award:
        """The amount for this enterprise (None when a figure it needs is missing)."""
        if self.amount is not None:
            return Award(self.amount, yuan_words(self.amount))
        assert self.base is not None and self.rate is not None
        years = (year - 1, year) if self.increase else (year,)
        figures = [(y, profile.fact(self.base, y)) for y in years]
        missing = tuple(Missing(self.base, y) for y, f in figures if f is None or f.number is None)
        used = tuple(
            Used.of(self.base, f, format_number(f.number))
            for _, f in figures
            if f is not None and f.number is not None
        )
        if missing:
            return Award(None, Words("缺数据，无法计算", "data missing"), used, missing)
        numbers = [f.number for _, f in figures if f is not None and f.number is not None]
        base = max(numbers[-1] - numbers[0], Decimal(0)) if self.increase else numbers[0]
        computed = (base * WAN * self.rate).quantize(FEN, rounding=ROUND_HALF_UP)
        capped = self.cap is not None and computed > self.cap
        value = self.cap if capped and self.cap is not None else computed
        shown = yuan_words(value)
        rate = format_number(self.rate * 100)
        formula = f"{format_number(base)} 万元 × {rate}%"
        return Award(
            value,
            Words(
                f"{formula} = {yuan_words(computed).zh}" + (f"，封顶 {shown.zh}" if capped else ""),
                f"CNY {format_number(base * WAN, grouping=True)} × {rate}% = "
                f"{yuan_words(computed).en}" + (f", capped at {shown.en}" if capped else ""),
            ),
            used,
        )


@dataclass(frozen=True)
class Award:
    amount: Decimal | None  # 元
    words: Words
    used: tuple[Used, ...] = ()
    missing: tuple[Missing, ...] = ()


@dataclass(frozen=True)
class Policy:
    id: str  # the policy's code: KJ-2026-01
    version: str
    title: str
    issuer: str
    kind: PolicyKind
    theme: str
    basis: str  # the document it implements
    valid_from: date
    valid_to: date  # inclusive
    data_year: int  # the year whose figures are judged (the last of three for ratios)
    as_of: date  # the day registration ages are counted to
    benefit: Benefit
    conditions: tuple[Condition, ...]
    source: str = "policy.toml"

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to

"""The reasons of a 亩均 result as steps, said in Chinese or English.

A step is a rule of the scheme (`rule`: "ratio", "cap", "within" …) and what it was applied to
(`args`): numbers as Decimals (or the text they were stored as), names as the scheme writes them
with their English beside them under `<name>_en`. An item's explanation is its steps said one
after the other; each rule's sentence carries its own punctuation, so

    value · benchmark · ratio · cap · points
    亩均税收 = 评价税收 1500 ÷ 用地面积 50 = 30 万元/亩；基准 = 1 × 本年平均 24 = 24；对标 30 ÷ 24 ×
    30，封顶 2 × 30 = 60 = 37.5 分

Numbers are written when said (four places; points two), so an engine run that is never shown
formats nothing. A run stores its steps as JSON (`step_json`, numbers as written) and reads them
back (`step_of`); a sentence stored before steps existed comes back as one `said` step, which
reads the same in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from taizhang.kernel.numbers import format_number

Arg = Decimal | int | str
POINT_KEYS = frozenset({"points"})  # written to two places; other numbers to four
ENGLISH = "en"


@dataclass(frozen=True)
class Step:
    rule: str
    args: Mapping[str, Arg] = field(default_factory=dict)


def step(rule: str, **args: Arg | date | None) -> Step:
    """A step; None and "" arguments are left out, dates written as ISO text."""
    kept = {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in args.items()
        if value is not None and value != ""
    }
    return Step(rule, kept)


def named(key: str, zh: str, en: str = "") -> dict[str, str]:
    """A name and its English as step arguments: `{key: zh, key_en: en}` (en left out if none)."""
    return {key: zh, f"{key}_en": en} if en else {key: zh}


def written(key: str, value: Arg) -> str:
    if isinstance(value, Decimal):
        return format_number(value, places=2 if key in POINT_KEYS else 4)
    return str(value)


class _Args:
    """A step's arguments as one language says them: `a["name"]` is the English name when the
    language is English and the scheme gave one, and numbers are written."""

    def __init__(self, args: Mapping[str, Arg], language: str) -> None:
        self.args, self.english = args, language == ENGLISH

    def __getitem__(self, key: str) -> str:
        if self.english and self.args.get(f"{key}_en"):
            return written(key, self.args[f"{key}_en"])
        return written(key, self.args.get(key, ""))

    def has(self, key: str) -> bool:
        return key in self.args

    def opt(self, key: str, form: str) -> str:
        """`form` with the argument in it, or nothing when the step has no such argument."""
        return form.format(self[key]) if self.has(key) else ""


Say = Callable[[_Args], str]
_POINTS_ZH, _POINTS_EN = " = {} 分", " = {} points"
_BOUND_ZH = "{rank} ≤ {up_to} × {ranked} = {product}（{boundary} {cut}）"
_BOUND_EN = "{rank} ≤ {up_to} × {ranked} = {product} ({boundary} {cut})"


def _f(form: str) -> Say:
    return lambda a: form.format_map(a)


# rule → (Chinese, English)
RULES: dict[str, tuple[Say, Say]] = {
    # an indicator's value and points
    "value": (
        lambda a: (
            f"{a['indicator']} = {a['numerator']} {a['top']} ÷ {a['denominator']} "
            f"{a['bottom']}{a.opt('scale', ' × {}')} = {a['value']}{a.opt('unit', ' {}')}"
        ),
        lambda a: (
            f"{a['indicator']} = {a['numerator']} {a['top']} ÷ {a['denominator']} "
            f"{a['bottom']}{a.opt('scale', ' × {}')} = {a['value']}{a.opt('unit', ' {}')}"
        ),
    ),
    "benchmark": (
        _f("；基准 = {times} × {base}平均 {average} = {benchmark}"),
        _f("; benchmark = {times} × {base} average {average} = {benchmark}"),
    ),
    "ratio": (
        _f("；对标 {value} ÷ {benchmark} × {weight}"),
        _f("; against the benchmark {value} ÷ {benchmark} × {weight}"),
    ),
    "inverse": (
        lambda a: (
            f"；逆向 (2 − {a['value']} ÷ {a['benchmark']}) × {a['weight']}"
            + a.opt("floored", "，不低于 0")
        ),
        lambda a: (
            f"; lower is better (2 − {a['value']} ÷ {a['benchmark']}) × {a['weight']}"
            + a.opt("floored", ", not below 0")
        ),
    ),
    "best_not_positive": (_f("；最优值不大于 0，得 0"), _f("; the best value is not above 0: 0")),
    "best": (
        _f("；最优对标 {value} ÷ 最优 {high} × {weight}"),
        _f("; against the best {value} ÷ best {high} × {weight}"),
    ),
    "min_max_equal": (
        _f("；最小最大：参评企业的值都相同（{low}），得满分 {weight}"),
        _f("; min–max: every enterprise has the same value ({low}), full weight {weight}"),
    ),
    "min_max": (
        _f(
            "；最小最大 {weight} × [{floor} + {rest} × ({value} − 最小 {low}) ÷ "
            "(最大 {high} − 最小 {low})]"
        ),
        _f(
            "; min–max {weight} × [{floor} + {rest} × ({value} − min {low}) ÷ "
            "(max {high} − min {low})]"
        ),
    ),
    "no_reference": (_f("；无基准，得 0"), _f("; no benchmark: 0")),
    "cap": (
        _f("，封顶 {times} × {weight} = {cap}"),
        _f(", capped at {times} × {weight} = {cap}"),
    ),
    "points": (lambda a: _POINTS_ZH.format(a["points"]), lambda a: _POINTS_EN.format(a["points"])),
    "missing": (
        _f("{indicator}：缺少{numerator}或{denominator}"),
        _f("{indicator}: no {numerator} or {denominator}"),
    ),
    "missing_average": (
        _f("，按{category}企业该项平均分计 = {points} 分"),
        _f(", the average of its category's enterprises = {points} points"),
    ),
    "missing_zero": (_f("，得 0 分"), _f(", 0 points")),
    # a bonus or deduction
    "adjustment": (
        lambda a: f"{'加分' if a['kind'] == 'bonus' else '减分'}·{a['name']} {a['count']} 次：",
        lambda a: (
            f"{'Bonus' if a['kind'] == 'bonus' else 'Deduction'} for {a['name']}, "
            f"counted {a['count']}: "
        ),
    ),
    "first": (
        lambda a: f"首次 {a['first']}" + a.opt("rest", f"，其余 {{}} × {a['each']}"),
        lambda a: f"the first {a['first']}" + a.opt("rest", f", the other {{}} × {a['each']}"),
    ),
    "charged": (
        lambda a: a.opt("free", "前 {} 次不计，") + f"{a['charged']} × {a['each']}",
        lambda a: a.opt("free", "the first {} not counted, ") + f"{a['charged']} × {a['each']}",
    ),
    "limit": (_f("，以 {cap} 分为限"), _f(", at most {cap} points")),
    # why an enterprise is not ranked
    "kinds": (_f("{kinds}"), _f("{kinds}")),
    "registered": (
        _f("注册不满 {years} 年（{on}）"),
        _f("registered less than {years} years before ({on})"),
    ),
    "land_supplied": (
        _f("新供地出让不满 {years} 年（{on}）"),
        _f("on land supplied less than {years} years before ({on})"),
    ),
    "no_category": (_f("不属于任何评价类别"), _f("in none of the scheme's categories")),
    # the grade
    "rank": (_f("名次 {rank}/{ranked}："), _f("rank {rank}/{ranked}: ")),
    "above": (_f(_BOUND_ZH.replace("≤", ">") + "，"), _f(_BOUND_EN.replace("≤", ">") + ", ")),
    "within": (_f(_BOUND_ZH + " → {grade}"), _f(_BOUND_EN + " → {grade}")),
    "rest": (_f("→ {grade}"), _f("→ {grade}")),
    "others": (_f("其余→ {grade}"), _f("the others → {grade}")),
    "label": (
        lambda a: f"等级：{a['grade']}" + a.opt("treat_as", "，按 {} 类管理"),
        lambda a: f"class: {a['grade']}" + a.opt("treat_as", ", managed as {}"),
    ),
    # a sentence stored before runs kept their steps
    "said": (_f("{text}"), _f("{text}")),
}


def say(steps: Iterable[Step], language: str = "zh") -> str:
    """The steps as one sentence in the language ("zh" or "en"; English begins with a capital)."""
    english = language == ENGLISH
    said = "".join(RULES[s.rule][english](_Args(s.args, language)) for s in steps)
    return said[:1].upper() + said[1:] if english else said


def step_json(steps: Iterable[Step]) -> list[dict[str, str]]:
    """Steps as stored: every argument written as it is said."""
    return [
        {"rule": s.rule, **{key: written(key.removesuffix("_en"), v) for key, v in s.args.items()}}
        for s in steps
    ]


def step_of(stored: Mapping[str, Any]) -> Step:
    args = {key: str(value) for key, value in stored.items() if key != "rule"}
    rule = str(stored.get("rule", "said"))
    return Step(rule if rule in RULES else "said", args)


def steps_of(stored: Any, fallback: str = "") -> tuple[Step, ...]:
    """Stored steps, or the sentence stored instead (runs stored before steps existed)."""
    if isinstance(stored, list) and stored:
        return tuple(step_of(s) for s in stored if isinstance(s, Mapping))
    return (Step("said", {"text": fallback}),) if fallback else ()

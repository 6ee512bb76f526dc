"""One line of prose per event, for the project page's timeline, in the page's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from taizhang.kernel.money import format_money_in
from taizhang.kernel.numbers import format_number
from taizhang.kernel.periods import period_containing
from taizhang.kernel.sources import SourceRank, source_kind_label
from taizhang.kernel.stages import Stage
from taizhang.projects.categories import category_label
from taizhang.projects.models import Event
from taizhang.projects.projection import Claim, EventKind, figure_claims, figures_to_payload
from taizhang.web.highlight import Stretch, highlight

# Each figure a FIGURES event may set, as the timeline names it: (中文, English).
FIELD_WORDS = {
    "name": ("名称", "name"),
    "unit_id": ("所属单位", "unit"),
    "parent_id": ("上级项目", "parent project"),
    "phase": ("期次", "phase"),
    "chain": ("产业链", "industry chain"),
    "build_type": ("新建/续建", "new or continuing"),
    "capital_origin": ("资金来源", "capital"),
    "attraction_method": ("招商方式", "how attracted"),
    "land_mu": ("用地", "land"),
    "progress_pct": ("形象进度", "progress"),
    "investment": ("总投资", "total investment"),
    "annual_output": ("年产值", "annual output"),
    "investors": ("投资主体", "investors"),
    "capacities": ("产能", "capacity"),
}
FIELD_LABELS = {key: words[0] for key, words in FIELD_WORDS.items()}
HIDDEN_FIELDS = ("unit_id", "parent_id", "name")
# The words the lines are made of: (中文, English).
WORDS = {
    "no_date": ("日期未填", "date not given"),
    "plan_cancelled": ("取消计划", "plan cancelled"),
    "planned": ("计划", "planned "),
    "created": ("建档", "created"),
    "cleared": ("清空", "cleared"),
    "mu": ("亩", " mu"),
    "list": ("、", ", "),
    "figures": ("；", "; "),
}


def _word(key: str, language: str) -> str:
    zh, en = WORDS[key]
    return en if language == "en" else zh


def field_label(key: str, language: str = "zh") -> str:
    zh, en = FIELD_WORDS[key]
    return en if language == "en" else zh


def _bracketed(text: str, language: str) -> str:
    return f" ({text})" if language == "en" else f"（{text}）"


def _colon(language: str) -> str:
    return ": " if language == "en" else "："


def event_title(event: Event, language: str = "zh") -> str:
    kind = EventKind(event.kind)
    payload = event.payload
    if kind is EventKind.STAGE_REACHED:
        on = stage_date(payload, language) or _word("no_date", language)
        return _stage_word(payload["stage"], language) + _bracketed(on, language)
    if kind is EventKind.STAGE_PLANNED:
        when = stage_date(payload, language) or _word("plan_cancelled", language)
        stage = _stage_word(payload["stage"], language)
        return f"{_word('planned', language)}{stage}{_colon(language)}{when}"
    if kind is EventKind.NOTE:
        return str(payload["text"])
    return _created_prefix(kind, payload, language) + _word("figures", language).join(
        describe_figure(k, v, language)
        for k, v in payload.items()
        if k in FIELD_WORDS and k not in HIDDEN_FIELDS and _stated(kind, v)
    )


def stage_date(payload: dict[str, Any], language: str = "zh") -> str | None:
    """A stage event's date as precisely as its source gave it: 2026-06-18 (a day), 2026年6月,
    2026年第三季度, 2026年 — never the period's last day standing in for it."""
    on = payload.get("on")
    if not on:
        return None
    precision = payload.get("precision")
    if precision not in ("month", "quarter", "year"):
        return str(on)
    return period_containing(precision, date.fromisoformat(on)).label_in(language)


def quoted(event: Event) -> list[Stretch]:
    """The event's quote cut into stretches, the words that state its fact (`marks`) marked."""
    quote = event.quote or ""
    start = event.span_start
    if start is None or not event.marks or event.span_end != start + len(quote):
        return [Stretch(quote)] if quote else []
    words = [(a - start, b - start, event.id) for a, b in event.marks]
    return highlight(quote, [], words)


def _stated(kind: EventKind, value: Any) -> bool:
    """A creation states only what it fills in; an empty value of a later change clears it."""
    return kind is not EventKind.CREATED or value not in (None, [])


def _created_prefix(kind: EventKind, payload: dict[str, Any], language: str) -> str:
    if kind is not EventKind.CREATED:
        return ""
    prefix = _word("created", language) + _bracketed(
        _stage_word(payload["stage"], language), language
    )
    return prefix + (" " if language == "en" else "")


def _stage_word(value: str, language: str) -> str:
    return Stage(value).label_in(language)


def describe_figure(key: str, value: Any, language: str = "zh") -> str:
    """A figure as the timeline writes it, from its JSON value: 总投资 110亿元."""
    label = field_label(key, language)
    if value is None or value == []:
        return f"{label}{_colon(language)}{_word('cleared', language)}"
    return f"{label} {_figure_value(key, value, language)}"


def capacity_words(
    product: str | None, value: Decimal, unit: str, language: str, *, zh_gap: str = ""
) -> str:
    """新型电池电芯60GWh; in English the words apart: 新型电池电芯 60 GWh, 功率芯片 72 万片
    (a Chinese name or unit is never glued to an English sentence's number)."""
    number = format_number(value)
    if language == "en":
        return " ".join(part for part in (product, number, unit) if part)
    return f"{product or ''}{zh_gap}{number}{unit}"


def _figure_value(key: str, value: Any, language: str) -> str:
    if key in ("investment", "annual_output"):
        return format_money_in(Decimal(value["amount"]), value["currency"], language)
    if key == "land_mu":
        return f"{format_number(Decimal(value))}{_word('mu', language)}"
    if key == "progress_pct":
        return f"{format_number(Decimal(value))}%"
    if key == "investors":
        return _word("list", language).join(item["name"] for item in value)
    if key == "capacities":
        return _word("figures", language).join(
            capacity_words(item.get("product"), Decimal(item["value"]), item["unit"], language)
            for item in value
        )
    if key in ("build_type", "capital_origin", "attraction_method"):
        return category_label(str(value), language)
    return str(value)


def claim_line(claim: Claim, event: Event, language: str = "zh") -> str:
    """A disagreeing value and where it came from:
    总投资 120亿元 · 新闻报道 · 文档摘录（晚报） · 2026-05-01."""
    value = describe_figure(
        claim.field, figures_to_payload({claim.field: claim.value})[claim.field], language
    )
    rank = _rank_label(claim.precedence.rank, language)
    stated = claim.precedence.stated_on.isoformat()
    return f"{value} · {rank} · {source_label(event, language)} · {stated}"


def disagreements(events: list[Event], language: str) -> list[tuple[str, list[tuple[Claim, str]]]]:
    """Each figure the sources disagree on, with every claim and its line, in the language."""
    by_id = {event.id: event for event in events}
    return [
        (
            field_label(key, language),
            [(c, claim_line(c, by_id[c.event_id], language)) for c in found],
        )
        for key, found in figure_claims(reversed(events)).items()
    ]


def _rank_label(rank: int, language: str) -> str:
    try:
        return SourceRank(rank).label_in(language)
    except ValueError:
        return ""


def source_label(event: Event, language: str = "zh") -> str:
    kind = source_kind_label(event.source_kind, language)
    return f"{kind}{_bracketed(event.source_label, language)}" if event.source_label else kind

"""One line of prose per event, for the project page's timeline."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from taizhang.kernel.money import format_money
from taizhang.kernel.sources import RANK_NEWS, RANK_OFFICIAL, RANK_PERSON, SOURCE_KIND_LABELS
from taizhang.kernel.stages import Stage
from taizhang.projects.models import Event
from taizhang.projects.projection import Claim, EventKind, figures_to_payload

FIELD_LABELS = {
    "name": "名称",
    "unit_id": "所属单位",
    "parent_id": "上级项目",
    "phase": "期次",
    "chain": "产业链",
    "build_type": "新建/续建",
    "capital_origin": "资金来源",
    "attraction_method": "招商方式",
    "land_mu": "用地",
    "progress_pct": "形象进度",
    "investment": "总投资",
    "annual_output": "年产值",
    "investors": "投资主体",
    "capacities": "产能",
}
HIDDEN_FIELDS = ("unit_id", "parent_id", "name")


def event_title(event: Event, language: str = "zh") -> str:
    kind = EventKind(event.kind)
    payload = event.payload
    if kind is EventKind.STAGE_REACHED:
        return f"{_stage_word(payload['stage'], language)}（{payload.get('on') or '日期未填'}）"
    if kind is EventKind.STAGE_PLANNED:
        when = payload.get("on") or "取消计划"
        return f"计划{_stage_word(payload['stage'], language)}：{when}"
    if kind is EventKind.NOTE:
        return str(payload["text"])
    prefix = (
        f"建档（{_stage_word(payload['stage'], language)}）" if kind is EventKind.CREATED else ""
    )
    return prefix + "；".join(
        describe_figure(k, v)
        for k, v in payload.items()
        if k in FIELD_LABELS and k not in HIDDEN_FIELDS
    )


def _stage_word(value: str, language: str) -> str:
    stage = Stage(value)
    return stage.english if language == "en" else stage.label


def describe_figure(key: str, value: Any) -> str:
    """A figure as the timeline writes it, from its JSON value: 总投资 110亿元."""
    label = FIELD_LABELS[key]
    if value is None or value == []:
        return f"{label}：清空"
    if key in ("investment", "annual_output"):
        return f"{label} {format_money(Decimal(value['amount']), value['currency'])}"
    if key == "land_mu":
        return f"{label} {Decimal(value).normalize():f}亩"
    if key == "progress_pct":
        return f"{label} {Decimal(value).normalize():f}%"
    if key == "investors":
        return f"{label} " + "、".join(item["name"] for item in value)
    if key == "capacities":
        return f"{label} " + "；".join(
            f"{item.get('product') or ''}{Decimal(item['value']).normalize():f}{item['unit']}"
            for item in value
        )
    return f"{label} {value}"


RANK_LABELS = {RANK_PERSON: "人工/表格", RANK_OFFICIAL: "官方报告", RANK_NEWS: "新闻报道"}


def claim_line(claim: Claim, event: Event) -> str:
    """One disagreeing value with its source: 总投资 120亿元 · 新闻报道（南湖晚报）· 2026-05-01."""
    value = describe_figure(
        claim.field, figures_to_payload({claim.field: claim.value})[claim.field]
    )
    rank = RANK_LABELS.get(claim.precedence.rank, "")
    return f"{value} · {rank} · {source_label(event)} · {claim.precedence.stated_on.isoformat()}"


def source_label(event: Event) -> str:
    kind = SOURCE_KIND_LABELS.get(event.source_kind, event.source_kind)
    return f"{kind}（{event.source_label}）" if event.source_label else kind

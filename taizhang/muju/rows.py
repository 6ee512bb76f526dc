"""A run's stored rows: each enterprise's inputs and result as JSON (`input_row`, `result_row`),
and a stored result read back as the engine's `Evaluation` (`evaluation_of`).

A result row keeps the Chinese sentences the API, the CLI and the workbook show (`explanation`,
each item's and adjustment's, `grade_rule`, `excluded`) and, beside them, the steps they were
said from (`steps`, `grading`, `exclusion`) with the scheme's English names (`*_en`), so a page
says them in either language. A row stored before steps were kept reads back with its sentences
(said the same in every language)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from taizhang.enterprises.ledger import FactField, LedgerYear
from taizhang.kernel.numbers import format_number
from taizhang.muju.engine.explain import step_json, steps_of
from taizhang.muju.engine.model import AdjustmentPart, EnterpriseYear, Evaluation, ItemScore


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def number(value: Decimal | None, places: int | None = None) -> str | None:
    return format_number(value, places=places) if value is not None else None


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def input_row(entry: LedgerYear, firm: EnterpriseYear) -> dict[str, Any]:
    row: dict[str, Any] = _plain(asdict(firm))
    row["size"] = firm.size.label
    row["sources"] = {fact.label: label for fact, label in entry.sources.items()}
    return row


def result_row(
    result: Evaluation, entry: LedgerYear, towns: Mapping[int, tuple[int, str]]
) -> dict[str, Any]:
    town = towns.get(entry.unit_id) if entry.unit_id is not None else None
    return {
        "enterprise_id": result.enterprise_id,
        "name": result.name,
        "credit_code": entry.credit_code,
        "town_id": town[0] if town else None,
        "town": town[1] if town else "",
        "size": entry.size.label,
        "industry_code": entry.industry_code,
        "category": result.category,
        "category_en": result.category_en,
        "score": number(result.score),
        "grade": result.grade,
        "grade_en": result.grade_en,
        "rank": result.rank,
        "ranked": result.ranked,
        "group": result.group,
        "group_en": result.group_en,
        "excluded": result.excluded,
        "exclusion": step_json(result.exclusion),
        "treated_as": result.treated_as,
        "land_mu": number(entry.land_mu),
        "tax": number(entry.figure(FactField.TAX)),
        "electricity_kwh": number(entry.figure(FactField.ELECTRICITY_KWH)),
        "water_t": number(entry.figure(FactField.WATER_T)),
        "electricity_accounts": list(entry.electricity_accounts),
        "water_accounts": list(entry.water_accounts),
        "items": [_item_row(item) for item in result.items],
        "adjustments": [_adjustment_row(part) for part in result.adjustments],
        "grade_rule": result.grade_rule,
        "grading": step_json(result.grading),
        "explanation": result.explanation,
    }


def _item_row(item: ItemScore) -> dict[str, Any]:
    return {
        "indicator": item.indicator,
        "indicator_en": item.indicator_en,
        "weight": format_number(item.weight),
        "points": format_number(item.points),
        "value": number(item.value, places=4),
        "explanation": item.explanation,
        "steps": step_json(item.steps),
    }


def _adjustment_row(part: AdjustmentPart) -> dict[str, Any]:
    return {
        "rule": part.rule,
        "rule_en": part.rule_en,
        "count": part.count,
        "points": format_number(part.points),
        "explanation": part.explanation,
        "steps": step_json(part.steps),
    }


def evaluation_of(row: Mapping[str, Any]) -> Evaluation:
    """A stored result as the engine returned it (numbers as stored, to their places)."""
    items = tuple(_item_of(item) for item in row.get("items", ()))
    adjustments = tuple(_adjustment_of(part) for part in row.get("adjustments", ()))
    return Evaluation(
        enterprise_id=int(row["enterprise_id"]),
        name=row["name"],
        category=row["category"],
        score=_decimal(row["score"]),
        grade=row["grade"],
        items=items,
        adjustments=adjustments,
        rank=row["rank"],
        ranked=row["ranked"],
        group=row.get("group", ""),
        grading=steps_of(row.get("grading"), row.get("grade_rule", "")),
        exclusion=steps_of(row.get("exclusion"), row.get("excluded", "")),
        treated_as=row.get("treated_as", ""),
        category_en=row.get("category_en", ""),
        group_en=row.get("group_en", ""),
        grade_en=row.get("grade_en", ""),
    )


def _item_of(item: Mapping[str, Any]) -> ItemScore:
    steps = steps_of(item.get("steps"), item.get("explanation", ""))
    weight, points = Decimal(item["weight"]), Decimal(item["points"])
    value = _decimal(item.get("value"))
    return ItemScore(item["indicator"], weight, points, value, steps, item.get("indicator_en", ""))


def _adjustment_of(part: Mapping[str, Any]) -> AdjustmentPart:
    steps = steps_of(part.get("steps"), part.get("explanation", ""))
    points = Decimal(part["points"])
    return AdjustmentPart(part["rule"], int(part["count"]), points, steps, part.get("rule_en", ""))

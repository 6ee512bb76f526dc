"""The JSON shapes of the 亩均 API (/api/v1/muju): runs, results, one enterprise's result."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class SchemeOut(BaseModel):
    version: str
    title: str
    source: str
    sha256: str


class RunOut(BaseModel):
    year: int
    revision: int
    state: str
    state_label: str
    scheme: SchemeOut
    evaluated_on: str
    created_at: str
    published_on: str | None
    window_days: int | None
    window_working_days: bool | None
    window_ends_on: str | None
    frozen_at: str | None
    counts: dict[str, int]
    evaluated: int
    enterprises: int


class RunsOut(BaseModel):
    items: list[RunOut]
    count: int


class ItemOut(BaseModel):
    indicator: str
    weight: str
    points: str
    value: str | None
    explanation: str


class AdjustmentOut(BaseModel):
    rule: str
    count: int
    points: str
    explanation: str


class ResultOut(BaseModel):
    enterprise_id: int
    name: str
    credit_code: str | None
    town: str
    size: str
    industry_code: str
    category: str
    score: str | None
    grade: str
    rank: int | None
    ranked: int | None
    group: str
    excluded: str
    treated_as: str
    items: list[ItemOut]
    adjustments: list[AdjustmentOut]
    grade_rule: str
    explanation: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> ResultOut:
        return cls.model_validate(row)


class ResultsOut(BaseModel):
    run: RunOut
    items: list[ResultOut]
    count: int

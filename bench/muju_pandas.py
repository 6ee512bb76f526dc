"""A straightforward pandas implementation of a 亩均 scheme (float64, groupby/rank), the baseline
`bench/muju.py` times the columnar scorer against. pandas is in the bench dependency group only
(`python3 -m uv sync --group bench`); the product never imports it (see the import contract).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from taizhang.muju.engine.grading import last_rank, years_before
from taizhang.muju.engine.scheme import BenchmarkBase, Missing, Normalisation, Scheme


def pandas_grades(
    frame: pd.DataFrame, previous: pd.DataFrame, scheme: Scheme, as_of: date
) -> pd.DataFrame:
    """The scheme in plain pandas and float64: enterprise_id, score, grade."""
    df = frame.copy()
    df["category"] = _pandas_category(df, scheme)
    excluded = df["category"] == ""
    if scheme.exclusions.kinds:
        marked = df["kinds"].explode().isin(scheme.exclusions.kinds)
        excluded |= marked.groupby(level=0).any().reindex(df.index, fill_value=False)
    for column, years in (
        ("registered_on", scheme.exclusions.registered_years_under),
        ("land_supplied_on", scheme.exclusions.land_supplied_years_under),
    ):
        if years and column in df:
            since = pd.Timestamp(years_before(as_of, years))
            excluded |= pd.to_datetime(df[column]) > since
    df["excluded"] = excluded
    previous = previous.assign(category=_pandas_category(previous, scheme))
    df["score"] = np.nan
    for category in scheme.categories:
        members = (df["category"] == category.name) & ~df["excluded"]
        if not members.any():
            continue
        part = df[members]
        total = pd.Series(0.0, index=part.index)
        for indicator in scheme.indicators_of(category.name):
            value = part[indicator.numerator] / part[indicator.denominator].replace(0, np.nan)
            value = value * float(indicator.scale)
            points = _pandas_points(indicator, value, part, previous, category.name)
            if indicator.cap_times_weight is not None:
                points = points.clip(upper=float(indicator.cap_times_weight * indicator.weight))
            if scheme.item_places is not None:
                points = _half_up(points, scheme.item_places)
            fill = points.mean() if indicator.missing is Missing.AVERAGE else 0.0
            total += points.fillna(0.0 if math.isnan(fill) else fill)
        for rule in scheme.adjustments:
            column = f"adjustment:{rule.name}"
            if column in part and rule.category in ("", category.name):
                count = part[column].fillna(0)
                if rule.first is not None:
                    extra = float(rule.first) + (count - 1) * float(rule.points)
                else:
                    extra = (count - rule.free).clip(lower=0) * float(rule.points)
                if rule.cap is not None:
                    extra = extra.clip(-float(rule.cap), float(rule.cap))
                total += extra.where(count > 0, 0.0)
        df.loc[members, "score"] = _half_up(total, scheme.total_places)
    return _pandas_ranked(df, scheme)


def _pandas_category(df: pd.DataFrame, scheme: Scheme) -> pd.Series:
    land = df["land_mu"].fillna(0.0)
    conditions, names = [], []
    for category in scheme.categories:
        holds = pd.Series(True, index=df.index)
        if category.size is not None:
            holds &= df["size"] == category.size.value
        if category.min_mu is not None:
            holds &= land >= float(category.min_mu)
        if category.max_mu is not None:
            holds &= land < float(category.max_mu)
        conditions.append(holds)
        names.append(category.name)
    return pd.Series(np.select(conditions, names, default=""), index=df.index)


def _pandas_points(
    indicator: Any, value: pd.Series, part: pd.DataFrame, previous: pd.DataFrame, category: str
) -> pd.Series:
    weight = float(indicator.weight)
    benchmark = float(indicator.benchmark) if indicator.benchmark is not None else None
    if indicator.benchmark is None and indicator.benchmark_times is not None:
        base = indicator.benchmark_of or BenchmarkBase.LAST_YEAR
        last_year = base is BenchmarkBase.LAST_YEAR
        source = previous[previous["category"] == category] if last_year else part
        both = source[indicator.numerator].notna() & (source[indicator.denominator].fillna(0) != 0)
        average = source.loc[both, indicator.numerator].sum()
        average /= source.loc[both, indicator.denominator].sum()
        benchmark = float(indicator.benchmark_times) * average * float(indicator.scale)
    kind = indicator.normalisation
    if kind is Normalisation.RATIO and benchmark is not None:
        return value / benchmark * weight
    if kind is Normalisation.INVERSE and benchmark is not None:
        return (2 - value / benchmark).clip(lower=0) * weight
    if kind is Normalisation.MAX and indicator.benchmark is None:
        high = value.max()
        return value * 0.0 if not high > 0 else value / high * weight
    if kind is Normalisation.MIN_MAX and indicator.benchmark is None:
        low, high, floor = value.min(), value.max(), float(indicator.floor)
        if high == low:
            return value * 0.0 + weight
        return (floor + (1 - floor) * (value - low) / (high - low)) * weight
    return value * 0.0


def _half_up(values: pd.Series, places: int) -> pd.Series:
    scale = 10.0**places
    return np.sign(values) * np.floor(values.abs() * scale + 0.5) / scale


def _pandas_ranked(df: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    scored = df[df["score"].notna()].copy()
    if scheme.rank_within_industry_groups:
        group = scored["industry_code"].map(scheme_group(scheme))
        scored["group"] = scored["category"] + "·" + group
    else:
        scored["group"] = scored["category"]
    scored["rank"] = scored.groupby("group")["score"].rank(method="min", ascending=False)
    scored["ranked"] = scored.groupby("group")["score"].transform("size")
    scored["grade"] = ""
    for (_, category), members in scored.groupby(["group", "category"]).groups.items():
        count = len(members)
        rank = scored.loc[members, "rank"]
        grades = scheme.grades_of(category)
        cuts = [
            math.inf if g.up_to is None else last_rank(g.up_to, count, scheme.boundary)
            for g in grades
        ]
        names = [g.name for g in grades]
        scored.loc[members, "grade"] = np.select(
            [rank <= cut for cut in cuts], names, default=names[-1]
        )
    out = df[["enterprise_id"]].copy()
    out["score"] = df["score"]
    out["grade"] = scored["grade"].reindex(df.index).fillna(scheme.exclusions.label)
    return out


def scheme_group(scheme: Scheme) -> Callable[[str], str]:
    def group(code: str) -> str:
        for industry in scheme.industry_groups:
            if industry.holds(code):
                return industry.name
        return "其他行业"

    return group

"""The `policies` part of bench/matching.py: 100,000 generated enterprises × 100 policies.

Builds in memory (seeded, `numpy.random.default_rng(7)`) three years (2023–2025) of figures for
the enterprises — revenue, R&D, staff, R&D staff, tax, incidents, 规上/规下, titles,
qualifications, 亩均 classes, 注册日期, units and industry codes, about one figure in eight
missing — and 100 policies: the library's 30 and 70 variants of them (other thresholds and
years). Times `policies.columnar.match_table` over every policy (best of 3) and checks a sample
of 2,000 enterprises against the pure engine, policy by policy."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import polars as pl

from taizhang.policies.columnar import STATUS_OF, match_table, profile_of_row
from taizhang.policies.engine.conditions import FigureBound, RndStaffShare, SalesGrowth
from taizhang.policies.engine.matching import match
from taizhang.policies.engine.policy import Policy
from taizhang.policies.library import shipped

YEARS = (2023, 2024, 2025)
TAGS = np.array(
    ["高新技术企业", "专精特新中小企业", "专精特新小巨人", "科技型中小企业", "隐形冠军"]
)
QUALS = np.array(
    [
        "市级企业研发中心",
        "省级企业研究院",
        "知识产权管理体系贯标",
        "两化融合管理体系贯标",
        "数字化车间",
        "绿色工厂",
        "浙江制造品字标",
        "首台（套）产品认定",
    ]
)
UNITS = ["330402-GXQ", "330402-XJD", "330402101", "330402102", "330402001"]
INDUSTRIES = ["C3841", "C2651", "C3484", "C3670", "C1713", "C2614", "C3973", "C4011", "D4412"]


def build_table(count: int) -> pl.DataFrame:
    rng = np.random.default_rng(7)
    base = rng.lognormal(7.5, 1.3, count)  # revenue, 万元
    columns: dict[str, object] = {
        "enterprise_id": np.arange(1, count + 1),
        "registered_on": [
            date(1998, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 28 * 365, count)
        ],
        "unit_codes": [[UNITS[i], "330402"] for i in rng.integers(0, len(UNITS), count)],
        "region": np.where(rng.random(count) < 0.97, "330402", "330421"),
        "industry": np.array(INDUSTRIES)[rng.integers(0, len(INDUSTRIES), count)],
    }
    innovative = rng.random(count) < 0.3
    for n, year in enumerate(YEARS):
        revenue = np.round(base * (1 + rng.normal(0.06, 0.1, count)) ** n, 1)
        people = np.round(revenue / rng.uniform(40, 200, count) + 3)
        figures = {
            "revenue": revenue,
            "rnd": np.round(revenue * rng.uniform(0.005, 0.07, count), 1),
            "employees": people,
            "rnd_staff": np.round(
                people * np.where(innovative, 0.15, 0.05) * rng.uniform(0.5, 1.5, count)
            ),
            "tax": np.round(revenue * rng.uniform(0.02, 0.08, count), 1),
            "value_added": np.round(revenue * rng.uniform(0.15, 0.35, count), 1),
            "incidents": (rng.random(count) < 0.05).astype(float),
        }
        for name, values in figures.items():
            missing = rng.random(count) < 0.12
            columns[f"{name}_{year}"] = pl.Series(values, dtype=pl.Float64).set(
                pl.Series(missing), None
            )  # fmt: skip
        columns[f"size_{year}"] = np.where(revenue >= 2000, "ABOVE", "BELOW")
        columns[f"class_{year}"] = np.array(["A", "B", "C", "D"])[rng.integers(0, 4, count)]
        columns[f"tags_{year}"] = _words(rng, TAGS, count, innovative)
        columns[f"qualifications_{year}"] = _words(rng, QUALS, count, innovative)
    return pl.DataFrame(columns)


def _words(
    rng: np.random.Generator, words: np.ndarray, count: int, keen: np.ndarray
) -> list[list[str] | None]:
    held = rng.random((count, len(words))) < np.where(keen, 0.25, 0.04)[:, None]
    stated = rng.random(count) < 0.85
    return [list(words[row]) if ok else None for row, ok in zip(held, stated, strict=True)]


def policies(count: int) -> list[Policy]:
    library = [f.policy for f in shipped()]
    found = list(library)
    n = 0
    while len(found) < count:
        base = library[n % len(library)]
        n += 1
        found.append(replace(base, id=f"BV-{2026 + n // 100}-{n % 100:02d}",
                             conditions=tuple(_varied(c, n) for c in base.conditions)))  # fmt: skip
    return found


def _varied(condition: object, n: int) -> object:
    factor = Decimal(1) + Decimal(n % 5) / 10
    if isinstance(condition, FigureBound) and condition.at_least is not None:
        return replace(condition, at_least=condition.at_least * factor)
    if isinstance(condition, RndStaffShare):
        return replace(condition, share=min(condition.share * factor, Decimal("0.9")))
    if isinstance(condition, SalesGrowth):
        return replace(condition, growth=condition.growth + Decimal(n % 4) / 20)
    return condition


def run_policies(enterprises: int = 100_000, policy_count: int = 100, sample: int = 2_000) -> None:
    started = time.perf_counter()
    table = build_table(enterprises)
    chosen = policies(policy_count)
    print(f"policies: built {enterprises:,} enterprises × {len(chosen)} policies in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    timings = []
    for _ in range(3):
        began, cpu = time.perf_counter(), time.process_time()
        results = [match_table(policy, table) for policy in chosen]
        timings.append((time.perf_counter() - began, time.process_time() - cpu))
    best, best_cpu = min(timings)
    matches = enterprises * len(chosen)
    met = sum(int((r["status"] == 0).sum()) for r in results)
    nearly = sum(int(r["nearly"].sum()) for r in results)
    print(f"policies: columnar match_table {best:6.2f} s (best of 3; CPU {best_cpu:.2f} s) for "
          f"{matches:,} matches — {matches / best:,.0f} a second; {met:,} qualify, "
          f"{nearly:,} nearly")  # fmt: skip
    _check(table, chosen, results, sample)


def _check(
    table: pl.DataFrame, chosen: list[Policy], results: list[pl.DataFrame], sample: int
) -> None:
    began = time.perf_counter()
    rows = [table.row(i, named=True) for i in range(sample)]
    profiles = [profile_of_row(row) for row in rows]
    for policy, result in zip(chosen, results, strict=True):
        for profile, row in zip(profiles, result.head(sample).iter_rows(named=True), strict=True):
            found = match(policy, profile)
            amount = (
                None
                if row["amount"] is None
                else Decimal(repr(row["amount"])).quantize(Decimal("0.01"))
            )
            same = STATUS_OF[row["status"]] is found.status and row["nearly"] == found.nearly
            assert same and amount == found.amount, (policy.id, profile.enterprise_id, row, found)
    took = time.perf_counter() - began
    print(f"policies: the pure engine gives the same status, nearly and amount for the first "
          f"{sample:,} enterprises under all {len(chosen)} policies ({took:.1f} s for "
          f"{sample * len(chosen):,} matches)")  # fmt: skip

"""Benchmark: score and grade 100,000 enterprises × 5 years under a 亩均 scheme.

Generates in memory (seeded, `numpy.random.default_rng(42)`) a district of enterprises with
land, size class, industry and six years of figures (the first year only serves as 上年 for
schemes with benchmarks of last year's average), some figures missing, some enterprises
excluded (公用事业, 经批准豁免, recently registered). Then, for each of the last five years:
- the columnar scorer `taizhang.muju.engine.columnar.evaluate_table` (Polars, exact: the same
  scores and grades as the Decimal engine), best of `--repeat`;
- a straightforward pandas implementation of the same scheme (`muju_pandas.py`: float64,
  groupby/rank; needs the bench group, else skipped), best of
  `--repeat`, and whether it gives the same classes;
and once, on the first year, the explained Decimal engine `evaluate.evaluate`, checking the
columnar scores and grades equal its own (`--no-engine` skips it: it takes a while).

    .venv/bin/python bench/muju.py                                  # 100,000 × 5, Huangyan 2022
    .venv/bin/python bench/muju.py --scheme huaian-2024.toml        # benchmarks of last year
    .venv/bin/python bench/muju.py --enterprises 5000 --years 2     # a quick run
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from common import machine

import taizhang.muju
from taizhang.muju.engine.columnar import FIGURE_ORDER, evaluate_table, scores_of
from taizhang.muju.engine.evaluate import evaluate
from taizhang.muju.engine.model import EnterpriseYear, SizeClass
from taizhang.muju.engine.scheme import Scheme

try:  # the bench dependency group: python3 -m uv sync --group bench
    import pandas as pd
    from muju_pandas import pandas_grades
except ImportError:  # pragma: no cover - depends on the environment
    pd = None
from taizhang.muju.engine.schemefile import load_scheme

SCHEMES = Path(taizhang.muju.__file__).parent / "schemes"
FIRST_YEAR = 2021
INDUSTRIES = ("C3311", "C3412", "C2651", "C1711", "C3899", "C2926", "C3990", "D4411", "C1331")
KINDS = ("公用事业", "经批准豁免", "免税企业")


def main() -> None:
    args = _arguments()
    scheme = load_scheme((SCHEMES / args.scheme).read_text(encoding="utf-8"), source=args.scheme)
    began = time.perf_counter()
    years = _generate(args.enterprises, args.years + 1)
    built = time.perf_counter() - began
    baseline = f"pandas {pd.__version__}" if pd is not None else "no pandas"
    print(machine(f"polars {pl.__version__}, {baseline}"))
    print(f"built {args.enterprises:,} enterprises × {args.years + 1} years in {built:.1f} s")
    print(f"scheme: {args.scheme} ({scheme.version}); under load unless the machine is quiet")
    if pd is None:
        print("pandas is not installed (python3 -m uv sync --group bench): columnar only")
    frames = [pl.DataFrame(year) for year in years]
    plain_frames = [pd.DataFrame(year) for year in years] if pd is not None else []
    fast_total = slow_total = 0.0
    same_everywhere = True
    first: pl.DataFrame | None = None
    print(f"{'year':6} {'columnar':>10} {'pandas':>10} {'ratio':>7}  same classes")
    for index in range(1, args.years + 1):
        year = FIRST_YEAR + index
        as_of = date(year + 1, 3, 31)
        result: dict[str, Any] = {}

        def columnar(i: int = index, on: date = as_of, out: dict[str, Any] = result) -> None:
            out["columnar"] = evaluate_table(frames[i], scheme, as_of=on, last_year=frames[i - 1])

        def plain(i: int = index, on: date = as_of, out: dict[str, Any] = result) -> None:
            out["pandas"] = pandas_grades(plain_frames[i], plain_frames[i - 1], scheme, on)

        fast = _best_of(args.repeat, columnar)
        first = result["columnar"] if first is None else first
        fast_total += fast
        if pd is None:
            print(f"{year:<6} {fast:9.3f}s")
            continue
        slow = _best_of(args.repeat, plain)
        slow_total += slow
        differ = _differing(result["columnar"], result["pandas"])
        same_everywhere = same_everywhere and not differ
        same = "yes" if not differ else f"NO ({differ} differ)"
        print(f"{year:<6} {fast:9.3f}s {slow:9.3f}s {slow / fast:6.1f}×  {same}")

    def every_year() -> None:
        for i in range(1, args.years + 1):
            on = date(FIRST_YEAR + i + 1, 3, 31)
            evaluate_table(frames[i], scheme, as_of=on, last_year=frames[i - 1])

    together = _best_of(args.repeat, every_year)
    if pd is not None:
        ratio = slow_total / fast_total
        print(f"{'total':6} {fast_total:9.3f}s {slow_total:9.3f}s {ratio:6.1f}×  (best of each)")
        print(
            f"columnar scoring of {args.years} years: {fast_total:.3f} s; pandas {slow_total:.3f} s"
        )
    else:
        print(f"columnar scoring of {args.years} years: {fast_total:.3f} s")
    print(f"columnar, the {args.years} years in one run: {together:.3f} s (best of {args.repeat})")
    if pd is not None:
        print(f"same classes as pandas: {'yes' if same_everywhere else 'NO'}")
    if not args.no_engine and first is not None:
        _against_engine(years, scheme, first)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--scheme", default="huangyan-2022.toml", help="a file of muju/schemes")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--no-engine", action="store_true", help="skip the Decimal engine check")
    return parser.parse_args()


def _best_of(times: int, run: Callable[[], object]) -> float:
    best = math.inf
    for _ in range(times):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return best


# ── generated district ───────────────────────────────────────────────────────────────────────


def _generate(count: int, years: int) -> list[dict[str, Any]]:
    """Column dicts (numpy arrays and lists) of each year, the same enterprises throughout."""
    rng = np.random.default_rng(42)
    ids = np.arange(1, count + 1, dtype=np.int64)
    above = rng.random(count) < 0.35
    size = np.where(above, SizeClass.ABOVE.value, SizeClass.BELOW.value)
    land = np.round(rng.lognormal(2.6, 1.0, count) + 0.5, 2)
    industry = rng.choice(np.array(INDUSTRIES), count)
    roll = rng.random(count)
    kinds = [
        [KINDS[0]] if r < 0.01 else [KINDS[1]] if r < 0.015 else [KINDS[2]] if r < 0.02 else []
        for r in roll
    ]
    registered = np.datetime64("1995-01-01") + rng.integers(0, 27 * 365, count).astype(
        "timedelta64[D]"
    )
    per_mu_tax = rng.lognormal(2.3, 1.1, count)  # 万元/亩
    sales_per_tax = rng.lognormal(3.0, 0.5, count)
    added_share = rng.uniform(0.15, 0.35, count)
    energy_per_added = rng.lognormal(-1.0, 0.6, count)
    emission_per_added = rng.lognormal(-8.5, 0.8, count)
    productivity = rng.lognormal(2.8, 0.5, count)  # 万元/人
    rnd_share = rng.uniform(0.0, 0.06, count)
    frames = []
    for k in range(years):
        growth = 1.05**k * rng.lognormal(0.0, 0.15, count)
        tax = land * per_mu_tax * growth
        revenue = tax * sales_per_tax
        added = revenue * added_share
        energy = added * energy_per_added
        figures = {
            "land_mu": land,
            "tax": np.round(tax, 2),
            "revenue": np.round(revenue, 2),
            "value_added": np.round(added, 2),
            "energy_tce": np.round(energy, 2),
            "electricity_kwh": np.round(energy * rng.uniform(6000, 9000, count)),
            "emissions_t": np.round(added * emission_per_added, 4),
            "water_t": np.round(energy * rng.uniform(2, 20, count), 1),
            "employees": np.maximum(np.round(added / productivity), 1.0),
            "rnd": np.round(revenue * rnd_share, 2),
        }
        columns: dict[str, Any] = {"enterprise_id": ids, "size": size}
        for name in FIGURE_ORDER:
            values = figures[name].astype(np.float64)
            gone = rng.random(count) < (0.25 if name == "emissions_t" else 0.03)
            columns[name] = np.where(gone, np.nan, values) if name != "land_mu" else values
        columns["industry_code"] = industry
        columns["kinds"] = kinds
        columns["registered_on"] = registered
        frames.append(columns)
    return [_with_nulls(frame) for frame in frames]


def _with_nulls(frame: dict[str, Any]) -> dict[str, Any]:
    """NaN as None (null), so that Polars and pandas both read "not reported"."""
    out = dict(frame)
    for name in FIGURE_ORDER:
        out[name] = pl.Series(name, frame[name], nan_to_null=True).to_list()
    return out


def _differing(columnar: pl.DataFrame, plain: Any) -> int:
    ours = columnar["grade"].to_list()
    theirs = plain["grade"].to_list()
    return sum(1 for a, b in zip(ours, theirs, strict=True) if a != b)


# ── the Decimal engine, once ─────────────────────────────────────────────────────────────────


def _against_engine(years: list[dict[str, Any]], scheme: Scheme, columnar: pl.DataFrame) -> None:
    firms = _firms(years[1])
    previous = _firms(years[0])
    began = time.perf_counter()
    results = evaluate(firms, scheme, as_of=date(FIRST_YEAR + 2, 3, 31), last_year=previous)
    spent = time.perf_counter() - began
    print(f"Decimal engine, {FIRST_YEAR + 1} (explained, once): {spent:.3f} s")
    scores = scores_of(columnar, scheme.total_places)
    grades = dict(
        zip(columnar["enterprise_id"].to_list(), columnar["grade"].to_list(), strict=True)
    )
    same = all(
        scores[r.enterprise_id] == r.score and grades[r.enterprise_id] == r.grade for r in results
    )
    print(f"columnar scores and grades same as the Decimal engine: {'yes' if same else 'NO'}")
    counts = {
        g: sum(1 for r in results if r.grade == g) for g in sorted({r.grade for r in results})
    }
    print("grades:", ", ".join(f"{g} {n:,}" for g, n in counts.items()))


def _firms(year: dict[str, Any]) -> list[EnterpriseYear]:
    firms = []
    for n in range(len(year["enterprise_id"])):
        figures = {
            name: None if (v := year[name][n]) is None else Decimal(repr(float(v)))
            for name in FIGURE_ORDER
        }
        firms.append(
            EnterpriseYear(
                int(year["enterprise_id"][n]),
                "",
                SizeClass(str(year["size"][n])),
                industry_code=str(year["industry_code"][n]),
                kinds=frozenset(year["kinds"][n]),
                registered_on=year["registered_on"][n].astype(date),
                **figures,
            )
        )
    return firms


if __name__ == "__main__":
    main()

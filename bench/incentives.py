"""Benchmark: a 节能券 program over 10,000,000 household-month rows, Polars against plain pandas.

Builds in memory (seeded, `numpy.random.default_rng(42)`) two years of monthly bills
(2024-01 … 2025-12) for 416,667 accounts — one in 50 an enterprise, about 1 % with the holder
or the meter changed, 1 % marked vacant, 2 % of bills missing — and runs the shipped program
`huangyan-2025` with its months widened to all of 2025, so that every row is read: each 2025
month compared with the same month of 2024, the 5 % threshold, 1:1 reward, the 100 元 cap, and
the 3,000,000 元 pool shared pro rata (largest remainder). Prints the time of the columnar
computation (`incentives.columnar.run_columnar`, best of 3) and of a plain pandas
implementation of the same rules run once beside it, checks that both give every account the
same claim and award to the fen, and prints the ratio of wall-clock times (and of CPU times,
which a machine shared with other work disturbs less).

    .venv/bin/python bench/incentives.py                    # 10,000,000 rows
    .venv/bin/python bench/incentives.py --rows 1000000     # a quick run
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import polars as pl
from common import machine

from taizhang.incentives.columnar import SCHEMA, run_columnar
from taizhang.incentives.engine.model import month_index, to_fen
from taizhang.incentives.engine.program import Program
from taizhang.incentives.shipped import find_program

MONTHS = 24
FIRST = month_index(date(2024, 1, 1))
YEAR_2025 = [date(2025, m, 1) for m in range(1, 13)]


def main() -> None:
    args = _arguments()
    program = _program()
    started = time.perf_counter()
    frame = build_frame(args.rows)
    print(machine(f"polars {pl.__version__}, pandas {pd.__version__}"))
    print(f"built {frame.height:,} bills of {frame['account'].n_unique():,} accounts in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    print(f"program: {program.version}, months 2025-01 … 2025-12, pool {program.pool.amount} 元")
    timings = []
    for _ in range(3):
        began, cpu = time.perf_counter(), time.process_time()
        fast = run_columnar(program, frame)
        timings.append((time.perf_counter() - began, time.process_time() - cpu))
    best, best_cpu = min(timings)
    print(f"polars  run_columnar            {best:7.2f} s  (best of 3; CPU {best_cpu:.2f} s)")
    table = frame.to_pandas() if _has_arrow() else _as_pandas(frame)
    began, cpu = time.perf_counter(), time.process_time()
    plain = run_pandas(program, table)
    slow, slow_cpu = time.perf_counter() - began, time.process_time() - cpu
    print(f"pandas  plain implementation    {slow:7.2f} s  (CPU {slow_cpu:.2f} s)")
    _check(fast.accounts, plain)
    print(f"same claims and awards for all {fast.accounts.height:,} accounts; "
          f"{fast.awarded_fen / 100:,.2f} 元 of the pool paid")  # fmt: skip
    print(f"ratio pandas / polars: {slow / best:.1f}× (CPU time {slow_cpu / best_cpu:.1f}×)")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000_000, help="household-month rows")
    return parser.parse_args()


def _program() -> Program:
    program = find_program("huangyan-2025")
    assert program.saving is not None
    return replace(program, saving=replace(program.saving, months=tuple(YEAR_2025)))


def build_frame(rows: int) -> pl.DataFrame:
    """The bills, deterministic for a given row count."""
    rng = np.random.default_rng(42)
    accounts = -(-rows // MONTHS)
    index = np.arange(accounts * MONTHS)[:rows]
    who, month = index // MONTHS, FIRST + index % MONTHS
    kwh_c = rng.integers(500, 90_000, size=rows)
    second_year = month >= FIRST + 12
    frame = pl.DataFrame(
        {
            "who": who,
            "month": month.astype(np.int32),
            "kwh_c": kwh_c,
            "fen": kwh_c * 538 // 1000,
            "holder_changed": second_year & (rng.random(rows) < 0.01),
            "meter_changed": second_year & (rng.random(rows) < 0.01),
            "vacant": rng.random(rows) < 0.01,
            "keep": rng.random(rows) >= 0.02,
        }
    )
    account = pl.lit("33") + pl.col("who").cast(pl.String).str.zfill(8)
    return (
        frame.filter("keep")
        .select(
            account.alias("account"),
            "month",
            "kwh_c",
            "fen",
            (
                pl.lit("户")
                + pl.col("who").cast(pl.String)
                + pl.when("holder_changed").then(pl.lit("乙")).otherwise(pl.lit(""))
            ).alias("holder"),
            (
                pl.lit("M")
                + pl.col("who").cast(pl.String)
                + pl.when("meter_changed").then(pl.lit("N")).otherwise(pl.lit(""))
            ).alias("meter"),
            pl.when(pl.col("who") % 50 == 0)
            .then(pl.lit("企业"))
            .otherwise(pl.lit("居民"))
            .alias("kind"),
            pl.lit("城关").alias("town"),
            "vacant",
            pl.lit(None, dtype=pl.Datetime("us")).alias("applied_at"),
        )
        .cast(SCHEMA)
    )  # type: ignore[arg-type]


def _has_arrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def _as_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({name: frame[name].to_numpy() for name in frame.columns})


# ── the same program, plainly in pandas ────────────────────────────────────


def run_pandas(program: Program, bills: pd.DataFrame) -> pd.DataFrame:
    """account, claim_fen, award_fen — the program's rules written with pandas, pro rata only."""
    rules, ex = program.saving, program.exclusions
    assert rules is not None
    chosen = [month_index(m) for m in rules.months]
    this = bills[bills["month"].isin(chosen)]
    last = bills[bills["month"].isin([m - 12 for m in chosen])][
        ["account", "month", "kwh_c", "fen", "holder", "meter", "vacant"]
    ].copy()
    last["month"] += 12
    joined = this.merge(last, on=["account", "month"], how="left", suffixes=("", "_last"))
    has_last = joined["fen_last"].notna()
    before = joined["fen_last"].fillna(0).astype("int64")
    now = joined["fen"]
    num, den = rules.min_drop.as_integer_ratio()
    floor_num, floor_den = (ex.vacant_below_kwh or 0).as_integer_ratio()
    kwh_last = joined["kwh_c_last"].fillna(0).astype("int64")
    conditions = [
        ~joined["kind"].isin([k.value for k in rules.who]),
        ~has_last,
        ex.holder_changed & (joined["holder"] != joined["holder_last"]),
        ex.meter_changed & (joined["meter"] != joined["meter_last"]),
        ex.vacant_flag & (joined["vacant"] | joined["vacant_last"].fillna(False).astype(bool)),
        (joined["kwh_c"] * floor_den < floor_num * 100) | (kwh_last * floor_den < floor_num * 100),
        before <= 0,
        (before - now) * den < before * num,
    ]
    excluded = np.logical_or.reduce([np.asarray(c, dtype=bool) for c in conditions])
    rate_num, rate_den = rules.rate.as_integer_ratio()
    reward = (before - now) * rate_num // rate_den
    cap = joined["kind"].map({k.value: to_fen(v) for k, v in rules.caps.items()})
    reward = reward.where(cap.isna() | (reward <= cap), cap).astype("int64")
    joined["reward"] = np.where(excluded | (before - now <= 0), 0, reward)
    claims = joined.groupby("account", as_index=False)["reward"].sum()
    claims.columns = ["account", "claim_fen"]
    return _pro_rata(claims, to_fen(program.pool.amount))


def _pro_rata(claims: pd.DataFrame, pool: int) -> pd.DataFrame:
    total = int(claims["claim_fen"].sum())
    if total <= pool:
        return claims.assign(award_fen=claims["claim_fen"])
    assert int(claims["claim_fen"].max()) * pool < 2**63
    product = claims["claim_fen"] * pool
    claims = claims.assign(floor=product // total, rem=product % total)
    left = pool - int(claims["floor"].sum())
    claims = claims.sort_values(["rem", "account"], ascending=[False, True])
    extra = (np.arange(len(claims)) < left) & (claims["claim_fen"] > 0).to_numpy()
    claims["award_fen"] = claims["floor"] + extra.astype("int64")
    return claims[["account", "claim_fen", "award_fen"]]


def _check(fast: pl.DataFrame, plain: pd.DataFrame) -> None:
    plain = plain.sort_values("account")
    assert fast["account"].to_list() == plain["account"].tolist(), "different accounts"
    assert fast["claim_fen"].to_list() == plain["claim_fen"].tolist(), "different claims"
    assert fast["award_fen"].to_list() == plain["award_fen"].tolist(), "different awards"


if __name__ == "__main__":
    main()

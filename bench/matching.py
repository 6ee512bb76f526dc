"""Benchmark: matching enterprises against rules at scale. Each part is its own module:

- `policies` (bench/matching_policies.py): 100,000 generated enterprises × 100 policies with
  the columnar path (Polars), checked against the pure engine on a sample.
- `achievements` (bench/matching_achievements.py): full-text search over 800,000 generated
  achievements: Tantivy (the product's index) against SQLite FTS5 and bm25s, the same jieba
  tokens for all three.

    .venv/bin/python bench/matching.py                          # every part
    .venv/bin/python bench/matching.py policies --enterprises 20000
    .venv/bin/python bench/matching.py achievements --achievements 20000
"""

from __future__ import annotations

import argparse

import polars as pl
from common import machine
from matching_achievements import run_achievements
from matching_policies import run_policies

PARTS = {"policies": run_policies, "achievements": run_achievements}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("parts", nargs="*", help=f"the parts to run: {', '.join(PARTS)}")
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--policies", type=int, default=100)
    parser.add_argument("--achievements", type=int, default=800_000)
    args = parser.parse_args()
    print(machine(f"polars {pl.__version__}"))
    for part in args.parts or list(PARTS):
        if part == "policies":
            run_policies(args.enterprises, args.policies)
        elif part == "achievements":
            run_achievements(args.achievements)


if __name__ == "__main__":
    main()

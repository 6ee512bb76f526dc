"""Benchmark: matching enterprises against rules at scale. Each part is its own module:

- `policies` (bench/matching_policies.py): 100,000 generated enterprises × 100 policies with
  the columnar path (Polars), checked against the pure engine on a sample.

    .venv/bin/python bench/matching.py                          # every part
    .venv/bin/python bench/matching.py policies --enterprises 20000
"""

from __future__ import annotations

import argparse

import polars as pl
from common import machine
from matching_policies import run_policies

PARTS = {"policies": run_policies}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("parts", nargs="*", help=f"the parts to run: {', '.join(PARTS)}")
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--policies", type=int, default=100)
    args = parser.parse_args()
    print(machine(f"polars {pl.__version__}"))
    for part in args.parts or list(PARTS):
        if part == "policies":
            run_policies(args.enterprises, args.policies)


if __name__ == "__main__":
    main()

"""How long `taizhang --help` takes to start: the best of 5 runs of the installed command.

    .venv/bin/python bench/cli_start.py [--runs 5]

A benchmark to read, not a timing test; tests/cli/test_startup.py checks instead that the help
imports no database, web or spreadsheet library.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path


def start_up_seconds(command: list[str], runs: int) -> float:
    """The shortest wall-clock time of `runs` runs of `command` (output discarded)."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    taizhang = Path(sys.executable).with_name("taizhang")
    seconds = start_up_seconds([str(taizhang), "--help"], runs)
    print(f"taizhang --help: {seconds:.3f} s (best of {runs})")


if __name__ == "__main__":
    main()

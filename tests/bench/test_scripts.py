"""The benchmark scripts run end to end at a tiny size, so a change of the code's shape cannot
leave one broken until somebody measures again."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "bench"
# They run on SQLite files of their own; the PostgreSQL pass need not run them again.
pytestmark = [
    pytest.mark.db,
    pytest.mark.skipif(
        bool(os.environ.get("TAIZHANG_TEST_DATABASE_URL")), reason="run once, on the SQLite pass"
    ),
]


def _run(script: str, *arguments: str) -> str:
    finished = subprocess.run(
        [sys.executable, str(BENCH / script), *arguments],
        cwd=BENCH,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    return finished.stdout


def test_the_race_benchmark_checks_its_fast_totals_against_the_explained_ones() -> None:
    out = _run("race.py", "--events", "300", "--units", "6")
    assert "same totals (frame_totals, score_totals, score_units): yes" in out


@pytest.mark.parametrize("scheme", ["huangyan-2022.toml", "huaian-2024.toml"])
def test_the_muju_benchmark_agrees_with_pandas_and_the_decimal_engine(scheme: str) -> None:
    out = _run(
        "muju.py", "--enterprises", "400", "--years", "2", "--repeat", "1", "--scheme", scheme
    )
    assert "columnar scores and grades same as the Decimal engine: yes" in out
    if importlib.util.find_spec("pandas") is not None:  # the bench group is installed
        assert "same classes as pandas: yes" in out


@pytest.mark.parametrize(
    ("script", "arguments", "printed"),
    [
        (
            "ledger.py",
            ("--projects", "60", "--events", "300", "--repeat", "2"),
            "projects text search",
        ),
        ("appeals.py", ("--appeals", "300", "--repeat", "2"), "/appeals/inbox (admin)"),
    ],
)
def test_the_database_benchmarks_print_their_figures(
    tmp_path: Path, script: str, arguments: tuple[str, ...], printed: str
) -> None:
    out = _run(script, "--database", f"sqlite:///{tmp_path / 'bench.db'}", *arguments)
    assert printed in out

"""What every benchmark here shares: the machine line, a fresh database, planner statistics,
percentiles, and timing requests through the app as a logged-in user.

The benchmarks run as scripts (`python bench/ledger.py`), so this folder is on `sys.path`.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from taizhang.kernel.db import make_engine
from taizhang.schema import upgrade


def cpu_model() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return platform.processor() or platform.machine()
    names = (line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    return next(names, platform.processor() or platform.machine())


def machine(extra: str = "") -> str:
    """machine: <CPU>, <n> cores, Python <version>[, extra]"""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    line = f"machine: {cpu_model()}, {cores or 1} cores, Python {platform.python_version()}"
    return f"{line}, {extra}" if extra else line


def fresh_database(url: str) -> Engine:
    """An empty, migrated database: a SQLite file recreated, or a PostgreSQL schema dropped."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def analyze(engine: Engine) -> None:
    """Statistics for the planner; on PostgreSQL also the visibility map that autovacuum
    would build, so index-only scans work as they would on a settled production database."""
    statement = "VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(statement))


def percentile(values: list[float], percent: int) -> float:
    if percent == 50 or len(values) < 2:
        return statistics.median(values)
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def p50_p95(values: list[float]) -> str:
    return f"{percentile(values, 50):8.1f} {percentile(values, 95):8.1f}"


def logged_in(client: Any, username: str, password: str) -> Any:
    """A TestClient of the app, logged in through the real form (with its CSRF token)."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token, "the login page has no CSRF token"
    data = {"username": username, "password": password, "csrf_token": token.group(1)}
    client.post("/login", data=data)
    return client


def time_requests(client: Any, path: str, repeat: int) -> list[float]:
    """Milliseconds per GET after one warm-up; empty when the path does not answer 200."""
    if client.get(path).status_code != 200:
        return []
    timings = []
    for _ in range(repeat):
        began = time.perf_counter()
        client.get(path).raise_for_status()
        timings.append((time.perf_counter() - began) * 1000)
    return timings

"""Benchmark: extraction throughput on a synthetic corpus of report-like Chinese text.

Builds a corpus of newspaper-like reports (bench/corpus.py: line-broken columns, traditional
pages, full-width digits, page furniture), runs taizhang's pipeline over every document on one
process — normalize, extract, evidence offsets mapped back (`intake.pipeline.extract_text`) —
and prints characters per second per core, with normalize-only and extract-only figures. In the
same run a plain baseline calls JioNLP's money and time extraction (`jio.ner.extract_money`,
`jio.ner.extract_time`) on a prefix of the same documents, and the ratio of the two is printed
for exactly that prefix. Timings are wall-clock, one warm-up document excluded.

    .venv/bin/python bench/extract.py                         # 10 M characters, JioNLP on 1 M
    .venv/bin/python bench/extract.py --workers 2             # also 2 processes over the corpus
    .venv/bin/python bench/extract.py --mb 1 --baseline-mb 0.2    # a quick run

JioNLP is in the optional `bench` group: `python3 -m uv sync --group bench`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import socket
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from multiprocessing import Pool
from typing import Any, TypeVar

from common import machine
from corpus import build_corpus

T = TypeVar("T")
MILLION = 1_000_000
TARGET = 300_000  # characters per second per core, end to end (issue 3)
TIME_BASE = datetime(2024, 1, 1)  # JioNLP's reference for relative dates: any fixed day is fair
CHUNK = 32  # documents per task with --workers


@dataclass(frozen=True)
class Timing:
    label: str
    chars: int
    seconds: float
    documents: int
    processes: int = 1

    @property
    def per_core(self) -> float:
        return self.chars / self.seconds / self.processes


def main() -> None:
    args = _arguments()
    pipeline = _load_pipeline()
    print(machine(sys.platform))
    documents = _build(args.mb, args.seed)
    runs, counts, prefix = _measure_taizhang(pipeline, documents, args.baseline_mb)
    baseline = _measure_jionlp(documents[:prefix])
    _print_table([*runs, baseline.timing])
    _print_baseline(runs[-1], baseline)
    print(f"taizhang found {counts} in the corpus")
    if args.workers > 1:
        _print_table([_measure_workers(documents, args.workers)])
    verdict = "met" if runs[0].per_core >= TARGET else "NOT met"
    print(f"target ≥ {TARGET:,} chars/s/core end to end: {verdict}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--mb", type=float, default=10, help="corpus size, millions of characters (~2.7 MB each)"
    )
    parser.add_argument(
        "--baseline-mb", type=float, default=1, help="JioNLP runs on this prefix (M characters)"
    )
    parser.add_argument("--workers", type=int, default=1, help="also measure N processes")
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args()


@dataclass(frozen=True)
class Pipeline:
    """The three steps timed: end to end, and its two stages alone."""

    extract_text: Callable[..., dict[str, Any]]
    normalize: Callable[[str], Any]
    extract: Callable[..., Any]


def _load_pipeline() -> Pipeline:
    """taizhang's extraction, or a clear exit when it is not there yet."""
    try:
        from taizhang.intake.extract import extract
        from taizhang.intake.normalize import normalize
        from taizhang.intake.pipeline import extract_text
    except ImportError as exc:
        sys.exit(
            f"bench/extract.py: taizhang's extraction pipeline cannot be imported ({exc}).\n"
            "It needs taizhang.intake.normalize.normalize, taizhang.intake.extract.extract "
            "and taizhang.intake.pipeline.extract_text."
        )
    return Pipeline(extract_text, normalize, extract)


def _build(mb: float, seed: int) -> list[str]:
    started = time.perf_counter()
    documents = build_corpus(int(mb * MILLION), seed=seed)
    chars = sum(len(d) for d in documents)
    size = sum(len(d.encode()) for d in documents) / MILLION
    print(
        f"corpus: {chars / MILLION:.2f} M characters ({size:.1f} MB UTF-8), "
        f"{len(documents):,} documents, seed {seed}, built in {time.perf_counter() - started:.1f} s"
    )
    return documents


def _timed(documents: list[T], work: Callable[[T], Any]) -> tuple[list[float], list[Any]]:
    """Each document's wall time in seconds, and what the work returned for it."""
    work(documents[0])  # warm-up: lazy regex compilation, dictionaries
    durations, results = [], []
    clock = time.perf_counter
    for document in documents:
        began = clock()
        results.append(work(document))
        durations.append(clock() - began)
    return durations, results


def _measure_taizhang(
    pipeline: Pipeline, documents: list[str], baseline_mb: float
) -> tuple[list[Timing], str, int]:
    """End to end, normalize only and extract only over the corpus; then end to end over the
    prefix JioNLP will run on (from the same per-document timings)."""
    chars = sum(len(d) for d in documents)
    whole, results = _timed(documents, lambda text: pipeline.extract_text(text, published=None))
    normalizing, normalized = _timed(documents, pipeline.normalize)
    extracting, _ = _timed(
        [n.text for n in normalized], lambda text: pipeline.extract(text, reference_date=None)
    )
    prefix = _prefix_length(documents, baseline_mb)
    prefix_chars = sum(len(d) for d in documents[:prefix])
    runs = [
        Timing("taizhang end to end", chars, sum(whole), len(documents)),
        Timing("  normalize only", chars, sum(normalizing), len(documents)),
        Timing("  extract only (normalized text)", chars, sum(extracting), len(documents)),
        Timing("taizhang end to end, JioNLP's prefix", prefix_chars, sum(whole[:prefix]), prefix),
    ]
    return runs, _count_facts(results), prefix


def _prefix_length(documents: list[str], mb: float) -> int:
    total = 0
    for index, document in enumerate(documents):
        total += len(document)
        if total >= mb * MILLION:
            return index + 1
    return len(documents)


def _count_facts(results: list[dict[str, Any]]) -> str:
    projects = sum(len(r["projects"]) for r in results)
    indicators = sum(len(r["indicators"]) for r in results)
    errors = sum(len(r["errors"]) for r in results)
    return f"{projects:,} projects, {indicators:,} indicators, {errors:,} errors"


@dataclass(frozen=True)
class Baseline:
    timing: Timing
    found: str
    network: list[str]  # connections and lookups attempted (and refused)
    logged: int  # errors JioNLP logged (time strings its parser gave up on)


def _measure_jionlp(documents: list[str]) -> Baseline:
    """jio.ner.extract_money(text) and jio.ner.extract_time(text, time_base=…) per document,
    with every network connection refused and recorded, and its error log counted."""
    with _no_network() as attempts, _counted_log() as logged:
        jio = _import_jionlp()

        def both(text: str) -> tuple[int, int]:
            money = jio.ner.extract_money(text)
            times = jio.ner.extract_time(text, time_base=TIME_BASE)
            return len(money), len(times)

        durations, results = _timed(documents, both)
    chars = sum(len(d) for d in documents)
    timing = Timing("JioNLP money + time", chars, sum(durations), len(documents))
    found = f"{sum(m for m, _ in results):,} money and {sum(t for _, t in results):,} time spans"
    return Baseline(timing, found, attempts, logged.count)


class _LogCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextlib.contextmanager
def _counted_log() -> Iterator[_LogCounter]:
    """Count what is logged inside the block instead of printing it."""
    counter, root = _LogCounter(), logging.getLogger()
    root.addHandler(counter)
    try:
        yield counter
    finally:
        root.removeHandler(counter)


def _import_jionlp() -> Any:
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # it prints a banner on import
            import jionlp
    except ImportError:
        sys.exit("bench/extract.py: JioNLP is missing: python3 -m uv sync --group bench")
    return jionlp


@contextlib.contextmanager
def _no_network() -> Iterator[list[str]]:
    """Refuse (and list) every connection and name lookup made inside the block."""
    attempts: list[str] = []
    saved = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def connect(_: socket.socket, address: Any) -> Any:
        attempts.append(f"connect {address!r}")
        raise OSError("bench/extract.py: no network for the baseline")

    def lookup(host: Any, *_: Any, **__: Any) -> Any:
        attempts.append(f"lookup {host!r}")
        raise OSError("bench/extract.py: no network for the baseline")

    socket.socket.connect = socket.socket.connect_ex = connect  # type: ignore[assignment]
    socket.getaddrinfo = lookup
    try:
        yield attempts
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = saved  # type: ignore[method-assign]


def _measure_workers(documents: list[str], workers: int) -> Timing:
    chunks = [documents[i : i + CHUNK] for i in range(0, len(documents), CHUNK)]
    with Pool(workers) as pool:
        pool.map(_extract_chunk, chunks[:workers])  # warm-up: every worker imported and ready
        started = time.perf_counter()
        chars = sum(pool.imap_unordered(_extract_chunk, chunks))
        seconds = time.perf_counter() - started
    label = f"taizhang end to end, {workers} processes"
    return Timing(label, chars, seconds, len(documents), processes=workers)


def _extract_chunk(documents: list[str]) -> int:
    from taizhang.intake.pipeline import extract_text

    for text in documents:
        extract_text(text, published=None)
    return sum(len(d) for d in documents)


def _print_table(runs: list[Timing]) -> None:
    print(f"{'measured':40} {'characters':>12} {'docs':>6} {'seconds':>8} {'chars/s/core':>13}")
    for run in runs:
        print(
            f"{run.label:40} {run.chars:12,} {run.documents:6,} {run.seconds:8.2f} "
            f"{run.per_core:13,.0f}"
            + (f"   ({run.chars / run.seconds:,.0f} chars/s in all)" if run.processes > 1 else "")
        )


def _print_baseline(taizhang: Timing, baseline: Baseline) -> None:
    timing = baseline.timing
    print(
        f"JioNLP measured on the first {timing.chars / MILLION:.2f} M characters "
        f"({timing.documents:,} documents); taizhang ÷ JioNLP on that same prefix: "
        f"{taizhang.per_core / timing.per_core:.2f}×"
    )
    print(f"JioNLP found {baseline.found}; it logged {baseline.logged:,} parse errors")
    print(f"JioNLP network use: {', '.join(baseline.network) or 'none attempted'}")


if __name__ == "__main__":
    main()

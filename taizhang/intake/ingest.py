"""Batch filing: extract in N worker processes (extraction is pure), file one document per
transaction in this process, so a bad file is reported and nothing half-filed stays."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

from sqlalchemy import Engine

from taizhang.intake.pipeline import prepare_incoming
from taizhang.intake.reconcile import FilingSummary, IncomingDocument, file_document
from taizhang.kernel.db import session_scope
from taizhang.kernel.errors import AppError
from taizhang.org.units import get_unit_by_code
from taizhang.projects.commands import check_project_unit

logger = logging.getLogger(__name__)


@dataclass
class IngestReport:
    lines: list[str] = field(default_factory=list)
    filed: int = 0
    repeated: int = 0
    failed: int = 0
    created: int = 0
    updated: int = 0

    @property
    def summary(self) -> str:
        return (
            f"归档 {self.filed} 份，已归档过 {self.repeated} 份，失败 {self.failed} 份；"
            f"新建项目 {self.created} 个，更新 {self.updated} 个"
            f" (filed {self.filed}, repeated {self.repeated}, failed {self.failed})"
        )


def ingest_paths(
    engine: Engine,
    paths: list[Path],
    *,
    unit_code: str | None,
    official: bool,
    published: date | None,
    workers: int = 1,
) -> IngestReport:
    report = IngestReport()
    if unit_code:
        with session_scope(engine) as session:
            # refuse an unknown unit, or one that holds no projects, before any work
            check_project_unit(get_unit_by_code(session, unit_code))
    for path, prepared in _prepared(paths, official, published, workers):
        if isinstance(prepared, str):
            report.failed += 1
            report.lines.append(f"错误 (error): {prepared}")
            continue
        _file_one(engine, path, prepared, unit_code, report)
    return report


def _prepared(
    paths: list[Path], official: bool, published: date | None, workers: int
) -> Iterator[tuple[Path, IncomingDocument | str]]:
    work = partial(_prepare_or_explain, official=official, published=published)
    if workers == 1:
        yield from zip(paths, map(work, paths), strict=True)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from zip(paths, pool.map(work, paths, chunksize=4), strict=True)


def _prepare_or_explain(
    path: Path, *, official: bool, published: date | None
) -> IncomingDocument | str:
    try:
        return prepare_incoming(path, published=published, official=official)
    except AppError as exc:
        return exc.message


def _file_one(
    engine: Engine,
    path: Path,
    incoming: IncomingDocument,
    unit_code: str | None,
    report: IngestReport,
) -> None:
    try:
        with session_scope(engine, write=True) as session:
            unit = get_unit_by_code(session, unit_code) if unit_code else None
            summary = file_document(session, incoming, unit=unit, actor=None, now=datetime.now(UTC))
    except AppError as exc:
        report.failed += 1
        report.lines.append(f"错误 (error): {path}: {exc.message}")
        return
    _count(report, path, summary)
    if incoming.published is None and not summary.already_filed:
        report.lines.append(
            f"{path}: 未注明日期，阶段日期待在审核页补充或用 --published 给出"
            " (no printed date: stage dates stay unknown until given)"
        )


def _count(report: IngestReport, path: Path, summary: FilingSummary) -> None:
    if summary.already_filed:
        report.repeated += 1
        report.lines.append(f"{path}: 已归档过，未作改动 (already filed, unchanged)")
        return
    report.filed += 1
    report.created += summary.created
    report.updated += summary.updated
    counts = f"新建 {summary.created} 个项目，更新 {summary.updated} 个"
    if summary.held:
        counts += (
            f"；其中 {summary.held} 个报道地点不在本区，待审核 ({summary.held} held for review)"
        )
    report.lines.append(f"{path}: {counts} (document {summary.document_id})")

"""The demo's newspaper reports, filed through the real intake (read → extract → file), so
every fact a timeline cites from a document is in a document the 文档摘录 page shows.

The texts in `reports/` are the team's own, about the demo's own projects; each tells of one
project reaching one stage. A text that the extraction reads otherwise (another project, a new
enterprise, a different stage) stops the build: the demo never files a surprise.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from taizhang.enterprises.models import Enterprise
from taizhang.intake.pipeline import prepare_incoming
from taizhang.intake.reconcile import file_document
from taizhang.kernel.stages import Stage
from taizhang.projects.models import Project

REPORTS_FOLDER = Path(__file__).with_name("reports")


def report_path(key: str) -> Path:
    return REPORTS_FOLDER / f"{key}.txt"


def file_report(
    session: Session,
    project: Project,
    key: str,
    *,
    stage: Stage,
    newspaper: str,
    published: date,
    now: datetime,
) -> None:
    """File the report on `project` reaching `stage`, published on `published`."""
    incoming = prepare_incoming(report_path(key), published=published)
    incoming = replace(incoming, path=f"{newspaper}/{key}.txt")
    before = _sizes(session)
    summary = file_document(session, incoming, unit=None, actor=None, now=now)
    session.refresh(project)
    if summary.created or _sizes(session) != before or project.stage != stage.value:
        raise RuntimeError(
            f"示范报道 {key}.txt 没有对上“{project.name}”的{stage.label}"
            f" (the report was read as something else: {summary}, stage {project.stage})"
        )


def _sizes(session: Session) -> tuple[int, int]:
    projects = session.scalar(select(func.count()).select_from(Project)) or 0
    enterprises = session.scalar(select(func.count()).select_from(Enterprise)) or 0
    return projects, enterprises

"""Imported sheets, known by the sha256 of their bytes: the same file imported a second time into
the same ledger is recognised and changes nothing. Shared by every import (the 项目台账, the
enterprises' yearly figures); `ledger` says which import a record belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from taizhang.kernel.base import ID, Base, UTCDateTime

PROJECTS_LEDGER = "projects"


class SheetImport(Base):
    """A workbook that was imported into a ledger, by the sha256 of its bytes. The three counts
    are the ledger's own: projects created, updated, unchanged; for enterprise figures the
    enterprises changed, figures recorded, rows left unmatched."""

    __tablename__ = "sheet_imports"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    ledger: Mapped[str] = mapped_column(
        String(40), default=PROJECTS_LEDGER, server_default=PROJECTS_LEDGER
    )
    file_name: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created: Mapped[int] = mapped_column(Integer)
    updated: Mapped[int] = mapped_column(Integer)
    unchanged: Mapped[int] = mapped_column(Integer)


@dataclass(frozen=True)
class EarlierImport:
    """The first import of a file with the same bytes."""

    file_name: str
    imported_at: datetime


def earlier_import(session: Session, digest: str, ledger: str) -> EarlierImport | None:
    """The first import of these bytes into that ledger, if any."""
    query = select(SheetImport).where(SheetImport.sha256 == digest, SheetImport.ledger == ledger)
    first = session.scalars(query.order_by(SheetImport.id).limit(1)).first()
    return EarlierImport(first.file_name, first.imported_at) if first else None


def record_import(
    session: Session,
    *,
    digest: str,
    ledger: str,
    file_name: str,
    imported_at: datetime,
    imported_by_id: int | None,
    counts: tuple[int, int, int],
) -> None:
    """Remember an import: its bytes' digest, file, time, who, and (created, updated, unchanged)."""
    created, updated, unchanged = counts
    session.add(
        SheetImport(
            sha256=digest,
            ledger=ledger,
            file_name=file_name[:200],
            imported_at=imported_at,
            imported_by_id=imported_by_id,
            created=created,
            updated=updated,
            unchanged=unchanged,
        )
    )
    session.flush()

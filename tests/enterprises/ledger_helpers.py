"""Enterprises with well-formed credit codes, and the bureaus' lists as real workbooks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy.orm import Session

from taizhang.enterprises.models import Enterprise
from taizhang.enterprises.registry import create_enterprise
from taizhang.kernel.codes import credit_code_check_char, organisation_code_check_char


def credit_code(body: str) -> str:
    """A valid 统一社会信用代码 around an 8-character organisation-code body."""
    first17 = f"91330402{body}{organisation_code_check_char(body)}"
    return first17 + credit_code_check_char(first17)


def firm(session: Session, name: str, body: str | None, *aliases: str) -> Enterprise:
    return create_enterprise(
        session,
        name=name,
        aliases=aliases,
        credit_code=credit_code(body) if body else None,
        industry_code="C3311",
    )


def workbook(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """A real .xlsx whose first sheet holds these rows."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path

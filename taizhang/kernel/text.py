"""Text as it may enter the ledger, whatever path it takes (forms, the API, sheets, documents).

Control characters (other than tab and line breaks) are dropped: they have no meaning in a name
or a note, and a workbook cannot hold them. Text longer than its column is refused, naming the
field, instead of being cut on SQLite and failing on PostgreSQL. `checked_text` is what a
command applies to one field; `guard_text_columns` makes every session check every string column
of what it writes, as the last line of defence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain
from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from taizhang.kernel.errors import Invalid

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text: str) -> str:
    """The text without the control characters no field may hold (tab and newlines stay)."""
    return _CONTROL.sub("", text)


def checked_text(text: str, *, what: str, max_length: int, required: bool = False) -> str:
    """One field's text, cleaned and trimmed; `Invalid` naming the field when empty (if
    required) or longer than `max_length` characters."""
    cleaned = without_controls(text).strip()
    if required and not cleaned:
        raise Invalid(f"请填写{what} ({what} is required)")
    if len(cleaned) > max_length:
        raise Invalid(
            f"{what}不能超过 {max_length} 个字，实为 {len(cleaned)} 个字 "
            f"(at most {max_length} characters)"
        )
    return cleaned


def guard_text_columns(factory: sessionmaker[Session]) -> None:
    """Before each flush, blank out the control characters of every string attribute of new and
    changed rows, and refuse one longer than its column."""
    event.listen(factory, "before_flush", _check_pending_rows)


def _check_pending_rows(session: Session, _context: Any, _instances: Any) -> None:
    for row in chain(session.new, session.dirty):
        _check_row(row)


def _check_row(row: object) -> None:
    mapper = inspect(row).mapper
    for attribute in mapper.column_attrs:
        value = getattr(row, attribute.key, None)
        if not isinstance(value, str):
            continue
        cleaned = _CONTROL.sub(" ", value)  # a space keeps offsets into a document's text
        if cleaned != value:
            setattr(row, attribute.key, cleaned)
        _check_length(cleaned, attribute.columns)


def _check_length(value: str, columns: Iterable[Any]) -> None:
    for column in columns:
        length = getattr(column.type, "length", None) if isinstance(column.type, String) else None
        if length is not None and len(value) > length:
            what = column.info.get("label") or f"{column.table.name}.{column.name}"
            raise Invalid(
                f"“{what}”不能超过 {length} 个字，实为 {len(value)} 个字 "
                f"({column.table.name}.{column.name}: at most {length} characters)"
            )

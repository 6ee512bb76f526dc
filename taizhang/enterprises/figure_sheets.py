"""`taizhang import enterprise-figures FILE --year YYYY [--kind tax|stats|power|standing]`: a
bureau's yearly list into the enterprise ledger (standing: a department's list of 称号, 资质,
研发人员 and 重大事故).

- The file is read by `kernel.sheets` (.xlsx first sheet, or .csv in UTF-8 or GB18030); the
  header row is the first of the top rows that names the enterprise (统一社会信用代码, 企业名称 /
  纳税人名称, or 户号) and at least one figure (`figure_columns`). Without `kind` the list's kind
  is told by its figures (用电量 → power, 主营业务收入 … → stats, 税收 → tax).
- Every row is checked first: each problem is a `FieldError` with its row and column, and if
  there is any, nothing is written (`refuse_if_any`). A 合计 row and empty rows are skipped.
- Rows are matched to enterprises by credit code, then (power) by 户号, then by name or alias
  (exact, then the same core name). A row no enterprise matches — or whose code and name point
  at different enterprises — is not an error: it is left out and reported (`UnmatchedRow`) for
  someone to resolve (register the firm, add the alias), and the file can then be imported again.
- Each figure that differs from the ledger's is recorded as an event sourced to the file's row
  (`Source.import_row`); a power list's rows of one enterprise (several 户号) are summed, and a
  户号 met for the first time is registered to the enterprise its row matched.
- The same bytes imported again for the same year change nothing and say when they were first
  imported (`kernel.sheet_imports`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from taizhang.enterprises.figure_columns import (
    ACCOUNT,
    CREDIT_CODE,
    IDENTITY,
    NAME,
    REQUIRED,
    YEAR,
    Column,
    SheetKind,
    column_of,
    read_credit_code,
    read_figure,
    read_industry,
    read_size,
    read_text,
    read_words,
)
from taizhang.enterprises.ledger import (
    WORD_SETS,
    FactField,
    Utility,
    Value,
    add_utility_account,
    record_facts,
)
from taizhang.enterprises.models import Enterprise, UtilityAccount
from taizhang.enterprises.registry import find_enterprise, match_enterprise
from taizhang.kernel.errors import FieldError, Invalid
from taizhang.kernel.sheet_imports import EarlierImport, earlier_import, record_import
from taizhang.kernel.sheets import (
    HEADER_SEARCH_ROWS,
    TOTAL_ROW_NAMES,
    CellValue,
    Table,
    read_table,
    refuse_if_any,
)
from taizhang.kernel.sources import Source, SourceKind
from taizhang.org.models import User

logger = logging.getLogger(__name__)
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class UnmatchedRow:
    """A row left out because no enterprise, or no single one, answers to it."""

    row: int
    name: str
    credit_code: str
    account: str
    reason: str


@dataclass(frozen=True)
class FigureImport:
    """What an import did: rows matched, figures recorded, rows left out and why."""

    kind: SheetKind
    year: int
    matched: int  # rows matched to an enterprise
    changed: int  # enterprises whose figures changed
    recorded: int  # figure events recorded
    unmatched: tuple[UnmatchedRow, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    repeat_of: EarlierImport | None = None


@dataclass
class _Row:
    row: int
    credit_code: str | None
    name: str | None
    account: str | None
    facts: dict[FactField, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class _Sheet:
    kind: SheetKind
    columns: dict[int, Column]
    rows: list[_Row]
    ignored: tuple[str, ...]
    errors: list[FieldError]


def ledger_name(year: int) -> str:
    """How `sheet_imports` names a figures import of a year."""
    return f"enterprise-figures:{year}"


def import_enterprise_figures(
    session: Session,
    path: Path,
    *,
    year: int,
    kind: SheetKind | None = None,
    actor: User | None,
    now: datetime,
    file_name: str | None = None,
) -> FigureImport:
    """Check every row, then record the figures of the rows that match an enterprise; all of
    the file or none of it. `file_name` is the name to cite (an upload's own name)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(f"年度 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间 (year out of range)")
    name = file_name or path.name
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sheet = read_figure_sheet(read_table(path), year=year, kind=kind)
    refuse_if_any(sheet.errors)
    earlier = earlier_import(session, digest, ledger_name(year))
    matched, unmatched = _match(session, sheet)
    recorded = changed = 0
    with session.begin_nested():
        for enterprise, rows in matched:
            count = _apply(session, enterprise, rows, sheet.kind, year, name, actor, now)
            recorded += count
            changed += 1 if count else 0
        if earlier is None or recorded:
            record_import(
                session,
                digest=digest,
                ledger=ledger_name(year),
                file_name=name,
                imported_at=now,
                imported_by_id=actor.id if actor else None,
                counts=(changed, recorded, len(unmatched)),
            )
    logger.info(
        "imported %s for %d: %d figures, %d unmatched", name, year, recorded, len(unmatched)
    )
    return FigureImport(
        kind=sheet.kind,
        year=year,
        matched=sum(len(rows) for _, rows in matched),
        changed=changed,
        recorded=recorded,
        unmatched=tuple(unmatched),
        ignored_columns=sheet.ignored,
        repeat_of=earlier if earlier is not None and not recorded else None,
    )


# ── reading ──────────────────────────────────────────────────────────────────


def read_figure_sheet(table: Table, *, year: int, kind: SheetKind | None) -> _Sheet:
    """The sheet's columns and rows, with every problem found by row and column."""
    found = _header(table)
    if found is None:
        raise Invalid(
            "找不到表头：前 10 行中没有同时含企业（统一社会信用代码、企业名称/纳税人名称或户号）"
            "和指标（税收、主营业务收入、用电量等）的一行"
            " (no header row naming the enterprise and a figure)"
        )
    header_row, cells = found
    columns: dict[int, Column] = {}
    ignored: list[str] = []
    errors: list[FieldError] = []
    seen: dict[object, str] = {}
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        header = str(cell)
        column = column_of(header)
        if isinstance(column, str):
            errors.append(FieldError(column, header_row, header))
        elif column is None:
            ignored.append(header)
        elif column.key in seen:
            errors.append(
                FieldError(
                    f"与“{seen[column.key]}”列重复 (the same column twice)", header_row, header
                )
            )
        else:
            seen[column.key] = header
            columns[index] = column
    keys = {c.key for c in columns.values()}
    chosen = kind or _kind_of(keys)
    required = REQUIRED[chosen]
    if not keys & set(required):
        named = "”或“".join(fact.label for fact in required)
        errors.append(
            FieldError(
                f"{chosen.label}须有“{named}”列 (the list lacks its figure column)", header_row
            )
        )
    rows = [
        parsed
        for number, values in table
        if number > header_row
        and (parsed := _row(number, values, columns, year, errors)) is not None
    ]
    errors += _duplicates(rows, columns, ACCOUNT if chosen is SheetKind.POWER else CREDIT_CODE)
    if not rows and not errors:
        errors.append(FieldError("表中没有数据行 (the sheet has no rows)", header_row))
    return _Sheet(chosen, columns, rows, tuple(ignored), errors)


def _header(table: Table) -> tuple[int, list[CellValue | None]] | None:
    """The first top row naming the enterprise and a figure (one whose unit is unknown too)."""
    for number, values in table[:HEADER_SEARCH_ROWS]:
        columns = [column_of(str(v)) for v in values if v is not None]
        keys = {c.key for c in columns if isinstance(c, Column)}
        unknown_unit = any(isinstance(c, str) for c in columns)
        figures = unknown_unit or any(isinstance(k, FactField) for k in keys)
        if keys & set(IDENTITY) and figures:
            return number, list(values)
    return None


def _kind_of(keys: set[str]) -> SheetKind:
    if FactField.ELECTRICITY_KWH in keys:
        return SheetKind.POWER
    stats = {FactField.REVENUE, FactField.VALUE_ADDED, FactField.ENERGY_TCE, FactField.EMPLOYEES}
    if keys & stats:
        return SheetKind.STATS
    if FactField.TAX not in keys and keys & set(REQUIRED[SheetKind.STANDING]):
        return SheetKind.STANDING
    return SheetKind.TAX


def _row(
    number: int,
    values: Sequence[CellValue | None],
    columns: dict[int, Column],
    year: int,
    errors: list[FieldError],
) -> _Row | None:
    cells = {c.key: (c, values[i]) for i, c in columns.items() if i < len(values)}
    present = [v for _, v in cells.values() if v is not None]
    if not present:
        return None
    name_cell = cells.get(NAME, (None, None))[1]
    if name_cell is not None and str(name_cell).replace(" ", "") in TOTAL_ROW_NAMES:
        return None
    row = _Row(number, None, None, None)
    for key, (column, value) in cells.items():
        if value is None:
            continue
        try:
            _read_cell(row, key, column, value, year)
        except ValueError as exc:
            errors.append(FieldError(str(exc), number, column.header))
    if not (row.credit_code or row.name or row.account):
        where = "、".join(c.header for c in columns.values() if c.key in IDENTITY)
        errors.append(
            FieldError(f"缺少企业标识，请填写{where} (the enterprise is not named)", number)
        )
    return row


def _read_cell(row: _Row, key: str, column: Column, value: CellValue, year: int) -> None:
    if key == CREDIT_CODE:
        row.credit_code = read_credit_code(value)
    elif key == NAME:
        row.name = read_text(value)
    elif key == ACCOUNT:
        row.account = read_text(value)
    elif key == YEAR:
        stated = read_text(value)
        if stated and stated.rstrip("年") != str(year):
            raise ValueError(f"年度为 {stated}，与导入年度 {year} 不符 (another year)")
    elif key == FactField.SIZE:
        row.facts[FactField.SIZE] = read_size(value)
    elif key == FactField.INDUSTRY:
        row.facts[FactField.INDUSTRY] = read_industry(value)
    elif isinstance(key, FactField) and key in WORD_SETS:
        row.facts[key] = read_words(value)
    elif isinstance(key, FactField):
        row.facts[key] = read_figure(value, column)
    # drop "not stated": a blank cell keeps what the ledger has
    row.facts = {k: v for k, v in row.facts.items() if v is not None}


def _duplicates(rows: list[_Row], columns: dict[int, Column], key: str) -> list[FieldError]:
    """The same credit code twice in a list of one row per enterprise; the same 户号 twice in a
    power list (whose enterprises may have several 户号, summed)."""
    header = next((c.header for c in columns.values() if c.key == key), None)
    first: dict[str, int] = {}
    errors = []
    for row in rows:
        value = row.account if key == ACCOUNT else row.credit_code
        if value is None:
            continue
        if value in first:
            errors.append(
                FieldError(f"与第 {first[value]} 行重复 (the same as another row)", row.row, header)
            )
        else:
            first[value] = row.row
    return errors


# ── matching and writing ─────────────────────────────────────────────────────


def _match(
    session: Session, sheet: _Sheet
) -> tuple[list[tuple[Enterprise, list[_Row]]], list[UnmatchedRow]]:
    """The matched rows by enterprise (in sheet order), and the rows left out with why: no
    enterprise, or (but in a power list, whose rows of one enterprise are summed) a second row
    of the same enterprise."""
    codes = [r.credit_code for r in sheet.rows if r.credit_code]
    by_code = {
        e.credit_code: e
        for e in session.scalars(select(Enterprise).where(Enterprise.credit_code.in_(codes)))
    }
    numbers = [r.account for r in sheet.rows if r.account]
    by_account = {
        a.number: a.enterprise_id
        for a in session.scalars(
            select(UtilityAccount).where(
                UtilityAccount.utility == Utility.ELECTRICITY, UtilityAccount.number.in_(numbers)
            )
        )
    }
    groups: dict[int, tuple[Enterprise, list[_Row]]] = {}
    unmatched: list[UnmatchedRow] = []
    for row in sheet.rows:
        found = _enterprise_of(session, row, by_code, by_account)
        if isinstance(found, str):
            unmatched.append(
                UnmatchedRow(
                    row.row, row.name or "", row.credit_code or "", row.account or "", found
                )
            )
        elif found.id in groups and sheet.kind is not SheetKind.POWER:
            first = groups[found.id][1][0].row
            reason = (
                f"与第 {first} 行是同一家企业（{found.name}），请合并两行"
                " (the same enterprise as another row)"
            )
            unmatched.append(
                UnmatchedRow(
                    row.row, row.name or "", row.credit_code or "", row.account or "", reason
                )
            )
        else:
            groups.setdefault(found.id, (found, []))[1].append(row)
    return list(groups.values()), unmatched


def _enterprise_of(
    session: Session,
    row: _Row,
    by_code: dict[str | None, Enterprise],
    by_account: dict[str, int],
) -> Enterprise | str:
    found = _by_code_or_account(session, row, by_code, by_account)
    if found is not None:
        owner = by_account.get(row.account) if row.account else None
        if owner is not None and owner != found.id:
            return (
                f"户号 {row.account} 登记在另一家企业名下，请核对"
                " (the account belongs to another enterprise)"
            )
        by_name = find_enterprise(session, row.name) if row.name else None
        if by_name is not None and by_name.id != found.id:
            return (
                f"统一社会信用代码或户号属于“{found.name}”，名称却是“{by_name.name}”，请核对"
                " (the code and the name point at different enterprises)"
            )
        return found
    if row.name:
        named = match_enterprise(session, row.name)
        if named is not None:
            if row.credit_code and named.credit_code and named.credit_code != row.credit_code:
                return (
                    f"名称对应“{named.name}”，但其统一社会信用代码为 {named.credit_code}，"
                    "与表中不同，请核对 (the name's enterprise has another code)"
                )
            return named
    said = "、".join(
        part
        for part in (
            f"统一社会信用代码 {row.credit_code}" if row.credit_code else "",
            f"户号 {row.account}" if row.account else "",
            f"名称“{row.name}”" if row.name else "",
        )
        if part
    )
    return f"企业库中没有{said}的企业 (no enterprise in the library matches)"


def _by_code_or_account(
    session: Session,
    row: _Row,
    by_code: dict[str | None, Enterprise],
    by_account: dict[str, int],
) -> Enterprise | None:
    if row.credit_code and row.credit_code in by_code:
        return by_code[row.credit_code]
    if row.account and row.account in by_account:
        return session.get(Enterprise, by_account[row.account])
    return None


def _apply(
    session: Session,
    enterprise: Enterprise,
    rows: list[_Row],
    kind: SheetKind,
    year: int,
    file_name: str,
    actor: User | None,
    now: datetime,
) -> int:
    """Record one enterprise's figures from its rows (a power list's rows summed)."""
    recorded = 0
    if kind is SheetKind.POWER:
        for row in rows:
            if row.account:
                source = Source.import_row(file_name, row.row)
                add_utility_account(
                    session,
                    enterprise,
                    utility=Utility.ELECTRICITY,
                    number=row.account,
                    source=source,
                    actor=actor,
                    now=now,
                )
        total: dict[FactField, Value] = {}
        for row in rows:
            for fact, value in row.facts.items():
                if isinstance(value, Decimal) and isinstance(total.get(fact), Decimal):
                    total[fact] = total[fact] + value  # type: ignore[operator]
                else:
                    total[fact] = value
        label = "第" + "、".join(str(r.row) for r in rows) + "行"
        source = Source(SourceKind.IMPORT, label=f"{file_name} {label}")
        return record_facts(
            session, enterprise, total, year=year, source=source, actor=actor, now=now
        )
    for row in rows:
        source = Source.import_row(file_name, row.row)
        recorded += record_facts(
            session, enterprise, row.facts, year=year, source=source, actor=actor, now=now
        )
    return recorded

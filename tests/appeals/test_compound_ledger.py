"""民情一本账: a compound's appeals as rows and as an .xlsx with masked personal data."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import event
from sqlalchemy.orm import Session

from taizhang.appeals.compound_ledger import HEADERS, compound_ledger, export_compound_ledger
from taizhang.appeals.extension import decide_extension, request_extension
from taizhang.appeals.models import Appeal
from taizhang.appeals.workflow import close_appeal, evaluate_appeal
from taizhang.kernel.errors import Invalid
from taizhang.org.models import User
from tests.appeals.conftest import Place, at

START, END = date(2026, 5, 1), date(2026, 5, 31)


def test_it_lists_every_appeal_of_the_compound(
    session: Session, place: Place, register: Callable[..., Appeal], answered: Callable[..., Appeal]
) -> None:
    done = answered()
    register(received_at=at(5, 12))
    register(received_at=at(6, 2))  # outside the period
    register(unit=place.village_compound.code)  # another compound
    rows = compound_ledger(session, place.compound, start=START, end=END)
    assert rows[0].number == done.number
    assert len(rows) == 2
    first = rows[0]
    assert (first.status.label, first.category, first.requester) == (
        "已答复·待评价",
        "投诉举报",
        "王**",
    )
    assert first.phone == "138****5678"
    assert first.answered_on == date(2026, 5, 9)
    assert rows[1].status.label == "待受理"


def test_it_shows_the_grade_after_evaluation(
    session: Session, place: Place, answered: Callable[..., Appeal]
) -> None:
    appeal = answered()
    evaluate_appeal(session, appeal, by=place.resident, now=at(5, 11), grade=4)
    close_appeal(session, appeal, actor=place.handler, now=at(5, 11, 12))
    [row] = compound_ledger(session, place.compound, start=START, end=END)
    assert (row.status.label, row.grade, row.closed_on) == ("已销号", 4, date(2026, 5, 11))
    assert row.cells("en")[6::6] == ["closed", "satisfied"]


def test_it_exports_an_xlsx_with_chinese_headers_and_masked_phone(
    session: Session, place: Place, answered: Callable[..., Appeal]
) -> None:
    appeal = answered()
    data = export_compound_ledger(session, place.compound, start=START, end=END)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet["A1"].value == "幸福里小区 民情一本账（2026-05-01 至 2026-05-31）"
    assert tuple(c.value for c in sheet[2]) == HEADERS
    values = [c.value for c in sheet[3]]
    assert values[0] == appeal.number
    assert values[1] == datetime(2026, 5, 8)
    assert values[2:5] == ["王**", "138****5678", "投诉举报"]
    assert values[6] == "已答复·待评价"
    assert "13812345678" not in data.decode("latin-1")
    assert sheet.max_row == 3


def test_it_refuses_a_unit_that_is_not_a_compound(session: Session, place: Place) -> None:
    with pytest.raises(Invalid, match="不是小区"):
        compound_ledger(session, place.community, start=START, end=END)


def extend(session: Session, appeal: Appeal, asker: User, decider: User, days: int) -> None:
    """Ask on Thu 05-14 (due Mon 05-18) and approve at once."""
    extension = request_extension(
        session, appeal, actor=asker, days=days, reason="待物业报价", now=at(5, 14)
    )
    decide_extension(session, extension, actor=decider, approve=True, note="", now=at(5, 14))


def test_it_shows_the_approved_extension_days(
    session: Session, place: Place, register: Callable[..., Appeal], district_admin: User
) -> None:
    extended, plain = register(), register()
    extend(session, extended, place.handler, district_admin, days=4)
    refused = request_extension(
        session, plain, actor=place.handler, days=2, reason="再等等", now=at(5, 14)
    )
    decide_extension(
        session, refused, actor=district_admin, approve=False, note="不必", now=at(5, 14)
    )
    rows = compound_ledger(session, place.compound, start=START, end=END)
    assert [(row.extension_days, row.due_on) for row in rows] == [
        (4, date(2026, 5, 22)),
        (0, date(2026, 5, 18)),
    ]
    data = export_compound_ledger(session, place.compound, start=START, end=END)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    column = HEADERS.index("延期(工作日)")
    assert [row[column] for row in sheet.iter_rows(min_row=3, values_only=True)] == [4, 0]


def test_it_loads_the_extensions_in_one_query_for_all_rows(
    session: Session, place: Place, register: Callable[..., Appeal], district_admin: User
) -> None:
    statements: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    def cost() -> int:
        session.flush()
        statements.clear()
        event.listen(session.get_bind(), "before_cursor_execute", remember)
        try:
            compound_ledger(session, place.compound, start=START, end=END)
        finally:
            event.remove(session.get_bind(), "before_cursor_execute", remember)
        return len(statements)

    extend(session, register(), place.handler, district_admin, days=1)
    one = cost()
    for _ in range(5):
        extend(session, register(), place.handler, district_admin, days=2)
    assert cost() == one

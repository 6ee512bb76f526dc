"""Specs for kernel.text: control characters never reach the ledger, and text never outgrows
its column, whatever path it takes."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from taizhang.kernel.errors import Invalid
from taizhang.kernel.sources import Source
from taizhang.kernel.text import checked_text, without_controls
from taizhang.projects.commands import create_project
from tests.conftest import District


def test_control_characters_go_but_tabs_and_line_breaks_stay() -> None:
    assert without_controls("楼道\x00灯\x1b坏了\t第二行\r\n\x7f") == "楼道灯坏了\t第二行\r\n"


def test_checked_text_trims_and_names_the_field_it_refuses() -> None:
    assert checked_text("  备注\x00  ", what="备注", max_length=10) == "备注"
    with pytest.raises(Invalid, match="备注不能超过 3 个字，实为 4 个字"):
        checked_text("一二三四", what="备注", max_length=3)
    with pytest.raises(Invalid, match="请填写备注"):
        checked_text(" \x00 ", what="备注", max_length=3, required=True)


@pytest.mark.db
def test_a_name_longer_than_its_column_is_refused_on_every_path(
    session: Session, district: District
) -> None:
    with pytest.raises(Invalid, match="“项目名称”不能超过 200 个字，实为 201 个字"):
        create_project(session, name="长" * 201, unit=district.town, source=Source("system"))
    session.rollback()


@pytest.mark.db
def test_a_control_character_is_blanked_keeping_the_texts_length(
    session: Session, district: District
) -> None:
    project = create_project(
        session, name="农机\x00项目", unit=district.town, source=Source("system")
    )
    session.commit()
    session.expire_all()
    assert project.name == "农机 项目"

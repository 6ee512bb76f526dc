"""Reading and extracting a file for filing: the date a document speaks for is the one it prints
or the one a person gives, never the file's time."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from taizhang.intake.ingest import ingest_paths
from taizhang.intake.pipeline import document_title, prepare_incoming
from taizhang.kernel.sources import Document
from taizhang.projects.models import Event
from tests.conftest import District

UNDATED = "凤桥镇智能农机装备项目签约，总投资3.5亿元，主要生产智能收割机。"
DATED = "发布时间：2025年3月8日\n" + UNDATED


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    moment = 1_700_000_000  # 2023-11-14: the day the file happened to be copied
    os.utime(path, (moment, moment))
    return path


def test_a_report_without_a_printed_date_has_no_date(tmp_path: Path) -> None:
    assert prepare_incoming(_file(tmp_path, "a.txt", UNDATED)).published is None


def test_the_printed_date_or_the_given_one_is_the_documents_date(tmp_path: Path) -> None:
    assert prepare_incoming(_file(tmp_path, "a.txt", DATED)).published == date(2025, 3, 8)
    given = prepare_incoming(_file(tmp_path, "b.txt", UNDATED), published=date(2025, 6, 1))
    assert given.published == date(2025, 6, 1)


def test_filing_an_undated_report_leaves_its_stage_dates_unknown(
    session: Session, engine: Engine, district: District, tmp_path: Path
) -> None:
    session.commit()
    report = ingest_paths(
        engine, [_file(tmp_path, "a.txt", UNDATED)], unit_code=None, official=False, published=None
    )
    assert report.filed == 1, report.lines
    assert "未注明日期" in report.lines[-1]
    document = session.scalars(select(Document)).one()
    stages = session.scalars(select(Event).where(Event.kind.in_(["created", "stage_reached"])))
    assert document.published_on is None
    assert {event.occurred_on for event in stages} == {None}


def test_the_title_is_the_headline_not_the_sites_menu_or_breadcrumb() -> None:
    page = "\n".join(
        [
            "推薦",
            "首頁 要聞 經濟 社會 視頻 圖片 專欄 評論 天氣",
            "當前位置:首頁 > 本地 > 正文",
            "南溪縣秋季重點項目集中開工",
            "昨日，全縣八個項目同時破土。",
        ]
    )
    assert document_title(page, Path("a.txt")) == "南溪縣秋季重點項目集中開工"
    assert document_title("短\n", Path("a.txt")) == "a.txt"

"""The DOCX of a report in the official-document look, read back with python-docx."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from taizhang.reports.docx import render_docx
from tests.race.engine.test_reports import sample_report


def test_the_title_is_centred_in_the_title_font() -> None:
    document = Document(BytesIO(render_docx(sample_report("quarterly"))))
    title = document.paragraphs[0]
    assert title.text == "南湖区2026年第二季度招商引资赛马情况通报"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    run = title.runs[0]
    assert run.font.size == Pt(22)
    fonts = run._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert fonts.get(qn("w:ascii")) == "黑体"


def test_sections_are_numbered_and_the_body_is_fangsong_16pt() -> None:
    document = Document(BytesIO(render_docx(sample_report("quarterly"))))
    texts = [p.text for p in document.paragraphs]
    for heading in ("一、总体情况", "二、积分排名", "四、工作亮点", "五、后进单位", "六、项目预警"):
        assert heading in texts
    body = next(p for p in document.paragraphs if p.text.startswith("凤桥镇以 12 分"))
    assert body.runs[0].font.size == Pt(16)
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_tables_have_borders_and_their_cells() -> None:
    document = Document(BytesIO(render_docx(sample_report("quarterly"))))
    ranking = document.tables[0]
    assert ranking.style is not None and ranking.style.name == "Table Grid"
    assert [c.text for c in ranking.rows[0].cells] == ["名次", "单位", "得分", "较上期"]
    assert [c.text for c in ranking.rows[1].cells] == ["1", "凤桥镇", "12", "上升2位"]
    completion = document.tables[1]
    assert completion.rows[3].cells[4].text == "10.00"


def test_the_page_is_a4_with_the_official_margins() -> None:
    section = Document(BytesIO(render_docx(sample_report("monthly")))).sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.top_margin - Cm(3.7)) < Cm(0.01)
    assert abs(section.bottom_margin - Cm(3.5)) < Cm(0.01)
    assert abs(section.left_margin - Cm(2.8)) < Cm(0.01)
    assert abs(section.right_margin - Cm(2.6)) < Cm(0.01)


def test_the_issuer_and_date_close_the_document_right_aligned() -> None:
    paragraphs = Document(BytesIO(render_docx(sample_report("annual")))).paragraphs
    issuer, day = paragraphs[-2], paragraphs[-1]
    assert issuer.text == "南湖区招商引资赛马比拼工作专班"
    assert day.text == "2026年7月3日"
    assert issuer.alignment == day.alignment == WD_ALIGN_PARAGRAPH.RIGHT

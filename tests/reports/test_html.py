"""The HTML page of a report: standalone, escaped, every section numbered."""

from __future__ import annotations

from taizhang.reports import render
from taizhang.reports.html import render_html
from tests.race.engine.test_reports import sample_report


def test_it_renders_the_title_sections_and_tables() -> None:
    page = render_html(sample_report("quarterly")).decode("utf-8")
    assert page.startswith("<!doctype html>")
    assert "<h1>南湖区2026年第二季度招商引资赛马情况通报</h1>" in page
    assert "<h2>一、总体情况</h2>" in page and "<h2>四、工作亮点</h2>" in page
    assert '<td class="num">12</td>' in page and "<td>凤桥镇</td>" in page
    assert "2026年7月3日" in page


def test_it_fetches_nothing_from_the_network() -> None:
    page = render_html(sample_report("weekly")).decode("utf-8")
    assert "http" not in page and "<script" not in page and "<link" not in page


def test_it_escapes_text() -> None:
    report = sample_report("monthly")
    tampered = type(report)(**{**report.__dict__, "title": "<b>南湖区</b>"})
    assert "&lt;b&gt;南湖区&lt;/b&gt;" in render(tampered, "html").decode("utf-8")

"""A report as one standalone HTML page: inline CSS, no scripts, nothing fetched."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from taizhang.kernel.report_document import ReportData, Section, Table
from taizhang.race.engine.warnings import zh_date
from taizhang.reports import cell_text, chinese_number

CSS = """
body { font-family: "FangSong", "仿宋", "STFangsong", serif; font-size: 16pt; color: #111;
       max-width: 960px; margin: 2em auto; padding: 0 1.5em; line-height: 1.8; }
h1 { font-family: "方正小标宋简体", "SimHei", "黑体", sans-serif; font-size: 22pt;
     text-align: center; color: #b00; margin-bottom: .2em; }
.subtitle { text-align: center; font-size: 12pt; color: #444; border-bottom: 2px solid #b00;
            padding-bottom: .6em; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 16pt; margin: 1.2em 0 .4em; }
p { text-indent: 2em; margin: .3em 0; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; margin: .6em 0; }
th, td { border: 1px solid #333; padding: .25em .5em; }
th { background: #f2f2f2; font-family: "SimHei", "黑体", sans-serif; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.issuer { text-align: right; margin-top: 2em; text-indent: 0; }
"""


def render_html(report: ReportData) -> bytes:
    """The report as a UTF-8 HTML page."""
    body = "\n".join(_section(n, s) for n, s in enumerate(report.sections, start=1))
    page = f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{escape(report.title)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{escape(report.title)}</h1>
<p class="subtitle">{escape(report.subtitle)}</p>
{body}
<p class="issuer">{escape(report.issuer)}<br>{zh_date(report.issued_on)}</p>
</body>
</html>
"""
    return page.encode("utf-8")


def _section(number: int, section: Section) -> str:
    parts = [f"<h2>{chinese_number(number)}、{escape(section.heading)}</h2>"]
    parts += [f"<p>{escape(text)}</p>" for text in section.paragraphs]
    parts += [_table(table) for table in section.tables]
    return "\n".join(parts)


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    rows = "\n".join("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in table.rows)
    caption = f"<caption>{escape(table.caption)}</caption>" if table.caption else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>"


def _cell(cell: object) -> str:
    numeric = isinstance(cell, int | Decimal)
    css = ' class="num"' if numeric else ""
    return f"<td{css}>{escape(cell_text(cell))}</td>"

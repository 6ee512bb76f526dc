"""Dates in reports: the publication date a page prints, and time expressions in sentences.

A time expression resolves to a `Moment` (year, month, quarter, half). Relative ones —
今年, 明年, 去年, 下月底, or a month with no year — need the document's date; without
it they resolve to a moment with no year. 年底/年初/季度/半年 keep only their year for
planned production ("YYYY"); a month gives "YYYY-MM".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from taizhang.intake.extract.patterns import quick

_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_RELATIVE_YEARS = {"今年": 0, "本年": 0, "当年": 0, "明年": 1, "后年": 2, "去年": -1, "前年": -2}
_RELATIVE_MONTHS = {"本月": 0, "当月": 0, "下月": 1, "下个月": 1, "上月": -1, "上个月": -1}

_PART = (
    r"(?:(?P<m>1[0-2]|0?[1-9])月(?:份)?(?:(?P<d>[12]\d|3[01]|0?[1-9])日)?"
    r"|第?(?P<q>[一二三四1-4])季度|(?P<h>[上下])半年|(?P<edge>年?(?:底|末|初)))?"
)
_MOMENT = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})年|(?P<ry>今年|本年|明年|后年|去年|前年))"
    + _PART
    + r"|(?P<rm>下个月|下月|本月|当月|上个月|上月)(?:底|末|初)?"
    + r"|(?<![\d年])(?P<bm>1[0-2]|0?[1-9])月(?:份)?(?:(?P<bd>[12]\d|3[01]|0?[1-9])日)?"
    + r"|(?<!年)第?(?P<bq>[一二三四])季度|(?<![今明去年])(?P<bh>[上下])半年"
    + r"|(?<![今明去本当年])(?P<be>年底|年末|年初|年内)"
)

_PUBLISHED = [
    re.compile(
        r"(?:发布|发表|更新|刊发|出版)(?:时间|日期|于)\s*[:：]?\s*"
        r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
    ),
    re.compile(
        r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*[,，]?\s*(?:星期|周|礼拜)[一二三四五六日天]"
    ),
    re.compile(
        r"(?:^|\n)[ \t]*(?:日期|时间)?[:：]?[ \t]*(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})"
        r"\s*[-/.月]\s*(?P<d>\d{1,2})日?(?:[ \t]+\d{1,2}:\d{2}(?::\d{2})?)?[ \t]*(?=\n|$)"
    ),
    re.compile(
        r"来源\s*[:：][^\n]{0,24}?(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
    ),
]
# A dateline: a short line that starts or ends with a full date (嘉禾晚报 2024年11月5日).
_DATE = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)日?"
_DATELINE_START = re.compile(
    rf"[(（]?{_DATE}(?![日起前后至到]|以来|开始|召开|举行)[^,，。;；!?！？\n]{{0,24}}$"
)
_DATELINE_END = re.compile(
    rf"^(?![^\n]*(?:截至|截止))[^,，。;；!?！？\n]{{0,24}}?{_DATE}\s*(?:星期.|周.)?\s*[)）]?$"
)
_DATELINE_LINES = 3
# A page's header or credit line: a date standing alone among outlet words, times and page
# numbers (津云客户端　2025-08-15 09:12　来源：津云; 赣南日报 2025年11月20日 第02版), or a
# speech's date line under a report's title (——2026年1月8日在…人民代表大会…会议上).
_HEADER_DATE = re.compile(
    rf"(?:^|(?<=[\s｜|]))(?:——|—)?{_DATE}"
    r"(?=$|[\s｜|]|在[^,，。;；]{2,40}?(?:会议|大会)上$)"
)
_HEADER_LINES = 12
_HEADER_LINE_MAX = 60
_SENTENCE_MARK = re.compile(r"[,，。;；!?！？]")
_HEAD_CHARS = 3000
_TAIL_CHARS = 1500


@dataclass(frozen=True)
class Moment:
    """A point or stretch of time as far as the text fixes it."""

    year: int | None
    month: int | None = None
    quarter: int | None = None
    half: int | None = None
    explicit_year: bool = False


@dataclass(frozen=True)
class MomentMatch:
    start: int
    end: int
    moment: Moment


def find_published(text: str) -> date | None:
    """The date the text prints for itself (page header, 发布时间, dated line), else None."""
    windows = [text[:_HEAD_CHARS]]
    if len(text) > _HEAD_CHARS:
        windows.append(text[-_TAIL_CHARS:])
    for window in windows:
        for pattern in _PUBLISHED:
            for match in pattern.finditer(window):
                found = _valid_date(match)
                if found is not None:
                    return found
    return _dateline(text)


def _dateline(text: str) -> date | None:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:_DATELINE_LINES] + lines[-_DATELINE_LINES:]:
        if len(line) > 40:
            continue
        match = _DATELINE_START.match(line) or _DATELINE_END.match(line)
        found = _valid_date(match) if match else None
        if found is not None:
            return found
    for line in lines[:_HEADER_LINES]:
        if len(line) > _HEADER_LINE_MAX or _SENTENCE_MARK.search(line):
            continue
        match = _HEADER_DATE.search(line)
        found = _valid_date(match) if match else None
        if found is not None:
            return found
    return None


def _valid_date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def find_moments(text: str, doc_date: date | None) -> list[MomentMatch]:
    """Every time expression in `text`, resolved against `doc_date` where relative."""
    return [MomentMatch(m.start(), m.end(), resolve(m, doc_date)) for m in _MOMENT.finditer(text)]


def resolve(match: re.Match[str], doc_date: date | None) -> Moment:
    groups = match.groupdict()
    if groups["rm"]:
        return _relative_month(groups["rm"], doc_date)
    year, explicit = _year(groups, doc_date)
    month = groups["m"] or groups["bm"]
    quarter = groups["q"] or groups["bq"]
    half = groups["h"] or groups["bh"]
    return Moment(
        year=year,
        month=int(month) if month else None,
        quarter=_CN_QUARTER[quarter] if quarter else None,
        half=(1 if half == "上" else 2) if half else None,
        explicit_year=explicit,
    )


def _year(groups: dict[str, str | None], doc_date: date | None) -> tuple[int | None, bool]:
    if groups["y"]:
        return int(groups["y"]), True
    relative = groups["ry"]
    if doc_date is None:
        return None, False
    if relative:
        return doc_date.year + _RELATIVE_YEARS[relative], False
    return doc_date.year, False


def _relative_month(word: str, doc_date: date | None) -> Moment:
    if doc_date is None:
        return Moment(year=None)
    index = doc_date.year * 12 + doc_date.month - 1 + _RELATIVE_MONTHS[word]
    return Moment(year=index // 12, month=index % 12 + 1)


def month_text(moment: Moment) -> str | None:
    """'YYYY-MM' when the month is known, 'YYYY' when only the year is, else None."""
    if moment.year is None:
        return None
    if moment.month is not None:
        return f"{moment.year}-{moment.month:02d}"
    return str(moment.year)


def period_label(moment: Moment) -> str | None:
    """The moment as a `kernel.periods` label, as precise as the text is: '2026-06' (a month),
    '2026-Q3' (a quarter), '2026' (a year, or a half of it)."""
    if moment.year is None:
        return None
    if moment.month is not None:
        return f"{moment.year}-{moment.month:02d}"
    if moment.quarter is not None:
        return f"{moment.year}-Q{moment.quarter}"
    return str(moment.year)


def period_text(moment: Moment) -> str | None:
    """A period label for indicators: '2025', '2025-03', '2025-01..2025-06', '2025-04..2025-06'."""
    if moment.year is None:
        return None
    if moment.quarter is not None:
        first = (moment.quarter - 1) * 3 + 1
        return f"{moment.year}-{first:02d}..{moment.year}-{first + 2:02d}"
    if moment.half is not None:
        first = 1 if moment.half == 1 else 7
        return f"{moment.year}-{first:02d}..{moment.year}-{first + 5:02d}"
    return month_text(moment)


def is_after(moment: Moment, doc_date: date | None) -> bool:
    """Whether the moment lies after the document's month (a future date reads as a plan)."""
    if doc_date is None or moment.year is None:
        return False
    if moment.year != doc_date.year:
        return moment.year > doc_date.year
    return moment.month is not None and moment.month > doc_date.month


# Same matches, scanned faster (see patterns.quick).
_MOMENT = quick(_MOMENT)

"""Aggregate figures of a region: counts of projects, economic totals, completion rates.

- counts: 洽谈项目263个, 亿元以上项目42个, 37个项目签约 (→ 签约项目 37 个);
- totals: a known metric (规上工业总产值, 财政总收入, 固定资产投资, 实际利用外资 …) and the
  amount after it, in units of its currency ("元", "美元"), with the year-over-year change
  that follows (同比增长7.1%, 增速80.7%, 同比下降3% → -3); a growth rate stated without an
  amount (规上工业增加值同比增长8.2%) becomes metric "…增速" in "%";
  总投资 counts only in a sentence that counts projects (37个项目签约,涉及总投资约54亿元);
- completion: 完成年度任务的55.56% → 年度任务完成率 55.56 %.
Region is the nearest place named before the figure in the sentence (湘家荡区域, 某某区,
余新镇); period is the time the sentence (or, failing that, its paragraph) states, resolved
against the document's date: "2025", "2025-03", "2025-01..2025-06". Both may be None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal

from taizhang.intake.extract.dates import find_moments, period_text
from taizhang.intake.extract.numbers import AmountMatch, find_amounts
from taizhang.intake.extract.sentences import Sentence
from taizhang.intake.facts import IndicatorFact, Span

_COUNT_AFTER = re.compile(
    r"(?P<metric>[^\d,，;；:：。、]{1,16}?项目)(?:数)?(?:共|达|合计|总数|为)?(?P<n>\d+)(?:多|余)?个"
)
_COUNT_BEFORE = re.compile(
    r"(?P<n>\d+)(?:多|余)?个(?P<metric>[^\d,，;；:：。、]{0,10}?项目)"
    r"(?P<verb>集中签约|集中开工|竣工投产|开工建设|签约|开工|竣工|投产|落地)?"
)
_METRIC_LEAD = re.compile(
    r".*(?:其中|全区|全镇|全市|全县|全年|今年|去年|累计|共计|共|完成|实施|成功|已经|已|就|仅|推动|引进"
    r"|拥有|谋划了|谋划|[区镇县市])"
)
_TOTAL = re.compile(
    r"(?P<metric>规上工业总产值|规模以上工业总产值|工业总产值|规上工业增加值|规模以上工业增加值"
    r"|工业增加值|地区生产总值|GDP|财政总收入|一般公共预算收入|固定资产投资|制造业投资|工业投资"
    r"|实际利用外资|合同利用外资|社会消费品零售总额|技术交易额|研发投入|研发经费投入|进出口总额"
    r"|外贸进出口|出口总额|出口额|进口额|税收收入|营业收入|新增年产值|总投资)"
)
_NEEDS_COUNT = frozenset({"总投资", "固定资产投资"})
# 完成固定资产投资56.3亿元 is a region's figure; 其中固定资产投资12亿元 a project's.
_DONE_BEFORE = re.compile(r"(?:完成|实现|累计|全区|全市|全县|全镇)$")
_FILLER = re.compile(r"[^\d,，;；:：。%]{0,8}?")
_YOY = re.compile(
    r"[^;；。]{0,6}?(?:同比(?:增长|增加|提高|上升|增速(?:为|达)?|实现)?|增速(?:为|达)?|增长)"
    r"(?:了|达)?(?P<p>-?\d+(?:\.\d+)?)%"
    r"|[^;；。]{0,6}?同比下降(?:了)?(?P<n>\d+(?:\.\d+)?)%"
)
_COMPLETION = re.compile(r"完成(?:年度|全年)(?:目标)?(?:任务|计划|目标)的?(?P<p>\d+(?:\.\d+)?)%")
_PLACE = re.compile(
    r"[\u4e00-\u9fff]{2,6}?(?:高新区|开发区|经开区|新区|区域|街道|区|县|市|镇|乡)"
    r"(?:\([\u4e00-\u9fff]{2,8}\))?"
)
_PLACE_STOPS = re.compile(
    r"[,，;；:：。]|据统计|截至|今年|去年|上半年|下半年|全年|年初|以来|季度|\d+月|完成|实现|其中|和|与|及"
    r"|全区|全市|全县|全镇|该区|该镇|本区|我区|我市|各"
)
_NOT_A_PLACE = re.compile(r"^(?:全|该|本|我|各|园|辖|城|社|小|景|片|示范|工业园|开发|新)")
_RANGE_MONTHS = re.compile(r"(?P<a>1[0-2]|[1-9])\s*[—\-~至到]\s*(?P<b>1[0-2]|[1-9])月")


def extract_indicators(
    text: str, sentences: list[Sentence], doc_date: date | None
) -> list[IndicatorFact]:
    """Indicator facts of a document, in order."""
    found: list[IndicatorFact] = []
    earlier: list[str] = []  # the paragraph's sentences so far, for its period and region
    block = -1
    for sentence in sentences:
        if sentence.block != block:
            earlier, block = [], sentence.block
        if _HAS_FIGURE.search(sentence.text):
            span = Span(sentence.start, sentence.end, text[sentence.start : sentence.end])
            found += _sentence_indicators(sentence.text, span, doc_date, earlier)
        earlier.append(sentence.text)
    return found


_HAS_FIGURE = re.compile(r"\d")


def _sentence_indicators(
    text: str, span: Span, doc_date: date | None, earlier: list[str]
) -> list[IndicatorFact]:
    raw = _counts(text) + _totals(text) + _completions(text)
    if not raw:
        return []
    period = _first(lambda t: _period(t, doc_date), [text, *reversed(earlier)])
    region = _first(lambda t: _region(t, len(t)), [text, *reversed(earlier)])
    return [
        IndicatorFact(_region(text, pos) or region, metric, value, unit, period, yoy, span)
        for pos, metric, value, unit, yoy in sorted(raw, key=lambda item: item[0])
    ]


def _first(find: Callable[[str], str | None], texts: list[str]) -> str | None:
    for text in texts:
        found = find(text)
        if found is not None:
            return found
    return None


_Raw = tuple[int, str, Decimal, str, Decimal | None]


def _counts(text: str) -> list[_Raw]:
    found: list[_Raw] = []
    if "个" not in text:
        return found
    taken: set[int] = set()
    for match in _COUNT_AFTER.finditer(text):
        metric = _METRIC_LEAD.sub("", match.group("metric"))
        if len(metric) > 2:
            found.append((match.start(), metric, Decimal(match.group("n")), "个", None))
            taken.update(range(match.start(), match.end()))
    for match in _COUNT_BEFORE.finditer(text):
        if match.start() in taken:
            continue
        verb, noun = match.group("verb"), _METRIC_LEAD.sub("", match.group("metric"))
        metric = f"{verb}{noun}" if verb else noun
        if len(metric) > 2:
            found.append((match.start(), metric, Decimal(match.group("n")), "个", None))
    return found


def _totals(text: str) -> list[_Raw]:
    found: list[_Raw] = []
    totals = list(_TOTAL.finditer(text))
    if not totals:  # the common case: nothing to look up
        return found
    amounts = find_amounts(text)
    counted: bool | None = None
    for match in totals:
        metric = match.group("metric")
        done = _DONE_BEFORE.search(text, max(0, match.start() - 2), match.start())
        if metric in _NEEDS_COUNT and not done:
            if counted is None:
                counted = bool(_COUNT_AFTER.search(text) or _COUNT_BEFORE.search(text))
            if not counted:
                continue
        filler = _FILLER.match(text, match.end())
        amount = _amount_at(amounts, filler.end() if filler else match.end())
        if amount is not None and not amount.is_range:
            unit = "元" if amount.amount.currency == "CNY" else _UNIT[amount.amount.currency]
            yoy = _yoy(text, amount.end)
            found.append((match.start(), metric, amount.amount.amount, unit, yoy))
        elif metric not in _NEEDS_COUNT:
            rate = _yoy(text, match.end())
            if rate is not None:
                found.append((match.start(), f"{metric}增速", rate, "%", None))
    return found


_UNIT = {"USD": "美元", "EUR": "欧元", "HKD": "港元", "JPY": "日元", "GBP": "英镑"}


def _amount_at(amounts: Sequence[AmountMatch], position: int) -> AmountMatch | None:
    for amount in amounts:
        if amount.start == position:
            return amount
    return None


def _yoy(text: str, position: int) -> Decimal | None:
    match = _YOY.match(text, position)
    if match is None:
        return None
    if match.group("n"):
        return -Decimal(match.group("n"))
    return Decimal(match.group("p"))


def _completions(text: str) -> list[_Raw]:
    return [
        (m.start(), "年度任务完成率", Decimal(m.group("p")), "%", None)
        for m in _COMPLETION.finditer(text)
    ]


def _region(text: str, position: int) -> str | None:
    """The last place named before `position`, walked left to a stop word."""
    best = None
    for match in _PLACE.finditer(text, 0, position):
        start = match.start()
        for stop in _PLACE_STOPS.finditer(text, start, match.end()):
            start = stop.end()
        place = text[start : match.end()]
        if len(place) >= 3 and not _NOT_A_PLACE.match(place):
            best = place
    return best


def _period(text: str, doc_date: date | None) -> str | None:
    months = _RANGE_MONTHS.search(text)
    if months and doc_date is not None:
        return f"{doc_date.year}-{int(months['a']):02d}..{doc_date.year}-{int(months['b']):02d}"
    for found in find_moments(text, doc_date):
        label = period_text(found.moment)
        if label is not None:
            return label
    return None

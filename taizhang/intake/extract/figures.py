"""The project figures one sentence states, each at its position.

- investment: 总投资/计划投资/投资/签约额/增资 + amount (never 已/累计/完成/年度 投资);
  an amount directly before 的 + a project (16亿元的项目一期) is a weaker investment.
- annual output: 年产值/年销售收入/年营收 or 达产后…产值 + amount (not a range).
- capacity: 年产/产能/生产能力/年加工 + number + unit, further items joined by 和/及/、.
- land: 用地/占地 + 亩 (公顷 ×15, 平方米 ÷666.67).
- progress: 工程量/形象进度/工程进度 … X%.
Rank orders facts of one kind: the higher wins (总投资 over 投资, exact over 约).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from taizhang.intake.extract.numbers import (
    CAPACITY_UNIT,
    NUMBER,
    AmountMatch,
    CapacityMatch,
    find_amounts,
    find_capacity_items,
    match_capacity,
    measure_unit,
    parse_number,
    tidy,
)
from taizhang.intake.extract.patterns import quick
from taizhang.intake.facts import Amount, CapacityItem, Span

_INVEST = re.compile(
    r"(?P<cue>计划总投资|预计总投资|总投资(?:金额|额)?|投资总额|计划投资|拟投资|项目投资额?|总投入|签约额"
    r"|签约金额|增资|预计累计投入|投资金额|投资额?)(?:规模|上限)?(?:将|预计|可)?(?:为|共|合计)?[:：]?"
)
_INVEST_RANK = {"计划投资": 2, "拟投资": 2, "项目投资": 2, "项目投资额": 2, "签约额": 2}
_INVEST_RANK.update({"签约金额": 2, "增资": 2, "预计累计投入": 2, "投资": 1, "投资额": 1})
_SPENT = re.compile(
    r"(?:已|已经|累计|完成|实际|到位|当期|年度|今年|本年|当年|月度|季度|上半年)(?:计划)?(?:完成)?"
    r"(?:固定资产)?$"
)
_OUTPUT = re.compile(
    r"(?<![今去明全当本上该同首每])(?<!(?<!目)前)年(?:均)?(?:可实现|可达|实现|可)?"
    r"(?:产值|销售收入|营业收入|营收|销售额|营业额|产出|开票销售|开票收入|销售(?=为|达|约|超|近|逾|\d))"
    r"|达产后[^,，;；:：。]{0,8}?(?<!总)(?:产值|销售收入|营业收入|营收|销售额|营业额)"
    r"|每年(?:可|将|能)?(?:实现|创造|新增)?(?:产值|销售收入|营业收入|营收|销售额)"
)
_NOT_OUTPUT_FILLER = re.compile(r"利税|税收|纳税|增加|增长|同比")
_CAPACITY_CUE = (
    r"(?:年产能|年产量|年产(?!值)|(?<![日月])产能|生产能力|年加工生产|年生产|年组装"
    r"|每年(?:可以|可|能够|能|将)?(?:生产|产出))"
    r"(?:规模)?(?:将|可)?(?:达到?|为|约|超过?|近|逾|突破)?(?P<product>[\u4e00-\u9fff、{}]{{0,14}}?)"
)
# the product may hold letters and figures of its own (年产PVC40万吨, 年产12英寸晶圆36万片)
_CAPACITY = re.compile(
    _CAPACITY_CUE.format(r"A-Za-z\d.") + rf"(?=\d(?:[\d,.]*\d)?(?:余|多)?(?:{CAPACITY_UNIT}))"
)
# 年产一百万台, 年产铜箔两万吨: looked for only where a Chinese numeral stands before a unit
_CN_CAPACITY_HINT = re.compile(rf"[零〇一二两三四五六七八九十百千](?:{CAPACITY_UNIT})")
_CN_CAPACITY = re.compile(
    _CAPACITY_CUE.format("") + rf"(?=[零〇一二两三四五六七八九十百千]+(?:{CAPACITY_UNIT}))"
)
# 200万吨/年 is a yearly capacity too; 6GWh产能 / 6GWh的生产规模 as well.
_PER_YEAR = re.compile(
    rf"(?P<num>{NUMBER})(?P<unit>{CAPACITY_UNIT})(?:/年|(?:的)?(?:年)?(?:产能|产量|生产规模|生产能力))"
)
_CAPACITY_JOIN = re.compile(r"[^,，;；:：。]{0,16}?(?:以及|及|和|与|、)[^,，;；:：。]{0,6}?$")
_NAME_CAPACITY = re.compile(
    rf"(?<![年产\d.零〇一二两三四五六七八九十百千])(?P<num>{NUMBER})(?P<unit>GWh|GWH|GW|MWh|MWH|MW|万吨|亿片|万片|万台|万套|万辆)(?!/[日天])"
    r"(?![^,，;；:：。]{0,16}?电站)"  # a power station's installed power is no production
)
_CAPACITY_HINT = re.compile(r"产|能力|/年|GW|MW|万吨|万片|亿片|万台|万套|万辆")
_DAILY_BEFORE = re.compile(r"日[\u4e00-\u9fff]{0,5}$")
_LAND = re.compile(
    r"(?:(?:用地|占地|土地(?:购置|收储)?|净地|地块|出让)(?:面积|规模)?|(?:用地|土地|地块)[,，]面积)[:：]?"
    r"(?:约为?|达到?|为|近|超过?|共|合计)?"
    rf"(?P<num>{NUMBER})(?:余|多)?(?P<unit>万平方米|平方米|公顷|万亩|亩)"
    # a planting base's area is the project's land (种植基地1.2万亩, 两万亩生态茶园)
    r"|(?:种植基地|种植面积|种植|茶园|果园|基地)(?:面积)?(?:约为?|达到?|为)?"
    rf"(?P<pnum>{NUMBER})(?:余|多)?(?P<punit>万亩|亩)"
    rf"|(?P<bnum>{NUMBER})(?:余|多)?(?P<bunit>万亩|亩)(?:的)?[\u4e00-\u9fff]{{0,6}}?"
    r"(?:种植基地|茶园|果园|示范园|种养)"
)
_LAND_HINT = re.compile(r"亩|平方米|公顷")
_PROGRESS = re.compile(
    r"(?:工程量|形象进度|工程进度|建设进度|施工进度|总进度|项目进度)(?:的)?(?:已经|已)?"
    r"(?:完成|达到?|为|约|超过?)?(?:(?P<num>\d+(?:\.\d+)?)%|(?P<tenths>[一二三四五六七八九])成(?!本))"
)
_TENTHS = "一二三四五六七八九"  # 完成总工程量的七成: 70 %
_CLAUSE_BREAK = re.compile(r"[,，;；:：。!?！？]")
# 'X项目（某某有限公司，6亿元）': an amount closing a bracket that annotates a project name.
_ANNOTATION = re.compile(
    r"(?:项目|基地|工厂|产业园|生产线|中心)[(（][^()（）。;；]{0,40}?[,，、]?\s*$"
)
_ANNOTATION_REACH = 48
_DE_LINK = re.compile(r"的[“\"]?")
_SQM_PER_MU = Decimal("666.67")


@dataclass(frozen=True)
class Fact:
    kind: str  # investment, output, capacity, land, progress, stage, plan
    start: int
    end: int
    amount: Amount | None = None
    item: CapacityItem | None = None
    number: Decimal | None = None
    word: str | None = None
    rank: int = 0
    period: str | None = None  # a plan's period label (2026-Q3)
    words_from: int | None = None  # where its words begin, when before `start` (a plan's date)
    words: Span | None = None  # the fact's words in the document, once located


def find_figures(text: str) -> list[Fact]:
    """Investment, output, capacity, land and progress facts of one sentence."""
    amounts = find_amounts(text)
    facts, used = _investments(text, amounts)
    outputs = _outputs(text, amounts)
    used.update(f.start for f in outputs)
    facts += outputs + _bare_investments(text, amounts, used)
    facts += _capacities(text) + _lands(text) + _progress(text)
    return facts


def _investments(text: str, amounts: Sequence[AmountMatch]) -> tuple[list[Fact], set[int]]:
    by_start = {a.start: a for a in amounts}
    facts, used = [], set()
    for cue in _INVEST.finditer(text):
        amount = by_start.get(cue.end()) or _equivalent(text, cue.end(), by_start)
        if amount is None or amount.is_range:
            continue
        used.add(amount.start)
        if _SPENT.search(text, max(0, cue.start() - 8), cue.start()):
            continue
        rank = _INVEST_RANK.get(cue.group("cue"), 3) * 2 + (amount.amount.qualifier is None)
        facts.append(Fact("investment", cue.start(), amount.end, amount=amount.amount, rank=rank))
    return facts, used


# 增资新台币45亿元（约合人民币10亿元）: the stated CNY equivalent
_FOREIGN_THEN_CNY = re.compile(
    r"约?(?:新台币|台币)[^,，;；。()（）]{1,12}?[(（]约合(?:人民币)?(?=\d|[零〇一二两三四五六七八九十])"
)


_CNY_FIRST = re.compile(r"约?人民币")  # 总投资约人民币4亿元


def _equivalent(text: str, position: int, by_start: dict[int, AmountMatch]) -> AmountMatch | None:
    match = _FOREIGN_THEN_CNY.match(text, position) or _CNY_FIRST.match(text, position)
    return by_start.get(match.end()) if match else None


def _bare_investments(text: str, amounts: Sequence[AmountMatch], used: set[int]) -> list[Fact]:
    """'16亿元的项目一期': an amount standing right before 的 + a project word; a phase's
    share right after the total (总投资65亿元，其中一期28亿元)."""
    facts = []
    for amount in amounts:
        if amount.start in used or amount.is_range:
            continue
        if _annotates(text, amount) or _part_of_total(text, amount, used):
            facts.append(Fact("investment", amount.start, amount.end, amount=amount.amount))
            continue
        link = _DE_LINK.match(text, amount.end)
        if link and re.match(r"[^,，;；:：。]{0,24}?(?:项目|期)", text[link.end() :]):
            facts.append(Fact("investment", amount.start, amount.end, amount=amount.amount))
    return facts


# 总投资65亿元，其中一期28亿元、二期37亿元: each phase's share of the total just given
_PHASE_SHARE = re.compile(
    r"(?:其中|[、,，;；])(?:第?[一二三四五]期|首期)(?:项目|工程)?(?:投资)?(?:约|为)?$"
)
_PHASE_SHARE_REACH = 12


def _part_of_total(text: str, amount: AmountMatch, used: set[int]) -> bool:
    if not any(start < amount.start for start in used):
        return False
    floor = max(0, amount.start - _PHASE_SHARE_REACH)
    return bool(_PHASE_SHARE.search(text, floor, amount.start))


def _annotates(text: str, amount: AmountMatch) -> bool:
    closing = text[amount.end : amount.end + 1]
    if closing not in (")", "）"):
        return False
    return bool(_ANNOTATION.search(text, max(0, amount.start - _ANNOTATION_REACH), amount.start))


def _outputs(text: str, amounts: Sequence[AmountMatch]) -> list[Fact]:
    facts = []
    for cue in _OUTPUT.finditer(text):
        amount = _first_amount_after(text, cue.end(), amounts)
        if amount is None or amount.is_range:
            continue
        rank = 2 if "产值" in cue.group() else 1
        facts.append(Fact("output", cue.start(), amount.end, amount=amount.amount, rank=rank))
    return facts


def _first_amount_after(
    text: str, position: int, amounts: Sequence[AmountMatch]
) -> AmountMatch | None:
    for amount in amounts:
        if position <= amount.start <= position + 10:
            filler = text[position : amount.start]
            if _CLAUSE_BREAK.search(filler) or _NOT_OUTPUT_FILLER.search(filler):
                return None
            return amount
    return None


_RAISED_TO = re.compile(r"(?:提升|提高|增加|扩大|扩充)(?:至|到)|(?:增至|扩至|升至)")


def _capacities(text: str) -> list[Fact]:
    facts: list[Fact] = []
    if not _CAPACITY_HINT.search(text):
        return facts
    cues = list(_CAPACITY.finditer(text))
    if _CN_CAPACITY_HINT.search(text):
        cues += _CN_CAPACITY.finditer(text)
    for cue in cues:
        item = match_capacity(text, cue.end())
        raised = _RAISED_TO.match(text, item.end) if item is not None else None
        if raised is not None:  # 年产能力由600万双提升至900万双: what it will be
            item = match_capacity(text, raised.end()) or item
        while item is not None:
            capacity = CapacityItem(item.value, item.unit)
            facts.append(Fact("capacity", item.start, item.end, item=capacity))
            item = _next_capacity(text, item.end)
    for match in _PER_YEAR.finditer(text):
        value = parse_number(match.group("num"))
        if value is not None and match.start() not in {f.start for f in facts}:
            capacity = CapacityItem(tidy(value), measure_unit(match.group("unit")))
            facts.append(Fact("capacity", match.start(), match.end(), item=capacity))
    taken = {f.start for f in facts}
    for match in _NAME_CAPACITY.finditer(text):
        value = parse_number(match.group("num"))
        daily = _DAILY_BEFORE.search(text, max(0, match.start() - 6), match.start())
        if value is not None and match.start() not in taken and not daily:
            capacity = CapacityItem(tidy(value), measure_unit(match.group("unit")))
            facts.append(
                Fact("capacity", match.start(), match.end(), item=capacity, word="name", rank=-1)
            )
    return facts


def _next_capacity(text: str, position: int) -> CapacityMatch | None:
    """The next item of a capacity list (…及15000吨), if a joining word comes right before it."""
    end = min(len(text), position + 24)
    brk = _CLAUSE_BREAK.search(text, position, end)
    items = find_capacity_items(text, position, brk.start() if brk else end)
    if items and _CAPACITY_JOIN.match(text[position : items[0].start]):
        return items[0]
    return None


def _lands(text: str) -> list[Fact]:
    facts: list[Fact] = []
    if not _LAND_HINT.search(text):
        return facts
    for match in _LAND.finditer(text):
        group = "num" if match.group("num") else "pnum" if match.group("pnum") else "bnum"
        value = parse_number(match.group(group))
        if value is None:
            continue
        mu = _to_mu(value, match.group({"num": "unit", "pnum": "punit", "bnum": "bunit"}[group]))
        facts.append(Fact("land", match.start(), match.end(), number=mu))
    return facts


def _to_mu(value: Decimal, unit: str) -> Decimal:
    if unit == "公顷":
        return tidy(value * 15)
    # land in square metres is rounded to whole mu (133334平方米 → 200亩, 6.8万平方米 → 102亩)
    if unit == "平方米":
        return tidy((value / _SQM_PER_MU).quantize(Decimal(1)))
    if unit == "万亩":
        return tidy(value * 10000)
    if unit == "万平方米":
        return tidy((value * 10000 / _SQM_PER_MU).quantize(Decimal(1)))
    return tidy(value)


def _progress(text: str) -> list[Fact]:
    return [
        Fact("progress", m.start(), m.end(), number=_percent(m)) for m in _PROGRESS.finditer(text)
    ]


def _percent(match: re.Match[str]) -> Decimal:
    tenths = match.group("tenths")
    if tenths:
        return Decimal(10 * (_TENTHS.index(tenths) + 1))
    return tidy(Decimal(match.group("num")))


# Same matches, scanned faster (see patterns.quick).
_CAPACITY, _OUTPUT, _NAME_CAPACITY = quick(_CAPACITY), quick(_OUTPUT), quick(_NAME_CAPACITY)

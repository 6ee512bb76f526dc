"""Where a sentence names or points at projects, and where it counts them.

Kinds of mention:
- named: a name ending in a head word (项目, 基地, 工厂, 产业园, 生产线, 制造中心, 总部,
  水库 …), walked left to a stop (的, 在, a comma …); quoted names (“…项目”) too. A head
  followed by more of the same name (奇瑞未来一工厂及发动机项目) is not the end of it.
- brand: a list item that is only an investor's short name (亚特、盛誉等项目).
- phase: 一期项目 / 项目一期 / 二期 with no name of its own (it belongs to the current project).
- back: 该项目, 此项目, or 项目/工程 opening a clause — the project being talked about.
- closer: 等项目 ending a list; facts said of it go to every item of the list.
- aggregate: a count of projects (37个项目, 项目42个, 一批项目) — never a project.
A place a project sits in (位于X产业园, 落户X园区) is not a mention, and what a project
builds (建设…研发中心) is a part of it, unless nothing else is named before it.
"""

from __future__ import annotations

import re

from taizhang.intake.extract.enterprises import find_companies, is_brand_name
from taizhang.intake.extract.lexicon import (
    LIST_MARKER,
    NAME_STOPS,
    REFERENCE_WORDS,
    cut_left,
    is_brand,
)
from taizhang.intake.extract.lists import assign_groups
from taizhang.intake.extract.names import Mention, describe, phase_of
from taizhang.intake.extract.patterns import quick

__all__ = ["Mention", "find_mentions"]

HEAD = re.compile(
    r"建设项目|项目|基地|工厂|产业园|工业园(?!区)|科技园|智造园|创新园|物流园|物流港|生产线|电站|大楼|大厦"
    r"|高速公路|公路|铁路|水库|大桥|隧道|管廊|水厂|电厂|医院|校区"
    r"|(?<!主体|基础|室内|外网|配套|土建|安装|装修|公用|民生|重点|重大|一期|二期|三期|首期|交流"
    r"|桩基|土方|结构|绿化|道路|管网|水电|附属|幕墙|消防|给排|暖通|电气|钢构|景观|前期)工程"
    r"(?!量|师|车|机械|部|局|项目|建设|主体|进度|质量|款|有限|公司|备注|名称|塑料)"
    r"|(?<=制造|研发|生产|运营|结算|物流|数据|算力|智造|检测|分拨|配送|仓储|交易|孵化|计算|加工)中心"
    r"|(?<=[\u4e00-\u9fff]{2})(?:孵化器|加速器)"
    r"|总部(?!经济|大楼|基地)"
    r"|(?<=[\u4e00-\u9fff])(?<![工电水药总分酒糖砖船建])厂(?![房区长家商址内外部界务级矿网用])"
    # 封测厂晶捷科技…: a maker's trade before its name, not a plant
    r"(?![\u4e00-\u9fff]{2,4}?(?:科技|光电|化学|精密|工业|电子|材料|半导体))"
)
_NOT_A_PROJECT_AFTER = re.compile(
    r"名单|案例|库|资金|申报|经理|为王|招引|谋划|管理|审批|服务|推进(?!签约)|建设上|工作"
)
_BREAK = re.compile(r"[,，;；:：。!?！？、“”\"]")
_CONTINUES = 16
_PHASE_ALONE = re.compile(
    r"(?<![一二三四五分共等两第])(?:第[一二]期|[一二三四五]期|首期)(?:项目|工程)?(?!工程量|[“\"]|活动)"
)
_PHASE_AFTER = re.compile(
    r"(?:第?[一二三四五]期|首期)(?:项目|工程)?|[(（](?:第?[一二三四五]期|首期)[)）]"
)
_QUOTED = re.compile(
    r"“(?P<inner>[^“”]{2,60})”(?P<tail>建设项目|项目|(?:基地|工厂|产业园)(?:项目)?)?"
)
_NICKNAME_MAX = 12
_QUOTED_HEAD_END = re.compile(
    r"(?:项目|基地|工厂|产业园|工业园|生产线|制造中心|研发中心|总部|电站)$"
)
_COUNT = r"(?:\d+|[一二两三四五六七八九十百几]+)(?:多|余)?"
_AGGREGATE = re.compile(
    rf"(?<![等\d零〇一二两三四五六七八九十百几])(?!一个){_COUNT}个[^,，;；:：。、]{{0,12}}?项目"
    rf"|(?<!等)项目(?:数)?(?:共计|共|合计|累计|总数|达到|达)*{_COUNT}(?:个|项)"
    r"|(?<!等)一批[^,，;；:：。]{0,30}?项目|(?<!等)多个[^,，;；:：。]{0,8}?项目"
    r"|各(?:大|类)?[^,，;；:：。]{0,4}?项目|[两三四五六七八九十]+(?:大|个)?(?:重大|重点)项目"
    r"|(?<!等)(?:\d+|[一二三四五六七八九十])大[^,，;；:：。]{0,4}?项目|项目\d+项"
)
_CLOSER = re.compile(
    r"等(?:\d+个|[一二三四五六七八九十几]+个|\d+大|[一二三四五六七八九十]大|一批|多个)?"
    r"[^,，;；:：。、的]{0,8}$"
)
_HOUSES = re.compile(
    r"(?<=[\u4e00-\u9fffA-Za-z])(?:等)?(?:\d+|[两三四五六七八九十几]+)家(?:[\u4e00-\u9fff]{0,4}?(?:企业|公司))?(?:的)?"
    r"[^,，;；:：。、的]{0,8}$"
)
_COUNTED_HOUSES = re.compile(r"(?:\d+|[两三四五六七八九十几多]+)家")
_BACK = re.compile(
    r"(?:^|(?<=[,，;；:：“]))(?:(?:目前|当前|现在|如今|同时|此外|据悉|据了解|据介绍|未来|其中)[,，]?)?"
    r"(?P<word>项目(?!招引|推进|建设上|为王|攻坚|服务|谋划|管理|环节|方面|工作|审批|引进|名单|案例|库)"
    r"|工程(?=主体|建设|进度|已|正|将|总|目前|于|计划|预计))"
    r"|(?:该|此|这家)(?P<company>企业|公司)"
    r"|新厂(?![房区址])|该厂|(?:扩建|投资|建厂|新建)案"  # Taiwan wording: the new plant, the case
    r"|(?P<whole>整个(?:工程|项目)|项目整体|项目全部|全部建成|全面建成|全部达产|全面达产|全部投产)"
    r"|(?:^|(?<=[,，;；:：“]))(?:其中|而)?(?P<pair>前者|后者)"  # of two projects just named
)
# What is being built (建设20GWh的储能项目, 新建生产厂房、研发中心) is a part of a project.
_BUILT = re.compile(
    r"(?:新建|建设(?!项目|基地|工程)|建成|打造|购置|设立|成立|组建|引进|引入)(?!的)[^,，;；:：。]{0,40}$"
)
_BUILT_REACH = 42
_LIST_JOINERS = ("、", "和", "及", "以及", "与")
_COPULAS = frozenset({"为", "是", "成为", "作为"})
_NAMED_BEFORE = re.compile(r"项目|基地|工厂|产业园|中心|总部")
_LISTED_PLACE = re.compile(r"(?:城|苑|广场|大厦|花园|馆|中心)、")
_COMPANY_REACH = 120
_COMPANY_WORD = re.compile(r"公司|集团|株式会社")
_NAMED_JUST_BEFORE = re.compile(r"(?:项目|工程|基地|工厂|产业园)$")
_CALLED = re.compile(r"(?:称为|简称|又称|俗称|称作|叫做|誉为)[:：]?$")
_CLAUSE_MARK = re.compile(r"[,，;；]")
# X将投资1.5亿元建设咖啡烘焙工厂: what an investor builds with its money is its project
_INVESTED_IN = re.compile(r"投资[^,，;；:：。]{1,12}?(?:建设|新建|兴建)$")
_FIRST_OF_KIND = re.compile(
    r"首(?:个|家|批)$|第一个$|一处$|\d+(?:多|余)?[条座个台套栋家](?!项目)[^,，;；:：。是为括别]{0,10}$"
)
# 分两期实施, 分三年三期: how a project is split, not a phase being talked about.
_PHASE_STEM = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z]{1,9}")
_SPLIT_INTO = re.compile(r"分[^,，;；:：。]{0,5}$")
_LOCATION_STOPS = frozenset({"位于", "坐落于", "落户", "落地", "入驻", "选址"})
_SITE_AFTER = re.compile(r"现场|工地|项目部|建设现场|施工现场")
_MAX_NAME = 48
_QUOTED_BRAND = 8
_COMPANY_REFERENCE = ("公司", "企业", "集团")
_PLACE_REFERENCE = ("高新区", "开发区", "经开区", "园区", "区", "市", "县", "镇", "街道")


def find_mentions(text: str) -> list[Mention]:
    """All mentions in one sentence, in order, with list groups assigned."""
    has_project = "项目" in text
    aggregates = (
        [Mention(m.start(), m.end(), "aggregate") for m in _AGGREGATE.finditer(text)]
        if has_project
        else []
    )
    quoted = _quoted_mentions(text) if "“" in text else []
    found = quoted + _head_mentions(text, quoted) + _back_mentions(text)
    item = _item_name(text, found)
    found += [item] if item is not None else []
    if "期" in text:
        found += _phase_mentions(text)
    found = _settle_facilities(text, [m for m in found if not _overlaps_any(m, aggregates)])
    mentions = _drop_overlaps(sorted(found + aggregates, key=lambda m: (m.start, m.end)))
    return assign_groups(text, mentions, HEAD)


# 2．研发中心建设项目：计划总投资1.2亿元 — a list item titled by its project, generic words or not
_ITEM_NAME = re.compile(
    r"^(?:\d{1,2}[．.、]|[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}、)"
    r"(?P<name>[^,，;；:：。“”]{4,30}?(?:项目|工程))[:：]"
)
_ITEM_NOT_A_NAME = re.compile(r"重点|重大|开工|续建|在建|竣工|投产|签约|招商|亿元|以上|储备|前期")


def _item_name(text: str, found: list[Mention]) -> Mention | None:
    match = _ITEM_NAME.match(text)
    if match is None or any(m.start < match.end("name") for m in found if m.kind == "named"):
        return None
    name = match["name"]
    if _ITEM_NOT_A_NAME.search(name):
        return None
    return Mention(match.start("name"), match.end("name"), "named", name, group=-1)


def _overlaps_any(mention: Mention, aggregates: list[Mention]) -> bool:
    return any(a.start < mention.end and mention.start < a.end for a in aggregates)


def _settle_facilities(text: str, found: list[Mention]) -> list[Mention]:
    """Something being built (建设X中心, and what is listed with it) is a part of the project
    named before it; with nothing named before, it is the project when it is called a 项目
    or a company builds it (公司投资20亿元建设X中心)."""
    found.sort(key=lambda m: m.start)
    subjects = [m.start for m in found if m.kind in ("named", "phase", "back")]
    projects = [m for m in found if m.kind == "back" or (m.name or "").endswith(("项目", "工程"))]
    kept: list[Mention] = []
    previous: Mention | None = None
    for mention in found:
        if _listed_after_facility(text, previous, mention):
            mention.kind = "facility"
        elif _part_factory(mention) and any(m.start < mention.start for m in projects):
            mention.kind = "facility"  # 我们这个项目…，叶片厂已经投产: a part of the project
        previous = mention
        if mention.kind != "facility":
            kept.append(mention)
        elif (
            not any(start < mention.start for start in subjects) and _own_project(text, mention)
        ) or _other_investor(text, kept, mention):
            mention.kind = "named"
            kept.append(mention)
            subjects.append(mention.start)  # what is built next (配套建设…基地) is its part
    return kept


_PART_FACTORY = re.compile(r"(?![第新])[\u4e00-\u9fff]{2}厂")


def _part_factory(mention: Mention) -> bool:
    return mention.kind == "named" and bool(_PART_FACTORY.fullmatch(mention.name or ""))


def _listed_after_facility(text: str, previous: Mention | None, mention: Mention) -> bool:
    if previous is None or previous.kind != "facility" or mention.kind != "named":
        return False
    return text[previous.end : mention.start] in _LIST_JOINERS


def _other_investor(text: str, kept: list[Mention], mention: Mention) -> bool:
    """…建设A工厂，B集团投资1亿美元建设C中心: a second company builds a project of its own."""
    if not _INVESTED_IN.search(text, max(0, mention.start - 24), mention.start):
        return False
    before = [
        m.end for m in kept if m.kind in ("named", "phase", "back") and m.end <= mention.start
    ]
    if not before:
        return False
    between = text[before[-1] : mention.start]
    return bool(_CLAUSE_MARK.search(between) and _COMPANY_WORD.search(between))


def _own_project(text: str, mention: Mention) -> bool:
    return (
        text.endswith("项目", 0, mention.end)
        or bool(_COMPANY_WORD.search(text, max(0, mention.start - _COMPANY_REACH), mention.start))
        or bool(_INVESTED_IN.search(text, max(0, mention.start - 24), mention.start))
    )


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            if mention.end - mention.start > kept[-1].end - kept[-1].start:
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def _quoted_mentions(text: str) -> list[Mention]:
    found = []
    for match in _QUOTED.finditer(text):
        inner, tail = match.group("inner"), match.group("tail") or ""
        if len(inner) <= _NICKNAME_MAX and _CALLED.search(
            text, max(0, match.start() - 6), match.start()
        ):
            # 被员工们称为“追光工程”: another name of the project just told of
            found.append(Mention(match.start(), match.end(), "back", name=inner + tail))
            continue
        if not tail and not _QUOTED_HEAD_END.search(inner):
            continue
        if tail and _NOT_A_PROJECT_AFTER.match(text, match.end()):
            continue
        mention = describe(inner + tail, match.start(), match.end())
        if mention is None:
            continue
        if _CALLED.search(text, max(0, match.start() - 6), match.start()):
            # 这个被当地称为“聚坤负极项目”的工程: another name of the project just told of
            found.append(Mention(match.start(), match.end(), "back", name=mention.name))
            continue
        prefix_start, prefix = _quote_prefix(text, match.start())
        if prefix is not None and mention.enterprise is None:
            mention.enterprise, mention.enterprise_rank, mention.start = prefix, 1, prefix_start
        found.append(mention)
    return found


def _quote_prefix(text: str, quote: int) -> tuple[int, str | None]:
    start, _ = cut_left(text, quote, 0, NAME_STOPS, 12)
    prefix = text[start:quote]
    return (start, prefix) if is_brand(prefix) else (quote, None)


def _head_mentions(text: str, taken: list[Mention]) -> list[Mention]:
    found: list[Mention] = []
    floor = 0
    for head in HEAD.finditer(text):
        if any(m.start <= head.start() < m.end for m in taken) or _skip_head(text, head):
            continue
        end = _extend_phase(text, head)
        start, stop = cut_left(text, head.start(), floor, NAME_STOPS, _MAX_NAME)
        start = _after_listed_place(text, start, head.start())
        marker = LIST_MARKER.match(text, start, head.start())
        start = marker.end() if marker else start
        while start < head.start() and text[start] in "、和及与":
            start += 1
        floor = end
        mention = _classify(text, start, end, stop, head.start())
        if mention is not None:
            if stop == "”" and mention.kind == "named" and mention.enterprise is None:
                _quoted_brand(text, mention)
            found.append(mention)
    return found


def _quoted_brand(text: str, mention: Mention) -> None:
    """“澄峰机械”精密模具产业园: a brand in quotes right before the name is its investor."""
    opening = text.rfind("“", max(0, mention.start - _QUOTED_BRAND - 2), mention.start)
    brand = text[opening + 1 : mention.start - 1]
    if opening >= 0 and is_brand_name(brand):
        mention.enterprise, mention.enterprise_rank, mention.start = brand, 1, opening


def _after_listed_place(text: str, start: int, head: int) -> int:
    """'平湖进口商品电商城、春风江南…示范项目': the name starts after the listed place."""
    for match in _LISTED_PLACE.finditer(text, start, head):
        start = match.end()
    return start


def _skip_head(text: str, head: re.Match[str]) -> bool:
    """Not a head: 项目名单 and the like, or a head the name goes on after (X工厂及Y项目)."""
    if head.group().endswith("项目"):
        return bool(_NOT_A_PROJECT_AFTER.match(text, head.end()))
    if _PHASE_AFTER.match(text, head.end()):
        return True
    end = min(len(text), head.end() + _CONTINUES)
    following = HEAD.search(text, head.end(), end)
    if following is None:
        return False
    return not _BREAK.search(text, head.end(), following.start()) and not NAME_STOPS.search(
        text, head.end(), following.start()
    )


def _extend_phase(text: str, head: re.Match[str]) -> int:
    if head.group().endswith("项目"):
        after = _PHASE_AFTER.match(text, head.end())
        if after is not None and "项目" not in after.group():
            return after.end()
    return head.end()


def _classify(text: str, start: int, end: int, stop: str | None, head: int) -> Mention | None:
    raw = text[start:end]
    phase = phase_of(raw)
    if stop in REFERENCE_WORDS and raw.startswith(_COMPANY_REFERENCE):
        # 该公司年产6万吨…项目: that company's project, named
        cut = len(next(w for w in _COMPANY_REFERENCE if raw.startswith(w)))
        owned = describe(raw[cut:], start + cut, end)
        if owned is not None:
            return owned
    if stop in REFERENCE_WORDS and raw.startswith(_PLACE_REFERENCE) and len(raw) > 6:
        # 该区智能网联汽车零部件项目: a project of that place, named
        cut = len(next(w for w in _PLACE_REFERENCE if raw.startswith(w)))
        placed = describe(raw[cut:], start + cut, end)
        if placed is not None and placed.kind == "named":
            return placed
    if stop in REFERENCE_WORDS:
        return Mention(start - len(stop or ""), end, "phase" if phase else "back", phase=phase)
    if raw[:1] in "（(" and _NAMED_JUST_BEFORE.search(text, max(0, start - 4), start):
        # …导管架项目（远澜海工项目）: the short name of the project just named
        return Mention(start, end, "back", name=raw[1:])
    closer = _CLOSER.search(text, max(0, head - 24), head) if raw.endswith("项目") else None
    # A、B、C三家企业(的)区域总部: each of them has one
    if closer is None and "家" in text[max(0, start - 8) : head]:
        closer = _HOUSES.search(text, max(0, head - 24), head)
        if closer is None and _COUNTED_HOUSES.match(raw):
            return None  # 三家头部企业区域总部: several companies' projects, none named
    if closer is not None and not text[closer.end() : head].strip("、"):
        return Mention(closer.start(), end, "closer")
    if _FIRST_OF_KIND.search(text, max(0, start - 14), start) or _is_location(text, raw, end, stop):
        return None
    listing = text.endswith("分别", 0, start - len(stop or ""))
    described = _NAMED_BEFORE.search(text, max(0, start - _COMPANY_REACH), start)
    if stop in _COPULAS and described and not listing and not _opens_with_company(raw):
        return None
    named = describe(raw, start, end)
    if named is not None:
        named.phase_after = bool(phase) and raw.endswith("期") and "项目" in raw
        if _BUILT.search(text, max(0, start - _BUILT_REACH), start):
            named.kind = "facility"
        return named
    return Mention(start, end, "phase", phase=phase) if phase is not None else None


def _opens_with_company(raw: str) -> bool:
    """'投产项目为大连东洋化成有限公司电子级…项目': a company's named project, not a description."""
    return any(c.start == 0 and not c.contractor for c in find_companies(raw))


def _is_location(text: str, raw: str, end: int, stop: str | None) -> bool:
    """位于X产业园, 在X园区 (not 在X项目现场): a place, not a project."""
    if stop in _LOCATION_STOPS:
        return True
    if stop != "在" or raw.endswith("项目") or _SITE_AFTER.match(text, end):
        return False
    # 在安徽恒岳智能电器有限公司智能家电产业园: a company's own park is its project
    return not any(c.start == 0 and not c.contractor for c in find_companies(raw))


def _phase_mentions(text: str) -> list[Mention]:
    """一期, 二期工程 standing alone; with a name right before it (溢鹏木业一期工程), named."""
    found = []
    for match in _PHASE_ALONE.finditer(text):
        if _SPLIT_INTO.search(text, max(0, match.start() - 6), match.start()):
            continue
        start, _ = cut_left(text, match.start(), 0, NAME_STOPS, 12)
        stem = text[start : match.start()]
        named = None
        if _PHASE_STEM.fullmatch(stem) and _stem_names(stem):
            named = describe(text[start : match.end()], start, match.end())
        if named is not None and named.stem:
            found.append(named)
        else:
            found.append(
                Mention(match.start(), match.end(), "phase", phase=phase_of(match.group()))
            )
    return found


_VERB_STEM = re.compile(r"(?:完成|建成|推进|实施|启动|开展|加快|进行|开工|施工|建设|投产)$")


def _stem_names(stem: str) -> bool:
    """'溢鹏木业' or '瑞驰汽车零部件产业园' (a head word ending it, not 项目) before 二期."""
    if _VERB_STEM.search(stem):
        return False  # 已完成一期…, 加快推进二期…: a verb, not a name
    heads = list(HEAD.finditer(stem))
    if not heads:
        return True
    return len(heads) == 1 and heads[0].end() == len(stem) and not stem.endswith("项目")


def _back_mentions(text: str) -> list[Mention]:
    found = []
    for match in _BACK.finditer(text):
        start = match.start("word") if match.group("word") else match.start()
        whole, pair = bool(match.group("whole")), match.group("pair")
        if pair:
            start = match.start("pair")
        found.append(Mention(start, match.end(), "back", name=pair, whole=whole))
    return found


# Same matches, scanned faster (see patterns.quick).
HEAD, _AGGREGATE, _BACK, _CLOSER = quick(HEAD), quick(_AGGREGATE), quick(_BACK), quick(_CLOSER)

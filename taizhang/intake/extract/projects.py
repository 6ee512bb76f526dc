"""Walk a document's sentences and gather project facts into projects and their phases.

Per sentence: find mentions and facts, resolve each mention to a project family (named
ones by name, phases and back-references to the current topic), then hand each fact to
a mention by position (see attach.py). Carried from sentence to sentence:
- the topic: the project last talked about; 该项目/项目 opening a clause mean it — its phase
  when the previous sentence was led by that phase, the whole project otherwise or when
  全部/整体 follows;
- a sentence in the same paragraph that names no project but states facts right after
  one that did is about that project; facts opening a paragraph just before the sentence
  that names the project are about it;
- a paragraph opened by 签约项目中/开工项目中 … gives that stage to the projects it lists.
Headings (titles, bylines, captions) end the current topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from taizhang.intake.extract.aliases import merge_aliases
from taizhang.intake.extract.attach import choose_mentions
from taizhang.intake.extract.enterprises import (
    Company,
    bracket_investors,
    brand_subject,
    find_companies,
    find_investors,
)
from taizhang.intake.extract.entries import Family, report
from taizhang.intake.extract.families import Registry, norm
from taizhang.intake.extract.figures import Fact, find_figures
from taizhang.intake.extract.mentions import Mention, find_mentions
from taizhang.intake.extract.names import describe
from taizhang.intake.extract.numbers import find_amounts
from taizhang.intake.extract.patterns import quick
from taizhang.intake.extract.places import find_location
from taizhang.intake.extract.sentences import FIELD_LINE, Sentence
from taizhang.intake.extract.stages import find_stage_cues
from taizhang.intake.extract.topic import RECORD_NAME, Target, Topic, is_orphan_stage
from taizhang.intake.facts import ProjectFact, Span

_TRIGGER = re.compile(
    r"\d|项目|基地|工厂|园|生产线|中心|总部|电站|公司|集团|投产|开工|签约|竣工|建成|落户|落地|达产"
    r"|洽谈|供地|摘牌|结顶|封顶|建设|施工|运营|投用|该|企业|工程|亿|万|公路|水库|医院|其中"
)
# A company that invests, signs or builds in its own clause stands for its project.
_ACTING = re.compile(
    r"(?:[(（][A-Za-z0-9 .,&'-]{2,60}[)）])?"  # its name in another script: X集团（Kron GmbH）
    r"[^,，;；:：。]{0,12}?(?:投资|投建|新上|新建|签约|落户|落地|开工|建设|竞得|摘得|摘牌|拿地"
    r"|举行[^,，;；:：。]{0,6}?(?:奠基|开工|动工))"
)
_SUBJECT_REACH = 14
_ACTING_SUBJECT = re.compile(
    r"[^,，;；:：。]{0,12}?(?:位于|投资|投建|新建|扩建|将在|在[^,，;；:：。]{0,12}?(?:建设|投资))"
)
# A company moving into a park is its tenant, not the park's investor.
_TENANT = re.compile(r"入驻|进驻|入园|租赁|租用")
_MENTION_HINT = re.compile(
    r"项目|基地|工厂|园|生产线|中心|总部|电站|大楼|大厦|公路|铁路|水库|大桥|隧道|管廊|水厂|电厂"
    r"|医院|校区|工程|期|企业|公司|厂|案"
)
_FIGURE_HINT = re.compile(r"[\d亿万]")
_INCLUDING = re.compile(r"包括|分别是|分别为|涵盖")
_TOTAL_RANK = 6
_WHOLE_AFTER = re.compile(r"[^,，;；。]{0,2}?(?:全部|整体|总体|全面|整个)")
# 该项目总投资98亿元，一期…，二期…; 该项目…分两期建设: the project, then its phases.
_PHASES_AFTER = re.compile(r"[,，;；]\s*(?:其中)?(?:第?[一二三]期|首期)|分[两二三四]期")
_WHOLE_BEFORE = re.compile(r"(?:全部|全面|整体|全线)[^,，;；:：。]{0,6}[,，]?$")
_SECTION = re.compile(
    r"^(?:其中|此次|本次|这次|今年)?[,，]?(?:集中)?"
    r"(?P<stage>新开工|签约|开工|在建|续建|竣工|投产)(?:的)?项目(?:中|里|当中|为|有|包括|分别为|分别是)[,，:：]"
)


_NAMING = ("named", "phase", "back", "aggregate", "closer")
_TITLE_REACH = 6
_TITLE_EVENT = re.compile(r"集中(?P<stage>签约|开工|竣工|投产)(?!仪式将|活动将)")
_LEAD_EVENT = re.compile(
    r"举行[^,，;；。]{0,24}?项目(?:集中)?(?P<stage>签约|开工|竣工|投产)(?:活动|仪式|大会)"
)


_ANNOUNCEMENT = re.compile(r"公告编号|证券代码|股票代码|证券简称|年度报告")
_ANNOUNCER = re.compile(
    r"^[ \t\u3000]*(?P<name>[\u4e00-\u9fff（）()]{4,40}?(?:股份有限公司|有限公司|集团))"
    r"[ \t\u3000]*(?:董事会)?[ \t\u3000]*$",
    re.M,
)


# 另有一个总投资14亿元的储能系统项目: some project, not one the text identifies
_INDEFINITE = re.compile(r"(?<!另)(?:一个|一项(?!目)|某)[^,，;；:：。]{0,14}$")


def _only_indefinite(text: str, family: Family) -> bool:
    """Whether the project is only ever told of as 一个…X项目, with no investor."""
    name = family.name
    if not name:
        return False
    places = [m.start() for m in re.finditer(re.escape(name), text)]
    return bool(places) and all(_INDEFINITE.search(text, max(0, p - 16), p) for p in places)


def _has_figures(family: Family) -> bool:
    return any(e.investment or e.capacity or e.land or e.output for e in family.entries.values())


# ——访青海晶拓光能科技有限公司总经理严立新: an interview with the company's head
_INTERVIEW = re.compile(
    r"^[ \t\u3000]*——[ \t\u3000]*(?:访|对话|专访|记|走进)(?P<line>[^\n]{4,60})$", re.M
)


# 记者：…？⏎ 广东明阳海装科技有限公司总经理李振华：是的，… — a Q&A's answering company
_Q_AND_A = re.compile(r"^[ \t\u3000]*(?:记者|问)[:：]", re.M)
_SPEAKER = re.compile(
    r"^[ \t\u3000]*(?P<name>[^\n:：，,。]{4,40}?(?:有限公司|集团))"
    r"(?:董事长|总经理|总裁|副总经理|负责人|党委书记|厂长|创始人)[\u4e00-\u9fff]{2,3}[:：]",
    re.M,
)


_STOCK_NAME = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,6})[(（](?:\d{6}|\d{4,5}\.HK|\d{6}\.S[HZ])[)）]"
)
_DISCLOSES = re.compile(r"公告|预案|披露|董事会")


def _host_company(text: str) -> str | None:
    """The company whose text it is: the announcer of a listed company's 公告 (its name on a
    line), or the company whose head a Q&A interview talks with (its subtitle)."""
    if _ANNOUNCEMENT.search(text, 0, 400) is not None:
        match = _ANNOUNCER.search(text)
        return match["name"] if match else None
    interview = _INTERVIEW.search(text, 0, 600)
    if interview is not None:
        companies = find_companies(interview["line"])
        return companies[0].name if len(companies) == 1 else None
    speakers = {m["name"] for m in _SPEAKER.finditer(text)} if _Q_AND_A.search(text) else set()
    if len(speakers) == 1:
        return speakers.pop()
    # 科华数控（300986）披露定增预案: a listed company named with its stock code
    listed = {m["name"] for m in _STOCK_NAME.finditer(text, 0, 400)}
    short = min(listed, key=len) if listed else ""  # 网讯科华数控（…）: the words before it vary
    if short and all(name.endswith(short) for name in listed) and _DISCLOSES.search(text, 0, 400):
        return short
    return None


def _title_event(text: str, sentence: Sentence) -> tuple[str, Span] | None:
    """The title's 集中开工, or the lead's 举行…项目签约活动: the event the text reports."""
    pattern = _TITLE_EVENT if sentence.heading else _LEAD_EVENT
    match = pattern.search(sentence.text)
    if match is None:
        return None
    return match["stage"], Span(sentence.start, sentence.end, text[sentence.start : sentence.end])


@dataclass
class Walker:
    text: str
    doc_date: date | None
    registry: Registry = field(default_factory=Registry)
    topic: Topic = field(default_factory=Topic)

    def walk(self, sentences: list[Sentence]) -> list[ProjectFact]:
        event: tuple[str, Span] | None = None
        for index, sentence in enumerate(sentences):
            if sentence.heading:
                self.topic.reset()
                self.topic.heading(sentence.text)
            if index < _TITLE_REACH and event is None:
                event = _title_event(self.text, sentence)
            if _TRIGGER.search(sentence.text) or self.topic.record_target(sentence):
                self._sentence(index, sentence)
            self.topic.note_record(index, sentence)
        families = merge_aliases(self.registry.families)
        host = _host_company(self.text)
        for family in families if host else []:
            # 公司拟投资建设X项目 in a 公告, 我们的项目 in an interview: the host's projects
            if _has_figures(family):
                family.set_enterprise(host, 1)
        families = [f for f in families if f.enterprise or not _only_indefinite(self.text, f)]
        if event is not None:
            # 一季度重点项目集中开工 (the title): what it lists without a stage of its own
            for family in families:
                entries = family.entries.values()
                if _has_figures(family) and not any(e.stage for e in entries):
                    family.entry(None).add(Fact("stage", 0, 0, word=event[0]), event[1])
        return [fact for family in families for fact in report(family)]

    def _sentence(self, index: int, sentence: Sentence) -> None:
        text = sentence.text
        self.topic.enter(index, sentence, _SECTION.match(text))
        mentions = find_mentions(text) if _MENTION_HINT.search(text) else []
        if sentence.row_name is not None:
            self.topic.reset()  # a table row is about its own project, never the last row's
            mentions = _with_row_name(text, mentions, sentence.row_name)
        companies = [c for c in find_companies(text) if not c.contractor]
        record = self.topic.record_target(sentence)
        field = FIELD_LINE.match(text) is not None and not RECORD_NAME.match(text)
        if record is not None and (field or not any(m.kind in _NAMING for m in mentions)):
            self._record_sentence(index, sentence, record, companies)
            return
        if not companies:
            subject = brand_subject(text)
            companies = [subject] if subject is not None else []
        if not any(m.kind in ("named", "phase", "back") for m in mentions):
            mentions = _with_acting_companies(text, mentions, companies)
        elif not any(m.kind == "named" for m in mentions) and companies:
            mentions = _with_subject_company(text, mentions, companies[0])
        targets = self._resolve(text, mentions)
        if sentence.heading:
            for target in targets.values():
                target.family.headline = target.family.headline or not target.family.entries
        slots = [m for m in mentions if m.kind in ("aggregate", "closer") or id(m) in targets]
        facts = find_figures(text) if _FIGURE_HINT.search(text) else []
        if "分别" in text:
            facts += _respective_figures(text)
        if targets or (self.topic.target and is_orphan_stage(text)) or "竞得" in text:
            facts += _stage_facts(text, self.doc_date)
        span = Span(sentence.start, sentence.end, self.text[sentence.start : sentence.end])
        facts = located(facts, sentence, span)
        if any(m.kind == "aggregate" for m in slots):
            self.topic.note_counted(index, facts if targets else _stage_facts(text, self.doc_date))
        if any(id(m) in targets for m in slots):
            self._enterprises(text, slots, targets, companies)
            self._attach(text, facts, slots, targets, span)
            self.topic.after_mentions(index, sentence.block, slots, targets)
        elif not slots:
            self.topic.orphan(index, sentence, span, facts, companies)
            for investor in bracket_investors(text):
                self.topic.lend_investor(index, sentence.block, investor.name)

    def _record_sentence(
        self, index: int, sentence: Sentence, record: Target, companies: list[Company]
    ) -> None:
        """A sentence under a record's heading that names no other project: all about it."""
        text = sentence.text
        self.topic.record_investor(text, companies)
        facts = find_figures(text) if _FIGURE_HINT.search(text) else []
        facts += _stage_facts(text, self.doc_date)
        span = Span(sentence.start, sentence.end, self.text[sentence.start : sentence.end])
        for fact in located(facts, sentence, span):
            record.family.entry(record.phase).add(fact, span)
        self.topic.target, self.topic.index, self.topic.block = record, index, sentence.block

    def _attach(
        self,
        text: str,
        facts: list[Fact],
        slots: list[Mention],
        targets: dict[int, Target],
        span: Span,
    ) -> None:
        invested: set[tuple[int, str | None]] = set()
        lent = self.topic.section_facts(slots) + _included_facts(text, facts, slots)
        each = [f for f in facts if f.word and f.word.startswith(_EACH)]
        if each:
            facts = [f for f in facts if f not in each]
            members = _listed_members(text, slots, targets, each)
            for fact, member in zip(each, members, strict=False):
                targets[id(member)].family.entry(None).add(replace(fact, word=None), span)
        stages = _respective_stages(text, facts) if "分别" in text else []
        members = _listed_members(text, slots, targets, stages) if stages else []
        if members:
            facts = [f for f in facts if f not in stages]
            for fact, member in zip(stages, members, strict=True):
                targets[id(member)].family.entry(targets[id(member)].phase).add(fact, span)
        for fact in facts + lent:
            for choice in choose_mentions(text, fact, slots):
                target = targets[id(choice.mention)]
                phase = (
                    None
                    if choice.whole or _total_before_parts(text, fact, choice.mention)
                    else target.phase
                )
                if fact.kind == "investment":
                    # 首期投资2.8亿元,计划总投资8亿元: the second figure is the whole project's
                    if (id(target.family), phase) in invested and fact.rank >= _TOTAL_RANK:
                        phase = None
                    invested.add((id(target.family), phase))
                target.family.entry(phase).add(fact, span)

    def _resolve(self, text: str, mentions: list[Mention]) -> dict[int, Target]:
        targets: dict[int, Target] = {}
        last: Target | None = None
        for mention in mentions:
            target = self._target(text, mention, last)
            if target is not None:
                targets[id(mention)] = target
                if mention.kind == "named" or (mention.kind == "brand" and mention.group == -1):
                    last = target
        return targets

    def _target(self, text: str, mention: Mention, last: Target | None) -> Target | None:
        if mention.kind == "named":
            family = self.registry.named(mention, self.topic.family())
            family.set_enterprise(mention.enterprise, mention.enterprise_rank)
            family.location = family.location or find_location(text, mention.start)
            return Target(family, mention.phase)
        if mention.kind == "brand" and mention.enterprise:
            family = self.registry.by_enterprise(mention.enterprise, mention.enterprise_rank)
            return Target(family, None)
        if mention.name in ("前者", "后者"):
            pair = self.topic.pair
            return None if pair is None else pair[0 if mention.name == "前者" else 1]
        base = last or self.topic.current(self.registry)
        if base is None:
            return None
        if mention.kind == "phase":
            return Target(base.family, mention.phase)
        if mention.kind == "back":
            if mention.name:  # 称为“聚坤负极项目”: the project is found by that name later
                key = norm(mention.name)
                if key and key not in base.family.keys:
                    base.family.keys.append(key)
            whole = (
                last is not None
                or mention.whole
                or _WHOLE_AFTER.match(text, mention.end)
                or _PHASES_AFTER.search(text, mention.end)
                or _WHOLE_BEFORE.search(text, max(0, mention.start - 12), mention.start)
            )
            return Target(base.family, None if whole else self.topic.lead_phase(base))
        return None

    def _enterprises(
        self,
        text: str,
        slots: list[Mention],
        targets: dict[int, Target],
        companies: list[Company],
    ) -> None:
        for investor in find_investors(text):
            probe = Fact("investor", investor.start, investor.end)
            for choice in choose_mentions(text, probe, slots):
                targets[id(choice.mention)].family.set_enterprise(investor.name, 3)
        named = {id(targets[id(m)].family): targets[id(m)] for m in slots if m.kind == "named"}
        free = [c for c in companies if not any(m.start <= c.start < m.end for m in slots)]
        owned = {m.start: m for m in slots if m.kind == "named" and id(m) in targets}
        for company in free:
            # 瀚川电子有限公司的封装测试项目: the company's own project
            mention = owned.get(company.end + 1) if text.startswith("的", company.end) else None
            if mention is not None and not _TENANT.search(text):
                targets[id(mention)].family.set_enterprise(company.name, 2)
        if len(named) == 1 and len(free) == 1 and not _TENANT.search(text):
            next(iter(named.values())).family.set_enterprise(free[0].name, 2)
        # 该公司负责人介绍，配套建设的X项目…: X is the company's the text just told of
        for mention in slots:
            back = targets.get(id(mention))
            said = text[mention.start : mention.end]
            if back is None or mention.kind != "back" or not _COMPANY_BACK.fullmatch(said):
                continue
            for target in named.values():
                if target.family is not back.family and back.family.enterprise:
                    target.family.set_enterprise(back.family.enterprise, 2)


_COMPANY_BACK = re.compile(r"该公司|该企业|该集团|这家公司|这家企业|公司")
_EACH = "each:"
# 总投资分别为40亿元、16亿元和7.5亿元 / 三个项目分别计划投资12亿元、8亿元和5亿元
_RESPECTIVELY = re.compile(
    r"(?P<pre>总投资额?|计划总?投资|投资额?|年产值|年销售收入)分别(?:为|是|达到?|约)?"
    r"|分别(?:计划|拟|预计|将)?(?P<post>总?投资|投入|实现年产值|实现年销售收入)(?:为|约|达)?"
)
_RESPECTIVE_STAGES = re.compile(r"分别(?:迎来|实现|完成|进入|举行|达到)?")
_CLAUSE_END = re.compile(r"[,，;；。!！]")
_LIST_GAP = re.compile(r"\s*(?:、|,|，|和|及|与|以及)\s*")


def _total_before_parts(text: str, fact: Fact, mention: Mention) -> bool:
    """总投资65亿元，其中一期28亿元: the total is the whole project's, not the phase's after it."""
    return (
        fact.kind == "investment"
        and fact.rank >= _TOTAL_RANK
        and mention.kind == "phase"
        and fact.end <= mention.start
        and "其中" in text[fact.end : mention.start]
    )


def _respective_figures(text: str) -> list[Fact]:
    """The amounts after 分别, one for each project listed before, in order (marked `each:i`)."""
    found: list[Fact] = []
    for cue in _RESPECTIVELY.finditer(text):
        word = cue.group("pre") or cue.group("post")
        kind = "output" if "产值" in word or "收入" in word else "investment"
        position, index = cue.end(), 0
        for amount in find_amounts(text):
            if amount.start < position:
                continue
            if amount.start != position and not _LIST_GAP.fullmatch(text, position, amount.start):
                break
            found.append(
                Fact(
                    kind,
                    amount.start,
                    amount.end,
                    amount=amount.amount,
                    rank=2,
                    word=f"{_EACH}{index}",
                )
            )
            position, index = amount.end, index + 1
    return found if len(found) >= 2 else []


def _respective_stages(text: str, facts: list[Fact]) -> list[Fact]:
    """A、B和C分别实现封顶、竣工和投产: the stages after 分别, listed in one clause, in order."""
    found: list[Fact] = []
    for cue in _RESPECTIVE_STAGES.finditer(text):
        end = _CLAUSE_END.search(text, cue.end())
        stop = end.start() if end else len(text)
        found = [f for f in facts if f.kind == "stage" and cue.end() <= f.start < stop]
    return found if len(found) >= 2 else []


def _listed_members(
    text: str, slots: list[Mention], targets: dict[int, Target], facts: list[Fact]
) -> list[Mention]:
    """The listed projects (a group of as many named or brand mentions as there are `facts`)
    分别 is about; else the ones named in the clause just before the facts."""
    count, at = len(facts), facts[0].start
    groups: dict[int, list[Mention]] = {}
    for mention in slots:
        if mention.kind in ("named", "brand") and id(mention) in targets:
            groups.setdefault(mention.group, []).append(mention)
    fitting = [g for g in groups.values() if len(g) == count]
    if fitting:
        return fitting[-1]
    # A的X项目、B品牌Y基地和C公司的Z项目: companies between the items split the list
    listed = [
        m
        for group in groups.values()
        for m in group
        if m.end <= at and not _CLAUSE_END.search(text, m.end, at)
    ]
    return sorted(listed, key=lambda m: m.start) if len(listed) == count else []


def _included_facts(text: str, facts: list[Fact], slots: list[Mention]) -> list[Fact]:
    """'集中开工的10个项目…,包括A、B、C等': the counted projects' stage is each listed one's."""
    counts = [m.end for m in slots if m.kind == "aggregate"]
    stages = [f for f in facts if f.kind == "stage" and f.word]
    if not counts or not stages:
        return []
    listed = _INCLUDING.search(text, counts[0])
    if listed is None:
        return []
    stage = stages[-1].word
    return [
        Fact("stage", m.start, m.start, word=stage)
        for m in slots
        if m.kind in ("named", "brand") and m.start >= listed.end()
    ]


def _with_row_name(text: str, mentions: list[Mention], span: tuple[int, int]) -> list[Mention]:
    """A table row's name cell is its project, head word or not (冷链物流园); what the other
    cells name (建设泡菜、调味品生产线) are parts of it."""
    start, end = span
    row = describe(text[start:end], start, end)
    if row is None:
        return mentions
    row.group = -1
    return [row]


def _with_acting_companies(
    text: str, mentions: list[Mention], companies: list[Company]
) -> list[Mention]:
    acting = [
        Mention(c.start, c.end, "brand", enterprise=c.name, enterprise_rank=2, group=-2 - i)
        for i, c in enumerate(companies)
        if _ACTING.match(text, c.end)
    ]
    return sorted(mentions + acting, key=lambda m: (m.start, m.end)) if acting else mentions


def _with_subject_company(text: str, mentions: list[Mention], company: Company) -> list[Mention]:
    """'另一家X厂宏硕精密位于漳州的新厂已…，该厂…': a company opening the sentence and acting
    is what its back-references (新厂, 该厂, 项目) mean."""
    if company.start > _SUBJECT_REACH or not _ACTING_SUBJECT.match(text, company.end):
        return mentions
    subject = Mention(
        company.start, company.end, "brand", enterprise=company.name, enterprise_rank=2, group=-1
    )
    return sorted([*mentions, subject], key=lambda m: (m.start, m.end))


def _stage_facts(text: str, doc_date: date | None) -> list[Fact]:
    facts = []
    for cue in find_stage_cues(text, doc_date):
        if not cue.planned:
            facts.append(Fact("stage", cue.start, cue.end, word=cue.stage))
        elif cue.planned_production is not None:
            facts.append(
                Fact(
                    "plan",
                    cue.start,
                    cue.end,
                    word=cue.planned_production,
                    period=cue.plan_period,
                    words_from=cue.plan_from,
                )
            )
    return facts


def located(facts: list[Fact], sentence: Sentence, span: Span) -> list[Fact]:
    """The facts with their words in the document: `Sentence.text` is the sentence without
    whitespace, so its k-th character is the k-th one of the document's sentence that is not a
    space. A table row is rewritten, so its facts keep no words (the row is their evidence)."""
    if not facts or sentence.row:
        return facts
    raw = span.text
    if raw == sentence.text:
        positions = None
    else:
        positions = [i for i, char in enumerate(raw) if not char.isspace()]
        if len(positions) != len(sentence.text):
            return facts
    for fact in facts:
        if fact.end <= fact.start or fact.end > len(sentence.text):
            continue
        first = fact.start if fact.words_from is None else fact.words_from
        start = first if positions is None else positions[first]
        end = fact.end if positions is None else positions[fact.end - 1] + 1
        # set once, as the sentence's facts are found (a copy per fact costs more than
        # the whole lookup): `words` says where in the document the fact's own words are
        object.__setattr__(
            fact, "words", Span(span.start + start, span.start + end, raw[start:end])
        )
    return facts


def extract_projects(
    text: str, sentences: list[Sentence], doc_date: date | None
) -> list[ProjectFact]:
    """Project facts of a document, whole projects before their phases, in order of mention."""
    return Walker(text, doc_date).walk(sentences)


# Same matches, scanned faster (see patterns.quick).
_TRIGGER, _MENTION_HINT = quick(_TRIGGER), quick(_MENTION_HINT)

"""What the text is talking about from one sentence to the next.

- target: the project (and phase) last mentioned; back-references resolve to it.
- lead: the first project mentioned in the last sentence that mentioned any; a bare
  项目 in the next sentence follows its phase (二期项目总投资…。项目计划…投产 → 二期),
  except after phases listed one after another in a paragraph (一期…;二期…;三期…。项目…),
  where it means the whole project.
- company: a company named without a project (浙江九识智配…有限公司里…); 企业一期项目 later
  is its project.
- a sentence that names nothing right after the topic's (same or next paragraph) is about
  the topic, unless a place, another company or a count is its subject; its stage cues
  count only for "now" (目前…) or the project's parts (厂房, 主体 …).
- pending: facts of a sentence that named nothing, waiting for the next sentence of the
  same paragraph to name their project.
- record: a list item's heading naming one project (▶ 项目二：X项目, 3、X项目) or a record's
  项目名称：X line; the paragraph or field lines right under it are about that project, and
  the company investing there (由Y投资建设, 投资方：Y) is its investor.
- section: 签约项目中/开工项目中 opening a paragraph gives its projects that stage; so does
  a sentence counting projects with a stage (3个项目同时开工) for the 其中… that follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taizhang.intake.extract.enterprises import Company
from taizhang.intake.extract.entries import Family
from taizhang.intake.extract.families import Registry, enterprise_core, same_enterprise
from taizhang.intake.extract.figures import Fact
from taizhang.intake.extract.lexicon import LIST_MARKER
from taizhang.intake.extract.names import Mention
from taizhang.intake.extract.sentences import FIELD_LINE, Sentence
from taizhang.intake.facts import Span

_PLACE_SUBJECT = re.compile(
    r"(?:[^,，]{0,8}[,，]){0,3}(?:全区|全市|全县|全镇|我市|我区|该区|该镇|该市"
    r"|[\u4e00-\u9fff]{1,8}?(?:省|市|区|县|镇|街道|区域|乡)(?![\u4e00-\u9fff]*?(?:项目|工厂|基地)))"
)
# A stage said without naming the project counts only for the project's own parts or "now".
_ORPHAN_STAGE = re.compile(r"^(?:目前|当前|现在|如今|眼下|截至目前)|厂房|主体|车间|厂区|建筑|设备")
_COUNTS = re.compile(r"\d+(?:多|余)?(?:家|个|项)")
_SECTION_STAGES = {"新开工": "开工", "在建": "开工"}
_SECTION_STAGES["续建"] = "开工"
# 签约项目如下：, 部分重点项目如下：, 签约项目包括：, 签约项目为：, 签约项目清单如下：
_LIST_INTRO = re.compile(
    r"^(?:其中|[^,，;；:：。]{0,16}?(?:如下表?|包括|分别是|分别为|为|有|清单|名单)[:：])"
    r"|^[^,，;；:：。]{0,20}?(?:一览表|清单|名单|如下表?)[:：]?$"
)
# A sub-heading inside a list of projects: 【荷塘区】, （一）先进制造业项目（14个）, 二、续建项目
_LIST_HEADING = re.compile(
    r"^(?:【[^】]{1,12}】|[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)"
)
_COUNTED_REACH = 3
_EVENT_STAGES = ("签约",)
# A heading naming a stage (【在谈项目】, 二、签约项目, 供地项目：) gives it to the projects below.
_STAGE_HEADING = re.compile(
    r"^(?:【|[一二三四五六七八九十]{1,2}、|[(（][一二三四五六七八九十]{1,2}[)）])?"
    r"(?P<stage>在谈|洽谈|签约|供地|新开工|开工|在建|续建|竣工|投产|达产)(?:的)?项目(?:】|[:：])?$"
)
# 附：洛阳市2026年第一季度集中开工项目清单 — the title of a list of projects with their stage
_STAGE_LIST_TITLE = re.compile(
    r"^(?:附(?:件|表)?\d*[:：])?[^,，;；。]{0,30}?"
    r"(?P<stage>在谈|洽谈|签约|供地|新开工|开工|在建|续建|竣工|投产|达产)(?:的)?(?:重大|重点)?项目"
    r"(?:清单|名单|一览表?|情况表|汇总表|明细表|表)[:：]?$"
)
# ▶ 项目一：X项目, 3．X项目, （二）X项目, 【X项目】 — a list item's heading
_RECORD_HEADING = re.compile(
    r"^(?:[▶►▸●■◆▲★]|项目[一二三四五六七八九十\d]{1,2}[:：]|\d{1,2}[．.、](?!\d)"
    r"|[(（][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}、|【)"
)
RECORD_NAME = re.compile(r"^(?:\d{1,2}[．.、)）])?(?:投资)?项目(?:名称|全称)[:：]")
# 由Y投资建设, 投资方为Y, 投资方：Y, 建设单位：Y — the record's investor
_RECORD_INVESTOR = re.compile(
    r"(?:由|投资[:：]|投资方(?:为|是|:|：)|投资主体(?:为|是|:|：)|投资(?:单位|企业|商)(?:为|是|:|：)"
    r"|(?:建设|项目|业主)单位(?:为|是|:|：)|项目业主(?:为|是|:|：)|签约(?:企业|主体)(?:为|是|:|：))$"
)
# 2026年续建重点项目计划表（部分）: a plan table of projects already under construction
_UNDER_WAY_PLAN_TITLE = re.compile(
    r"^[^,，;；。]{0,30}?(?P<stage>续建|在建)(?:的)?(?:重大|重点)?(?:建设)?项目"
    r"[^,，;；。]{0,6}?(?:计划表|计划|清单|名单|一览表?|表)(?:[(（][^)）]{1,8}[)）])?[:：]?$"
)
_HEADING_STAGES = {"在谈": "洽谈", "新开工": "开工", "在建": "开工", "续建": "开工"}
_WHOLE_OPENING = re.compile(
    r"(?:(?:答|[\u4e00-\u9fff]{2,4})[:：])?(?:项目)?(?:全部|全面|整体|全部项目|两期|各期|项目整体)(?:工程)?(?:建成|达产|投产|完工)"
)


@dataclass
class Target:
    family: Family
    phase: str | None


@dataclass
class _Pending:
    facts: list[Fact]
    span: Span
    block: int
    index: int
    investor: str | None = None  # 竞得人：X — the investor of the project named next


class Topic:
    def __init__(self) -> None:
        self.target: Target | None = None
        self.lead: Target | None = None
        self.leads: list[tuple[int, Target]] = []
        self.index = -10
        self.block = -1
        self.company: str | None = None
        self.pending: _Pending | None = None
        self.section: tuple[int, str] | None = None
        self.counted: tuple[int, str] | None = None  # (sentence, stage) of 3个项目同时开工
        self.counted_block = -1
        self.entered_block = -1
        self.listing: tuple[int, str] | None = None  # (paragraph, stage) lent to 其中…
        self.heading_stage: str | None = None  # the stage of a heading like 【签约项目】
        self.pair: tuple[Target, Target] | None = None  # A和B: what 前者/后者 refer to
        # (project, block, listed) of a record's heading: a list item's heading (listed) opens
        # the paragraph below as well as field lines; a title naming one project, field lines
        self.record: tuple[Target, int, bool] | None = None

    def reset(self) -> None:
        self.target, self.lead, self.company, self.pending = None, None, None, None
        self.pair = None

    def note_record(self, index: int, sentence: Sentence) -> None:
        """After a list item's heading or a 项目名称： line naming one project: its record."""
        text = sentence.text
        target = self.target if self.index == index else None
        if sentence.heading:
            listed = bool(_RECORD_HEADING.match(text))
            self.record = None if target is None else (target, sentence.block, listed)
        elif target is not None and RECORD_NAME.match(text):
            self.record = (target, sentence.block, True)

    def record_target(self, sentence: Sentence) -> Target | None:
        """The record's project when `sentence` is in the block under its heading or in its
        field lines."""
        if self.record is None or sentence.heading:
            return None
        target, block, listed = self.record
        if not listed and not FIELD_LINE.match(sentence.text):
            return None
        return target if sentence.block in (block, block + 1) else None

    def record_investor(self, text: str, companies: list[Company]) -> None:
        record = self.record
        if record is None:
            return
        for company in companies:
            if _RECORD_INVESTOR.search(text, 0, company.start):
                record[0].family.set_enterprise(company.name, 2)
                return

    def heading(self, text: str) -> None:
        """A heading ends the stage of the heading before; a stage heading starts its own."""
        match = (
            _STAGE_HEADING.match(text)
            or _STAGE_LIST_TITLE.match(text)
            or _UNDER_WAY_PLAN_TITLE.match(text)
        )
        stage = match["stage"] if match else None
        self.heading_stage = _HEADING_STAGES.get(stage, stage) if stage else None

    def enter(self, index: int, sentence: Sentence, section: re.Match[str] | None) -> None:
        block, text = sentence.block, sentence.text
        counted = self.counted
        if self.listing is not None and self.listing[0] != block:
            # the list goes on in the next block when that opens with a list number or bullet,
            # is a table row or a sub-heading of the list
            item = sentence.row or LIST_MARKER.match(text) or _LIST_HEADING.match(text)
            self.listing = (block, self.listing[1]) if item else None
        recent = counted is not None and index - _COUNTED_REACH <= counted[0] < index
        if counted is not None and recent and _LIST_INTRO.search(text):
            self.listing = (block, counted[1])
        elif (
            counted is not None
            and recent
            and counted[1] in _EVENT_STAGES
            and self.counted_block == block - 1 == self.entered_block
        ):
            # 12个外资项目签约。⏎ A公司投资…建设X项目: the paragraph after the count tells of them
            self.listing = (block, counted[1])
        self.entered_block = block
        if section is not None:
            self.section = (block, _SECTION_STAGES.get(section["stage"], section["stage"]))
            self.target = None
        elif self.section is not None and self.section[0] != block:
            self.section = None

    def family(self) -> Family | None:
        return self.target.family if self.target else None

    def current(self, registry: Registry) -> Target | None:
        if self.target is not None:
            return self.target
        if self.company is not None:
            return Target(registry.by_enterprise(self.company, 2), None)
        return None

    def lead_phase(self, base: Target) -> str | None:
        if len(self.leads) >= 2:
            (block_a, a), (block_b, b) = self.leads[-2:]
            listed = block_a == block_b and a.family is b.family and a.phase and a.phase != b.phase
            if listed:
                return None
        lead = self.lead
        return lead.phase if lead is not None and lead.family is base.family else None

    def note_counted(self, index: int, facts: list[Fact]) -> None:
        """A sentence counting projects with a stage (3个项目同时开工) lends it to 其中… next."""
        stages = [f.word for f in facts if f.kind == "stage" and f.word]
        if stages:
            self.counted = (index, stages[-1])
            self.counted_block = self.entered_block
        elif self.listing is None:
            self.counted = None

    def section_facts(self, slots: list[Mention]) -> list[Fact]:
        source = self.listing or self.section
        stage = source[1] if source else self.heading_stage
        if stage is None:
            return []
        return [
            Fact("stage", m.start, m.start, word=stage)
            for m in slots
            if m.kind in ("named", "brand")
        ]

    def after_mentions(
        self, index: int, block: int, slots: list[Mention], targets: dict[int, Target]
    ) -> None:
        resolved = [m for m in slots if id(m) in targets]
        if self.record is not None and any(
            targets[id(m)].family is not self.record[0].family for m in resolved
        ):
            self.record = None
        self._forward(index, block, resolved, targets)
        self.lead = targets[id(resolved[0])]
        self.leads = [*self.leads[-1:], (block, self.lead)]
        last = resolved[-1]
        grouped = [m for m in resolved if m.group == last.group]
        if len(grouped) > 1:
            if len(grouped) == 2:  # 前者 … 后者 … in the sentences after
                self.pair = (targets[id(grouped[0])], targets[id(grouped[1])])
            self.target = None
            return
        self.target, self.index, self.block = targets[id(last)], index, block

    def _forward(
        self, index: int, block: int, resolved: list[Mention], targets: dict[int, Target]
    ) -> None:
        pending, self.pending = self.pending, None
        if pending is None or pending.block != block or pending.index != index - 1:
            return
        families = {
            id(targets[id(m)].family): targets[id(m)] for m in resolved if m.kind == "named"
        }
        if len(families) == 1:
            family = next(iter(families.values())).family
            for fact in pending.facts:
                family.entry(None).add(fact, pending.span)
            if pending.investor:
                family.set_enterprise(pending.investor, 2)

    def orphan(
        self,
        index: int,
        sentence: Sentence,
        span: Span,
        facts: list[Fact],
        companies: list[Company],
    ) -> None:
        """A sentence that names no project: about the topic when it just was, and no one
        else (a place, another company) is its subject."""
        text = sentence.text
        if self.target is not None and _names(text, self.target.family):
            self.index = index
        if companies:
            self._company_subject(companies)
        investor = _role_investor(text, companies)
        if not is_orphan_stage(text):
            # 竞得人：X: the land is X's, for the project the next sentence names
            facts = [f for f in facts if f.kind != "stage" or (investor and f.word == "供地")]
        if not facts:
            if self.target is not None and _QUESTION.match(text):
                # 记者：建成后能形成多大产能？ the answer after it is still about the topic
                self.index, self.block = index, sentence.block
            return
        target = self.target
        near = self.block in (sentence.block, sentence.block - 1)
        fresh = target is not None and self.index >= index - 1 and near
        other = companies or _PLACE_SUBJECT.match(text) or _COUNTS.search(text)
        if target is not None and fresh and not other:
            # 全部建成后年销售收入…: what the whole will do, though a phase was just described
            phase = None if _WHOLE_OPENING.match(text) else target.phase
            for fact in facts:
                target.family.entry(phase).add(fact, span)
            self.index = index
        else:
            self.pending = _Pending(facts, span, sentence.block, index, investor)

    def lend_investor(self, index: int, block: int, name: str) -> None:
        """'X项目。某企业（澳途科技）拟投资…': the bracketed investor is the topic's."""
        target = self.target
        if target is not None and self.index >= index - 1 and self.block in (block, block - 1):
            target.family.set_enterprise(name, 2)

    def _company_subject(self, companies: list[Company]) -> None:
        name = companies[0].name
        if self.target is None:
            self.company = name
        elif self.target.family.enterprise and same_enterprise(self.target.family.enterprise, name):
            self.target.family.set_enterprise(name, 2)


_QUESTION = re.compile(r"^(?:记者|问)[:：].*[?？]$")
_LAND_WINNER = re.compile(r"(?:竞得人|受让人|竞得单位|受让单位)(?:为|是|:|：)$")


def _role_investor(text: str, companies: list[Company]) -> str | None:
    """The company a sentence names as the land's winner (竞得人：X)."""
    for company in companies:
        if _LAND_WINNER.search(text, max(0, company.start - 6), company.start):
            return company.name
    return None


def is_orphan_stage(text: str) -> bool:
    """Whether a sentence naming no project may still say the topic's stage."""
    return bool(_ORPHAN_STAGE.search(text))


def _names(text: str, family: Family) -> bool:
    if family.enterprise:
        core = enterprise_core(family.enterprise)
        return len(core) >= 2 and core in text
    return False

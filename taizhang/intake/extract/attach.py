"""Which mention of a sentence a fact is about, from positions alone.

In order: the mention that contains the fact (a capacity in a name); for a stage verb, the
object right after it (签约一批项目); the mention the fact modifies through 的
(总投资110亿元的X项目); the nearest mention before it; the nearest after it. A fact that
lands on a count of projects is dropped. Numbers said of a list (several mentions) are
dropped too, since they cannot be told apart; a stage said of a list goes to every item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taizhang.intake.extract.figures import Fact
from taizhang.intake.extract.mentions import Mention

_DE_LINK = re.compile(r"[^,，;；:：。]{0,4}?的[“\"]?")
# A stage verb with another subject before it (外资落户, 3家实验室落地) is not the project's.
_OTHER_SUBJECT = re.compile(
    r"外资|企业|实验室|平台|成果|人才|政策|资金|机构|团队|专家|支部|社区|部门|政府|党委|专班|\d+家|多家"
)
_CLAUSE_BREAK = re.compile(r"[,，;；:：。!?！？]")
_COUNTED = re.compile(r"\d|[一二三四五六七八九十几]")
_DE_NOUN = re.compile(r"的[\u4e00-\u9fff]")
_PHASE_WORD = re.compile(r"项目(?:第?[一二三四五]期|首期)")
_VERB_OBJECT = re.compile(r"[^,，;；:：。的和及与、仪]{0,4}")


@dataclass(frozen=True)
class Choice:
    """A mention a fact belongs to, and whether the fact is about its whole project."""

    mention: Mention
    whole: bool = False


def choose_mentions(text: str, fact: Fact, mentions: list[Mention]) -> list[Choice]:
    """The mentions a fact belongs to (empty when it belongs to none or to an aggregate)."""
    found = _choose(text, fact, mentions)
    if found is None or found[0].kind == "aggregate":
        return []
    chosen, how = found
    group = [m for m in mentions if m.group == chosen.group and m.kind in ("named", "brand")]
    if how == "modifier" and fact.kind != "stage" and _counted_list(text, chosen, mentions):
        return []
    if chosen.kind == "closer" or len(group) > 1:
        if fact.kind == "stage" or _invests_in_all(text, fact, chosen, how):
            return [Choice(m) for m in group]
        if chosen.kind == "closer" or how not in ("inside", "modifier", "object"):
            return []
    # 年产25GW…项目一期: what the name says before its phase (its capacity) is the whole's
    inside_name = (
        how == "inside"
        and chosen.phase is not None
        and bool(_PHASE_WORD.search(text, fact.end, chosen.end))
    )
    whole = (how in ("modifier", "after") and chosen.phase_after) or inside_name
    return [Choice(chosen, whole)]


def _invests_in_all(text: str, fact: Fact, first: Mention, how: str) -> bool:
    """'X公司总投资17亿元建设A、B和C': one investor for the whole list (not 'X投资…的A、Y…的B')."""
    return fact.kind == "investor" and how == "object" and "的" not in text[fact.end : first.start]


def _counted_list(text: str, first: Mention, mentions: list[Mention]) -> bool:
    """'总投资157.5亿元的A、B、C等3大项目': the leading figure is the three's, not A's."""
    closers = [m for m in mentions if m.group == first.group and m.kind == "closer"]
    return bool(closers) and bool(_COUNTED.search(text, closers[0].start, closers[0].end))


def _object_of(text: str, fact: Fact, mention: Mention) -> bool:
    """An investor phrase before its project, or a stage verb right before its object."""
    if fact.kind == "investor":
        return not _CLAUSE_BREAK.search(text, fact.end, mention.start)
    return fact.kind == "stage" and bool(_VERB_OBJECT.fullmatch(text, fact.end, mention.start))


def _modifies_other(text: str, fact: Fact, following: list[Mention]) -> bool:
    """'已经落户的企业', '总投资500亿元的全省重大项目': a figure modifying a noun that is no
    project (the project named right after 的 is modified, one further on is not)."""
    if not _DE_NOUN.match(text, fact.end):
        return False
    return not following or following[0].start > fact.end + 2


def _choose(text: str, fact: Fact, mentions: list[Mention]) -> tuple[Mention, str] | None:
    for mention in mentions:
        inside = mention.start <= fact.start and fact.end <= mention.end
        if inside and mention.kind in ("named", "brand", "phase"):
            return mention, "inside"
    if fact.word == "name":
        return None
    following = [m for m in mentions if m.start >= fact.end]
    if following and _object_of(text, fact, following[0]):
        return following[0], "object"
    if following and _DE_LINK.fullmatch(text, fact.end, following[0].start):
        return following[0], "modifier"
    if fact.kind in ("stage", "investment") and _modifies_other(text, fact, following):
        return None
    # 二期项目投资25亿元: the cue 项目投资 overlaps the mention it follows
    preceding = [m for m in mentions if m.end <= fact.start or m.start < fact.start < m.end]
    if preceding:
        if fact.kind == "stage" and _OTHER_SUBJECT.search(text, preceding[-1].end, fact.start):
            return None
        return preceding[-1], "before"
    return (following[0], "after") if following else None

"""Lists of projects in one sentence: A、B和C…, and lists closed by 等(一批)项目.

Mentions joined by 、/和/及/与 — also by 、 plus a modifier (A、总投资100亿元的B) — form a
group; a stage said of a group is said of each member. A closer (等项目, 等在谈项目,
等一批重大项目) takes the items listed before it: names with a head word, longer names
without one (道氏技术年产10万吨动力电池材料三元前驱体), or short investor names (亚特、盛誉).
"""

from __future__ import annotations

import re

from taizhang.intake.extract.lexicon import (
    GENERIC_STEMS,
    NAME_STOPS,
    PLACE_END,
    cut_left,
    is_generic_name,
)
from taizhang.intake.extract.names import Mention, describe

_JOINERS = ("", "、", "和", "及", "以及", "与")
_JOIN_WITH_MODIFIER = re.compile(r"、[^,，;；:：。、]{0,24}?的[“\"]?")
_LIST_ITEM = re.compile(r"[^、]+")
_BRAND_ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,6}")
_ESTATE = re.compile(
    r"(?:城|苑|园|区|街区|广场|小区|花园|府|湾|谷|岛|段|线|桥|路|馆|院|场|中心|学校|医院|站)$"
)
_LONG_ITEM = 7
_MAX_LIST = 160


def assign_groups(text: str, mentions: list[Mention], head: re.Pattern[str]) -> list[Mention]:
    """Closers gain their items, then groups are numbered. Returns the mentions, sorted."""
    for closer in [m for m in mentions if m.kind == "closer"]:
        _split_list(text, mentions, closer, head)
    mentions.sort(key=lambda m: (m.start, m.end))
    group = 0
    previous: Mention | None = None
    for mention in mentions:
        if previous is None or not _joins(text, previous, mention):
            group += 1
        mention.group = group
        previous = mention
    return mentions


def _joins(text: str, left: Mention, right: Mention) -> bool:
    if left.kind in ("aggregate", "back") or right.kind in ("aggregate", "back"):
        return False
    between = text[left.end : right.start]
    if right.kind == "closer":
        return not between
    return between in _JOINERS or bool(_JOIN_WITH_MODIFIER.fullmatch(between))


def _split_list(text: str, mentions: list[Mention], closer: Mention, head: re.Pattern[str]) -> None:
    """Items before the closer: names already found stay; the rest is split at 、."""
    start = _list_start(text, mentions, closer)
    inside = [m for m in mentions if start <= m.start and m.end <= closer.start]
    kept = []
    for member in inside:
        listed = "、" in text[member.start : member.end] or member.kind not in ("named", "brand")
        if listed:
            mentions.remove(member)
        else:
            kept.append(member)
    for match in _LIST_ITEM.finditer(text, start, closer.start):
        if any(m.start < match.end() and match.start() < m.end for m in kept):
            continue
        item = _item(text, match.start(), match.end(), head)
        if item is not None:
            mentions.append(item)


def _list_start(text: str, mentions: list[Mention], closer: Mention) -> int:
    others = [m.end for m in mentions if m.end <= closer.start and m.kind in ("aggregate", "back")]
    floor = max([*others, closer.start - _MAX_LIST, 0])
    stops = re.compile(r"[,，;；:：。!?！？]|其中|包括|推动|引进|以及|如|比如")
    start = floor
    for stop in stops.finditer(text, floor, closer.start):
        start = stop.end()
    return start


def _item(text: str, start: int, end: int, head: re.Pattern[str]) -> Mention | None:
    name_start, _ = cut_left(text, end, start, NAME_STOPS, 60)
    word = text[name_start:end]
    named = describe(word, name_start, end)
    if named is not None and (head.search(word) or len(word) >= _LONG_ITEM):
        return named
    generic = word[:2] in GENERIC_STEMS or PLACE_END.search(word) or is_generic_name(word)
    if _BRAND_ITEM.fullmatch(word) and not generic:
        if _ESTATE.search(word):
            return Mention(name_start, end, "named", word)
        return Mention(name_start, end, "brand", None, word, 1)
    return None

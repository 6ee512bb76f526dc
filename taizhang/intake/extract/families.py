"""The projects of one document, found again when they are mentioned again.

A mention belongs to a known project (family) when its name contains the other's or is
contained in it (4+ characters), when the two share a specific stretch of 4+ characters
(书院街道永恒钢结构项目 / 曲阜永恒钢结构项目), when it starts with the stem that opens the
family's name or investor (当卓一期工厂 → 当卓科技…), or when both have the same investor and
similar names. Only the most recent families are compared, so long texts stay linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from taizhang.intake.extract.entries import Family
from taizhang.intake.extract.lexicon import is_generic_name
from taizhang.intake.extract.names import Mention

_NORM_DROP = re.compile(r"建设项目|项目|[“”\"、()（）\s]|第?[一二三四五]期|首期")
_ENT_TAIL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团|股份|公司|科技)$")
_DIGITS = re.compile(r"[\d.]")
_SHARED = 4
_SHORT_TAIL = 3
_SAME_INVESTOR_SIMILARITY = 0.5
_SIMILAR = 0.6
_RECENT = 40


@dataclass
class Registry:
    families: list[Family] = field(default_factory=list)

    def named(self, mention: Mention, topic: Family | None) -> Family:
        """The family a named mention belongs to, created when it is new."""
        key = norm(mention.name or "")
        if topic and mention.phase and mention.stem is None and _within(key, topic):
            return topic
        for family in reversed(self.families[-_RECENT:]):
            if _related(family, key, mention):
                if key and key not in family.keys:
                    family.keys.append(key)
                if mention.name and _better_name(mention.name, family.name):
                    family.name = mention.name
                return family
        family = Family(order=len(self.families), name=mention.name, keys=[key] if key else [])
        self.families.append(family)
        return family

    def by_enterprise(self, enterprise: str, rank: int) -> Family:
        """The family of an investor named without a project, created when it is new."""
        for family in reversed(self.families[-_RECENT:]):
            if family.enterprise and same_enterprise(family.enterprise, enterprise):
                return family
        family = Family(order=len(self.families), keys=[norm(enterprise)])
        family.set_enterprise(enterprise, rank)
        self.families.append(family)
        return family


def _better_name(new: str, old: str | None) -> bool:
    """A name ending in 项目 beats one that does not (a headline's 晟拓光伏玻璃基地点火二期)."""
    return old is None or (new.endswith("项目") and not old.endswith("项目"))


@lru_cache(maxsize=1024)
def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def norm(name: str) -> str:
    return _NORM_DROP.sub("", name)


def same_enterprise(a: str, b: str) -> bool:
    x, y = _ENT_TAIL.sub("", a), _ENT_TAIL.sub("", b)
    short, long_ = sorted((x, y), key=len)
    return len(short) >= 2 and short in long_


def enterprise_core(name: str) -> str:
    return _ENT_TAIL.sub("", name)


def _within(key: str, family: Family) -> bool:
    return len(key) >= 2 and any(key in known for known in family.keys)


def _related(family: Family, key: str, mention: Mention) -> bool:
    stem = mention.stem
    if stem and len(stem) >= 2:
        if any(k.startswith(stem) for k in family.keys):
            return True
        if family.enterprise and family.enterprise.startswith(stem):
            return True
    if not key:
        return False
    both = mention.enterprise and family.enterprise
    if (
        both
        and family.name is None
        and same_enterprise(mention.enterprise or "", family.enterprise or "")
    ):
        return True  # an investor said to come (…三家企业签约落户), then its project named
    same_investor = bool(
        both and same_enterprise(mention.enterprise or "", family.enterprise or "")
    )
    if both and not same_investor:
        return False
    return any(_same_name(known, key, same_investor) for known in family.keys)


def _same_name(known: str, key: str, same_investor: bool) -> bool:
    short, long_ = sorted((known, key), key=len)
    if short and short in long_ and (len(short) >= _SHARED or short == long_):
        return True
    if len(short) >= _SHORT_TAIL and long_.endswith(short) and not is_generic_name(short):
        return True  # 特种钢项目 / 年产30万吨高端特种钢项目: a short name for the full one
    if len(_bigrams(known) & _bigrams(key)) < _SHARED - 1:
        return False
    matcher = SequenceMatcher(None, known, key, autojunk=False)
    if same_investor and matcher.ratio() >= _SAME_INVESTOR_SIMILARITY:
        return True
    if matcher.ratio() < _SIMILAR:
        return False
    block = matcher.find_longest_match(0, len(known), 0, len(key))
    shared = known[block.a : block.a + block.size]
    return block.size >= _SHARED and not _DIGITS.search(shared) and not is_generic_name(shared)

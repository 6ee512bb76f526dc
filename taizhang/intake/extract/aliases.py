"""One project under two names in one text: a headline's short name and the body's full one.

A project named without an investor (鸿展精密汽车电子项目, often in a headline) is the same
as a project whose investor's name holds the first four characters of that name (台湾鸿展精密
工业股份有限公司), when their figures do not disagree. Place words (浙江, 嘉兴 …) at the start of
a name prove nothing and are not used.
"""

from __future__ import annotations

import re

from taizhang.intake.extract.enterprises import is_generic_stem
from taizhang.intake.extract.entries import Entry, Family
from taizhang.intake.extract.families import same_enterprise
from taizhang.intake.extract.lexicon import PLACE_NAMES, is_generic_name

_PREFIX = 4
_STRETCH = 3
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_NAME_FILLER = re.compile(r"建设项目|建設項目|项目|項目|工程|年产[\d.]*[^\d]{0,2}|[\d.]+")
_BRAND_RANK = 1  # an investor known only from a name's brand prefix
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff]{4}")
_SHORT_NAME = re.compile(r"(?P<brand>[\u4e00-\u9fff]{2,3})(?:项目|工程)")
_SHORT_TAIL = re.compile(r"(?:项目|工程|項目)$")
_PRODUCT = 3
_COMPANY = re.compile(r"(?:公司|集团|会社)$")
_ENTERPRISE_TAIL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团|股份|公司)$")


def merge_aliases(families: list[Family]) -> list[Family]:
    """The families with each investor-less alias folded into the project it names, and each
    investor's nameless project (在宜宾凯欣新能源材料有限公司项目现场) into the one project of
    that investor named elsewhere (凯欣新能源年产8万吨…项目)."""
    families = _merge_bare(_merge_nameless(families))
    owners = [(f, _ENTERPRISE_TAIL.sub("", f.enterprise)) for f in families if f.enterprise]
    kept = []
    for family in families:
        owner = _owner(family, owners)
        if owner is None:
            kept.append(family)
        else:
            _fold(family, owner)
    _full_names(kept)
    return kept


def _merge_bare(families: list[Family]) -> list[Family]:
    """A project told of only by a stage, without investor or figures (a headline's 海上风电装备
    项目动工), is the one other project whose name shares a specific stretch of 3+ characters
    with it (年产200套大型海上风电导管架…项目), or whose investor's name does (港资新材料项目
    落户: 华辉新材料有限公司…)."""
    kept = []
    for family in families:
        owner = _bare_owner(family, families) if _bare(family) else None
        if owner is None:
            kept.append(family)
        else:
            _fold(family, owner)
    return kept


def _bare(family: Family) -> bool:
    if family.enterprise or not family.name or not family.headline:
        return False
    return all(
        e.investment is None and not e.capacity and e.land is None and e.output is None
        for e in family.entries.values()
    )


def _bare_owner(family: Family, families: list[Family]) -> Family | None:
    core = _NAME_FILLER.sub("", family.name or "")
    stretches = {core[i : i + _STRETCH] for i in range(len(core) - _STRETCH + 1)}
    stretches = {s for s in stretches if _HAN.fullmatch(s) and not is_generic_name(s)}
    if not stretches:
        return None
    found = [
        other
        for other in families
        if other is not family
        and not _bare(other)
        and not other.headline
        and other.name
        and any(s in other.name or s in (other.enterprise or "") for s in stretches)
    ]
    return found[0] if len(found) == 1 else None


def _full_names(families: list[Family]) -> None:
    """An investor written short (鲁泰锂能) takes the one full company name the text gives for
    it elsewhere (山东鲁泰锂能科技有限公司)."""
    full = {f.enterprise for f in families if f.enterprise and _COMPANY.search(f.enterprise)}
    for family in families:
        short = family.enterprise
        if not short or short in full:
            continue
        matches = {name for name in full if same_enterprise(name, short)}
        if len(matches) == 1:
            family.enterprise = matches.pop()


def _merge_nameless(families: list[Family]) -> list[Family]:
    kept = []
    for family in families:
        owner = _named_sibling(family, families) if _nameless(family) else None
        if owner is None:
            kept.append(family)
        else:
            _fold(family, owner)
            owner.set_enterprise(family.enterprise, family.enterprise_rank)
    return kept


def _nameless(family: Family) -> bool:
    """No name of its own: none, a generic one, or the investor's brand and a generic word
    (澄峰科技基地项目)."""
    if not family.enterprise:
        return False
    name = family.name or ""
    if name.startswith(family.enterprise):
        name = name[len(family.enterprise) :]
    return not name or is_generic_name(name)


def _named_sibling(family: Family, families: list[Family]) -> Family | None:
    found = [
        other
        for other in families
        if other is not family
        and not _nameless(other)
        and other.enterprise
        and same_enterprise(other.enterprise, family.enterprise or "")
        and _agree(family, other)
    ]
    return found[0] if len(found) == 1 else None


def _owner(family: Family, owners: list[tuple[Family, str]]) -> Family | None:
    if family.enterprise and family.enterprise_rank <= _BRAND_RANK:
        return _full_owner(family, owners)
    prefix = (family.name or "")[:_PREFIX]
    short = _SHORT_NAME.fullmatch(family.name or "")
    if short is not None:  # 渝芯项目: a brand's short form alone
        prefix = short.group("brand")
        if is_generic_stem(prefix):
            return None
    elif not _NAME_CHARS.fullmatch(prefix):
        return None
    if family.enterprise or PLACE_NAMES.match(prefix):
        return None
    found = [
        other
        for other, core in owners
        if other is not family and prefix in core and _agree(family, other)
    ]
    if not found and short is None:
        found = _brand_product_owners(family.name or "", family, owners)
    return found[0] if len(found) == 1 else None


def _brand_product_owners(
    name: str, family: Family, owners: list[tuple[Family, str]]
) -> list[Family]:
    """'天宸乙二醇项目' after '新疆准东天宸煤化有限公司年产40万吨乙二醇项目': a brand of two or
    three characters from the investor's name, then the product words of its project's name."""
    core = _SHORT_TAIL.sub("", name)
    found: list[Family] = []
    for size in (2, 3):
        brand, product = core[:size], core[size:]
        if len(product) < _PRODUCT or not _HAN.fullmatch(core) or is_generic_stem(brand):
            continue
        if PLACE_NAMES.match(brand):
            continue
        found += [
            other
            for other, owner_core in owners
            if other is not family
            and other not in found
            and brand in owner_core
            and product in (other.name or "")
            and _agree(family, other)
        ]
    return found


def _full_owner(family: Family, owners: list[tuple[Family, str]]) -> Family | None:
    """'曹甸新材料特种钢项目' (a brand prefix) is the project of 河北曹甸新材料有限公司 when that
    company has exactly one project in the text and their figures agree."""
    brand = family.enterprise or ""
    found = [
        other
        for other, _ in owners
        if other is not family
        and other.enterprise_rank > _BRAND_RANK
        and (
            same_enterprise(other.enterprise or "", brand)
            or _same_project_of_brand(family, other, brand)
        )
    ]
    return found[0] if len(found) == 1 and _agree(family, found[0]) else None


def _same_project_of_brand(family: Family, other: Family, brand: str) -> bool:
    """'大冶特钢高端轴承钢项目' and '湖北大冶特殊钢有限公司高端轴承钢项目': the same project name
    after the brand, and the brand's first two characters in the company's name."""
    name, other_name = family.name or "", other.name or ""
    rest = name[len(brand) :] if name.startswith(brand) else ""
    stem = brand[:2]
    return (
        len(rest) >= _PRODUCT + 2
        and other_name.endswith(rest)
        and not PLACE_NAMES.match(stem)
        and stem in (other.enterprise or "")
    )


def _agree(a: Family, b: Family) -> bool:
    for phase, entry in a.entries.items():
        other = b.entries.get(phase)
        if other is not None and _conflict(entry, other):
            return False
    return True


def _conflict(a: Entry, b: Entry) -> bool:
    if a.investment and b.investment and a.investment[1] != b.investment[1]:
        return True
    return a.land is not None and b.land is not None and a.land != b.land


def _fold(alias: Family, owner: Family) -> None:
    for phase, entry in alias.entries.items():
        owner.entry(phase).absorb(entry)

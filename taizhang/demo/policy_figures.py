"""The demo firms' figures that the policies read besides the bureaus' yearly lists: titles
(称号) and qualifications (资质) by year from the science and economy bureaus' lists, R&D staff,
and serious incidents from the emergency management bureau's yearly count — for 2023–2025.

Seeded on its own (`random.Random(2026)`), so the 亩均 figures stay as they were. Some firms
are on no list (their facts are missing: the policies say "unknown"), a title is held from the
year it was won, and the 高新技术企业 of a firm with a high R&D share are likelier."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol

from taizhang.enterprises.ledger import FactField, SizeClass, fact_text
from taizhang.kernel.sources import Source

YEARS = (2023, 2024, 2025)
SEED = 2026
LISTS = {
    FactField.TAGS: "区科技局{year}年企业称号认定名单.xlsx",
    FactField.RND_STAFF: "区科技局{year}年企业研发人员统计.xlsx",
    FactField.QUALIFICATIONS: "区经信商务局{year}年企业资质清单.xlsx",
    FactField.INCIDENTS: "区应急管理局{year}年企业安全生产事故统计.xlsx",
}
EQUIPMENT = ("C34", "C35", "C36", "C38", "C39", "C40")
# (title, chance for an innovative firm, chance for another)
TITLES = (
    ("高新技术企业", 0.45, 0.04),
    ("专精特新中小企业", 0.22, 0.03),
    ("隐形冠军", 0.08, 0.005),
)
QUALIFICATIONS = (
    ("市级企业研发中心", 0.35, 0.03),
    ("知识产权管理体系贯标", 0.2, 0.06),
    ("两化融合管理体系贯标", 0.12, 0.06),
    ("数字化车间", 0.12, 0.03),
    ("智能工厂", 0.04, 0.0),
    ("绿色工厂", 0.1, 0.04),
    ("浙江制造品字标", 0.1, 0.02),
)


class Firm(Protocol):
    industry: str
    figures: dict[int, dict[FactField, str | None]]


Add = Callable[[int, int, FactField, str | None, Source, datetime], None]


@dataclass
class _Held:
    """The titles or qualifications a firm holds, each from the year it was won."""

    since: dict[str, int]

    def in_year(self, year: int) -> frozenset[str]:
        return frozenset(word for word, first in self.since.items() if first <= year)


def add_policy_figures(firms: list[Firm], ids: list[int], add: Add) -> None:
    """Add each firm's titles, qualifications, R&D staff and incidents through `add`."""
    rng = random.Random(SEED)
    for row, (firm, eid) in enumerate(zip(firms, ids, strict=True), start=2):
        years = [y for y in YEARS if y in firm.figures]
        if years:
            _firm_figures(
                rng, firm, years, lambda *fact, eid=eid, row=row: _add(add, eid, row, *fact)
            )


def _add(add: Add, eid: int, row: int, year: int, fact: FactField, text: str | None) -> None:
    source = Source.import_row(LISTS[fact].format(year=year), row)
    add(eid, year, fact, text, source, datetime(year + 1, 4, 1, 2, tzinfo=UTC))


def _firm_figures(
    rng: random.Random, firm: Firm, years: list[int], stated: Callable[..., None]
) -> None:
    innovative = rng.random() < 0.35
    titles = _won(rng, TITLES, innovative, years)
    if _small(firm, years[-1]) and rng.random() < (0.5 if innovative else 0.15):
        titles.since["科技型中小企业"] = rng.choice(years)
    if "专精特新中小企业" in titles.since and rng.random() < 0.25:
        titles.since["专精特新小巨人"] = max(titles.since["专精特新中小企业"], rng.choice(years))
    qualifications = _won(rng, QUALIFICATIONS, innovative, years)
    _institutes(rng, qualifications, firm, years)
    lists = {fact: rng.random() < chance for fact, chance in _ON_LISTS.items()}
    for year in years:
        if lists[FactField.TAGS]:
            stated(year, FactField.TAGS, fact_text(FactField.TAGS, titles.in_year(year)))
        if lists[FactField.QUALIFICATIONS]:
            words = qualifications.in_year(year)
            stated(year, FactField.QUALIFICATIONS, fact_text(FactField.QUALIFICATIONS, words))
        staff = _rnd_staff(rng, firm, year, innovative)
        if staff is not None and (lists[FactField.RND_STAFF] or _above(firm, year)):
            stated(year, FactField.RND_STAFF, staff)
        if lists[FactField.INCIDENTS] and rng.random() > 0.04:
            stated(year, FactField.INCIDENTS, "1" if rng.random() < 0.05 else "0")


_ON_LISTS = {
    FactField.TAGS: 0.86,
    FactField.QUALIFICATIONS: 0.82,
    FactField.RND_STAFF: 0.5,
    FactField.INCIDENTS: 0.9,
}


def _won(
    rng: random.Random, chances: tuple[tuple[str, float, float], ...], innovative: bool,
    years: list[int],
) -> _Held:  # fmt: skip
    since: dict[str, int] = {}
    for word, likely, otherwise in chances:
        if rng.random() < (likely if innovative else otherwise):
            since[word] = rng.choice((years[0] - 1, *years))
    return _Held(since)


def _institutes(rng: random.Random, held: _Held, firm: Firm, years: list[int]) -> None:
    if "市级企业研发中心" in held.since and rng.random() < 0.45:
        held.since["省级企业研究院"] = rng.choice(years)
        if rng.random() < 0.3:
            held.since["省级重点企业研究院"] = years[-1]
    if firm.industry.startswith(EQUIPMENT) and rng.random() < 0.12:
        held.since["首台（套）产品认定"] = rng.choice(years)


def _above(firm: Firm, year: int) -> bool:
    return firm.figures[year].get(FactField.SIZE) == SizeClass.ABOVE.value


def _small(firm: Firm, year: int) -> bool:
    return not _above(firm, year)


def _rnd_staff(rng: random.Random, firm: Firm, year: int, innovative: bool) -> str | None:
    employees = firm.figures[year].get(FactField.EMPLOYEES)
    if employees is None:
        return None
    share = rng.uniform(0.09, 0.28) if innovative else rng.uniform(0.0, 0.11)
    return str((Decimal(employees) * Decimal(str(share))).quantize(Decimal(1)))

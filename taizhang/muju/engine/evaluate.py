"""亩均论英雄: each enterprise's score and grade under a scheme, every point with its reason.

`evaluate(firms, scheme, as_of=…, last_year=…)` is pure. In order:
1. enterprises the scheme excludes (kinds such as 公用事业, registered or on land supplied fewer
   than the stated years before `as_of`) get the exclusion's label (T, 不定等级) and, when the
   scheme says so, the grade they are managed as (`treated_as`); they are not scored, not ranked,
   and count in no benchmark, minimum or maximum;
2. the others fall in the first category (规上, 规下, ≥3亩 …) that holds them; one in none is
   reported as excluded (不属于任何评价类别);
3. each category's indicators are scored (`scoring`): total = Σ items + Σ 加分 − 减分, rounded
   half up to the scheme's `total_places`;
4. enterprises are ranked within their category (and industry group, when the scheme ranks
   within groups) on that rounded total, and graded by the cut-offs (`grading`).
Results come back in the order of `firms`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from taizhang.muju.engine.explain import Step, named, say, step
from taizhang.muju.engine.grading import competition_ranks, exclusion_of, grade_of
from taizhang.muju.engine.model import AdjustmentPart, EnterpriseYear, Evaluation, ItemScore
from taizhang.muju.engine.scheme import Scheme
from taizhang.muju.engine.scoring import (
    ZERO,
    adjustment_part,
    reference_for,
    rounded,
    score_item,
    score_missing,
)

NO_CATEGORY = say([step("no_category")])  # 不属于任何评价类别


def evaluate(
    firms: Sequence[EnterpriseYear],
    scheme: Scheme,
    *,
    as_of: date,
    last_year: Sequence[EnterpriseYear] = (),
) -> list[Evaluation]:
    """One Evaluation per enterprise, in the order given."""
    results: dict[int, Evaluation] = {}
    members: defaultdict[str, list[EnterpriseYear]] = defaultdict(list)
    for firm in firms:
        reason = exclusion_of(firm, scheme.exclusions, as_of)
        category = scheme.category_of(firm)
        if reason or category is None:
            results[firm.enterprise_id] = _excluded(firm, scheme, reason or (step("no_category"),))
        else:
            members[category.name].append(firm)
    previous = _members_by_category(last_year, scheme)
    for name, category_firms in members.items():
        for result in _score_category(scheme, name, category_firms, previous[name]):
            results[result.enterprise_id] = result
    graded = _graded(scheme, [r for r in results.values() if r.score is not None])
    results.update(graded)
    return [results[firm.enterprise_id] for firm in firms]


def _excluded(firm: EnterpriseYear, scheme: Scheme, reason: tuple[Step, ...]) -> Evaluation:
    exclusions = scheme.exclusions
    label = named("grade", exclusions.label, exclusions.label_en)
    category = scheme.category_of(firm)
    return Evaluation(
        firm.enterprise_id, firm.name, category.name if category else "", None,
        exclusions.label, exclusion=reason, treated_as=exclusions.treat_as,
        grading=(step("label", **label, treat_as=exclusions.treat_as),),
        category_en=category.name_en if category else "", grade_en=exclusions.label_en,
    )  # fmt: skip


def _members_by_category(
    firms: Sequence[EnterpriseYear], scheme: Scheme
) -> defaultdict[str, list[EnterpriseYear]]:
    """Last year's evaluated enterprises (as the caller gives them) by this scheme's categories,
    for benchmarks of 上年平均."""
    members: defaultdict[str, list[EnterpriseYear]] = defaultdict(list)
    for firm in firms:
        category = scheme.category_of(firm)
        if category:
            members[category.name].append(firm)
    return members


def _score_category(
    scheme: Scheme, name: str, firms: Sequence[EnterpriseYear], last_year: Sequence[EnterpriseYear]
) -> list[Evaluation]:
    items: dict[int, list[ItemScore]] = {firm.enterprise_id: [] for firm in firms}
    for indicator in scheme.indicators_of(name):
        reference = reference_for(indicator, firms, last_year)
        scored = {
            firm.enterprise_id: item
            for firm in firms
            if (item := score_item(indicator, firm, reference, scheme.item_places))
        }
        for firm in firms:
            item = scored.get(firm.enterprise_id)
            if item is None:
                item = score_missing(indicator, firm, list(scored.values()), scheme.item_places)
            items[firm.enterprise_id].append(item)
    return [_total(scheme, name, firm, items[firm.enterprise_id]) for firm in firms]


def _total(
    scheme: Scheme, category: str, firm: EnterpriseYear, items: list[ItemScore]
) -> Evaluation:
    parts = _adjustments(scheme, category, firm)
    total = sum((item.points for item in items), sum((p.points for p in parts), ZERO))
    score = rounded(total, scheme.total_places)
    group, group_en = _group_of(scheme, category, firm)
    return Evaluation(
        firm.enterprise_id, firm.name, category, score, "", tuple(items), tuple(parts),
        group=group, category_en=scheme.category_en(category), group_en=group_en,
    )  # fmt: skip


def _adjustments(scheme: Scheme, category: str, firm: EnterpriseYear) -> list[AdjustmentPart]:
    return [
        adjustment_part(rule, count)
        for rule in scheme.adjustments
        if (count := firm.adjustments.get(rule.name, 0)) > 0 and rule.category in ("", category)
    ]


def _group_of(scheme: Scheme, category: str, firm: EnterpriseYear) -> tuple[str, str]:
    """The ranking group and its English ("" when the scheme gives no English)."""
    category_en = scheme.category_en(category)
    if not scheme.rank_within_industry_groups:
        return category, category_en
    industry, industry_en = scheme.industry_group_names(firm)
    english = f"{category_en}·{industry_en}" if category_en and industry_en else ""
    return f"{category}·{industry}", english


def _graded(scheme: Scheme, scored: Sequence[Evaluation]) -> dict[int, Evaluation]:
    groups: defaultdict[str, list[Evaluation]] = defaultdict(list)
    for result in scored:
        groups[result.group].append(result)
    graded: dict[int, Evaluation] = {}
    for members in groups.values():
        ranks = competition_ranks([m.score for m in members if m.score is not None])
        for member, rank in zip(members, ranks, strict=True):
            grades = scheme.grades_of(member.category)
            grade, rule = grade_of(rank, len(members), grades, scheme.boundary)
            graded[member.enterprise_id] = replace(
                member, grade=grade.name, grade_en=grade.name_en, grading=rule, rank=rank,
                ranked=len(members),
            )  # fmt: skip
    return graded

"""A chain over the district: which firms and projects stand on which link and why, how strong
each link is, where it has gaps, and what each 链主 finds locally upstream of it.

- A firm is on a link when its industry code starts with one of the link's codes, or one of the
  link's products is in its name or main products; a project when one of the link's products is
  in its name, or its chain field names the link. Each placement keeps the code or word.
- A link with no local firm is 断链 when a link with local firms depends on it (the chain breaks
  there), else 缺链; a link with fewer firms than its `weak_below`, or less output than its
  `weak_output_below`, is 弱链.
"""

from __future__ import annotations

from collections.abc import Iterable

from taizhang.chains.engine.model import (
    ChainMap,
    ChainView,
    Firm,
    Gap,
    GapKind,
    Leader,
    Link,
    LinkView,
    Placement,
    ProjectRef,
    Reason,
)
from taizhang.kernel.numbers import format_number


def place_firm(link: Link, firm: Firm) -> Placement | None:
    """Why `firm` is on `link`, or None."""
    code = firm.industry_code or ""
    for prefix in link.industry_codes:
        if code.startswith(prefix):
            return Placement(link.key, Reason.INDUSTRY, code)
    words = f"{firm.name} {firm.products}"
    for product in link.products:
        if product in words:
            return Placement(link.key, Reason.PRODUCT, product)
    return None


def place_project(link: Link, project: ProjectRef) -> Placement | None:
    """Why `project` is on `link`, or None."""
    for product in link.products:
        if product in project.name:
            return Placement(link.key, Reason.PRODUCT, product)
    chain = project.chain or ""
    if chain and (link.name in chain or any(p in chain for p in link.products)):
        return Placement(link.key, Reason.CHAIN, chain)
    return None


def analyse(chain: ChainMap, firms: Iterable[Firm], projects: Iterable[ProjectRef]) -> ChainView:
    """The chain with the district's firms and projects on its links, gaps and 链主."""
    firms, projects = list(firms), list(projects)
    views = {link.key: LinkView(link) for link in chain.links}
    for link in chain.links:
        view = views[link.key]
        for firm in firms:
            placed = place_firm(link, firm)
            if placed is not None:
                view.firms.append((firm, placed))
        for project in projects:
            placed_project = place_project(link, project)
            if placed_project is not None:
                view.projects.append((project, placed_project))
    for view in views.values():
        view.gap = _gap(view, views)
    leaders = tuple(
        _leader(chain, views, view, firm)
        for view in views.values()
        for firm, _ in view.firms
        if firm.leader
    )
    return ChainView(chain, tuple(views[link.key] for link in chain.links), leaders)


def _dependents(link: Link, views: dict[str, LinkView]) -> list[LinkView]:
    return [view for view in views.values() if link.key in view.link.depends_on]


def _gap(view: LinkView, views: dict[str, LinkView]) -> Gap | None:
    link = view.link
    count = len(view.firms)
    if count == 0:
        served = [d.link for d in _dependents(link, views) if d.firms]
        if served:
            names = "、".join(s.name for s in served)
            names_en = ", ".join(s.name_in("en") for s in served)
            return Gap(
                GapKind.BROKEN,
                f"本地没有企业，而{names}环节的本地企业要靠它供应",
                f"no local firm, while the local firms of {names_en} depend on it",
            )
        return Gap(GapKind.MISSING, "本地没有这一环节的企业", "no local firm on this link")
    if count < link.weak_below:
        return Gap(
            GapKind.WEAK,
            f"本地只有 {count} 家企业，少于 {link.weak_below} 家",
            f"only {count} local firms, fewer than {link.weak_below}",
        )
    if link.weak_output_below is not None and view.output < link.weak_output_below:
        output, floor = format_number(view.output), format_number(link.weak_output_below)
        return Gap(
            GapKind.WEAK,
            f"本地企业产值合计 {output} 万元，低于 {floor} 万元",
            f"local firms' output {output} (10k yuan), below {floor}",
        )
    return None


def _leader(chain: ChainMap, views: dict[str, LinkView], view: LinkView, firm: Firm) -> Leader:
    suppliers: list[tuple[Link, Firm]] = []
    missing: list[Link] = []
    for key in view.link.depends_on:
        supplier = views[key]
        found = [other for other, _ in supplier.firms if other.id != firm.id]
        suppliers += [(supplier.link, other) for other in found]
        if not found:
            missing.append(supplier.link)
    return Leader(firm, view.link, tuple(suppliers), tuple(missing))


def gap_sentence(view: LinkView) -> str:
    """'缺链 正极材料（上游）：本地没有这一环节的企业' — one line for lists and the CLI."""
    if view.gap is None:
        return ""
    link = view.link
    return f"{view.gap.kind.label} {link.name}（{link.position.label}）：{view.gap.why}"

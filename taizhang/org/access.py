"""Who may see and change what: every scope rule of the organisation in one place.

A unit staff member works in their unit's subtree; district administrators and viewers see the
whole district; viewers change nothing. Each domain's `access` module builds its
`get_…_for_user` helpers on these.

What a log-in is for is its desk (`desk_of`): the role, and for unit staff the kind of unit.
Each desk uses some sections of the product (`SECTIONS`) and starts at one of them
(`HOME_SECTION`); the navigation, the home page and the log-in's landing page all ask `may`.

| desk       | who                                   | lands on        |
|------------|---------------------------------------|-----------------|
| district   | 区级管理员                            | district dashboard |
| leader     | 区领导 (viewers)                      | district dashboard |
| town       | 镇、街道、平台的专员                  | their unit's projects and race |
| department | 区级部门的专员                        | the appeals inbox |
| grid       | 村、社区、小区的专员 (指导员)         | the appeals inbox |
| party      | 物业、业委会                          | the appeals inbox |
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from taizhang.kernel.errors import Forbidden, split_message
from taizhang.kernel.labels import LabelledEnum
from taizhang.org.models import Role, Unit, UnitKind, User
from taizhang.org.units import district_unit


def scope_unit(user: User) -> Unit | None:
    """The subtree a user works in; None means the whole district."""
    return user.unit if user.role == Role.UNIT_STAFF else None


def scope_path(user: User) -> str | None:
    unit = scope_unit(user)
    return unit.path if unit else None


def can_view(user: User, unit: Unit) -> bool:
    return path_in_scope(scope_path(user), unit.path)


def path_in_scope(scope: str | None, path: str) -> bool:
    """Whether a unit's path lies in a scope (a subtree's path; None: the whole district)."""
    return scope is None or path.startswith(scope)


def can_edit(user: User, unit: Unit) -> bool:
    return user.role != Role.VIEWER and can_view(user, unit)


def scope_or_district(session: Session, user: User) -> Unit:
    """The unit whose subtree the user sees: their own, or the whole district."""
    return scope_unit(user) or district_unit(session)


def require_district_admin(actor: User | None, what: str) -> None:
    """Only district administrators may do `what` (None: the system itself acts).
    `what` is the act, "中文 (english)": 设定目标 (set targets)."""
    if actor is not None and actor.role != Role.DISTRICT_ADMIN.value:
        zh, en = split_message(what)
        raise Forbidden(
            f"只有区级管理员可以{zh} (only district administrators may {en or 'do this'})"
        )


def require_writer(user: User, what: str) -> None:
    """Viewers read everything and change nothing. `what`: 导入台账 (import the ledger)."""
    if user.role == Role.VIEWER:
        zh, en = split_message(what)
        raise Forbidden(f"查看者不能{zh} (viewers may not {en or 'change anything'})")


# ── desks and sections: what each kind of log-in is for ─────────────────────


class Desk(LabelledEnum):
    DISTRICT = "district", "区级管理", "district administration"
    LEADER = "leader", "区领导", "district officials"
    TOWN = "town", "镇街平台", "town, street or platform"
    DEPARTMENT = "department", "部门", "department"
    GRID = "grid", "村社区网格", "village or community grid"
    PARTY = "party", "物业、业委会", "property company or owners' committee"


class Section(LabelledEnum):
    """A part of the product a desk works in; the web maps each to its pages."""

    DASHBOARD = "dashboard", "项目总览", "project dashboard"
    PROJECTS = "projects", "项目台账", "project ledger"
    IMPORT = "import", "导入台账", "ledger import"
    DOCUMENTS = "documents", "报道", "documents"
    RACE = "race", "赛马比拼", "town race"
    APPEALS = "appeals", "诉求", "appeals"
    COMPOUNDS = "compounds", "小区台账", "compound ledgers"
    EVALUATIONS = "evaluations", "指导员考评", "instructor evaluations"
    ENTERPRISES = "enterprises", "企业库", "enterprise library"
    ACCOUNTS = "accounts", "账号管理", "accounts"
    MUJU = "muju", "亩均论英雄", "per-mu evaluation"
    FIGURES = "figures", "企业指标导入", "enterprise figures import"
    INCENTIVES = "incentives", "激励兑现", "incentives"
    POLICIES = "policies", "政策匹配", "policy matching"
    CHAINS = "chains", "链式招商", "chain investment"


_DESK_OF_UNIT_KIND = {
    UnitKind.DISTRICT: Desk.LEADER,
    UnitKind.TOWN: Desk.TOWN,
    UnitKind.STREET: Desk.TOWN,
    UnitKind.PLATFORM: Desk.TOWN,
    UnitKind.DEPARTMENT: Desk.DEPARTMENT,
    UnitKind.VILLAGE: Desk.GRID,
    UnitKind.COMMUNITY: Desk.GRID,
    UnitKind.COMPOUND: Desk.GRID,
    UnitKind.PROPERTY: Desk.PARTY,
    UnitKind.COMMITTEE: Desk.PARTY,
}
_D, _L, _T, _DP, _G, _P = Desk
SECTIONS: dict[Section, frozenset[Desk]] = {
    Section.DASHBOARD: frozenset({_D, _L, _T}),
    Section.PROJECTS: frozenset({_D, _L, _T}),
    Section.IMPORT: frozenset({_D, _T}),
    Section.DOCUMENTS: frozenset({_D, _L, _T}),
    Section.RACE: frozenset({_D, _L, _T, _DP}),
    Section.APPEALS: frozenset(Desk),
    Section.COMPOUNDS: frozenset({_D, _L, _T, _G}),
    Section.EVALUATIONS: frozenset({_D, _L, _T, _G}),
    Section.ENTERPRISES: frozenset({_D, _L, _T}),
    Section.ACCOUNTS: frozenset({_D}),
    Section.MUJU: frozenset({_D, _L, _T}),
    Section.FIGURES: frozenset({_D, _DP}),  # the bureaus' lists (`enterprises.access`)
    Section.INCENTIVES: frozenset({_D, _L}),
    Section.POLICIES: frozenset({_D, _L, _DP}),  # departments issue and read every policy
    Section.CHAINS: frozenset({_D, _L, _T, _DP}),  # investment desks: district, towns, 投促中心
}
HOME_SECTION: dict[Desk, Section] = {
    Desk.DISTRICT: Section.DASHBOARD,
    Desk.LEADER: Section.DASHBOARD,
    Desk.TOWN: Section.DASHBOARD,
    Desk.DEPARTMENT: Section.APPEALS,
    Desk.GRID: Section.APPEALS,
    Desk.PARTY: Section.APPEALS,
}


def desk_of(user: User) -> Desk:
    """What the log-in is for: the role, and for unit staff the kind of their unit."""
    if user.role == Role.DISTRICT_ADMIN:
        return Desk.DISTRICT
    if user.role == Role.VIEWER or user.unit is None:
        return Desk.LEADER
    return _DESK_OF_UNIT_KIND[UnitKind(user.unit.kind)]


def sections_of(desk: Desk) -> frozenset[Section]:
    return frozenset(section for section, desks in SECTIONS.items() if desk in desks)


def may(user: User, section: Section | str) -> bool:
    """Whether the user's desk works in that section (the navigation shows only these)."""
    return desk_of(user) in SECTIONS[Section(section)]


def home_section(user: User) -> Section:
    return HOME_SECTION[desk_of(user)]


SECTION_CLOSED = "section_closed"  # the error code of a page or API the desk does not use


def require_section(user: User, section: Section) -> None:
    """Refuse a log-in whose desk does not use `section` (the web's gate on every route and the
    domains' own access rules say it the same way)."""
    if not may(user, section):
        raise Forbidden(
            f"此页面属于“{section.label}”，您的岗位不使用该栏目"
            f" (this page is part of the {section.english}, which your desk does not use)",
            code=SECTION_CLOSED,
        )

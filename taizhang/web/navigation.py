"""Where each section of the product lives, the navigation, and each desk's home page.

Who may use a section is `org.access` (`may`, `SECTIONS`, `HOME_SECTION`); this module only
says which page a section is and what the navigation calls it."""

from __future__ import annotations

from dataclasses import dataclass

from taizhang.org.access import Section, home_section
from taizhang.org.models import User


@dataclass(frozen=True)
class NavItem:
    section: Section
    path: str
    label: str  # an i18n key


SECTION_PATHS: dict[Section, str] = {
    Section.DASHBOARD: "/",
    Section.PROJECTS: "/projects",
    Section.IMPORT: "/projects/import",
    Section.DOCUMENTS: "/documents",
    Section.RACE: "/race",
    Section.APPEALS: "/appeals/inbox",
    Section.COMPOUNDS: "/appeals/coverage",
    Section.EVALUATIONS: "/appeals/evaluations",
    Section.ENTERPRISES: "/enterprises",
    Section.ACCOUNTS: "/admin/users",
    Section.MUJU: "/muju",
    Section.FIGURES: "/enterprises/figures/import",
    Section.INCENTIVES: "/incentives",
    Section.POLICIES: "/policies",
    Section.CHAINS: "/chains",
}
# The navigation, in order; the pages a section owns are its paths' prefixes.
NAVIGATION: tuple[NavItem, ...] = (
    NavItem(Section.DASHBOARD, "/", "dashboard"),
    NavItem(Section.PROJECTS, "/projects", "projects"),
    NavItem(Section.DOCUMENTS, "/documents", "documents"),
    NavItem(Section.RACE, "/race", "race"),
    NavItem(Section.MUJU, "/muju", "nav_muju"),
    NavItem(Section.APPEALS, "/appeals/inbox", "appeals"),
    NavItem(Section.COMPOUNDS, "/appeals/coverage", "coverage"),
    NavItem(Section.EVALUATIONS, "/appeals/evaluations", "nav_evaluations"),
    NavItem(Section.ENTERPRISES, "/enterprises", "nav_enterprises"),
    NavItem(Section.INCENTIVES, "/incentives", "nav_incentives"),
    NavItem(Section.POLICIES, "/policies", "nav_policies"),
    NavItem(Section.POLICIES, "/achievements", "nav_achievements"),
    NavItem(Section.CHAINS, "/chains", "nav_chains"),
    NavItem(Section.ACCOUNTS, "/admin/users", "nav_accounts"),
)
_OWNED_PREFIXES: tuple[tuple[str, Section], ...] = (
    ("/projects", Section.PROJECTS),
    ("/documents", Section.DOCUMENTS),
    ("/race", Section.RACE),
    ("/muju", Section.MUJU),
    ("/appeals/coverage", Section.COMPOUNDS),
    ("/appeals/compounds", Section.COMPOUNDS),
    ("/appeals/evaluations", Section.EVALUATIONS),
    ("/appeals", Section.APPEALS),
    ("/enterprises/figures", Section.FIGURES),
    ("/enterprises", Section.ENTERPRISES),
    ("/admin", Section.ACCOUNTS),
    ("/incentives", Section.INCENTIVES),
    ("/policies", Section.POLICIES),
    ("/achievements", Section.POLICIES),
    ("/chains", Section.CHAINS),
)


def home_path(user: User) -> str:
    """The page a user lands on after logging in: their desk's work."""
    return SECTION_PATHS[home_section(user)]


def current_section(path: str) -> Section | None:
    """The navigation item a page belongs to (the first, most specific, prefix that matches)."""
    if path == "/":
        return Section.DASHBOARD
    return next((section for prefix, section in _OWNED_PREFIXES if path.startswith(prefix)), None)

"""Every demo account, on a phone and on a desktop: it lands on its own work, no link in its
navigation or on its landing page answers 403, and at phone width no main page is wider than
the phone.

With TAIZHANG_SCREENSHOTS set to a folder, the desktop pass also saves screenshots of the
dashboard, a project, the race board and the inbox, and the phone pass the public request form
(`docs/screenshots/` holds the ones the README shows)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from taizhang.demo.data import USERS
from tests.web.browsing import (
    DESKTOP,
    PHONE,
    block_outside_requests,
    log_in_page,
    page_width,
)

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "taizhang-demo"
INBOX = "/appeals/inbox"
# Where each demo account lands: the district's dashboard, its unit's projects and race, or
# the appeals inbox (instructors, property companies, owners' committees, departments).
LANDS_ON = {
    "admin": "/",
    "viewer": "/",
    "xiangjiadang": "/",
    "fengqiao": "/",
    "chenyaqin": INBOX,
    "liujianguo": INBOX,
    "wangshan": INBOX,
    "zhaominghui": INBOX,
    "anhe-wuye": INBOX,
    "xc-yeweihui": INBOX,
    "jingxin": INBOX,
    "touzhong": INBOX,
}
# The main pages, by the shape of their path; one of each kind a role reaches is measured.
MAIN_PAGES = {
    "dashboard": r"/",
    "project list": r"/projects",
    "project": r"/projects/\d+",
    "race board": r"/race",
    "targets": r"/race/targets",
    "reports": r"/race/reports",
    "report": r"/race/reports/[a-z]+",
    "inbox": r"/appeals/inbox",
    "appeal": r"/appeals/\d+",
    "coverage": r"/appeals/coverage",
    "compound ledger": r"/appeals/compounds/\d+/ledger",
    "evaluations": r"/appeals/evaluations",
    "documents": r"/documents",
    "document": r"/documents/\d+",
    "enterprise library": r"/enterprises",
    "enterprise": r"/enterprises/\d+",
}
# The kinds the demo surely holds, so the phone pass must have measured them (a report exists
# only once stored, a document only once read).
MEASURED_AT_LEAST = set(MAIN_PAGES) - {"report", "document"}
SCREENSHOTS = os.environ.get("TAIZHANG_SCREENSHOTS")


def test_every_demo_account_is_listed_with_its_landing_page() -> None:
    assert set(LANDS_ON) == {row.username for row in USERS}


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_each_role_lands_on_its_work_and_meets_no_403(
    demo_server: str, browser: Browser, size: str
) -> None:
    viewport = PHONE if size == "phone" else DESKTOP
    problems: list[str] = []
    measured: set[str] = set()
    for username, landing in LANDS_ON.items():
        context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        try:
            measured |= _walk(context, demo_server, username, landing, size, problems)
        finally:
            context.close()
    if size == "phone":
        _check_public_form(browser, demo_server, problems)
    assert problems == [], "\n".join(problems)
    if size == "phone":
        assert measured >= MEASURED_AT_LEAST, f"never measured: {MEASURED_AT_LEAST - measured}"


def _walk(
    context: BrowserContext, base: str, username: str, landing: str, size: str, problems: list[str]
) -> set[str]:
    """Log in, check the landing page, every link's status, and (phone) the main pages' width."""
    page = context.new_page()
    outside = block_outside_requests(page, base)
    log_in_page(page, base, username, DEMO_PASSWORD)
    if urlsplit(page.url).path != landing:
        problems.append(f"{username} landed on {page.url}, not {landing}")
    _check_landing_content(page, landing)
    nav = _hrefs(page, ".mainnav a")
    links = nav | _hrefs(page, "main a")
    for link in sorted(links):
        status = context.request.get(base + link).status
        if status == 403:
            problems.append(f"{username}: {link} answers 403")
    measured: set[str] = set()
    if size == "phone":
        _check_menu(page, username, problems)
        measured = _measure(page, base, username, [landing, *sorted(nav)], problems)
    elif username == "admin":
        _screenshots_desktop(page, base)
    assert outside == [], f"{username}'s pages asked the network for {outside}"
    return measured


def _check_landing_content(page: Page, landing: str) -> None:
    if landing == INBOX:
        expect(page.locator("#tab-todo .badge")).to_be_visible()  # the inbox with its counts
    else:
        expect(page.locator("svg.chart-funnel")).to_be_visible()
        expect(page.locator("#race-card")).to_be_visible()


def _check_menu(page: Page, username: str, problems: list[str]) -> None:
    """On a phone the navigation is folded away; the menu button opens it, one line a link."""
    first = page.locator(".mainnav a").first
    if first.is_visible():
        problems.append(f"{username}: the navigation is not folded into a menu on a phone")
    page.click(".menu-button")
    expect(first).to_be_visible()
    for box in page.locator(".mainnav a").all():
        shape = box.bounding_box()
        if shape is None or shape["height"] > 44 or shape["width"] < 48:
            problems.append(f"{username}: a navigation link is squeezed ({shape})")


def _measure(
    page: Page, base: str, username: str, start: list[str], problems: list[str]
) -> set[str]:
    """Open the pages of `start`, then one page of each main kind found on them; note each
    one wider than the phone."""
    kinds: dict[str, str] = {}
    queue = list(dict.fromkeys(start))
    seen: set[str] = set()
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        page.goto(base + path)
        kind = _kind(path)
        if kind is not None:
            kinds.setdefault(kind, path)
            width = page_width(page)
            if width > PHONE["width"]:
                problems.append(f"{username}: {path} ({kind}) is {width} px wide on a phone")
        queue += [link for link in _new_kinds(page, kinds, seen)]
    return set(kinds)


def _new_kinds(page: Page, kinds: dict[str, str], seen: set[str]) -> Iterable[str]:
    """The first link on the page of each main kind not opened yet."""
    found: dict[str, str] = {}
    for link in sorted(_hrefs(page, "main a")):
        kind = _kind(link)
        if kind and kind not in kinds and kind not in found and link not in seen:
            found[kind] = link
    return found.values()


def _kind(link: str) -> str | None:
    path = urlsplit(link).path
    return next((k for k, shape in MAIN_PAGES.items() if re.fullmatch(shape, path)), None)


def _hrefs(page: Page, selector: str) -> set[str]:
    """The page's own links under `selector`: paths with their queries, downloads left out."""
    found = page.eval_on_selector_all(
        selector,
        "els => els.filter(e => !e.hasAttribute('download')).map(e => e.getAttribute('href'))",
    )
    links = set()
    for href in found:
        parts = urlsplit(href or "")
        if not parts.path.startswith("/") or parts.path.endswith(".xlsx"):
            continue  # ?lang=, #anchors, downloads
        links.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


# ── screenshots for the README (only when TAIZHANG_SCREENSHOTS names a folder) ──────────────


def _screenshots_desktop(page: Page, base: str) -> None:
    if not SCREENSHOTS:
        return
    page.goto(base + "/")
    _shoot(page, "dashboard")
    page.click("#big table a >> nth=0")
    page.wait_for_load_state()
    _shoot(page, "project")
    page.goto(base + "/race")
    _shoot(page, "race")
    page.goto(base + INBOX)
    _shoot(page, "inbox")


def _check_public_form(browser: Browser, base: str, problems: list[str]) -> None:
    """The public request form, logged out, on a phone."""
    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(base + "/appeals/new")
    if page_width(page) > PHONE["width"]:
        problems.append(f"/appeals/new is {page_width(page)} px wide on a phone")
    if SCREENSHOTS:
        _shoot(page, "appeal-form-phone")
    context.close()


def _shoot(page: Page, name: str) -> None:
    assert SCREENSHOTS
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

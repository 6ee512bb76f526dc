"""A policy's page and an enterprise's 可享政策 card in a real Chromium, on a desktop and on a
phone: the page lists who qualifies, who nearly does and whose data is missing, a match opens
to show each condition with its figure and source, and nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from taizhang.demo import DEMO_PASSWORD
from tests.web.browsing import DESKTOP, PHONE, block_outside_requests, log_in_page, page_width

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page: Page, viewport: dict[str, int], what: str) -> None:
    assert page_width(page) <= viewport["width"], f"{what} is {page_width(page)} px wide"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_policy_page_and_the_enterprise_card(
    demo_server: str, browser: Browser, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)
    outside = block_outside_requests(page, demo_server)
    log_in_page(page, demo_server, "admin", DEMO_PASSWORD)

    page.goto(f"{demo_server}/policies/KJ-2026-03")
    for part in ("#qualified", "#nearly", "#unknown"):
        expect(page.locator(f"{part} tbody tr").first).to_be_visible()
    expect(page.locator("#payments-xlsx")).to_be_visible()
    _no_sideways_scroll(page, viewport, "a policy's page")
    first = page.locator("#qualified tbody tr").first
    first.locator("summary").click()
    expect(first.locator("table.outcomes")).to_be_visible()
    expect(first.locator("table.outcomes")).to_contain_text("R&D经费支出")
    _no_sideways_scroll(page, viewport, "a policy's page with a match open")

    first.locator("td a").first.click()
    page.wait_for_load_state()
    card = page.locator("#policies-card")
    expect(card).to_be_visible()
    expect(card.locator(".policy-line").first).to_be_visible()
    expect(card).to_contain_text("企业研发费用投入补助")
    _no_sideways_scroll(page, viewport, "an enterprise's page with its policies")
    assert outside == [], f"the pages asked the network for {outside}"

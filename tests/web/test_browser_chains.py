"""The chain pages in a real Chromium, on a desktop and on a phone: the list leads to a chain
whose map colours its weak and missing links, a link's box leads to its section with target
firms, a lead entered through the form shows among them, and nothing scrolls sideways (the map
scrolls inside its card)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from taizhang.demo import DEMO_PASSWORD
from tests.web.browsing import DESKTOP, PHONE, block_outside_requests, log_in_page, page_width

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_chains_map_gaps_and_targets(
    demo_server: str, browser: Browser, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)
    outside = block_outside_requests(page, demo_server)
    log_in_page(page, demo_server, "touzhong", DEMO_PASSWORD)

    page.goto(f"{demo_server}/chains")
    page.locator('tr[data-chain="intelligent-equipment"] a').click()
    page.wait_for_load_state()
    chain_map = page.locator("svg.chain-map")
    expect(chain_map).to_be_visible()
    expect(chain_map.locator('g[data-gap="weak"]')).to_have_count(1)
    expect(chain_map.locator('g[data-gap="missing"]').first).to_be_attached()
    assert page_width(page) <= viewport["width"], f"the chain page is {page_width(page)} px wide"

    weak = page.locator('section.chain-link[data-gap="weak"]')
    expect(weak.locator("tr.target").first).to_contain_text("山东沃丰农业装备有限公司")
    missing = page.locator("#link-machine-tools")
    expect(missing.locator("h2 .tag")).to_contain_text("缺链")
    expect(page.locator("#link-motors h2 .tag")).to_contain_text("断链")

    firm = f"湖北楚天数控机床有限公司{viewport['width']}"
    form = page.locator("#link-machine-tools form.lead-form")
    form.locator('input[name="firm"]').fill(firm)
    form.locator('input[name="region"]').fill("湖北武汉")
    form.locator("button").click()
    page.wait_for_load_state()
    expect(page.locator("#link-machine-tools tr.target", has_text=firm)).to_be_visible()
    assert page_width(page) <= viewport["width"]
    assert outside == [], f"the pages asked the network for {outside}"

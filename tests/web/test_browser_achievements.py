"""The achievement library in a real Chromium, on a desktop and on a phone: the demo library
searched by an enterprise's short name and filtered by field, then a need opened to show its
candidates with their reasons and its 对接 trail; nothing scrolls sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from taizhang.demo import DEMO_PASSWORD
from tests.web.browsing import DESKTOP, PHONE, block_outside_requests, log_in_page, page_width

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page: Page, viewport: dict[str, int], what: str) -> None:
    assert page_width(page) <= viewport["width"], f"{what} is {page_width(page)} px wide"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_search_the_library_and_open_a_need(
    demo_server: str, browser: Browser, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)
    outside = block_outside_requests(page, demo_server)
    log_in_page(page, demo_server, "admin", DEMO_PASSWORD)

    page.goto(f"{demo_server}/achievements")
    form = page.locator("#achievement-search")
    form.locator("input[name=q]").fill("当卓能源")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    rows = page.locator("#achievements tbody tr")
    expect(rows.first).to_contain_text("浙江当卓能源科技有限公司")
    expect(page.locator("#result-count")).to_contain_text("当卓能源")
    _no_sideways_scroll(page, viewport, "the library's search")

    form = page.locator("#achievement-search")
    form.locator("input[name=q]").fill("碳化硅")
    form.locator("select[name=field]").select_option("电子信息")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(rows.first).to_contain_text("电子信息")
    expect(rows.first.locator("td.reasons")).to_contain_text("碳化硅")

    page.goto(f"{demo_server}/achievements/needs")
    page.locator("#needs tbody tr[data-id='1'] a").click()
    page.wait_for_load_state()
    candidates = page.locator("#candidates tbody tr")
    expect(candidates.first).to_be_visible()
    expect(candidates.first.locator("td.reasons")).to_contain_text("命中：")
    expect(candidates.first.locator("td.reasons")).to_contain_text("成熟度：")
    expect(page.locator("#trail li[data-step='agreement']")).to_be_visible()
    expect(page.locator("#candidates-xlsx")).to_be_visible()
    _no_sideways_scroll(page, viewport, "a need's page")
    assert outside == [], f"the pages asked the network for {outside}"

"""The enterprise library and an enterprise's page in a real Chromium, on a desktop and on a
phone: searching finds the firm, the page never scrolls sideways (wide tables scroll inside
their cards), and the three SVG charts are drawn with their data."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from taizhang.demo import DEMO_PASSWORD
from tests.web.browsing import DESKTOP, PHONE, block_outside_requests, log_in_page, page_width

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page: Page, viewport: dict[str, int], what: str) -> None:
    assert page_width(page) <= viewport["width"], f"{what} is {page_width(page)} px wide"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_library_finds_a_firm_and_its_page_draws_its_years(
    demo_server: str, browser: Browser, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)
    outside = block_outside_requests(page, demo_server)
    log_in_page(page, demo_server, "admin", DEMO_PASSWORD)

    page.goto(f"{demo_server}/enterprises")
    rows = page.locator("#enterprises tbody tr")
    expect(rows).to_have_count(50)
    expect(page.locator("#result-count")).to_contain_text("家企业")
    _no_sideways_scroll(page, viewport, "/enterprises")

    first = rows.first.locator("td").first.locator("a")
    name = first.inner_text()
    page.fill("input[name=q]", name[2:6])
    page.locator("#enterprise-filters button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#enterprises tbody")).to_contain_text(name)
    page.select_option("select[name=grade]", "A")
    page.locator("#enterprise-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "grade=A" in page.url

    page.goto(f"{demo_server}/enterprises?grade=A")
    page.locator("#enterprises tbody tr td a").first.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("#latest-grade")).to_contain_text("A")
    _no_sideways_scroll(page, viewport, "an enterprise's page")

    for chart in ("#chart-tax", "#chart-value-added", "#chart-grades"):
        svg = page.locator(f"{chart} svg")
        expect(svg).to_be_visible()
        box = svg.bounding_box()
        assert box is not None and box["width"] > 150 and box["height"] > 60, chart
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, chart
    assert page.locator("#chart-tax polyline.trend-line").count() == 1
    assert page.locator("#chart-grades circle.level-dot").count() >= 1
    expect(page.locator("#results-table tbody tr")).not_to_have_count(0)

    figures = page.locator("#figures .table-scroll")
    expect(figures).to_be_visible()
    source = page.locator("#figures-table a.source-link").first
    source.click()
    assert "#fact-" in page.url
    expect(page.locator(page.url[page.url.index("#") :])).to_contain_text("第")
    assert outside == [], f"the pages asked the network for {outside}"

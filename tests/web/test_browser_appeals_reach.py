"""Chromium on the demo district: a handler finds a closed appeal through the 全部 tab and the
search, at desktop and phone sizes, and the statistics page draws its charts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browsing import DESKTOP, PHONE, block_outside_requests, log_in_page, page_width

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "taizhang-demo"
SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])


def logged_in(browser: Browser, base: str, size: dict[str, int], username: str) -> Page:
    page = browser.new_context(viewport=size).new_page()  # type: ignore[arg-type]
    outside = block_outside_requests(page, base)
    log_in_page(page, base, username, DEMO_PASSWORD)
    assert outside == []
    return page


@SIZES
def test_a_handler_finds_a_closed_appeal_through_all_and_search(
    demo_server: str, browser: Browser, size: dict[str, int]
) -> None:
    page = logged_in(browser, demo_server, size, "wangshan")  # 湘城社区
    page.goto(f"{demo_server}/appeals/inbox")
    page.click("#tab-all")
    expect(page.locator("#tab-all")).to_have_attribute("aria-current", "page")
    page.select_option("select[name=status]", value="closed")
    page.click("#appeal-search button[type=submit]")
    first = page.locator("#results li.appeal").first
    expect(first.locator(".status")).to_have_text("已销号")
    number = first.locator("a.number").inner_text()
    phone = first.locator(".phone").inner_text()
    assert re.fullmatch(r"\d{3}\*{4}\d{4}", phone)  # masked, as everywhere

    page.goto(f"{demo_server}/appeals/inbox?tab=all")
    page.fill("input[name=number]", number)
    page.click("#appeal-search button[type=submit]")
    expect(page.locator("#results a.number")).to_have_text([number])

    page.goto(f"{demo_server}/appeals/inbox?tab=all")
    page.fill("input[name=phone_tail]", phone[-4:])
    page.click("#appeal-search button[type=submit]")
    expect(page.locator("#results a.number", has_text=number)).to_have_count(1)
    assert page_width(page) <= size["width"]

    page.locator("#results a.number", has_text=number).click()
    expect(page.locator("#appeal-status")).to_have_text("已销号")
    assert "催办：催办：" not in page.content()


@SIZES
def test_the_statistics_page_draws_its_charts(
    demo_server: str, browser: Browser, size: dict[str, int]
) -> None:
    page = logged_in(browser, demo_server, size, "admin")
    page.goto(f"{demo_server}/appeals/statistics")
    charts = page.locator("figure.chart-figure svg")
    expect(charts).to_have_count(6)
    for index in range(6):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 40
    expect(page.locator("#by_unit-table tbody tr").first).to_be_visible()
    assert page.locator("#by_category svg rect.bar").count() > 0
    assert page_width(page) <= size["width"]

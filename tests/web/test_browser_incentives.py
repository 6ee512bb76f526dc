"""The incentives in a real browser on the demo district, at desktop and phone width: the
program page (its rules, the pool's use by town and by month as charts, the runs, the payment
workbook's link) and a household's page (its two years of bills, its voucher and why, each
movement), never wider than the phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browsing import DESKTOP, PHONE, block_outside_requests, log_in_page, page_width

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "taizhang-demo"


def opened(browser: Browser, server: str, viewport: dict[str, int]) -> tuple[Page, list[str]]:
    page = browser.new_context(viewport=viewport).new_page()  # type: ignore[arg-type]
    outside = block_outside_requests(page, server)
    log_in_page(page, server, "admin", DEMO_PASSWORD)
    return page, outside


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_program_page(browser: Browser, demo_server: str, viewport: dict[str, int]) -> None:
    page, outside = opened(browser, demo_server, viewport)
    page.goto(f"{demo_server}/incentives")
    page.get_by_role("link", name=re.compile("南湖区居民节能降耗消费券")).first.click()
    expect(page.locator("h1")).to_contain_text("南湖区居民节能降耗消费券")
    expect(page.locator("#rules")).to_contain_text("降幅达到 5% 的月份达标")
    expect(page.locator("#pro-rata")).to_contain_text("申领超过资金池")
    expect(page.locator(".reconcile")).to_have_attribute("data-reconciles", "yes")
    for chart in ("#by-town svg.chart-bar", "#by-month svg.chart-trend"):
        expect(page.locator(chart)).to_be_visible()
    page.locator("#by-town summary").click()
    expect(page.locator("#by-town table tbody tr").first).to_be_visible()
    expect(page.locator("#payments-xlsx")).to_have_attribute("href", re.compile(r"payments\.xlsx$"))
    if viewport is PHONE:
        assert page_width(page) <= PHONE["width"]
    assert outside == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_households_page(browser: Browser, demo_server: str, viewport: dict[str, int]) -> None:
    page, outside = opened(browser, demo_server, viewport)
    page.goto(f"{demo_server}/incentives")
    page.locator("#programs td a[href^='/incentives/runs/']").first.click()
    page.get_by_label("只看获奖励的").check()
    page.get_by_role("button", name="筛选").click()
    first = page.locator("#run-accounts tbody tr td a").first
    number = first.inner_text()
    page.fill("input[name=q]", number)
    page.get_by_role("button", name="筛选").click()  # one account found: its own page
    expect(page).to_have_url(re.compile(f"/incentives/accounts/{number}$"))
    expect(page.locator("h1")).to_contain_text(number)
    expect(page.locator("#bills svg.chart-trend")).to_be_visible()
    expect(page.locator("#bills table tbody tr")).to_have_count(12)
    voucher = page.locator("article.voucher").first
    expect(voucher.locator(".why")).to_contain_text("降幅")
    expect(voucher.locator("tr[data-kind=ISSUED]")).to_have_count(1)
    expect(page.locator(".result").first).to_contain_text("按比例")
    if viewport is PHONE:
        assert page_width(page) <= PHONE["width"]
    assert outside == []

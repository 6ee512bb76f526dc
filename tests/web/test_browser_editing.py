"""新建项目 in a real Chromium on the demo district, on a desktop and on a phone: an amount
typed as 120亿 is saved and shown on the project's page; a bad one keeps what was typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browsing import DESKTOP, PHONE, block_outside_requests, log_in_page, page_width

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "taizhang-demo"


def _new_project_page(browser: Browser, base: str, size: dict[str, int]) -> Page:
    page = browser.new_page(viewport=size)
    log_in_page(page, base, "admin", DEMO_PASSWORD)
    page.goto(f"{base}/projects")
    page.click("#new-project")
    expect(page.locator("h1")).to_have_text("新建项目")
    return page


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_project_created_with_120_yi_shows_on_its_page(
    demo_server: str, browser: Browser, size: dict[str, int]
) -> None:
    page = _new_project_page(browser, demo_server, size)
    outside = block_outside_requests(page, demo_server)
    name = f"浏览器新建储能项目{size['width']}"
    page.fill("#f-name", name)
    page.select_option("#f-unit", index=2)
    page.select_option("#f-stage", "SIGNED")
    page.fill("#f-investment", "120亿")
    page.fill("#f-investors", "示例储能科技有限公司")
    page.fill("#f-planned_CONSTRUCTION", "2026-09-30")
    assert page_width(page) <= size["width"], "the form scrolls sideways"
    page.click("#project-form button[type=submit]")

    expect(page.locator("h1")).to_contain_text(name)
    figures = page.locator("#figures")
    expect(figures).to_contain_text("120亿元")
    expect(figures).to_contain_text("示例储能科技有限公司")
    expect(page.locator('#stages li[data-stage="CONSTRUCTION"]')).to_contain_text("2026-09-30")
    assert outside == [], f"the page asked the network for {outside}"


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_bad_amount_comes_back_with_what_was_typed(
    demo_server: str, browser: Browser, size: dict[str, int]
) -> None:
    page = _new_project_page(browser, demo_server, size)
    page.fill("#f-name", "金额写错的项目")
    page.select_option("#f-unit", index=2)
    page.fill("#f-investment", "12三亿")
    page.click("#project-form button[type=submit]")

    expect(page.locator("#e-investment")).to_contain_text("混用了阿拉伯数字和汉字数字")
    expect(page.locator("#f-investment")).to_have_value("12三亿")
    expect(page.locator("#f-name")).to_have_value("金额写错的项目")
    error = page.locator("#e-investment").bounding_box()
    assert error is not None and error["x"] + error["width"] <= size["width"]

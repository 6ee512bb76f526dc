"""The evaluation page in a real Chromium, at desktop and phone width: a district administrator
opens the demo's published 2025 evaluation (its second, corrected revision), reads the class chart
and its table, the towns' standing, filters the list by class and opens an enterprise's
explanation, then takes 2022 (never evaluated) from a trial to publication; nothing is wider than
the window."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from taizhang.demo import DEMO_PASSWORD
from tests.web.browsing import DESKTOP, PHONE, block_outside_requests, log_in_page, page_width

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_evaluation_page(demo_server: str, browser: Browser, viewport: dict[str, int]) -> None:
    page = browser.new_page(viewport=viewport)
    outside = block_outside_requests(page, demo_server)
    log_in_page(page, demo_server, "admin", DEMO_PASSWORD)
    page.goto(f"{demo_server}/muju")
    expect(page).to_have_url(re.compile(r"/muju/2025$"))
    expect(page.locator("#run-state")).to_contain_text("公示中 · 第 2 版")
    expect(page.locator("#revisions tr[data-revision='1']")).to_contain_text("已被新版本替代")
    expect(page.locator("#class-chart svg.chart-bar")).to_be_visible()
    page.click("#class-chart summary")
    expect(page.locator("#class-table tbody tr").first).to_contain_text("A")
    expect(page.locator("#towns tbody tr").first).to_be_visible()
    assert page_width(page) <= viewport["width"]

    page.select_option("#results-form select[name=grade]", "D")
    page.click("#results-form button")
    rows = page.locator("#results-table tbody tr")
    expect(rows.first).to_have_attribute("data-grade", "D")
    assert rows.count() == page.locator("#results-table tbody tr[data-grade=D]").count()
    rows.first.locator("summary").click()
    explanation = rows.first.locator(".explanation")
    expect(explanation).to_be_visible()
    expect(explanation).to_contain_text("→ D")

    page.goto(f"{demo_server}/muju/2022")
    expect(page.locator("#no-run")).to_be_visible()
    page.click("#compute-form button")
    expect(page.locator("#run-state")).to_contain_text("试算")
    page.fill("#publish-form input[name=days]", "5")
    page.click("#publish-form button")
    expect(page.locator("#run-state")).to_contain_text("公示中")
    expect(page.locator("#window")).to_contain_text("2026-05-20 至 2026-05-25")
    page.click("#freeze-form button")
    expect(page.locator("#action-error")).to_contain_text("期满后")
    assert page_width(page) <= viewport["width"]
    assert outside == [], f"the page asked the network for {outside}"


def test_town_staff_see_the_standing_without_actions(demo_server: str, browser: Browser) -> None:
    page = browser.new_page(viewport=PHONE)
    log_in_page(page, demo_server, "fengqiao", DEMO_PASSWORD)
    expect(page.locator("nav a[href='/muju']")).to_have_count(1)
    page.goto(f"{demo_server}/muju/2025")
    expect(page.locator("#run-state")).to_contain_text("公示中")
    expect(page.locator("#towns tbody tr").first).to_be_visible()
    expect(page.locator("#actions")).to_have_count(0)

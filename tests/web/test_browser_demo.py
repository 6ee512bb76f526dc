"""The demo as a first visitor meets it, in a real Chromium: every document a timeline cites is
on the 文档摘录 page and one click away; the dashboard's tables end in 合计."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from taizhang.demo import DEMO_PASSWORD
from taizhang.demo.data import PROJECTS
from tests.web.browsing import DESKTOP, PHONE, block_outside_requests, log_in_page, page_width

pytestmark = pytest.mark.browser

REPORTED = [row for row in PROJECTS if row.news is not None]


def test_a_timeline_cites_a_filed_report_and_links_to_its_sentences(
    demo_server: str, browser: Browser
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    outside = block_outside_requests(page, demo_server)
    log_in_page(page, demo_server, "admin", DEMO_PASSWORD)

    page.goto(f"{demo_server}/documents")
    # the newspaper's reports on the demo's projects, and the investment team's (链式招商)
    expect(page.locator("main table tbody tr")).to_have_count(len(REPORTED) + 1)

    page.goto(f"{demo_server}/projects?q=湖纳能源")
    page.click("text=湖纳能源20GWh钠离子电池项目")
    cited = page.locator("#timeline a.document-link")
    expect(cited.first).to_be_visible()
    assert cited.count() >= 2  # its figures and its stage, from the same report
    cited.first.click()
    expect(page).to_have_url(re.compile(r"/documents/\d+#fact-\d+$"))
    expect(page.locator("h1")).to_contain_text("湖纳能源钠离子电池项目主体施工过半")
    expect(page.locator("#text mark").first).to_be_visible()
    expect(page.locator("#facts")).to_contain_text("湖纳能源20GWh钠离子电池项目")
    assert outside == [], f"the page asked the network for {outside}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_dashboard_tables_end_in_a_total_row(
    demo_server: str, browser: Browser, viewport: dict[str, int]
) -> None:
    page = browser.new_page(viewport=viewport)
    log_in_page(page, demo_server, "admin", DEMO_PASSWORD)
    total = page.locator("#by-unit tfoot tr.total")
    expect(total).to_contain_text("合计")
    expect(page.locator("#by-unit thead")).to_contain_text("项目数")
    box = total.bounding_box()
    assert box is not None and box["x"] >= 0 and box["width"] <= page_width(page)

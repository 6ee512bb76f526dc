"""A real Chromium against a real `taizhang serve` on a free port, with no network."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from taizhang.org.models import User
from tests.conftest import PASSWORD, Projects
from tests.web.browsing import block_outside_requests, serving

pytestmark = pytest.mark.browser


@pytest.fixture
def server(database_url: str, projects: Projects, district_admin: User) -> Iterator[str]:
    with serving(database_url) as url:
        yield url


def test_a_user_logs_in_sees_the_funnel_and_opens_a_projects_timeline(
    server: str, browser: Browser, projects: Projects
) -> None:
    page = browser.new_page()
    outside = block_outside_requests(page, server)
    page.goto(f"{server}/")
    expect(page).to_have_url(f"{server}/login?next=/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")

    steps = page.locator("svg.chart-funnel g.funnel-step")
    expect(steps).to_have_count(7)
    shape = page.locator("svg.chart-funnel .funnel-shape").first.bounding_box()
    assert shape is not None and shape["width"] > 10 and shape["height"] > 10

    page.click("#big >> text=新型电池电芯项目")
    expect(page.locator("h1")).to_contain_text("新型电池电芯项目")
    timeline = page.locator("#timeline li.event")
    expect(timeline).to_have_count(1)
    expect(timeline.first).to_contain_text("测试数据")
    assert outside == [], f"the page asked the network for {outside}"

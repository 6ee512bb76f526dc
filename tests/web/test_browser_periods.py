"""The race board and the targets page of the demo (clock on 2026-05-20) in a real Chromium,
at desktop and phone sizes: the charts are drawn, one bar per unit, and nothing pushes the
page sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from taizhang.demo.data import DEMO_PASSWORD
from tests.web.browsing import DESKTOP, PHONE, block_outside_requests, log_in_page, page_width

pytestmark = pytest.mark.browser

SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])


def _open(browser: Browser, base: str, size: dict[str, int], path: str) -> tuple[Page, list[str]]:
    page = browser.new_page(viewport=size)  # type: ignore[arg-type]
    outside = block_outside_requests(page, base)
    log_in_page(page, base, "admin", DEMO_PASSWORD)
    page.goto(f"{base}{path}")
    return page, outside


def _count(page: Page, selector: str) -> int:
    return int(page.locator(selector).count())


@SIZES
def test_the_board_and_the_targets_page_draw_their_charts_within_the_page(
    browser: Browser, demo_server: str, size: dict[str, int]
) -> None:
    """One demo server per size: building the demo is the slow part."""
    page, outside = _open(browser, demo_server, size, "/race")
    _check_board(page, size)
    page.goto(f"{demo_server}/race/targets")
    _check_targets(page, size)
    assert outside == []
    page.close()


def _check_board(page: Page, size: dict[str, int]) -> None:
    units = _count(page, "#leaderboard tbody tr")
    assert units > 1
    assert _count(page, "#points-chart svg.chart-bar g.bar-row") == units
    assert _count(page, "#rank-history svg.chart-rank g.rank-series") >= 1
    box = page.locator("#points-chart svg").bounding_box()
    assert box is not None and box["width"] > 0 and box["x"] + box["width"] <= size["width"]
    page.locator("#rank-history details summary").click()
    assert _count(page, "#rank-history details tbody tr") == units
    assert page_width(page) <= size["width"]


def _check_targets(page: Page, size: dict[str, int]) -> None:
    charts = page.locator(".completion-chart")
    assert charts.count() >= 1
    for index in range(charts.count()):
        chart = charts.nth(index)
        metric = chart.get_attribute("data-metric")
        with_target = _count(page, f'#completion tbody tr[data-metric="{metric}"]')
        assert chart.locator("svg.chart-progress g.progress-row").count() == with_target > 0
        assert chart.locator("line.progress-marker").count() == 1
        assert "序时进度 38.71%" in (chart.locator("svg").text_content() or "")  # 20 May
    charts.first.locator("details summary").click()
    assert page_width(page) <= size["width"]

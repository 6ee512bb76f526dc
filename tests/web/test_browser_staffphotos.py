"""Chromium on the demo district: a resident files a request with a photo from a phone, and the
余南社区 handler sees it on the staff appeal page at desktop and phone sizes, the thumbnail drawn
and opening the full photo; a handler of another community is refused the photo."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browsing import DESKTOP, PHONE, block_outside_requests, log_in_page, page_width
from tests.web.images import tiny_png

pytestmark = pytest.mark.browser
DEMO_PASSWORD = "taizhang-demo"
SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])


def file_with_photo(browser: Browser, base: str) -> str:
    """The number of a request filed at 渔里南苑 (余南社区) with one 60×40 PNG."""
    page = browser.new_context(viewport=PHONE).new_page()  # type: ignore[arg-type]
    page.goto(f"{base}/appeals/new")
    page.fill("input[name=name]", "周阿姨")
    page.fill("input[name=phone]", "13905730000")
    page.select_option("select[name=compound]", label="渔里南苑")
    page.select_option("select[name=category]", label="环境卫生")
    page.fill("textarea[name=description]", "垃圾分类点的垃圾桶满了两天没人清运")
    photo = {"name": "垃圾桶.png", "mimeType": "image/png", "buffer": tiny_png(60, 40)}
    page.set_input_files("input[name=photos]", files=[photo])
    page.click("button[type=submit]")
    number = page.locator("#appeal-number").inner_text()
    page.context.close()
    return number


def logged_in(browser: Browser, base: str, size: dict[str, int], username: str) -> Page:
    page = browser.new_context(viewport=size).new_page()  # type: ignore[arg-type]
    log_in_page(page, base, username, DEMO_PASSWORD)
    return page


def open_appeal(page: Page, base: str, number: str) -> None:
    page.goto(f"{base}/appeals/inbox?tab=all")
    page.fill("input[name=number]", number)
    page.click("#appeal-search button[type=submit]")
    page.locator("#results a.number", has_text=number).click()
    expect(page.locator("h1")).to_contain_text(number)


@SIZES
def test_the_handler_sees_the_residents_photo_and_opens_it(
    demo_server: str, browser: Browser, size: dict[str, int]
) -> None:
    number = file_with_photo(browser, demo_server)
    page = logged_in(browser, demo_server, size, "chenyaqin")  # 余南社区
    outside = block_outside_requests(page, demo_server)
    open_appeal(page, demo_server, number)

    thumbnail = page.locator("#appeal-photos img")
    expect(thumbnail).to_have_count(1)
    expect(thumbnail).to_have_attribute("alt", "垃圾桶.png")
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const img = document.querySelector('#appeal-photos img');"
        " return img.complete && img.naturalWidth > 0; }"
    )
    assert page.evaluate("document.querySelector('#appeal-photos img').naturalWidth") == 60
    box = thumbnail.bounding_box()
    assert box is not None and box["x"] > 0 and box["x"] + box["width"] <= size["width"]
    assert page_width(page) <= size["width"]

    src = thumbnail.get_attribute("src")
    assert src and re.fullmatch(r"/appeals/\d+/photos/\d+", src)
    with page.expect_navigation() as opened:
        thumbnail.click()
    response = opened.value
    assert response is not None and response.status == 200
    assert response.headers["content-type"] == "image/png"
    assert page.url == f"{demo_server}{src}"
    assert outside == [], f"the page asked the network for {outside}"


def test_a_handler_of_another_community_is_refused_the_photo(
    demo_server: str, browser: Browser
) -> None:
    number = file_with_photo(browser, demo_server)
    handler = logged_in(browser, demo_server, DESKTOP, "chenyaqin")
    open_appeal(handler, demo_server, number)
    src = handler.locator("#appeal-photos img").get_attribute("src")
    outsider = logged_in(browser, demo_server, PHONE, "wangshan")  # 湘城社区
    refused = outsider.goto(f"{demo_server}{src}")
    assert refused is not None and refused.status == 403
    appeal_page = outsider.goto(f"{demo_server}{(src or '').split('/photos/')[0]}")
    assert appeal_page is not None and appeal_page.status == 403

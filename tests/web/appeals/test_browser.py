"""A phone-sized Chromium: a resident submits a request, the handler closes it from the inbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.appeals import conftest as appeals_fixtures
from tests.appeals.conftest import Place
from tests.conftest import PASSWORD
from tests.web.browsing import PHONE, block_outside_requests, serving

place = appeals_fixtures.place  # the small place with a compound, handler and categories

pytestmark = pytest.mark.browser


@pytest.fixture
def appeals_server(database_url: str, place: Place) -> Iterator[str]:
    with serving(database_url) as url:
        yield url


def phone_page(browser: Browser, base: str) -> tuple[Page, list[str]]:
    page = browser.new_context(viewport=PHONE).new_page()
    return page, block_outside_requests(page, base)


def take_step(page: Page, label: str) -> None:
    page.locator(".steps button", has_text=label).click()


def test_a_resident_submits_from_a_phone_and_the_handler_closes_it(
    appeals_server: str, browser: Browser, place: Place
) -> None:
    resident, outside = phone_page(browser, appeals_server)
    resident.goto(f"{appeals_server}/appeals/new")
    resident.fill("input[name=name]", "王小明")
    resident.fill("input[name=phone]", "13812345678")
    resident.select_option("select[name=compound]", label="幸福里小区")
    resident.select_option("select[name=category]", label="投诉举报")
    resident.fill("textarea[name=description]", "楼道灯坏了一个月没人修")
    resident.click("button[type=submit]")
    number = resident.locator("#appeal-number").inner_text()
    tracking = resident.locator("#tracking-link").get_attribute("href")
    assert number.startswith("SQ") and tracking

    handler, _ = phone_page(browser, appeals_server)
    handler.goto(f"{appeals_server}/appeals/inbox")
    handler.fill("input[name=username]", place.handler.username)
    handler.fill("input[name=password]", PASSWORD)
    handler.click("button[type=submit]")
    handler.click(f"text={number}")
    expect(handler.locator("#requester-phone")).to_have_text("138****5678")
    for label in ("受理", "分派", "签收办理"):
        take_step(handler, label)
    handler.fill("textarea[name=answer]", "已更换灯泡")
    take_step(handler, "答复")
    expect(handler.locator("#appeal-status")).to_have_text("已答复·待评价")

    resident.goto(f"{appeals_server}{tracking}")
    expect(resident.locator(".quote")).to_contain_text("已更换灯泡")
    resident.check("input[name=grade][value='4']")
    resident.click("form.grades button[type=submit]")
    expect(resident.locator("#appeal-state")).to_have_text("已评价")

    handler.reload()
    take_step(handler, "销号")
    expect(handler.locator("#appeal-status")).to_have_text("已销号")
    resident.reload()
    expect(resident.locator("#appeal-state")).to_have_text("已销号")
    assert outside == [], f"the page asked the network for {outside}"

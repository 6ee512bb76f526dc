"""民情诉求 on a phone (390×844), in real Chromium against the demo district: a resident files
with a photo, follows the tracking link and reads the steps; a mistake keeps what was typed;
an enterprise gets its own fields. Nothing leaves the server, nothing scrolls sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browsing import PHONE, block_outside_requests, page_width
from tests.web.images import tiny_png

pytestmark = pytest.mark.browser


def phone_page(browser: Browser, base: str) -> tuple[Page, list[str]]:
    page = browser.new_context(viewport=PHONE).new_page()
    return page, block_outside_requests(page, base)


def fill_resident_form(page: Page, *, phone: str) -> None:
    page.fill("input[name=name]", "周阿姨")
    page.fill("input[name=phone]", phone)
    page.select_option("select[name=compound]", label="渔里南苑")
    page.select_option("select[name=category]", label="环境卫生")
    page.fill("textarea[name=description]", "垃圾分类点的垃圾桶满了两天没人清运")


def test_a_resident_files_with_a_photo_and_follows_the_steps(
    demo_server: str, browser: Browser
) -> None:
    page, outside = phone_page(browser, demo_server)
    page.goto(f"{demo_server}/appeals/new")
    expect(page.locator(".brand")).to_have_text(re.compile("民情诉求$"))
    expect(page.locator("select[name=compound]")).to_have_value("")
    expect(page.locator("select[name=category]")).to_have_value("")
    assert page_width(page) <= PHONE["width"]
    fill_resident_form(page, phone="0573-82345678")
    photo = {"name": "垃圾桶.png", "mimeType": "image/png", "buffer": tiny_png(60, 40)}
    page.set_input_files("input[name=photos]", files=[photo])
    page.click("button[type=submit]")

    expect(page.locator("#appeal-number")).to_have_text(re.compile(r"^SQ2026\d{6}$"))
    assert page_width(page) <= PHONE["width"]
    page.click("#tracking-link")
    expect(page.locator("#appeal-state")).to_have_text("待受理")
    expect(page.locator("#appeal-due")).to_contain_text("预计办结")
    history = page.locator("#appeal-history li .what")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("登记")
    expect(history.nth(1)).to_have_text("上传照片")
    image = page.locator(".photos img")
    expect(image).to_have_attribute("alt", "垃圾桶.png")
    image.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.photos img').naturalWidth === 60")
    assert page_width(page) <= PHONE["width"]
    assert outside == [], f"the page asked the network for {outside}"


def test_a_wrong_phone_is_explained_next_to_it_and_nothing_typed_is_lost(
    demo_server: str, browser: Browser
) -> None:
    page, outside = phone_page(browser, demo_server)
    page.goto(f"{demo_server}/appeals/new")
    fill_resident_form(page, phone="12345")
    page.click("button[type=submit]")
    expect(page.locator("#phone-error")).to_contain_text("联系电话“12345”不是有效号码")
    expect(page.locator("input[name=phone]")).to_have_value("12345")
    expect(page.locator("input[name=name]")).to_have_value("周阿姨")
    expect(page.locator("select[name=compound] option:checked")).to_have_text("渔里南苑")
    expect(page.locator("select[name=category] option:checked")).to_have_text("环境卫生")
    expect(page.locator("textarea[name=description]")).to_have_value(
        "垃圾分类点的垃圾桶满了两天没人清运"
    )
    assert page_width(page) <= PHONE["width"]
    assert outside == []


def test_an_enterprise_gets_its_own_fields_and_files_a_project_blocker(
    demo_server: str, browser: Browser
) -> None:
    page, outside = phone_page(browser, demo_server)
    page.goto(f"{demo_server}/appeals/new")
    expect(page.locator("input[name=company]")).to_be_hidden()
    page.check("#filer-enterprise")
    expect(page.locator("input[name=company]")).to_be_visible()
    expect(page.locator("select[name=compound]")).to_be_hidden()
    page.fill("input[name=company]", "嘉兴禾丰科技有限公司")
    page.fill("input[name=name]", "张经理")
    page.fill("input[name=phone]", "13905731234")
    page.select_option("select[name=place]", index=1)
    page.select_option("select[name=category]", label="项目堵点")
    page.fill("textarea[name=description]", "厂房竣工验收排期太久，设备进场受阻")
    box = page.locator("button[type=submit]").bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb's target
    page.click("button[type=submit]")
    expect(page.locator("#appeal-number")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    assert outside == []

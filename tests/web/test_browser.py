"""A real Chromium against a real `taizhang serve` on a free port, with no network."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from taizhang.org.models import User
from tests.conftest import PASSWORD, Projects

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(database_url: str, projects: Projects, district_admin: User) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "TAIZHANG_DATABASE_URL": database_url, "TAIZHANG_SECRET_KEY": "s" * 32}
    command = [sys.executable, "-m", "taizhang.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, cwd=Path(__file__).parents[2])
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError("taizhang serve exited before answering")
        try:
            httpx.get(f"{url}/login", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError("taizhang serve did not answer in time")


@pytest.fixture
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _block_outside_requests(page: Page, base: str) -> list[str]:
    outside: list[str] = []

    def route(route_) -> None:  # type: ignore[no-untyped-def]
        if route_.request.url.startswith(base):
            route_.continue_()
        else:
            outside.append(route_.request.url)
            route_.abort()

    page.route("**/*", route)
    return outside


def test_a_user_logs_in_sees_the_funnel_and_opens_a_projects_timeline(
    server: str, browser: Browser, projects: Projects
) -> None:
    page = browser.new_page()
    outside = _block_outside_requests(page, server)
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

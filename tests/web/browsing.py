"""Real Chromium against a real `taizhang serve` on a free port, with no network: the pieces
every browser test shares (fixtures `browser` and `demo_server` are in tests/web/conftest.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
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
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(database_url: str, **settings: str) -> Iterator[str]:
    """`taizhang serve` on the database, with extra TAIZHANG_* settings; yields its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "TAIZHANG_DATABASE_URL": database_url,
        "TAIZHANG_SECRET_KEY": "s" * 32,
        **settings,
    }
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


def block_outside_requests(page: Page, base: str) -> list[str]:
    """Abort every request that leaves the server; the list collects what was asked for."""
    outside: list[str] = []

    def route(route_) -> None:  # type: ignore[no-untyped-def]
        if route_.request.url.startswith(base):
            route_.continue_()
        else:
            outside.append(route_.request.url)
            route_.abort()

    page.route("**/*", route)
    return outside


def log_in_page(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def page_width(page: Page) -> int:
    """How wide the page's content is (wider than the window: the page scrolls sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth"))

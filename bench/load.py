"""Load test: a served demo district under many simulated users at once, over real HTTP.

Builds the demo into a fresh database, starts `taizhang serve` on a free loopback port (production
settings: a real secret, Argon2 at full cost, no debug), and runs USERS simulated users at once.
Each logs in as one of the demo accounts, then makes ROUNDS requests of a mix: the dashboard, the
project list, a project's page, the appeals inbox, and — for the administrators — a note written
through the API. One user also uploads a project workbook. Then it checks that every note the
server acknowledged is in the database ("lost writes") and prints, per kind of request, how many,
how many failed, and p50/p95 in milliseconds. Loopback only; nothing leaves the machine.

    .venv/bin/python bench/load.py                     # 100 users, SQLite
    .venv/bin/python bench/load.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
from common import fresh_database, machine, percentile
from openpyxl import Workbook
from sqlalchemy import Engine, select

from taizhang.demo import DEMO_PASSWORD, build_demo
from taizhang.kernel.db import session_scope
from taizhang.projects.models import Event, Project

READERS = ("viewer", "xiangjiadang", "fengqiao", "chenyaqin", "wangshan", "jingxin")
WRITERS = ("admin",)
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    notes: list[str] = field(default_factory=list)  # acknowledged by the server
    failures: Counter[str] = field(default_factory=Counter)  # "kind status" of each error

    async def timed(self, kind: str, call: Awaitable[httpx.Response]) -> httpx.Response | None:
        """The response (None when the connection failed), timed and counted under `kind`."""
        started = time.perf_counter()
        response: httpx.Response | None = None
        with contextlib.suppress(httpx.HTTPError):
            response = await call
        self.times[kind].append((time.perf_counter() - started) * 1000)
        if response is None or response.status_code >= 400:
            self.errors[kind] += 1
            self.failures[f"{kind} {response.status_code if response else 'no answer'}"] += 1
        return response


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database or f"sqlite:///{Path(folder) / 'load.db'}"
        engine = fresh_database(url)
        with session_scope(engine, write=True) as session:
            build_demo(session, today=date.today())
            project_ids = list(session.scalars(select(Project.id)))
        port = _free_port()
        log = Path(folder) / "server.log"
        server = _serve(url, port, log)
        try:
            tally = asyncio.run(_run(port, arguments, project_ids, Path(folder)))
        finally:
            server.terminate()
            server.wait(timeout=30)
        lost = _lost_notes(engine, tally.notes)
        crashes = log.read_text(encoding="utf-8").count("Exception in ASGI application")
    _report(arguments, url, tally, lost, crashes)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=20, help="requests per user after log-in")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    environment = os.environ | {
        "TAIZHANG_DATABASE_URL": url,
        "TAIZHANG_SECRET_KEY": "load-test-secret-0123456789",
        "TAIZHANG_TIMER_SECONDS": "0",
    }
    command = [sys.executable, "-m", "taizhang.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=log.open("w")
    )
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start")


async def _run(
    port: int, arguments: argparse.Namespace, project_ids: list[int], folder: Path
) -> Tally:
    tally, rng = Tally(), random.Random(arguments.seed)
    users = [
        _user(port, n, arguments.rounds, project_ids, tally, random.Random(rng.random()))
        for n in range(arguments.users)
    ]
    await asyncio.gather(*users, _upload(port, folder, tally))
    return tally


async def _user(
    port: int, n: int, rounds: int, project_ids: list[int], tally: Tally, rng: random.Random
) -> None:
    account = WRITERS[0] if n % 5 == 0 else READERS[n % len(READERS)]
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        token = await _log_in(client, account, tally)
        visible = await _visible_projects(client, tally)
        for round_number in range(rounds):
            if account in WRITERS and round_number % 2 == 0:
                text = f"压力测试备注 {n}-{round_number}"
                await tally.timed(
                    "note", _note(client, token, text, rng.choice(project_ids), tally)
                )
            else:
                kind, path = _next_read(rng, visible)
                await tally.timed(kind, client.get(path))


async def _visible_projects(client: httpx.AsyncClient, tally: Tally) -> list[int]:
    """The projects this account may open, so every read is one a real user would make."""
    response = await tally.timed("projects API", client.get("/api/v1/projects?per_page=100"))
    if response is None or response.status_code != 200:
        return []
    items = response.json().get("items", [])
    return [int(item["id"]) for item in items]


def _next_read(rng: random.Random, project_ids: list[int]) -> tuple[str, str]:
    reads = [
        ("dashboard", "/"),
        ("project list", "/projects"),
        ("appeals inbox", "/appeals/inbox"),
        ("projects API", "/api/v1/projects?page=2"),
    ]
    if project_ids:  # an instructor's scope holds no projects
        reads.append(("project page", f"/projects/{rng.choice(project_ids)}"))
    return rng.choice(reads)


async def _note(
    client: httpx.AsyncClient, token: str, text: str, project_id: int, tally: Tally
) -> httpx.Response:
    response = await client.post(
        f"/api/v1/projects/{project_id}/notes", json={"text": text}, headers={"X-CSRF-Token": token}
    )
    if response.status_code == 200:
        tally.notes.append(text)  # the server said saved: it must be in the database
    return response


async def _log_in(client: httpx.AsyncClient, account: str, tally: Tally) -> str:
    form = CSRF.search((await client.get("/login")).text)
    assert form, "the login page has no form token"
    data = {"username": account, "password": DEMO_PASSWORD, "csrf_token": form.group(1)}
    await tally.timed("log-in", client.post("/login", data=data | {"next": "/"}))
    page = CSRF.search((await client.get("/projects")).text)
    return page.group(1) if page else ""


async def _upload(port: int, folder: Path, tally: Tally) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["项目名称", "所属单位", "项目阶段", "总投资（亿元）"])
    for n in range(200):
        sheet.append([f"压力测试导入项目{n}", "凤桥镇", "洽谈", 1 + n % 9])
    path = folder / "导入.xlsx"
    workbook.save(path)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=300) as client:
        await _log_in(client, "admin", tally)
        page = CSRF.search((await client.get("/projects/import")).text)
        files = {"file": (path.name, path.read_bytes())}
        data = {"csrf_token": page.group(1) if page else ""}
        await tally.timed("upload", client.post("/projects/import", data=data, files=files))


def _lost_notes(engine: Engine, acknowledged: list[str]) -> int:
    with session_scope(engine) as session:
        query = select(Event.payload["text"].as_string()).where(Event.kind == "note")
        stored = set(session.scalars(query))
    return sum(1 for text in acknowledged if text not in stored)


def _report(arguments: argparse.Namespace, url: str, tally: Tally, lost: int, crashes: int) -> None:
    print(machine(url.split(":", 1)[0]))
    print(f"{arguments.users} users × {arguments.rounds} requests, one upload")
    print(f"{'request':<16}{'count':>7}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}")
    for kind, times in sorted(tally.times.items()):
        print(
            f"{kind:<16}{len(times):>7}{tally.errors[kind]:>8}"
            f"{percentile(times, 50):>10.1f}{percentile(times, 95):>10.1f}"
        )
    print(f"notes acknowledged: {len(tally.notes)}, lost: {lost}")
    print(f"errors: {sum(tally.errors.values())}, server tracebacks: {crashes}")
    for failure, count in sorted(tally.failures.items()):
        print(f"  {failure}: {count}")


if __name__ == "__main__":
    main()

"""Throttling: how often one address may do something costly or open to abuse — the public
request form and Open311 — and how many wrong passwords an account or an address may try.

A sliding window per key, kept in the process: enough for one served app, and it forgets
everything on restart, which only ever errs on the side of letting people in. The clock is the
app's, so tests drive it.
"""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from weakref import WeakValueDictionary

from fastapi import Request

from taizhang.kernel.errors import AppError


class TooManyRequests(AppError):
    def __init__(self, wait: timedelta) -> None:
        minutes = max(1, round(wait.total_seconds() / 60))
        super().__init__(
            f"提交过于频繁，请 {minutes} 分钟后再试 (too many requests; try again later)", 429
        )


@dataclass
class Throttle:
    """At most `limit` events per key within `window`."""

    limit: int
    window: timedelta
    _seen: dict[str, deque[datetime]] = field(default_factory=lambda: defaultdict(deque))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, key: str, now: datetime) -> None:
        """Count one event; `TooManyRequests` (and nothing counted) when over the limit."""
        with self._lock:
            self._refuse_if_full(key, now)
            self._seen[key].append(now)

    def check(self, key: str, now: datetime) -> None:
        """`TooManyRequests` when the key is at its limit; counts nothing."""
        with self._lock:
            self._refuse_if_full(key, now)

    def record(self, key: str, now: datetime) -> None:
        with self._lock:
            self._seen[key].append(now)

    def forget(self, key: str) -> None:
        with self._lock:
            self._seen.pop(key, None)

    def _refuse_if_full(self, key: str, now: datetime) -> None:
        seen = self._seen[key]
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            raise TooManyRequests(seen[0] + self.window - now)


def client_address(request: Request) -> str:
    """The peer's address (a proxy in front must pass the real one through its own means)."""
    return request.client.host if request.client else "unknown"


def public_intake(request: Request) -> Throttle:
    """The throttle of requests from the public: the web form and Open311 share it."""
    throttle: Throttle = request.app.state.public_intake
    return throttle


PUBLIC_INTAKE_LIMIT = 10
PUBLIC_INTAKE_WINDOW = timedelta(minutes=10)


def new_public_intake() -> Throttle:
    return Throttle(PUBLIC_INTAKE_LIMIT, PUBLIC_INTAKE_WINDOW)


LOGIN_FAILURES_PER_ACCOUNT = 5
LOGIN_FAILURES_PER_ADDRESS = 20
LOGIN_WINDOW = timedelta(minutes=15)


@dataclass
class LoginGuard:
    """Wrong passwords count against the account and the address they came from; past the
    limits, every attempt is refused until the oldest failure leaves the window — the right
    password too, so guessing gains nothing. A success clears the account's count.

    Attempts on one account are taken one after another (`one_at_a_time`), so guesses sent at
    once cannot slip past its limit together, while different accounts — an office behind one
    address logging in at nine — go on in parallel."""

    accounts: Throttle = field(
        default_factory=lambda: Throttle(LOGIN_FAILURES_PER_ACCOUNT, LOGIN_WINDOW)
    )
    addresses: Throttle = field(
        default_factory=lambda: Throttle(LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW)
    )
    _turns: WeakValueDictionary[str, asyncio.Lock] = field(default_factory=WeakValueDictionary)

    @asynccontextmanager
    async def one_at_a_time(self, username: str) -> AsyncIterator[None]:
        turn = self._turns.setdefault(_account_key(username), asyncio.Lock())
        async with turn:
            yield

    def check(self, username: str, address: str, now: datetime) -> None:
        self.accounts.check(_account_key(username), now)
        self.addresses.check(address, now)

    def failed(self, username: str, address: str, now: datetime) -> None:
        self.accounts.record(_account_key(username), now)
        self.addresses.record(address, now)

    def succeeded(self, username: str) -> None:
        self.accounts.forget(_account_key(username))


def _account_key(username: str) -> str:
    return username.strip().lower()


def login_guard(request: Request) -> LoginGuard:
    guard: LoginGuard = request.app.state.login_guard
    return guard

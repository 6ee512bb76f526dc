"""Throttling: how often one address may do something costly or open to abuse (the public
request form and Open311 today; log-in attempts build on it).

A sliding window per key, kept in the process: enough for one served app, and it forgets
everything on restart, which only ever errs on the side of letting people in. The clock is the
app's, so tests drive it.
"""

from __future__ import annotations

import threading
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

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
            seen = self._seen[key]
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) >= self.limit:
                raise TooManyRequests(seen[0] + self.window - now)
            seen.append(now)


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

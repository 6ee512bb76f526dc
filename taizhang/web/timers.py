"""The timers in the served app: every `settings.timer_seconds`, one tick of
`appeals.escalation.run_timers` and of the vouchers' expiry (`incentives.vouchers.
expire_vouchers`), each in its own write transaction, off the event loop.

A failing tick is logged and the next one runs as planned: the loop of a request must not stop
because one run met, say, a day the calendar cannot count yet.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI

from taizhang.appeals.escalation import run_timers
from taizhang.incentives.vouchers import expire_vouchers
from taizhang.kernel.clock import district_date
from taizhang.kernel.db import session_scope

logger = logging.getLogger(__name__)


def tick(app: FastAPI) -> None:
    """One run of the timers as of the app's clock: the appeals', then the vouchers' expiry
    (each in its own transaction)."""
    now = app.state.clock()
    with session_scope(app.state.engine, write=True) as session:
        run = run_timers(session, now=now)
        logger.info("timers: %d escalated, %d closed", len(run.escalated), len(run.closed))
    with session_scope(app.state.engine, write=True) as session:
        expired = expire_vouchers(session, today=district_date(now), at=now)
        if expired:
            logger.info("timers: %d vouchers expired", len(expired))


async def run_periodically(app: FastAPI, seconds: float) -> None:
    while True:
        try:
            await asyncio.to_thread(tick, app)
        except Exception:
            logger.exception("the appeals' timers failed; retrying at the next tick")
        await asyncio.sleep(seconds)


@asynccontextmanager
async def timers_running(app: FastAPI) -> AsyncIterator[None]:
    """The app's lifespan: the timers run while it serves (unless turned off)."""
    seconds = app.state.settings.timer_seconds
    task = asyncio.create_task(run_periodically(app, seconds)) if seconds else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

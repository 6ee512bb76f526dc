"""Password checks off the event loop, a bounded number at a time.

Argon2 takes 64 MiB and a core for about a fifth of a second per check. A burst of log-ins
queues here — awaiting, so it holds neither a server thread nor a database lock — and at most
`HASHING_AT_ONCE` checks run at once, so a flood of wrong passwords can neither exhaust the
memory nor starve the other requests of threads.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from taizhang.org.users import password_matches

HASHING_AT_ONCE = 2
_pool = ThreadPoolExecutor(max_workers=HASHING_AT_ONCE, thread_name_prefix="argon2")


async def verify_password(password_hash: str, password: str) -> bool:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool, password_matches, password_hash, password)

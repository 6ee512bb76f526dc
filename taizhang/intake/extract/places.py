"""Where a project sits, when its sentence says so: 落户南湖湘家荡区域, 位于经开区, 在高新区开工.

Only a place introduced by such a verb counts, and only when it ends like a place
(…区域, …高新区, …街道, …镇, …区); otherwise None. Not scored, but kept for the ledger.
"""

from __future__ import annotations

import re

_PLACE = (
    r"[\u4e00-\u9fff()（）]{2,16}?"
    r"(?:高新区|开发区|经开区|保税区|新区|区域|街道|园区|产业园|工业园|镇|乡|县|区|市)"
)
_LOCATED = re.compile(
    rf"(?:签约落户|签约落地|落户|落地|落子|位于|坐落于|选址|签约)(?P<a>{_PLACE})(?![\u4e00-\u9fff])"
    rf"|在(?P<b>{_PLACE})(?:开工|建设|投资|落户|签约|举行)"
)


def find_location(text: str, start: int = 0) -> str | None:
    """The first place a project is said to sit in, from `start` on."""
    match = _LOCATED.search(text, start)
    if match is None:
        return None
    return match.group("a") or match.group("b")

"""The chain maps the product ships (`chains/maps/*.toml`), read once."""

from __future__ import annotations

import functools
from pathlib import Path

from taizhang.chains.engine.mapfile import read_chain_map
from taizhang.chains.engine.model import ChainMap
from taizhang.kernel.errors import NotFound

MAPS_DIR = Path(__file__).parent / "maps"


@functools.cache
def shipped_maps() -> tuple[ChainMap, ...]:
    paths = sorted(MAPS_DIR.glob("*.toml"))
    return tuple(read_chain_map(p.read_text(encoding="utf-8"), source=p.name) for p in paths)


def shipped_map(key: str) -> ChainMap:
    for chain in shipped_maps():
        if chain.key == key:
            return chain
    keys = "、".join(c.key for c in shipped_maps())
    raise NotFound(f"没有名为 {key} 的产业链，可选：{keys} (no such chain)")

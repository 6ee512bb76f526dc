"""The shipped policy library: `library/*.toml`, one file per policy, read once per process
(each file's text and sha256 kept, so a registered version can be told from the file)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from taizhang.kernel.errors import NotFound
from taizhang.policies.engine.policy import Policy
from taizhang.policies.engine.policyfile import load_policy

LIBRARY = Path(__file__).parent / "library"


@dataclass(frozen=True)
class PolicyFile:
    policy: Policy
    text: str
    source: str  # the file's name
    sha256: str


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@cache
def shipped() -> tuple[PolicyFile, ...]:
    """Every policy of the library, by its code."""
    files = []
    for path in sorted(LIBRARY.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        files.append(
            PolicyFile(load_policy(text, source=path.name), text, path.name, sha256_of(text))
        )
    return tuple(sorted(files, key=lambda f: f.policy.id))


def shipped_file(code: str) -> PolicyFile:
    for found in shipped():
        if found.policy.id == code:
            return found
    raise NotFound(f"政策库中没有编号为 {code} 的政策 (no such policy)")

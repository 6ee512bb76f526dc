"""The programs shipped with taizhang (`programs/*.toml`), found by name or read from a path."""

from __future__ import annotations

from pathlib import Path

from taizhang.incentives.engine.program import Program
from taizhang.incentives.engine.programfile import load_program
from taizhang.kernel.errors import Invalid
from taizhang.kernel.rulefiles import hint

PROGRAMS = Path(__file__).parent / "programs"


def shipped_names() -> list[str]:
    return sorted(path.stem for path in PROGRAMS.glob("*.toml"))


def find_program(name: str) -> Program:
    """A shipped program by its file name (huangyan-2025), or a program file's path."""
    path = Path(name)
    if not path.is_file():
        path = PROGRAMS / f"{name}.toml"
    if not path.is_file():
        names = shipped_names()
        advice = hint(name, names, f"内置项目：{'、'.join(names)}")
        raise Invalid(f"找不到激励项目 {name}，{advice} (no such program)")
    return load_program(path.read_text(encoding="utf-8"), source=path.name)

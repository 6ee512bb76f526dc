"""The shipped scheme files. `district-2026.toml` is the district's own scheme, the one a run
uses unless the district configures another (`TAIZHANG_MUJU_SCHEME`) or a command names one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from taizhang.kernel.errors import Invalid

SCHEMES_DIR = Path(__file__).parent
DISTRICT_SCHEME = SCHEMES_DIR / "district-2026.toml"


@dataclass(frozen=True)
class SchemeText:
    text: str
    source: str  # the file's name as a reader finds it


def scheme_text(path: Path | None = None) -> SchemeText:
    """The text of a scheme file: the one given, else the district's."""
    chosen = path or DISTRICT_SCHEME
    try:
        text = chosen.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise Invalid(f"找不到评价方案文件 {chosen} (scheme file not found)") from exc
    except UnicodeDecodeError as exc:
        raise Invalid(f"评价方案文件 {chosen} 不是 UTF-8 文本 (not UTF-8 text)") from exc
    return SchemeText(text, chosen.name if chosen.parent == SCHEMES_DIR else str(chosen))

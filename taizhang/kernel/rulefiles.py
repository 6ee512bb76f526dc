"""Where things are in a rules file's text: tomllib reports no positions for values, so the
line of a table or key is found by scanning the raw text, and syntax errors are glossed."""

from __future__ import annotations

import re
import tomllib

from taizhang.kernel.errors import FieldError

SYNTAX_GLOSSES = {
    "Invalid value": "值的写法不对（文字要加引号，日期写成 2026-01-01）",
    "Cannot overwrite a value": "同一个键写了两次",
    "Expected '=' after a key in a key/value pair": "键后面缺少“=”",
    "Invalid initial character for a key part": "键名不对（中文键名要加引号）",
    "Expected newline or end of document after a statement": "一行只能写一项",
    "Unclosed array": "数组缺少“]”",
    "Unclosed inline table": "花括号内各项要用逗号隔开，并以“}”结束",
    "Unterminated string": "字符串缺少结尾的引号",
}


def syntax_error(exc: tomllib.TOMLDecodeError, text: str) -> FieldError:
    message = str(exc)
    found = re.search(r"\(at line (\d+), column (\d+)\)$", message)
    row = int(found.group(1)) if found else max(1, len(text.splitlines()))
    english = re.sub(r"\s*\(at [^)]*\)$", "", message)
    chinese = next((zh for en, zh in SYNTAX_GLOSSES.items() if english.startswith(en)), "格式错误")
    where = f"第 {found.group(2)} 列" if found else "文件末尾"
    return FieldError(f"TOML 语法错误（{where}）：{chinese} ({english})", row=row)


_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""


class Lines:
    """Where tables and keys are written: lines of `[[name]]` headers and of `key =` lines."""

    _HEADER = re.compile(r"^(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
    _KEY = re.compile(rf"^({_KEY_PART}(?:\s*\.\s*{_KEY_PART})*)\s*=")

    def __init__(self, text: str) -> None:
        self.headers: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        table, index, prefix, in_string = "", 0, "", False
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if in_string:  # inside a multi-line string: only look for its end
                in_string = not _opens_string(line)
                continue
            if not line or line.startswith("#"):
                continue
            header = self._HEADER.match(line)
            if header:
                table, index, prefix = self._enter(header, counts, number)
                continue
            key = self._KEY.match(line)
            if key:
                self.keys.setdefault((table, index, prefix + _dotted(key.group(1))), number)
            in_string = _opens_string(line)

    def _enter(
        self, header: re.Match[str], counts: dict[str, int], line: int
    ) -> tuple[str, int, str]:
        name = _dotted(header.group(2))
        if header.group(1) == "[[":
            counts[name] = counts.get(name, -1) + 1
            self.headers[(name, counts[name])] = line
            return name, counts[name], ""
        first, _, rest = name.partition(".")
        if rest and first in counts:  # [stage_points.points] below a [[stage_points]]
            self.keys.setdefault((first, counts[first], rest), line)
            return first, counts[first], rest + "."
        self.headers.setdefault((name, 0), line)
        return name, 0, ""

    def of(self, table: str, index: int, key: str) -> int:
        """The line of a key, else of its table's header, else 1."""
        if (table, index, key) in self.keys:
            return self.keys[(table, index, key)]
        if not table and (key, 0) in self.headers:  # a top-level key written as [key]
            return self.headers[(key, 0)]
        return self.headers.get((table, index)) or self.keys.get(("", 0, table), 1)


def _dotted(key: str) -> str:
    """'a."1.5亿" ' → 'a.1.5亿': the parts of a dotted key, unquoted."""
    return ".".join(part.strip("\"'") for part in re.findall(_KEY_PART, key))


def _opens_string(line: str) -> bool:
    return (line.count('"""') + line.count("'''")) % 2 == 1

"""Rule files: the versioned TOML files in which a district writes its rules (the race's points,
亩均 schemes, incentive programs, the working-day calendar), read with every problem reported at
once, each with its line and key.

A domain subclasses `RuleReader` with a `read(data)` that builds its rules and reads its file
with `read_rule_file`, which does the three steps:

    data = parse_toml(text, kind=POINTS_RULES, source=path.name)   # syntax errors, with lines
    reader = _Reader(text, source=path.name, keys=KEYS)              # keys allowed per table
    rules = reader.read(data)   # reader.top(data), reader.tables(top, "bonuses"), reader.number(…)
    reader.raise_if_errors(POINTS_RULES)                            # Invalid listing them all

`RuleReader`'s readers never raise: they record a `FieldError(reason, row, column)` and return a
neutral value, so one pass finds every problem. A domain subclasses it for its own tables.
`version_header` reads the keys every versioned file starts with (version, title, valid_from,
valid_to). tomllib reports no positions for values, so `Lines` finds the line of a table or key
by scanning the raw text."""

from __future__ import annotations

import contextlib
import difflib
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from taizhang.kernel.errors import FieldError, Invalid

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
        self.raw = text.splitlines()
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

    def containing(self, needle: str, table: str, index: int = 0) -> int:
        """The first line at or after a table's header that contains `needle`, else the header's."""
        start = self.of(table, index, "")
        for number in range(start, len(self.raw) + 1):
            if needle in self.raw[number - 1]:
                return number
        return start


def _dotted(key: str) -> str:
    """'a."1.5亿" ' → 'a.1.5亿': the parts of a dotted key, unquoted."""
    return ".".join(part.strip("\"'") for part in re.findall(_KEY_PART, key))


def _opens_string(line: str) -> bool:
    return (line.count('"""') + line.count("'''")) % 2 == 1


@dataclass(frozen=True)
class RuleKind:
    """What kind of rule file it is, for messages: 积分规则 / points rules."""

    chinese: str
    english: str

    def errors_message(self, source: str, count: int) -> str:
        return (
            f"{self.chinese} {source} 有 {count} 处错误，整个文件未应用 "
            f"({self.english} file has errors, nothing applied)"
        )


def parse_toml(text: str, *, kind: RuleKind, source: str) -> dict[str, Any]:
    """The parsed file, or `Invalid` with the syntax error glossed in Chinese and its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Invalid(kind.errors_message(source, 1), [syntax_error(exc, text)]) from exc


R_co = TypeVar("R_co", covariant=True)
T = TypeVar("T")


class FileReader(Protocol[R_co]):
    """A domain's `RuleReader`: reads the parsed file into its rules, then reports its problems."""

    def read(self, data: dict[str, Any]) -> R_co: ...

    def raise_if_errors(self, kind: RuleKind) -> None: ...


def read_rule_file(
    text: str,
    *,
    kind: RuleKind,
    source: str,
    keys: Mapping[str, Sequence[str]],
    reader: Callable[..., FileReader[R_co]],
) -> R_co:
    """A rule file's rules, or `Invalid` listing every problem of the file with its line."""
    data = parse_toml(text, kind=kind, source=source)
    file_reader = reader(text, source=source, keys=keys)
    rules = file_reader.read(data)
    file_reader.raise_if_errors(kind)
    return rules


def hint(word: str, options: Sequence[str], otherwise: str, cutoff: float = 0.5) -> str:
    """“是否想写 points？” when a known word is close, else the fallback text."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return f"是否想写 {close[0]}？" if close else otherwise


@dataclass(frozen=True)
class RuleTable:
    """One table of a rule file: its data, its name ("" for the top level) and, for an array of
    tables ([[name]]), its position."""

    data: dict[str, Any]
    name: str
    index: int = 0


@dataclass(frozen=True)
class VersionHeader:
    """What every versioned rule file says of itself."""

    version: str
    title: str
    valid_from: date
    valid_to: date  # inclusive
    valid_from_line: int = 1

    def covers(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


VERSION_KEYS = ("version", "title", "valid_from", "valid_to")


class RuleReader:
    """Reads a parsed rule file's values, collecting every problem with its line and key."""

    def __init__(self, text: str, *, source: str, keys: Mapping[str, Sequence[str]]) -> None:
        self.lines = Lines(text)
        self.source = source
        self.keys = keys  # the keys allowed in each table, by table name ("" = top level)
        self.errors: list[FieldError] = []

    def fail(self, where: RuleTable, key: str, reason: str) -> None:
        row = self.lines.of(where.name, where.index, key)
        self.errors.append(FieldError(reason, row=row, column=key))

    def raise_if_errors(self, kind: RuleKind) -> None:
        """`Invalid` listing every problem in line order, when there is any."""
        if self.errors:
            self.errors.sort(key=lambda error: error.row or 0)
            raise Invalid(kind.errors_message(self.source, len(self.errors)), self.errors)

    def top(self, data: dict[str, Any]) -> RuleTable:
        table = RuleTable(data, "")
        self.check_keys(table)
        return table

    def check_keys(self, where: RuleTable) -> None:
        known = self.keys[where.name]
        for key in where.data:
            if key not in known:
                advice = hint(key, known, f"可用的键：{'、'.join(known)}", cutoff=0.6)
                self.fail(where, key, f"未知的键 {key}，{advice} (unknown key)")

    def tables(self, top: RuleTable, key: str) -> list[RuleTable]:
        """The [[key]] tables, each with its keys checked."""
        value = top.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(top, key, f"{key} 应写成若干个 [[{key}]] 表 (expected an array of tables)")
            return []
        tables = [RuleTable(v, key, i) for i, v in enumerate(value)]
        for table in tables:
            self.check_keys(table)
        return tables

    def table(self, top: RuleTable, key: str) -> RuleTable:
        """The [key] table (empty when left out), with its keys checked."""
        value = top.data.get(key, {})
        if not isinstance(value, dict):
            self.fail(top, key, f"{key} 应写成 [{key}] 表 (expected a table)")
            value = {}
        table = RuleTable(value, key)
        self.check_keys(table)
        return table

    def version_header(self, top: RuleTable) -> VersionHeader:
        version, title = self.text(top, "version"), self.text(top, "title", required=False)
        valid_from, valid_to = self.date(top, "valid_from"), self.date(top, "valid_to")
        if date.min < valid_to < valid_from:  # date.min: already reported as not a date
            reason = f"有效期止 {valid_to} 早于有效期起 {valid_from} (valid_to before valid_from)"
            self.fail(top, "valid_to", reason)
        line = self.lines.of("", 0, "valid_from")
        return VersionHeader(version, title, valid_from, valid_to, line)

    def text(self, table: RuleTable, key: str, *, required: bool = True) -> str:
        value = table.data.get(key)
        if value is None and not required:
            return ""
        if isinstance(value, int | str) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
        wrong = f"{key} 应为一段文字 (expected text)"
        self.fail(table, key, f"缺少 {key} (missing {key})" if value is None else wrong)
        return ""

    def strings(self, table: RuleTable, key: str, *, required: bool = True) -> list[str]:
        value = table.data.get(key)
        if value is None and not required:
            return []
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return value
        self.fail(table, key, f'{key} 应写成文字列表，如 ["签约"] (expected a list of text)')
        return []

    def english(self, table: RuleTable, key: str) -> str:
        """The optional English of `key`, written under `key_en`: text without Chinese, given
        beside the key it translates ("" when left out)."""
        name = f"{key}_en"
        text = self.text(table, name, required=False)
        if text:
            self._check_english(table, key, [text])
        return text

    def english_list(self, table: RuleTable, key: str) -> list[str]:
        """The optional English of a list of text (`key_en`), one for each, in the same order."""
        name = f"{key}_en"
        texts = self.strings(table, name, required=False)
        given = table.data.get(key)
        if texts and isinstance(given, list) and len(texts) != len(given):
            reason = (
                f"{name} 有 {len(texts)} 项，{key} 有 {len(given)} 项，应一一对应"
                " (one English text for each)"
            )
            self.fail(table, name, reason)
        if texts:
            self._check_english(table, key, texts)
        return texts

    def _check_english(self, table: RuleTable, key: str, texts: list[str]) -> None:
        name = f"{key}_en"
        if key not in table.data:
            self.fail(table, name, f"写了 {name} 却没有 {key} (English without the Chinese)")
        for text in texts:
            if any("\u3400" <= character <= "\u9fff" for character in text):
                self.fail(table, name, f"{name} 应为英文，不含汉字：{text} (expected English)")

    def number(
        self, table: RuleTable, key: str, *, required: bool = True, negative: bool = True
    ) -> Decimal | None:
        value = table.data.get(key)
        if value is None:
            if required:
                self.fail(table, key, f"缺少 {key} (missing {key})")
            return None
        return self.to_number(table, key, value, negative=negative, what=key)

    def to_number(
        self, table: RuleTable, key: str, value: Any, *, negative: bool, what: str
    ) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(table, key, f"{what} 应为数字，不加引号 (expected a number)")
            return Decimal(0)
        number = Decimal(str(value))
        if number < 0 and not negative:
            self.fail(table, key, f"{what} 不能为负数：{number} (must not be negative)")
        return number

    def whole_number(self, table: RuleTable, key: str) -> int | None:
        """An optional whole, non-negative number (of days, months …)."""
        value = self.number(table, key, required=False, negative=False)
        if value is not None and value != value.to_integral_value():
            self.fail(table, key, f"{key} 应为整数 (expected a whole number)")
            return None
        return None if value is None else int(value)

    def one_word(self, table: RuleTable, key: str, word: str, words: Mapping[str, T]) -> T:
        """One of the words a key allows (a hint when a known one is close)."""
        if word in words:
            return words[word]
        advice = hint(word, list(words), f"应为 {'、'.join(words)}")
        self.fail(table, key, f"{key} 不认识“{word}”，{advice} (unknown word)")
        return next(iter(words.values()))

    def word(self, table: RuleTable, key: str, words: Mapping[str, T], default: T) -> T:
        """A required word of `words`; `default` when missing or wrong (and reported)."""
        value = table.data.get(key)
        if value is None:
            self.fail(table, key, f"缺少 {key}，应为 {'、'.join(words)} (missing {key})")
            return default
        return self.one_word(table, key, str(value).strip(), words)

    def flag(self, table: RuleTable, key: str, *, default: bool = False) -> bool:
        value = table.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(table, key, f"{key} 应为 true 或 false (expected true or false)")
            return default
        return value

    def date(self, table: RuleTable, key: str) -> date:
        """A TOML date (a date-time counts by its day) or ISO text; date.min when wrong."""
        value = table.data.get(key)
        if isinstance(value, date):
            return value.date() if isinstance(value, datetime) else value
        with contextlib.suppress(ValueError):
            return date.fromisoformat(str(value).strip())
        wrong = f"{key} 应为日期，如 2026-01-01 (expected a date)"
        self.fail(table, key, f"缺少 {key} (missing {key})" if value is None else wrong)
        return date.min

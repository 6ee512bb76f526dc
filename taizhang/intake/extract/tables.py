"""Tables flattened to text: a header line of column names, then one line per project.

Columns are separated by tabs (normalization turns the space runs between the cells of a
flattened table into tabs) or by runs of two or more spaces. A table starts
at a header naming a project-name column (项目名称, 项目, 名称); its columns are read by
their names:
- name (项目名称), investor (投资方, 建设单位, 业主单位, 企业名称 …),
- total investment (总投资, 投资额, 投资总额, 签约额) with the column's unit (亿元, 万元),
- what is built (建设内容) and how far it got (形象进度, 进展情况, 建设进度).
Other columns (序号, 建设年限, 年度计划投资 …) are not read: a plan table states plans, not
stages. Each row becomes one sentence written the way a report would say it —
'投资方项目名称，总投资35亿元，建设内容，形象进度。' — so the ordinary finders read it; the
name cell is the row's project even without a head word (冷链物流园); the row's offsets in
the text stay its evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HINT = re.compile(r"名称|项目[\t |]")
_LINE = re.compile(r"[^\n]+")
_TABS = re.compile(r"\t+")
_SPACES = re.compile(r"[ \u3000]{2,}|\t+")
_PIPES = re.compile(r"\s*[|｜]\s*")
_ANY_SPACE = re.compile(r"[ \u3000]+|\t+")
_ROLES = (
    ("name", re.compile(r"^(?:项目名称|项目|名称|项目\(企业\)名称)$")),
    (
        "investor",
        re.compile(
            r"^(?:投资方|投资主体|投资企业|投资单位|建设单位|业主单位|项目业主|企业名称|签约企业|签约单位|企业"
            r"|项目单位|申报单位|建设主体)$"
        ),
    ),
    (
        "investment",
        re.compile(
            r"^(?:计划)?(?:总投资|投资额|投资总额|签约额|协议投资额?)(?:[(（](?P<unit>[^)）]*)[)）])?$"
        ),
    ),
    ("content", re.compile(r"^(?:主要)?(?:建设内容|建设规模|建设内容及规模|建设规模及内容)$")),
    ("nature", re.compile(r"^(?:建设性质|项目性质|性质)$")),
    (
        "progress",
        re.compile(
            r"^(?:截至[^形进]{1,8})?(?:形象进度|进展情况|建设进度|目前进度|进度|项目进展|进展"
            r"|推进阶段|推进情况|所处阶段|当前阶段|项目阶段|阶段)$"
        ),
    ),
)
_AMOUNT = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# 补充流动资金, 偿还银行贷款: a use of raised funds, no project
_NOT_A_PROJECT = re.compile(r"^(?:补充|偿还|归还)[\u4e00-\u9fff]{0,6}(?:资金|贷款|借款)$")
_MIN_COLUMNS = 3
_MAX_CELL = 60


@dataclass(frozen=True)
class Row:
    start: int
    end: int
    sentence: str
    name: tuple[int, int]  # where investor and project name stand in `sentence`


@dataclass(frozen=True)
class Table:
    start: int  # the header line's start
    end: int  # the last row's end
    rows: list[Row]


def find_tables(text: str) -> list[Table]:
    """Tables of projects in a text, each with its rows rewritten as sentences; records of
    fields (项目名称：…；投资方：…；总投资：…) count as one-row tables."""
    if not _HINT.search(text):
        return []
    tables = _grid_tables(text)
    if "项目名称" in text:
        records = [r for r in _records(text) if not any(_overlap(r, t) for t in tables)]
        tables = sorted(tables + records, key=lambda t: t.start)
    return tables


def _overlap(a: Table, b: Table) -> bool:
    return a.start < b.end and b.start < a.end


def _grid_tables(text: str) -> list[Table]:
    tables: list[Table] = []
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    index = 0
    while index < len(lines):
        table, index = _table_at(text, lines, index)
        if table is not None:
            tables.append(table)
    return tables


def _table_at(text: str, lines: list[tuple[int, int]], index: int) -> tuple[Table | None, int]:
    start, end = lines[index]
    header = text[start:end].strip()
    splitter = _splitter(header)
    if splitter is None:
        return None, index + 1
    cells = _cells(header, splitter)
    roles = _roles(cells)
    if roles is None and splitter is _SPACES and index + 1 < len(lines):
        # 项目名称　　　投资总额（万元）　拟使用募集资金（万元）: header cells one space apart
        first_row = _cells(text[slice(*lines[index + 1])], _SPACES)
        narrow = _cells(header, _ANY_SPACE)
        cells = narrow if len(narrow) == len(first_row) else cells
        roles = _roles(cells)
    if roles is None:
        return None, index + 1
    rows: list[Row] = []
    row_end = end
    index += 1
    while index < len(lines):
        r_start, r_end = lines[index]
        line = text[r_start:r_end]
        if not line.strip():
            index += 1
            continue
        values = _cells(line.strip(), splitter)
        if all(_RULE.fullmatch(v) for v in values):  # |---|:---:|: a Markdown rule line
            index += 1
            continue
        exact = splitter is not _SPACES
        if len(values) < 2 or len(values) > len(cells) or (exact and len(values) != len(cells)):
            break
        written = _sentence(values, roles)
        if written is None:
            break
        if not written[0]:  # a row that is no project (补充流动资金) stays in the table
            row_end, index = r_end, index + 1
            continue
        offset = len(line) - len(line.lstrip())
        rows.append(Row(r_start + offset, r_start + len(line.rstrip()), *written))
        row_end = r_end
        index += 1
    if not rows:
        return None, index
    return Table(start, row_end, rows), index


_RULE = re.compile(r"\s*:?-{3,}:?\s*")
_RECORD_START = re.compile(r"^(?:\d{1,3}[.．、]\s*)?项目名称[:：]", re.M)
_FIELD = re.compile(
    r"(?P<key>[\u4e00-\u9fff]{2,10}(?:[(（][^)）]{1,6}[)）])?)[:：](?P<value>[^;；\n]*)"
)
_FIELD_SEPARATOR = re.compile(r"\s*[;；]\s*")
_RECORD_REACH = 12  # lines one record may take


def _records(text: str) -> list[Table]:
    """'项目名称：X；投资方：Y；总投资：Z' on one line or one field a line: one row each."""
    found = []
    for match in _RECORD_START.finditer(text):
        fields: list[tuple[str, str]] = []
        position, end = match.end() - len("项目名称："), match.start()
        for number in range(_RECORD_REACH):
            line_end = text.find("\n", position)
            line_end = len(text) if line_end < 0 else line_end
            line = text[position:line_end]
            parts = [_FIELD.fullmatch(p) for p in _FIELD_SEPARATOR.split(line.rstrip("。;；"))]
            if not parts or parts[0] is None or (number and "项目名称" in line):
                break
            fields += [(p["key"], p["value"].strip()) for p in parts if p is not None]
            end, position = line_end, line_end + 1
            if position >= len(text):
                break
        written = _record_sentence(fields)
        if written is not None:
            found.append(Table(match.start(), end, [Row(match.start(), end, *written)]))
    return found


def _record_sentence(fields: list[tuple[str, str]]) -> tuple[str, tuple[int, int]] | None:
    cells = _cells_of(fields)
    if cells is None:
        return None
    values, roles = cells
    if "investment" in roles:
        amount = values[roles["investment"][0]]
        values[roles["investment"][0]] = amount.split("其中")[0]
    return _sentence(values, roles)


def _cells_of(
    fields: list[tuple[str, str]],
) -> tuple[list[str], dict[str, tuple[int, str]]] | None:
    keys = [key for key, _ in fields]
    roles = _roles(keys) if len(keys) >= _MIN_COLUMNS else None
    if roles is None:
        return None
    return [value for _, value in fields], roles


def _splitter(header: str) -> re.Pattern[str] | None:
    if header.count("|") + header.count("｜") >= _MIN_COLUMNS - 1:
        return _PIPES
    if "\t" in header:
        return _TABS
    return _SPACES if _SPACES.search(header) else None


def _cells(line: str, splitter: re.Pattern[str]) -> list[str]:
    return [cell.strip() for cell in splitter.split(line.strip("|｜ "))]


def _roles(cells: list[str]) -> dict[str, tuple[int, str]] | None:
    """Column of each role with the investment column's unit; None unless a table of projects."""
    if len(cells) < _MIN_COLUMNS:
        return None
    roles: dict[str, tuple[int, str]] = {}
    for position, cell in enumerate(cells):
        for role, pattern in _ROLES:
            match = pattern.match(cell)
            if match is not None and role not in roles:
                unit = (match.groupdict().get("unit") or "") if role == "investment" else ""
                roles[role] = (position, unit)
                break
    if "name" not in roles or len(roles) < 2:
        return None
    return roles


_COMPANY_END = re.compile(r"(?:公司|集团|集團|会社|GmbH|Inc\.?|Ltd\.?)$")
_UNNAMED = re.compile(r"某[^()（）]*(?:[(（](?P<brand>[^()（）]{2,12})[)）])?$")


def _investor_cell(investor: str) -> str:
    """'某新能源车企（驰澜）' → '驰澜'; an investor left unnamed (北京某研究院) → ''."""
    unnamed = _UNNAMED.search(investor)
    if unnamed is None:
        return investor
    return unnamed.group("brand") or ""


def _sentence(
    values: list[str], roles: dict[str, tuple[int, str]]
) -> tuple[str, tuple[int, int]] | None:
    def cell(role: str) -> str:
        column = roles.get(role)
        return values[column[0]] if column and column[0] < len(values) else ""

    name = cell("name")
    if not name or len(name) > _MAX_CELL or re.search(r"[,，。;；]", name):
        return None
    if _NOT_A_PROJECT.match(name):
        return "", (0, 0)
    investor = _investor_cell(cell("investor"))
    rest = _rest(values, roles)
    if investor and not _COMPANY_END.search(investor):
        # a brand (驰澜) is said the way reports say it: 电驱系统项目（投资方：驰澜）
        return "，".join([f"{name}（投资方：{investor}）", *rest]) + "。", (0, len(name))
    return "，".join([investor + name, *rest]) + "。", (0, len(investor + name))


def _rest(values: list[str], roles: dict[str, tuple[int, str]]) -> list[str]:
    """The row's other cells written as a report would: 总投资35亿元, 建设内容, 进度."""

    def cell(role: str) -> str:
        column = roles.get(role)
        return values[column[0]] if column and column[0] < len(values) else ""

    parts = []
    amount = cell("investment")
    if amount:
        unit = roles["investment"][1]
        parts.append(
            f"总投资{amount}{unit}" if _AMOUNT.match(amount) and unit else f"总投资{amount}"
        )
    parts += [part for part in (cell("content"), cell("progress")) if part]
    if cell("nature") == "续建":  # a plan table's 续建: already under construction
        parts.append("在建")
    return parts

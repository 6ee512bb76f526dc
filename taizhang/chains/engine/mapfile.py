"""Chain map files: one versioned TOML file per chain (`chains/maps/*.toml`), read with the
kernel's `read_rule_file`, so every problem is reported at once with its line.

    key = "new-energy-batteries"      # the chain's key in addresses and the CLI
    version = "2026.1"
    title = "新能源电池"
    title_en = "New-energy batteries"
    valid_from = 2026-01-01
    weak_below = 3                      # default: fewer local firms than this is 弱链

    [[links]]
    key = "cathode"
    name = "正极材料"
    name_en = "Cathode materials"
    position = "上游"                    # 上游 / 中游 / 下游
    products = ["正极材料", "磷酸铁锂"]   # words that put a firm or project on the link
    industry_codes = ["C2613"]          # GB/T 4754 codes or their prefixes
    depends_on = ["lithium"]            # the links that supply this one
    weak_below = 2                      # optional, this link's own threshold
    weak_output_below = 50000           # optional, 万元
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from taizhang.chains.engine.model import ChainMap, Link, Position
from taizhang.kernel.codes import INDUSTRY_SECTIONS
from taizhang.kernel.rulefiles import RuleKind, RuleReader, RuleTable, read_rule_file

CHAIN_MAP = RuleKind("产业链图谱", "chain map")
_TOP_KEYS = ("key", "version", "title", "title_en", "valid_from", "valid_to", "weak_below", "links")
_LINK_KEYS = (
    "key", "name", "name_en", "position", "products", "industry_codes", "depends_on",
    "weak_below", "weak_output_below",
)  # fmt: skip
KEYS = {"": _TOP_KEYS, "links": _LINK_KEYS}
_POSITIONS = {p.label: p for p in Position} | {p.value: p for p in Position}
_KEY = re.compile(r"[a-z][a-z0-9-]{1,40}")
_CODE = re.compile(r"[A-T]\d{0,4}")
_DEFAULT_WEAK = 3
_LETTERS = {section.letter for section in INDUSTRY_SECTIONS}


def read_chain_map(text: str, *, source: str = "chain.toml") -> ChainMap:
    """A chain map, or `Invalid` naming every problem with its line."""
    return read_rule_file(text, kind=CHAIN_MAP, source=source, keys=KEYS, reader=_Reader)


class _Reader(RuleReader):
    def read(self, data: dict[str, Any]) -> ChainMap:
        top = self.top(data)
        key = self._key(top)
        version = self.text(top, "version")
        title = self.text(top, "title")
        valid_from = self.date(top, "valid_from")
        weak = self.whole_number(top, "weak_below")
        links = tuple(
            self._link(table, _DEFAULT_WEAK if weak is None else weak)
            for table in self.tables(top, "links")
        )
        if not links:
            self.fail(top, "links", "至少要有一个 [[links]] 环节 (a chain needs links)")
        self._check_links(top, links)
        return ChainMap(
            key, version, title, valid_from, links, self.english(top, "title"), self.source
        )

    def _key(self, table: RuleTable) -> str:
        key = self.text(table, "key")
        if key and not _KEY.fullmatch(key):
            self.fail(table, "key", f"key 只能用小写字母、数字和连字符：{key} (bad key)")
        return key

    def _link(self, table: RuleTable, weak_default: int) -> Link:
        key = self._key(table)
        name = self.text(table, "name")
        position = self.word(table, "position", _POSITIONS, Position.MID)
        products = tuple(self.strings(table, "products"))
        codes = tuple(self.strings(table, "industry_codes", required=False))
        for code in codes:
            if not _CODE.fullmatch(code) or code[0] not in _LETTERS:
                reason = f"行业代码 {code} 不是 GB/T 4754 的门类字母加 0–4 位数字 (bad code)"
                self.fail(table, "industry_codes", reason)
        depends = tuple(self.strings(table, "depends_on", required=False))
        weak = self.whole_number(table, "weak_below")
        output = self.number(table, "weak_output_below", required=False, negative=False)
        return Link(
            key,
            name,
            position,
            products,
            codes,
            depends,
            weak_default if weak is None else weak,
            Decimal(output) if output is not None else None,
            self.english(table, "name"),
        )

    def _check_links(self, top: RuleTable, links: tuple[Link, ...]) -> None:
        seen: set[str] = set()
        for index, link in enumerate(links):
            where = RuleTable(top.data["links"][index], "links", index)
            if link.key in seen:
                self.fail(where, "key", f"环节 {link.key} 写了两次 (duplicate link)")
            seen.add(link.key)
        keys = {link.key for link in links}
        for index, link in enumerate(links):
            where = RuleTable(top.data["links"][index], "links", index)
            for supplier in link.depends_on:
                if supplier not in keys:
                    self.fail(where, "depends_on", f"没有名为 {supplier} 的环节 (unknown link)")
                elif supplier == link.key:
                    self.fail(where, "depends_on", f"{link.key} 不能依赖自己 (depends on itself)")

"""Specs for kernel.rulefiles: any domain's versioned rule file, read with every problem at once,
each with its line and key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from taizhang.kernel.errors import Invalid
from taizhang.kernel.rulefiles import (
    VERSION_KEYS,
    Lines,
    RuleKind,
    RuleReader,
    VersionHeader,
    parse_toml,
)

VOUCHERS = RuleKind("奖励规则", "reward rules")
KEYS = {"": (*VERSION_KEYS, "pool_yuan", "tiers"), "tiers": ("drop_pct", "ratio", "days")}
GOOD = """\
version = "2026.1"
title = "节能降耗消费券"
valid_from = 2026-01-01
valid_to = 2026-12-31
pool_yuan = 3000000

[[tiers]]
drop_pct = 5
ratio = 1
days = 90
"""


@dataclass(frozen=True)
class Program:
    """What the sample rule file says, as a domain would read it."""

    header: VersionHeader
    pool: Decimal | None
    tiers: list[tuple[Decimal | None, int | None]]


def _read(text: str) -> tuple[RuleReader, Program]:
    reader = RuleReader(text, source="vouchers.toml", keys=KEYS)
    top = reader.top(parse_toml(text, kind=VOUCHERS, source="vouchers.toml"))
    header = reader.version_header(top)
    tiers = [
        (reader.number(t, "drop_pct", negative=False), reader.whole_number(t, "days"))
        for t in reader.tables(top, "tiers")
    ]
    return reader, Program(header, reader.number(top, "pool_yuan"), tiers)


def test_it_reads_a_good_file_with_its_version_header() -> None:
    reader, read = _read(GOOD)
    reader.raise_if_errors(VOUCHERS)
    header = read.header
    assert header.version == "2026.1" and header.title == "节能降耗消费券"
    assert header.covers(date(2026, 6, 1)) and not header.covers(date(2027, 1, 1))
    assert header.valid_from_line == 3
    assert read.pool == Decimal(3_000_000)
    assert read.tiers == [(Decimal(5), 90)]


def test_it_reports_every_problem_at_once_in_line_order_naming_the_file() -> None:
    text = (
        GOOD.replace("valid_to = 2026-12-31", "valid_to = 2025-12-31")
        .replace("pool_yuan = 3000000", 'pool_yuan = "三百万"\npoool = 1')
        .replace("days = 90", "days = 90.5")
        .replace("ratio = 1", "ration = 1")
    )
    reader, _ = _read(text)
    with pytest.raises(Invalid) as caught:
        reader.raise_if_errors(VOUCHERS)
    assert "vouchers.toml 有 5 处错误" in caught.value.message
    where = [(e.row, e.column) for e in caught.value.errors]
    assert where == [(4, "valid_to"), (5, "pool_yuan"), (6, "poool"), (10, "ration"), (11, "days")]
    reasons = " ".join(e.reason for e in caught.value.errors)
    assert "是否想写 ratio？" in reasons and "可用的键：version" in reasons
    assert "应为整数" in reasons and "早于有效期起" in reasons


def test_a_syntax_error_is_glossed_in_chinese_with_its_line() -> None:
    with pytest.raises(Invalid) as caught:
        parse_toml('version = "1"\ntitle = 节能\n', kind=VOUCHERS, source="v.toml")
    error = caught.value.errors[0]
    assert error.row == 2
    assert "文字要加引号" in error.reason
    assert caught.value.message.startswith("奖励规则 v.toml 有 1 处错误")


def test_lines_find_keys_of_arrays_of_tables_and_text_after_a_header() -> None:
    lines = Lines(GOOD + '\n[[tiers]]\ndrop_pct = 10\nnote = "2026-07-01"\n')
    assert lines.of("tiers", 0, "days") == 10
    assert lines.of("tiers", 1, "drop_pct") == 13
    assert lines.of("tiers", 1, "missing") == 12  # the table's header
    assert lines.containing("2026-07-01", "tiers", 1) == 14
    assert lines.containing("nowhere", "tiers", 1) == 12

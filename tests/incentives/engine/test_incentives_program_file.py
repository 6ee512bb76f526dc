"""Specs for reading incentive program files: every problem at once, each with its line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from taizhang.incentives.engine.model import AccountKind
from taizhang.incentives.engine.program import ProgramKind, Sharing, ShiftMeasure
from taizhang.incentives.engine.programfile import load_program
from taizhang.kernel.errors import Invalid

PROGRAMS = Path(__file__).parents[3] / "taizhang" / "incentives" / "programs"

BAD = """\
version = "测试"
valid_from = 2025-07-01
valid_to = 2025-12-31
kind = "节能券"

[eligibility]
who = ["居民", "商户"]
months = ["2025-07", "2025-13", "2026-01"]
compare = "上年同月"
basis = "电费"
min_drop = 5

[reward]
rate = 1
household_cap = 100.005
bonus = 3

[pool]
amount = 3000000
sharing = "按比率"
"""


@pytest.mark.parametrize("path", sorted(PROGRAMS.glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_program_reads_without_errors(path: Path) -> None:
    program = load_program(path.read_text(encoding="utf-8"), source=path.name)
    assert program.version and program.pool.amount > 0


def test_the_huangyan_program_says_what_the_seed_says() -> None:
    program = load_program((PROGRAMS / "huangyan-2025.toml").read_text(), source="h")
    assert program.kind is ProgramKind.SAVING
    assert program.pool.amount == Decimal(3_000_000)
    assert program.pool.sharing is Sharing.PRO_RATA
    assert program.saving is not None
    assert program.saving.min_drop == Decimal("0.05") and program.saving.rate == 1
    assert program.saving.who == (AccountKind.HOUSEHOLD,)
    assert [m.month for m in program.saving.months] == [7, 8, 9]


def test_it_lists_every_problem_with_its_line() -> None:
    with pytest.raises(Invalid) as caught:
        load_program(BAD, source="bad.toml")
    found = [(e.row, e.column) for e in caught.value.errors]
    assert found == [
        (7, "who"),
        (8, "months"),
        (8, "months"),
        (11, "min_drop"),
        (15, "household_cap"),
        (16, "bonus"),
        (20, "sharing"),
    ]
    reasons = " ".join(e.reason for e in caught.value.errors)
    assert "不认识“商户”" in reasons
    assert "月份 2025-13 应写成 2025-07" in reasons
    assert "2026-01 不在有效期" in reasons
    assert "5% 写 0.05" in reasons
    assert "是否想写 按比例？" in reasons
    assert "bad.toml 有 7 处错误" in caught.value.message


def test_it_glosses_a_syntax_error_with_its_line() -> None:
    with pytest.raises(Invalid) as caught:
        load_program('version = "x"\nkind = 节能券\n', source="x.toml")
    assert caught.value.errors[0].row == 2
    assert "文字要加引号" in caught.value.errors[0].reason


def test_the_zhejiang_program_measures_on_five_baseline_days() -> None:
    program = load_program((PROGRAMS / "zhejiang-dr-2025.toml").read_text(), source="z")
    assert program.demand is not None
    rules = program.demand.baseline
    assert (rules.days, rules.realtime_minutes, rules.shifting_days) == (5, 15, 5)
    assert rules.shifting_measure is ShiftMeasure.SMALLER
    assert program.demand.shifting_rate == Decimal("0.2")


BAD_BASELINES = """\
version = "测试"
valid_from = 2025-01-01
valid_to = 2025-12-31
kind = "需求响应"

[demand_response]
peak_price_cap = 4
valley_rate = 1.2
realtime_rate = 4

[baseline]
days = 0
realtime_minutes = 20

[shifting]
baseline_days = 2.5
measure = "峰谷取小"
window = 3

[pool]
amount = 5000000
sharing = "按比例"
"""


def test_it_names_every_wrong_baseline_key_with_its_line() -> None:
    with pytest.raises(Invalid) as caught:
        load_program(BAD_BASELINES, source="dr.toml")
    found = [(e.row, e.column) for e in caught.value.errors]
    assert found == [
        (12, "days"),
        (13, "realtime_minutes"),
        (16, "baseline_days"),
        (17, "measure"),
        (18, "window"),
    ]
    reasons = " ".join(e.reason for e in caught.value.errors)
    assert "days 应在 1 到 20 之间：0" in reasons
    assert "realtime_minutes 应为 15 的倍数：20" in reasons
    assert "baseline_days 应为整数" in reasons
    assert "measure 不认识“峰谷取小”" in reasons and "峰减谷增取小" in reasons


def test_a_saving_program_has_no_baseline() -> None:
    text = (PROGRAMS / "huangyan-2025.toml").read_text() + "\n[shifting]\nbaseline_days = 5\n"
    with pytest.raises(Invalid) as caught:
        load_program(text, source="h.toml")
    assert [e.column for e in caught.value.errors] == ["shifting"]

"""Policy files: the library reads, a fixed amount and a capped share are paid, a match is
nearly there when one condition fails or only data is missing, and a file with errors is
refused with every problem on its line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from taizhang.kernel.errors import Invalid
from taizhang.policies.engine.matching import match
from taizhang.policies.engine.model import Field, Figure, Profile, Status
from taizhang.policies.engine.policyfile import load_policy
from taizhang.policies.library import shipped

GOOD = """\
id = "KJ-2026-09"
version = "2026.1"
title = "研发费用补助"
issuer = "区科技局"
kind = "免申即享"
valid_from = 2025-01-01
valid_to = 2025-12-31
data_year = 2024

[benefit]
text = "按研发费用的 10% 补助，最高 20 万元"
base = "R&D经费支出"
rate = 0.1
cap = 200000

[[conditions]]
kind = "研发投入比例"

[[conditions]]
kind = "注册年限"
min_years = 1
"""
BAD = """\
id = "kj2026"
version = "2026.1"
title = "坏文件"
issuer = "区科技局"
kind = "免申请"
valid_from = 2025-01-01
valid_to = 2025-12-31
data_year = 2024

[benefit]
text = "奖励"
amount = -5

[[conditions]]
kind = "注册年数"

[[conditions]]
kind = "行业"
prefixes = ["X99"]

[[conditions]]
kind = "研发人员占比"
share = 15
growth = 0.1
"""


def figures(rnd: tuple[int, int, int], registered: date | None) -> Profile:
    yearly = {}
    for year, sales, spent in zip((2022, 2023, 2024), (3000, 4000, 4600), rnd, strict=True):
        yearly[Field.REVENUE, year] = Figure(D(sales), year, "统计局")
        yearly[Field.RND, year] = Figure(D(spent), year, "统计局")
    standing = {Field.REGISTERED_ON: Figure(registered)} if registered else {}
    return Profile(7, "乙公司", standing=standing, yearly=yearly)  # type: ignore[arg-type]


def test_a_qualifying_firm_gets_the_share_of_its_rnd_capped() -> None:
    policy = load_policy(GOOD)
    found = match(policy, figures((160, 190, 230), date(2020, 1, 1)))
    assert (found.status, found.nearly) == (Status.MET, False)
    assert found.amount == D("200000.00")  # 230万 × 10% = 23万, capped at 20万
    assert "封顶 20 万元" in found.award.words.zh  # type: ignore[union-attr]


def test_one_condition_short_is_nearly_and_says_what_it_lacks() -> None:
    found = match(load_policy(GOOD), figures((100, 190, 230), date(2020, 1, 1)))
    assert (found.status, found.nearly) == (Status.NOT_MET, True)
    assert [o.condition.zh[:5] for o in found.lacking] == ["近 3 年"]


def test_only_data_missing_is_nearly_and_names_the_data() -> None:
    found = match(load_policy(GOOD), figures((160, 190, 230), None))
    assert (found.status, found.nearly) == (Status.UNKNOWN, True)
    assert found.missing_words().zh == "注册（投产）日期"


def test_a_file_with_errors_is_refused_with_every_problem_on_its_line() -> None:
    with pytest.raises(Invalid) as refused:
        load_policy(BAD, source="bad.toml")
    problems = {(e.row, e.column) for e in refused.value.errors}
    assert problems == {
        (1, "id"), (5, "kind"), (12, "amount"), (15, "kind"), (19, "prefixes"), (23, "share"),
        (24, "growth"),
    }  # fmt: skip
    assert "bad.toml 有 7 处错误" in refused.value.message


def test_the_library_holds_thirty_policies_of_both_kinds() -> None:
    policies = [f.policy for f in shipped()]
    assert len(policies) == 30
    assert len({p.id for p in policies}) == 30
    assert {p.kind.value for p in policies} == {"免申即享", "申报"}
